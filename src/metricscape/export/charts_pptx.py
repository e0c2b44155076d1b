"""The chart and table slides of the PowerPoint deck, as a PM would present them.

The tornado chart: metric names left of the plot (never over the bars), an axis in the north
star's unit with k/M and a title, and colours that mean better or worse for the north star
(a "lower is better" north star flips them). Tables: pages split evenly, never a one-row slide.
Every slide carries speaker notes that say what it shows in one sentence.
"""

from __future__ import annotations

import math
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.oxml import parse_xml
from pptx.util import Pt

from metricscape.model import Direction, MetricTree
from metricscape.model.numbers import format_change, format_value, is_rate

from . import pptx_xml as xml
from .palette import Palette
from .slides.geometry import Box, Label, Line, Run
from .slides.text import clean, slide_text, wrap
from .values import MetricValues

MARGIN, TITLE_TOP = 28.0, 20.0
CHART_PT, TABLE_PT = 11.0, 10.0
MAX_BARS = 12
ROWS_PER_TABLE = 6
TABLE_MAX_METRICS = 96       # sixteen slides; the CSV export has every metric
_COLUMNS = (("Metric", 0.2), ("Definition", 0.27), ("Owner", 0.12), ("Baseline", 0.1), ("Target", 0.1),
            ("Why it matters", 0.21))
CELL_CHARS = 150


def _title(slide: Any, title: str, subtitle: str, palette: Palette, width: float) -> float:
    """The title band; returns where the content starts, in points."""
    from .pptx import label_xml  # imported here: the deck module imports this one

    room = width - 2 * MARGIN
    lines = tuple(Line((Run(t, 24.0, palette.text, True),)) for t in wrap(slide_text(title), room, 24.0, True))
    band = Label("Title", Box(MARGIN, TITLE_TOP, room, len(lines) * 30.0), lines)
    shapes = [label_xml(2, band)]
    bottom = band.box.bottom
    if subtitle:
        sub = tuple(Line((Run(t, 12.0, palette.muted),)) for t in wrap(slide_text(subtitle), room, 12.0))
        sub_label = Label("Subtitle", Box(MARGIN, bottom + 2, room, len(sub) * 15.0), sub)
        shapes.append(label_xml(3, sub_label))
        bottom = sub_label.box.bottom
    xml.append_shapes(slide.shapes._spTree, shapes)
    return bottom + 10


def _number_format(unit: str, largest: float) -> tuple[str, str]:
    """An Excel number format for the axis and the unit words for its title."""
    if is_rate(unit):
        return '+0.0" pp";-0.0" pp";0', "percentage points"
    if largest >= 1e6:
        return '+#,##0.0,,"M";-#,##0.0,,"M";0', unit
    if largest >= 1e4:
        return '+#,##0,"k";-#,##0,"k";0', unit
    if largest >= 10:
        return "+#,##0;-#,##0;0", unit
    return "+#,##0.00;-#,##0.00;0", unit


