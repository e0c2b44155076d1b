"""An editable PowerPoint deck: the tree as native shapes glued by connectors, plus optional slides.

Every fill, line and font is set explicitly so no theme colour leaks in. Connectors are glued
with python-pptx's begin_connect/end_connect (exact for rectangles, close enough for rounded
ones): moving a card in PowerPoint keeps its arrows attached.
"""

from __future__ import annotations

import io
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.shapes.shapetree import SlideShapes
from pptx.util import Emu, Inches, Pt

from metricscape.model import LinkKind, MetricTree
from metricscape.model.numbers import format_value

from .diagram import (DETAIL_SIZE, LEGEND_SWATCH, NAME_SIZE, Card, Diagram, build_diagram,
                      legend_item_width, printable, risk_label)
from .options import ExportOptions
from .palette import Palette
from .values import compute_values

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
AREA_LEFT, AREA_TOP = Inches(0.4), Inches(1.15)
AREA_W, AREA_H = SLIDE_W - 2 * AREA_LEFT, SLIDE_H - AREA_TOP - Inches(0.3)
EMU_PER_UNIT = 9525          # one diagram unit is one pixel at 96 dpi
FONT_FAMILY = "Arial"        # on every PowerPoint machine; LibreOffice maps it to Liberation Sans
MIN_NAME_PT = 7.0            # below this a slide is no longer readable
MIN_DETAIL_PT = 6.0
TABLE_ROWS_PER_SLIDE = 10


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def to_pptx(tree: MetricTree, path: str | Path | io.BytesIO, options: ExportOptions | None = None) -> list[str]:
    """Write the deck; returns plain-language warnings (e.g. when a large tree forced small text)."""
    options = (options or ExportOptions()).with_changes(show_title=False)
    values = compute_values(tree, options.scenario, with_tornado=options.include_tornado)
    diagram = build_diagram(tree, options, values)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    warnings: list[str] = []
    _tree_slide(deck, tree, diagram, warnings)
    if options.include_tornado and values.tornado:
        _tornado_slide(deck, tree, diagram)
    if options.include_table and tree.metrics:
        _table_slides(deck, tree, values.baseline, diagram.palette)
    deck.save(path)
    return warnings


class _CountingShapes(SlideShapes):
    """python-pptx finds each new shape's id by scanning every id on the slide, which makes a
    1,000-card slide take a minute; ids only need to be unique, so count up from the largest."""

    _last_id: int | None = None

    @property
    def _next_shape_id(self) -> int:
        self._last_id = super()._next_shape_id if self._last_id is None else self._last_id + 1
        return self._last_id


def _blank(deck: Presentation):
    return deck.slides.add_slide(deck.slide_layouts[6])  # the "Blank" layout: no placeholders


def _shapes(slide) -> _CountingShapes:
    """Add shapes through this, not ``slide.shapes``, on slides with many shapes."""
    return _CountingShapes(slide._element.cSld.spTree, slide)


def _background(slide, palette: Palette) -> None:
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(palette.background)


def _text(frame, lines: list[list[tuple[str, float, str, bool]]], align=PP_ALIGN.CENTER) -> None:
    """Fill a text frame: one paragraph per line, each a list of (text, size pt, colour, bold) runs."""
    frame.word_wrap = True
    for i, runs in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        for text, size, colour, bold in runs:
            run = paragraph.add_run()
            run.text = printable(text)
            font = run.font
            font.name = FONT_FAMILY
            font.size = Pt(size)
            font.bold = bold
            font.color.rgb = _rgb(colour)


def _title(slide, title: str, subtitle: str, palette: Palette) -> None:
    box = slide.shapes.add_textbox(Inches(0.4), Inches(0.25), SLIDE_W - Inches(0.8), Inches(0.8))
    box.name = "Title"
    lines = [[(title, 26, palette.text, True)]]
    if subtitle:
        lines.append([(subtitle, 13, palette.muted, False)])
    _text(box.text_frame, lines, align=PP_ALIGN.LEFT)


