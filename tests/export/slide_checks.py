"""Checks of a written deck, read back with python-pptx, and of the slide geometry it came from.

Used by the deck-quality tests; each returns a list of problems (empty when the slide is fine).
"""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation
from pptx.oxml.ns import qn

from metricscape.export.slides import Box, Slide

EMU_PER_PT = 12700


def read_deck(source: io.BytesIO | Path) -> Presentation:
    if isinstance(source, io.BytesIO):
        source.seek(0)
    return Presentation(source)


def is_connector(shape) -> bool:
    return shape._element.tag == qn("p:cxnSp")


def cards(slide) -> dict[str, object]:
    """Metric id -> card shape on a slide."""
    return {s.name.split(" ", 1)[1]: s for s in slide.shapes if s.name.startswith("Card ")}


def overlaps(slide) -> list[str]:
    boxes = [(s.name, s.left, s.top, s.left + s.width, s.top + s.height) for s in slide.shapes
             if not is_connector(s)]
    found = []
    for i, (name, x0, y0, x1, y1) in enumerate(boxes):
        for other, a0, b0, a1, b1 in boxes[i + 1:]:
            if x0 < a1 - 100 and a0 < x1 - 100 and y0 < b1 - 100 and b0 < y1 - 100:  # 100 EMU: rounding
                found.append(f"{name} overlaps {other}")
    return found


def outside(slide, width: int, height: int) -> list[str]:
    """Shapes off the slide; connectors end on cards (and a turned elbow stores an unturned box)."""
    return [s.name for s in slide.shapes if not is_connector(s) and (s.left < 0 or s.top < 0 or s.left + s.width > width + 100 or s.top + s.height > height + 100)]


def small_runs(slide, floor: float = 10.0) -> list[str]:
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            frames = [shape.text_frame]
        elif shape.has_table:
            frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
        else:
            continue
        for frame in frames:
            for paragraph in frame.paragraphs:
                for run in paragraph.runs:
                    if run.text.strip() and (run.font.size is None or run.font.size.pt < floor):
                        found.append(f"{shape.name}: {run.text!r} at {run.font.size}")
    if any(s.has_chart for s in slide.shapes):
        chart = next(s for s in slide.shapes if s.has_chart).chart
        if chart.font.size is None or chart.font.size.pt < floor:
            found.append("chart text below the floor")
    return found


def unglued(slide) -> list[str]:
    """Connectors between cards (all but the legend's) must be glued to cards at both ends."""
    card_ids = {s.shape_id for s in slide.shapes if s.name.startswith("Card ")}
    found = []
    for shape in slide.shapes:
        if not is_connector(shape) or shape.name.startswith("Legend"):
            continue
        props = shape._element.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
        start, end = props.find(qn("a:stCxn")), props.find(qn("a:endCxn"))
        if start is None or end is None or int(start.get("id")) not in card_ids or int(end.get("id")) not in card_ids:
            found.append(shape.name)
    return found


def text_of(shape) -> str:
    return "".join(shape.text_frame.text.split())


def _crosses(a: tuple[float, float], b: tuple[float, float], box: Box) -> bool:
    """Whether the axis-parallel segment a-b enters the inside of ``box`` (touching its edge is fine)."""
    inner = Box(box.x + 0.5, box.y + 0.5, box.w - 1.0, box.h - 1.0)
    (x0, y0), (x1, y1) = a, b
    lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return lo_x < inner.right and hi_x > inner.x and lo_y < inner.bottom and hi_y > inner.y


def crossings(slide: Slide) -> list[str]:
    found = []
    for link in slide.connectors:
        segments = list(zip(link.points, link.points[1:], strict=False))
        for a, b in segments:
            if abs(a[0] - b[0]) > 0.6 and abs(a[1] - b[1]) > 0.6:
                found.append(f"{link.source}->{link.target} has a diagonal segment")
            for card in slide.cards:
                if _crosses(a, b, card.box):
                    found.append(f"{link.source}->{link.target} crosses {card.metric_id}")
        for label in slide.labels:
            if not label.name.startswith("Badge"):
                for a, b in segments:
                    if _crosses(a, b, label.box):
                        found.append(f"{link.source}->{link.target} crosses {label.name}")
    return found


def ends_on_sites(slide: Slide) -> list[str]:
    boxes = {c.metric_id: c.box for c in slide.cards}
    found = []
    for link in slide.connectors:
        start = boxes[link.source].site(link.start_site)
        end = boxes[link.target].site(link.end_site)
        if _far(start, link.points[0]) or _far(end, link.points[-1]):
            found.append(f"{link.source}->{link.target} does not start and end on its cards' sites")
    return found


def _far(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) > 0.6 or abs(a[1] - b[1]) > 0.6
