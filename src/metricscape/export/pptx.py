"""An editable PowerPoint deck: the tree as native shapes glued by connectors, plus optional slides.

Every fill, line and font is set explicitly so no theme colour leaks in. Connectors are glued to
the cards (``stCxn``/``endCxn``, what python-pptx's begin_connect/end_connect write; sites 0 top,
1 left, 2 bottom, 3 right): moving a card in PowerPoint keeps its arrows attached.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.util import Inches, Pt

from metricscape.model import LinkKind, MetricKind, MetricTree
from metricscape.model.numbers import format_value

from . import pptx_xml as xml
from .diagram import (
    DETAIL_SIZE,
    LEGEND_SWATCH,
    MARGIN,
    NAME_SIZE,
    Card,
    Diagram,
    build_diagram,
    legend_item_width,
    printable,
    risk_label,
)
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
GLYPH_WIDTH = 0.5            # average width of a character of a bold Arial name, in em
TABLE_ROWS_PER_SLIDE = 10
TABLE_MAX_ROWS = 100         # ten slides; the CSV export has every metric
_DASH = {LinkKind.FORMULA: None, LinkKind.INFLUENCE: "dash", LinkKind.GUARD: "sysDot"}
_TAIL = {LinkKind.FORMULA: "triangle", LinkKind.INFLUENCE: "triangle", LinkKind.GUARD: "oval"}


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def to_pptx(tree: MetricTree, path: str | Path | io.BytesIO, options: ExportOptions | None = None) -> list[str]:
    """Write the deck; returns plain-language warnings (e.g. when a large tree forced small text)."""
    options = (options or ExportOptions()).with_changes(show_title=False)
    values = compute_values(tree, options.scenario, with_tornado=options.include_tornado)
    diagram = build_diagram(tree, options, values)
    if _Placement(diagram).scale * NAME_SIZE * 0.75 < MIN_NAME_PT:
        compact = build_diagram(tree, options, values, compact=True)
        if _Placement(compact).scale > _Placement(diagram).scale:
            diagram = compact
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    warnings: list[str] = []
    _tree_slide(deck, tree, diagram, warnings)
    if options.include_tornado and values.tornado:
        _tornado_slide(deck, tree, diagram)
    # --- hook: "Why it moved" (issue 12); the slide lives in explain_slide.py ---
    if options.explain:
        from .explain_choice import explanation_for
        from .explain_slide import add_explain_slide

        add_explain_slide(deck, tree, explanation_for(tree, options.explain), diagram.palette)
    # --- end of hook ---
    if options.include_table and tree.metrics:
        _table_slides(deck, tree, values.baseline, diagram.palette, warnings)
    from .evidence_slide import (
        add_evidence_slides,  # hook: the evidence slides (issue 13) live there
    )

    add_evidence_slides(deck, tree, diagram.palette, warnings)
    deck.save(path)
    return warnings


def _blank(deck: Presentation, palette: Palette) -> Any:  # a python-pptx slide (the library is untyped)
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # the "Blank" layout: no placeholders
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = _rgb(palette.background)
    return slide


def _title(slide: Any, title: str, subtitle: str, palette: Palette) -> None:
    box = slide.shapes.add_textbox(Inches(0.4), Inches(0.25), SLIDE_W - Inches(0.8), Inches(0.8))
    box.name = "Title"
    frame = box.text_frame
    frame.word_wrap = True
    title = title if len(title) <= 80 else title[:79].rstrip() + "…"  # one line above the tree
    lines = [(title, 26, palette.text, True)] + ([(subtitle, 13, palette.muted, False)] if subtitle else [])
    for i, (words, size, colour, bold) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = printable(words)
        run.font.name, run.font.size, run.font.bold = FONT_FAMILY, Pt(size), bold
        run.font.color.rgb = _rgb(colour)


class _Placement:
    """Diagram units to slide EMU: scaled to fit the area under the title, centred."""

    def __init__(self, diagram: Diagram) -> None:
        self.scale = min(AREA_W / (diagram.width * EMU_PER_UNIT), AREA_H / (diagram.height * EMU_PER_UNIT), 1.25)
        self.left = AREA_LEFT + (AREA_W - diagram.width * EMU_PER_UNIT * self.scale) / 2

    def point(self, x: float, y: float) -> tuple[int, int]:
        return int(self.left + x * EMU_PER_UNIT * self.scale), int(AREA_TOP + y * EMU_PER_UNIT * self.scale)

    def size(self, v: float) -> int:
        return int(v * EMU_PER_UNIT * self.scale)


def _tree_slide(deck: Presentation, tree: MetricTree, diagram: Diagram, warnings: list[str]) -> None:
    palette = diagram.palette
    slide = _blank(deck, palette)
    _title(slide, diagram.title, diagram.subtitle, palette)
    place = _Placement(diagram)
    name_pt = max(NAME_SIZE * 0.75 * place.scale, MIN_NAME_PT)
    detail_pt = max(DETAIL_SIZE * 0.75 * place.scale, MIN_DETAIL_PT)
    overflowing = _overflowing(diagram, place, name_pt, detail_pt)
    if overflowing:
        warnings.append(f"The tree has {len(diagram.cards)} metrics, too many to fit one slide at a readable "
                        f"size: text is kept at {MIN_NAME_PT:g} pt and may not fit in {overflowing} of the boxes. "
                        "Collapse the branches the slide does not need (they are hidden in exports too), "
                        "or use the PDF or SVG export for the full tree.")
    next_id = max((s.shape_id for s in slide.shapes), default=1) + 1
    ids = {card.key: next_id + i for i, card in enumerate(diagram.cards)}
    next_id += len(diagram.cards)
    fragments = [_card_xml(ids[card.key], card, palette, place, name_pt, detail_pt) for card in diagram.cards]
    line_emu = int(Pt(max(0.75, 1.5 * place.scale)))
    for connector in diagram.connectors:
        glue = (ids[connector.source], connector.source_site, ids[connector.target], connector.target_site)
        # a stacked driver (compact layout) gets a straight line: elbows would cross the column of cards
        elbow = "straightConnector1" if len(connector.points) == 3 else "bentConnector3"
        fragments.append(xml.connector(
            next_id, f"Link {connector.source} to {connector.target}", place.point(*connector.points[0]),
            place.point(*connector.points[-1]), glue, palette.links[connector.kind], line_emu,
            _DASH[connector.kind], _TAIL[connector.kind], geometry=elbow))
        next_id += 1
    if diagram.legend:
        fragments += _legend_xml(diagram, place, detail_pt, next_id)
    xml.append_shapes(slide.shapes._spTree, fragments)
    _notes(slide, tree)


def _overflowing(diagram: Diagram, place: _Placement, name_pt: float, detail_pt: float) -> int:
    """How many cards' text would not fit inside them at these sizes (an estimate from glyph widths)."""
    count = 0
    for card in diagram.cards:
        width_pt = place.size(card.width - 8) / 12700  # text may use most of the inset
        height_pt = place.size(card.height - 4) / 12700
        per_line = max(1, int(width_pt / (GLYPH_WIDTH * name_pt)))
        name_lines = -(-len(" ".join(card.name_lines)) // per_line)
        details = sum(1 for part in (card.value or card.delta, card.owner, card.risk or card.hidden_drivers) if part)
        if (name_lines * name_pt + details * detail_pt) * 1.1 > height_pt:  # 1.1: Arial line height
            count += 1
    return count


def _card_xml(shape_id: int, card: Card, palette: Palette, place: _Placement, name_pt: float,
              detail_pt: float) -> str:
    colours = palette.kind(card.kind)
    lines = [[xml.Run(" ".join(card.name_lines), name_pt, palette.text, True)]]
    if card.value or card.delta:
        runs = [xml.Run(card.value, detail_pt, palette.text)]
        if card.delta:
            tone = palette.muted if card.delta_good is None else (palette.good if card.delta_good else palette.bad)
            runs.append(xml.Run("  " + card.delta, detail_pt, tone, True))
        lines.append(runs)
    if card.owner:
        lines.append([xml.Run(card.owner, detail_pt, palette.muted)])
    badges = [xml.Run(risk_label(card) + "  ", detail_pt, palette.risks[card.risk], True)] if card.risk else []
    if card.hidden_drivers:
        badges.append(xml.Run(f"+{card.hidden_drivers} hidden", detail_pt, palette.muted, True))
    if badges:
        lines.append(badges)
    x, y = place.point(card.x, card.y)
    star = card.kind is MetricKind.NORTH_STAR
    return xml.card(shape_id, f"{card.key} {card.metric_id}", x, y, place.size(card.width), place.size(card.height),
                    colours.fill, colours.border, int(Pt(2.25 if star else 1.25)), place.size(6),
                    [xml.paragraph(runs, FONT_FAMILY) for runs in lines])


def _legend_xml(diagram: Diagram, place: _Placement, detail_pt: float, next_id: int) -> list[str]:
    palette = diagram.palette
    fragments: list[str] = []
    x, y = MARGIN, diagram.legend_top + 8
    for entry in diagram.legend:
        left, top = place.point(x, y)
        if entry.kind is not None:
            colours = palette.kind(entry.kind)
            fragments.append(xml.card(next_id, f"Legend swatch {entry.label}", left, top, place.size(LEGEND_SWATCH),
                                      place.size(14), colours.fill, colours.border, int(Pt(1)), 0, []))
        elif entry.link is not None:
            mid = top + place.size(7)
            fragments.append(xml.connector(next_id, f"Legend swatch {entry.label}", (left, mid),
                                           (left + place.size(LEGEND_SWATCH), mid), None, palette.links[entry.link],
                                           int(Pt(1.25)), _DASH[entry.link], _TAIL[entry.link],
                                           geometry="straightConnector1"))
        label_x, label_y = place.point(x + LEGEND_SWATCH + 4, y - 3)
        fragments.append(xml.card(next_id + 1, f"Legend {entry.label}", label_x, label_y,
                                  place.size(legend_item_width(entry)), place.size(20), palette.background,
                                  palette.background, 0, 0,
                                  [xml.paragraph([xml.Run(entry.label, detail_pt, palette.muted)], FONT_FAMILY,
                                                 align="l")], corner=0))
        next_id += 2
        x += legend_item_width(entry)
    return fragments


def _notes(slide: Any, tree: MetricTree) -> None:
    names = {m.id: " ".join(m.name.split()) for m in tree.metrics}
    parts: list[str] = []
    for metric in tree.metrics:
        if not metric.rationale.strip() and not metric.gaming_risks:
            continue
        lines = [f"{names[metric.id]} ({metric.kind.label})"]
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
    palette = diagram.palette
    slide = _blank(deck, palette)
    base = values.north_star_base or 0.0
    swing = tree.simulation.tornado_swing_pct
    star_name = " ".join(star.name.split()) if star else "the north star"
    _title(slide, f"Which lever matters most for {star_name}",
           f"Change of the north star when each input moves to its low or high (±{swing:g} % without a range)",
           palette)
    names = {m.id: " ".join(m.name.split()) for m in tree.metrics}
    bars = sorted(values.tornado, key=lambda b: abs(b.high - b.low))[-15:]  # PowerPoint draws the last on top
    data = CategoryChartData()
    data.categories = [printable(names.get(b.metric_id, b.metric_id))[:60] for b in bars]
    data.add_series("Input low", [b.low - base for b in bars])
    data.add_series("Input high", [b.high - base for b in bars])
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, AREA_LEFT, AREA_TOP, AREA_W, AREA_H, data)
    frame.name = "Tornado chart"
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.plots[0].overlap = 100
    chart.plots[0].gap_width = 40
    for series, tone in zip(chart.series, (palette.bad, palette.good), strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = _rgb(tone)
    chart.font.name = FONT_FAMILY
    chart.font.size = Pt(11)
    chart.font.color.rgb = _rgb(palette.text)


_TABLE_FILLS = {"light": ("#e9edf1", "#ffffff", "#f6f8fa"), "dark": ("#313840", "#1d2126", "#242a31")}
_TABLE_COLUMNS = (("Metric", 2.3), ("Definition", 3.2), ("Owner", 1.4), ("Baseline", 1.1), ("Target", 1.1),
                  ("Rationale", 3.43))


def _table_slides(deck: Presentation, tree: MetricTree, baseline: dict[str, float | None], palette: Palette,
                  warnings: list[str]) -> None:
    metrics = list(tree.metrics)[:TABLE_MAX_ROWS]
    if len(tree.metrics) > TABLE_MAX_ROWS:
        warnings.append(f"The metric table lists the first {TABLE_MAX_ROWS} of {len(tree.metrics)} metrics; "
                        "the CSV export has all of them.")
    starts = range(0, len(metrics), TABLE_ROWS_PER_SLIDE)
    for page, start in enumerate(starts, start=1):
        chunk = metrics[start:start + TABLE_ROWS_PER_SLIDE]
        slide = _blank(deck, palette)
        _title(slide, "Metrics" + (f" ({page} of {len(starts)})" if len(starts) > 1 else ""), "", palette)
        rows = [[header for header, _ in _TABLE_COLUMNS]]
        rows += [[_cell(m.name), _cell(m.definition), _cell(m.owner), format_value(baseline.get(m.id), m.unit),
                  format_value(m.target, m.unit), _cell(m.rationale)] for m in chunk]
        header, odd, even = _TABLE_FILLS["dark" if palette.background != "#ffffff" else "light"]
        fills = [header] + [odd if r % 2 else even for r in range(1, len(rows))]
        row_height = int(Inches(0.45))
        frame = slide.shapes.add_table(len(rows), len(_TABLE_COLUMNS), AREA_LEFT, AREA_TOP - Inches(0.2), AREA_W,
                                       row_height * len(rows))
        frame.name = "Metric table"
        graphic_data = frame._element.graphic.graphicData
        graphic_data.remove(graphic_data.tbl)
        graphic_data.append(parse_xml(xml.table(rows, [int(Inches(w)) for _, w in _TABLE_COLUMNS], row_height,
                                                    fills, FONT_FAMILY, palette.text, 9, int(Inches(0.06)))))


def _cell(text: str, limit: int = 220) -> str:
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