def _tree_slide(deck: Presentation, tree: MetricTree, diagram: Diagram, warnings: list[str]) -> None:
    slide = _blank(deck)
    palette = diagram.palette
    _background(slide, palette)
    _title(slide, diagram.title, diagram.subtitle, palette)
    scale = min(AREA_W / (diagram.width * EMU_PER_UNIT), AREA_H / (diagram.height * EMU_PER_UNIT), 1.25)
    name_pt = max(NAME_SIZE * 0.75 * scale, MIN_NAME_PT)
    detail_pt = max(DETAIL_SIZE * 0.75 * scale, MIN_DETAIL_PT)
    if NAME_SIZE * 0.75 * scale < MIN_NAME_PT:
        warnings.append(f"The tree has {len(diagram.cards)} metrics, too many to fit one slide at a readable "
                        f"size: text is kept at {MIN_NAME_PT:g} pt and may overflow its boxes. "
                        "Consider exporting a branch, or use the PDF or SVG export for the full tree.")
    width = diagram.width * EMU_PER_UNIT * scale
    left = AREA_LEFT + (AREA_W - width) / 2

    def emu(x: float, y: float) -> tuple[int, int]:
        return int(left + x * EMU_PER_UNIT * scale), int(AREA_TOP + y * EMU_PER_UNIT * scale)

    def size(v: float) -> int:
        return int(v * EMU_PER_UNIT * scale)

    tree_shapes = _shapes(slide)
    shapes = {}
    for card in diagram.cards:
        shapes[card.key] = _card_shape(tree_shapes, card, palette, emu(card.x, card.y), size, name_pt, detail_pt)
    for connector in diagram.connectors:
        source, target = shapes[connector.source], shapes[connector.target]
        (x1, y1), (x2, y2) = emu(*connector.points[0]), emu(*connector.points[-1])
        line = tree_shapes.add_connector(MSO_CONNECTOR.ELBOW, x1, y1, x2, y2)
        line.begin_connect(source, connector.source_site)
        line.end_connect(target, connector.target_site)
        line.name = f"Link {connector.source} to {connector.target}"
        _style_line(line.line, palette.links[connector.kind], connector.kind, Pt(max(0.75, 1.5 * scale)))
    if diagram.legend:
        _legend(tree_shapes, diagram, emu, size, detail_pt)
    _notes(slide, tree, diagram)


def _card_shape(shapes: SlideShapes, card: Card, palette: Palette, at: tuple[int, int], size, name_pt: float,
                detail_pt: float):
    colours = palette.kind(card.kind)
    shape = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, at[0], at[1], size(card.width), size(card.height))
    shape.name = f"{card.key} {card.metric_id}"
    shape.adjustments[0] = 0.12
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(colours.fill)
    shape.line.color.rgb = _rgb(colours.border)
    shape.line.width = Pt(2.25 if card.kind.value == "north_star" else 1.25)
    shape.shadow.inherit = False
    frame = shape.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Emu(size(6)))
    lines = [[(" ".join(card.name_lines), name_pt, palette.text, True)]]
    if card.value or card.delta:
        runs = [(card.value, detail_pt, palette.text, False)]
        if card.delta:
            colour = palette.muted if card.delta_good is None else (palette.good if card.delta_good else palette.bad)
            runs.append(("  " + card.delta, detail_pt, colour, True))
        lines.append(runs)
    if card.owner:
        lines.append([(card.owner, detail_pt, palette.muted, False)])
    if card.risk is not None:
        lines.append([(risk_label(card), detail_pt, palette.risks[card.risk], True)])
    _text(frame, lines)
    return shape


def _style_line(line, colour: str, kind: LinkKind, width) -> None:
    line.color.rgb = _rgb(colour)
    line.width = width
    if kind is LinkKind.INFLUENCE:
        line.dash_style = MSO_LINE_DASH_STYLE.DASH
    elif kind is LinkKind.GUARD:
        line.dash_style = MSO_LINE_DASH_STYLE.ROUND_DOT
    ln = line._get_or_add_ln()
    tail = ln.find(qn("a:tailEnd"))
    if tail is None:
        tail = etree.SubElement(ln, qn("a:tailEnd"))
    tail.set("type", "oval" if kind is LinkKind.GUARD else "triangle")
    tail.set("w", "med")
    tail.set("len", "med")


def _legend(shapes: SlideShapes, diagram: Diagram, emu, size, detail_pt: float) -> None:
    palette = diagram.palette
    x, y = 32.0, diagram.legend_top + 8
    for entry in diagram.legend:
        left, top = emu(x, y)
        if entry.kind is not None:
            swatch = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, size(LEGEND_SWATCH), size(14))
            colours = palette.kind(entry.kind)
            swatch.fill.solid()
            swatch.fill.fore_color.rgb = _rgb(colours.fill)
            swatch.line.color.rgb = _rgb(colours.border)
            swatch.shadow.inherit = False
        else:
            mid = top + size(7)
            swatch = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, left, mid, left + size(LEGEND_SWATCH), mid)
            _style_line(swatch.line, palette.links[entry.link], entry.link, Pt(1.25))
        swatch.name = f"Legend swatch {entry.label}"
        label = shapes.add_textbox(left + size(LEGEND_SWATCH + 4), top - size(4),
                                         size(legend_item_width(entry)), size(22))
        label.name = f"Legend {entry.label}"
        label.text_frame.margin_top = label.text_frame.margin_bottom = 0
        _text(label.text_frame, [[(entry.label, detail_pt, palette.muted, False)]], align=PP_ALIGN.LEFT)
        x += legend_item_width(entry)


