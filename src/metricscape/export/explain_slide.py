"""The "Why it moved" slide: the north star's change as a waterfall of native PowerPoint shapes.

Native rectangles rather than a chart: a chart's value axis starts at zero, where a 3 % move of a
34M north star would be invisible, and a stacked-bar waterfall breaks when a bar crosses zero. The
shapes stay editable (recolour, retitle) and the speaker notes carry the same answer in words.
"""

from __future__ import annotations

from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from metricscape.model import Direction, MetricTree
from metricscape.model.numbers import format_value
from metricscape.sim.explain import Explanation, StepKind, WaterfallStep

from .diagram import printable
from .explain_words import headline, method_sentence, paragraph, signed_amount
from .palette import Palette

FONT = "Arial"
MAX_BARS = 10                     # drivers beyond this are pooled: labels must stay readable
LEFT, RIGHT = Inches(0.6), Inches(0.6)
CHART_TOP, CHART_BOTTOM = Inches(1.9), Inches(6.1)   # bars live here; labels above and below
LABEL_H = Inches(0.3)


def add_explain_slide(deck: Any, tree: MetricTree, explanation: Explanation, palette: Palette) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # "Blank": no placeholders
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = _rgb(palette.background)
    e = explanation
    _text(slide, "Title", LEFT, Inches(0.3), deck.slide_width - LEFT - RIGHT, Inches(0.6),
          f"Why {e.name} moved", 26, palette.text, bold=True)
    subtitle = " ".join(p for p in (headline(e), method_sentence(e)) if p)
    _text(slide, "Subtitle", LEFT, Inches(0.9), deck.slide_width - LEFT - RIGHT, Inches(0.7), subtitle, 13,
          palette.muted)
    steps = e.waterfall(max_drivers=MAX_BARS)
    if len(steps) > 2:
        higher_is_better = tree.metric(e.metric).direction is Direction.HIGHER
        _waterfall(slide, deck.slide_width, steps, e.unit, palette, higher_is_better)
    else:
        _text(slide, "Why not explained", LEFT, CHART_TOP, deck.slide_width - LEFT - RIGHT, Inches(2),
              " ".join(e.notes) or "Nothing in the tree drives this metric.", 16, palette.text)
    slide.notes_slide.notes_text_frame.text = printable(_notes(e))


def _notes(e: Explanation) -> str:
    parts = [paragraph(e)]
    parts += [paragraph(below) for below in e.drivers.values()]
    return "\n\n".join(parts)


def _waterfall(slide: Any, slide_width: int, steps: list[WaterfallStep], unit: str, palette: Palette,
               higher_is_better: bool) -> None:
    tops = [s.amount if s.kind in (StepKind.START, StepKind.END) else s.base + s.amount for s in steps]
    bases = [s.base for s in steps if s.kind not in (StepKind.START, StepKind.END)]
    low, high = min(tops + bases), max(tops + bases)
    span = high - low or abs(high) or 1.0
    # The axis starts near the lowest level reached, not at zero, so small moves stay visible;
    # the start and end bars rise from it and a caption says so.
    floor = low - 0.35 * span
    if low >= 0:
        floor = max(floor, 0.0)
    scale = (CHART_BOTTOM - CHART_TOP) / (high - floor if high > floor else 1.0)

    def y(value: float) -> int:
        return int(CHART_BOTTOM - (value - floor) * scale)

    slot = (slide_width - LEFT - RIGHT) / len(steps)
    width = int(slot * 0.62)
    for i, step in enumerate(steps):
        x = int(LEFT + i * slot + (slot - width) / 2)
        if step.kind in (StepKind.START, StepKind.END):
            bottom, top, colour, text = floor, step.amount, palette.muted, format_value(step.amount, unit)
        else:
            bottom, top = sorted((step.base, step.base + step.amount))
            if step.kind is StepKind.DRIVER:
                colour = palette.good if (step.amount > 0) == higher_is_better else palette.bad
            else:
                colour = palette.muted
            text = signed_amount(step.amount, unit)
        height = max(y(bottom) - y(top), int(Pt(1.5)))
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, x, y(top), width, height)
        bar.name = f"Waterfall bar {step.label}"
        bar.fill.solid()
        bar.fill.fore_color.rgb = _rgb(colour)
        if step.kind in (StepKind.REPORTED_VS_FORMULA, StepKind.UNEXPLAINED):
            bar.fill.fore_color.rgb = _rgb(palette.background)
            bar.line.color.rgb = _rgb(palette.muted)
            bar.line.dash_style = MSO_LINE_DASH_STYLE.DASH  # not a driver: an outline, not a block
        else:
            bar.line.fill.background()
        bar.shadow.inherit = False
        _text(slide, f"Waterfall value {step.label}", int(LEFT + i * slot), y(top) - LABEL_H, int(slot), LABEL_H,
              text, 11, palette.text, bold=True, align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.BOTTOM)
        _text(slide, f"Waterfall label {step.label}", int(LEFT + i * slot), CHART_BOTTOM + Inches(0.08), int(slot),
              Inches(0.8), step.label, 10, palette.text, align=PP_ALIGN.CENTER)
        if i + 1 < len(steps):  # a thin rule carries the level to the next bar
            level = y(step.amount if step.kind is StepKind.START else step.base + step.amount)
            rule = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, x + width, level, int(x + slot), level)
            rule.name = f"Waterfall level after {step.label}"
            rule.line.color.rgb = _rgb(palette.muted)
            rule.line.width = Pt(0.75)
    axis = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, LEFT, CHART_BOTTOM, slide_width - RIGHT, CHART_BOTTOM)
    axis.name = "Waterfall axis"
    axis.line.color.rgb = _rgb(palette.muted)
    if floor != 0:
        _text(slide, "Axis note", LEFT, CHART_BOTTOM + Inches(0.85), slide_width - LEFT - RIGHT, LABEL_H,
              f"The axis starts at {format_value(floor, unit)}, not at zero, so the moves stay visible.", 9,
              palette.muted)


def _text(slide: Any, name: str, left: int, top: int, width: int, height: int, text: str, size: float, colour: str,
          bold: bool = False, align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP) -> None:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height))
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.02)
    paragraph_ = frame.paragraphs[0]
    paragraph_.alignment = align
    run = paragraph_.add_run()
    run.text = printable(text)
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    run.font.color.rgb = _rgb(colour)


def _rgb(hex_colour: str) -> RGBColor:
    colour: RGBColor = RGBColor.from_string(hex_colour.lstrip("#").upper())
    return colour