def tornado_slide(prs: Any, tree: MetricTree, values: MetricValues, palette: Palette,
                  size: tuple[float, float]) -> None:
    from .pptx import blank_slide, emu

    star = tree.north_star
    if star is None:
        return
    width, height = size
    base = values.north_star_base or 0.0
    star_name = slide_text(star.name)
    names = {m.id: slide_text(m.name) for m in tree.metrics}
    bars = sorted(values.tornado, key=lambda b: abs(b.high - b.low))[-MAX_BARS:]  # biggest drawn last: on top
    if not bars:
        return
    scale = 100.0 if is_rate(star.unit) else 1.0   # rates move in percentage points
    lowers = [(min(b.low, b.high) - base) * scale for b in bars]
    raises = [(max(b.low, b.high) - base) * scale for b in bars]
    higher_better = star.direction is Direction.HIGHER
    slide = blank_slide(prs, palette.background)
    swing = tree.simulation.tornado_swing_pct
    top = _title(slide, f"Which lever moves {star_name} most",
                 f"Change in {star_name} when each input moves across its range (±{swing:g} % without a range)",
                 palette, width)
    data = CategoryChartData()
    data.categories = [names.get(b.metric_id, b.metric_id) for b in bars]
    worse, better = ("Lowers it (worse)", "Raises it (better)") if higher_better else \
        ("Lowers it (better)", "Raises it (worse)")
    data.add_series(worse, lowers)
    data.add_series(better, raises)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, emu(MARGIN), emu(top), emu(width - 2 * MARGIN),
                                   emu(height - top - 20), data)
    frame.name = "Tornado chart"
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    plot = chart.plots[0]
    plot.overlap = 100
    plot.gap_width = 50
    low_tone, high_tone = (palette.bad, palette.good) if higher_better else (palette.good, palette.bad)
    for series, tone in zip(chart.series, (low_tone, high_tone), strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = xml.rgb(tone)
        series.invert_if_negative = False
    # Category names sit at the left edge of the plot, not on the zero line across the bars.
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    chart.category_axis.format.line.color.rgb = xml.rgb(palette.muted)
    axis = chart.value_axis
    largest = max(max(abs(v) for v in lowers), max(abs(v) for v in raises))
    number_format, unit_words = _number_format(star.unit, largest)
    axis.tick_labels.number_format = number_format
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = xml.rgb("#d5dade" if palette.background == "#ffffff" else "#3a424a")
    axis.has_title = True
    axis.axis_title.text_frame.text = clean(f"Change in {star_name}" + (f" ({unit_words})" if unit_words else ""))
    title_font = axis.axis_title.text_frame.paragraphs[0].runs[0].font
    title_font.size, title_font.bold = Pt(CHART_PT), False
    title_font.color.rgb = xml.rgb(palette.muted)
    chart.font.name = "Arial"
    chart.font.size = Pt(CHART_PT)
    chart.font.color.rgb = xml.rgb(palette.text)
    top_bar = bars[-1]
    low_value = min(top_bar.low, top_bar.high)
    high_value = max(top_bar.low, top_bar.high)
    slide.notes_slide.notes_text_frame.text = clean(
        f"The biggest lever for {star_name} is {names.get(top_bar.metric_id, top_bar.metric_id)}: across its range "
        f"the north star moves from {format_value(low_value, star.unit)} to {format_value(high_value, star.unit)} "
        f"({format_change(base, low_value, star.unit)} to {format_change(base, high_value, star.unit)}). "
        f"Bars show the {len(bars)} inputs with the widest swing; {better.split(' (')[0].lower()} is drawn in "
        f"{'green' if higher_better else 'red'}.")


def table_slides(prs: Any, tree: MetricTree, values: MetricValues, palette: Palette,
                 size: tuple[float, float]) -> list[str]:
    """The metric table in evenly filled pages; returns a note when the table was cut short."""
    from .pptx import blank_slide, emu

    width, height = size
    metrics = list(tree.metrics)[:TABLE_MAX_METRICS]
    notes = [] if len(tree.metrics) <= TABLE_MAX_METRICS else [
        (f"The metric table lists the first {TABLE_MAX_METRICS} of {len(tree.metrics)} metrics; "
         "the CSV export has all of them.")]
    pages = max(1, math.ceil(len(metrics) / ROWS_PER_TABLE))
    # Pages as even as can be: 13 metrics give 5, 4 and 4 rows, never 6, 6 and a lonely 1.
    base, extra = divmod(len(metrics), pages)
    starts = [page * base + min(page, extra) for page in range(pages + 1)]
    header_fill, odd, even = (("#e9edf1", "#ffffff", "#f6f8fa") if palette.background == "#ffffff"
                              else ("#313840", "#1d2126", "#242a31"))
    room = width - 2 * MARGIN
    widths = [room * share for _, share in _COLUMNS]
    for page in range(pages):
        chunk = metrics[starts[page]:starts[page + 1]]
        slide = blank_slide(prs, palette.background)
        title = "Metrics" + (f" ({page + 1} of {pages})" if pages > 1 else "")
        top = _title(slide, title, "", palette, width)
        rows = [[header for header, _ in _COLUMNS]]
        rows += [[_cell(m.name), _cell(m.definition), _cell(m.owner), format_value(values.baseline.get(m.id), m.unit),
                  format_value(m.target, m.unit), _cell(m.rationale)] for m in chunk]
        fills = [header_fill] + [odd if r % 2 else even for r in range(1, len(rows))]
        header_height = 24.0
        # Rows as tall as six rows of wrapped text need; PowerPoint grows a row whose text needs more.
        row_height = min(60.0, (height - top - 20 - header_height) / (len(rows) - 1))
        heights = [emu(header_height)] + [emu(row_height)] * (len(rows) - 1)
        frame = slide.shapes.add_table(len(rows), len(_COLUMNS), emu(MARGIN), emu(top), emu(room),
                                       sum(heights))
        frame.name = "Metric table"
        graphic_data = frame._element.graphic.graphicData
        graphic_data.remove(graphic_data.tbl)
        graphic_data.append(parse_xml(xml.table(rows, [emu(w) for w in widths], heights, fills,
                                                    "Arial", palette.text, TABLE_PT, emu(4))))
        first, last = chunk[0], chunk[-1]
        slide.notes_slide.notes_text_frame.text = clean(
            f"The metric definitions, owners, baselines and targets, {slide_text(first.name)} to "
            f"{slide_text(last.name)} ({len(chunk)} of {len(tree.metrics)} metrics).")
    return notes


def _cell(text: str) -> str:
    flat = slide_text(text)
    return flat if len(flat) <= CELL_CHARS else flat[: CELL_CHARS - 1].rstrip() + "…"