def _notes(slide, tree: MetricTree, diagram: Diagram) -> None:
    names = {m.id: m.name for m in tree.metrics}
    parts: list[str] = []
    for metric in tree.metrics:
        if not metric.rationale.strip() and not metric.gaming_risks:
            continue
        lines = [" ".join(metric.name.split()) + f" ({metric.kind.label})"]
        if metric.rationale.strip():
            lines.append("Why it matters: " + metric.rationale.strip())
        for risk in metric.gaming_risks:
            guard = names.get(risk.counter_metric or "", "")
            lines.append(f"Gaming risk ({risk.severity.value}): {risk.description}"
                         + (f" Guarded by {guard}." if guard else " No guardrail yet."))
        parts.append("\n".join(lines))
    text = "\n\n".join(parts) or "No rationale or gaming risks documented yet."
    slide.notes_slide.notes_text_frame.text = printable(text)


def _tornado_slide(deck: Presentation, tree: MetricTree, diagram: Diagram) -> None:
    values = diagram.values
    star = tree.north_star
    slide = _blank(deck)
    palette = diagram.palette
    _background(slide, palette)
    base = values.north_star_base or 0.0
    swing = tree.simulation.tornado_swing_pct
    _title(slide, f"Which lever matters most for {star.name if star else 'the north star'}",
           f"Change of the north star when each input moves ±{swing:g} %", palette)
    names = {m.id: " ".join(m.name.split()) for m in tree.metrics}
    bars = sorted(values.tornado, key=lambda b: abs(b.high - b.low))[-15:]  # the largest on top
    data = CategoryChartData()
    data.categories = [printable(names.get(b.metric_id, b.metric_id))[:60] for b in bars]
    data.add_series(f"Input −{swing:g} %", [b.low - base for b in bars])
    data.add_series(f"Input +{swing:g} %", [b.high - base for b in bars])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, AREA_LEFT, AREA_TOP, AREA_W, AREA_H, data)
    frame.name = "Tornado chart"
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.plots[0].overlap = 100
    chart.plots[0].gap_width = 40
    for series, colour in zip(chart.series, (palette.bad, palette.good)):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(colour)
    chart.font.name = FONT_FAMILY
    chart.font.size = Pt(11)
    chart.font.color.rgb = _rgb(palette.text)


_TABLE_COLUMNS = (("Metric", 2.3), ("Definition", 3.2), ("Owner", 1.4), ("Baseline", 1.1), ("Target", 1.1),
                  ("Rationale", 3.43))


def _table_slides(deck: Presentation, tree: MetricTree, baseline: dict[str, float | None], palette: Palette
                  ) -> None:
    metrics = list(tree.metrics)
    pages = range(0, len(metrics), TABLE_ROWS_PER_SLIDE)
    for page, start in enumerate(pages, start=1):
        chunk = metrics[start:start + TABLE_ROWS_PER_SLIDE]
        slide = _blank(deck)
        _background(slide, palette)
        suffix = f" ({page} of {len(pages)})" if len(pages) > 1 else ""
        _title(slide, "Metrics" + suffix, "", palette)
        shape = slide.shapes.add_table(len(chunk) + 1, len(_TABLE_COLUMNS), AREA_LEFT, AREA_TOP - Inches(0.2),
                                       AREA_W, Inches(0.4) * (len(chunk) + 1))
        shape.name = "Metric table"
        table = shape.table
        for c, (header, inches) in enumerate(_TABLE_COLUMNS):
            table.columns[c].width = Inches(inches)
            _cell(table.cell(0, c), header, palette.text, "#e9edf1", bold=True)
        for r, metric in enumerate(chunk, start=1):
            row = (metric.name, metric.definition, metric.owner, format_value(baseline.get(metric.id), metric.unit),
                   format_value(metric.target, metric.unit), metric.rationale)
            fill = "#ffffff" if r % 2 else "#f6f8fa"
            for c, text in enumerate(row):
                _cell(table.cell(r, c), text, palette.text if c != 0 else palette.text, fill, bold=c == 0)


def _cell(cell, text: str, colour: str, fill: str, bold: bool = False) -> None:
    flat = " ".join(printable(text).split())
    if len(flat) > 220:
        flat = flat[:219].rstrip() + "…"
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    cell.margin_top = cell.margin_bottom = Inches(0.04)
    frame = cell.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = flat
    run.font.name = FONT_FAMILY
    run.font.size = Pt(9)
    run.font.bold = bold
    run.font.color.rgb = _rgb(colour)
