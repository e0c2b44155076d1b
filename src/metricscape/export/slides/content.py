"""What a card says on a slide at each level of detail, and how large it must be to say it.

Names are wrapped to at most three lines and never cut: a card grows wider until its name fits.
Only secondary text (an owner, a guarded metric's name) may end in an ellipsis.
"""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.model import Direction, LinkKind, Metric, MetricKind
from metricscape.model.numbers import change_is_good, format_change, format_value, target_gap

from ..options import Detail, ExportOptions
from ..palette import Palette
from ..values import MetricValues
from .geometry import LINE_HEIGHT, Line, Run, lines_height
from .structure import Structure
from .text import ellipsize, slide_text, text_width, wrap

NAME_PT, STAR_NAME_PT, VALUE_PT, DETAIL_PT = 12.0, 14.0, 11.0, 10.0
PAD_X, PAD_Y = 7.0, 6.0
NAME_LINES = 3
BASE_WIDTH = {Detail.NAMES: 128.0, Detail.VALUES: 140.0, Detail.FULL: 156.0}
STAR_EXTRA = 30.0
MAX_WIDTH = 320.0
WIDEST_SLIDE_NUMBER = "999"


@dataclass(frozen=True)
class CardContent:
    name: str
    lines: tuple[Line, ...]      # without the continuation line
    width: float
    hidden_below: int            # drawn metrics under this one, for "+N metrics · see slide k"
    height: float = 0.0
    height_continued: float = 0.0

    def __post_init__(self) -> None:
        height = lines_height(self.lines) + 2 * PAD_Y
        object.__setattr__(self, "height", height)
        object.__setattr__(self, "height_continued", height + DETAIL_PT * LINE_HEIGHT)


def continuation(count: int, slide: int | str, palette: Palette) -> Line:
    noun = "metric" if count == 1 else "metrics"
    return Line((Run(f"+{count} {noun} · see slide {slide}", DETAIL_PT, palette.muted, True),))


def card_content(metric: Metric, structure: Structure, names: dict[str, str], values: MetricValues,
                 options: ExportOptions, palette: Palette, hidden_by_collapse: int) -> CardContent:
    star = metric.kind is MetricKind.NORTH_STAR
    name_pt = STAR_NAME_PT if star else NAME_PT
    name = slide_text(metric.name) or metric.id
    width = BASE_WIDTH[options.detail] + (STAR_EXTRA if star else 0.0)
    details = _details(metric, structure, names, values, options, palette, hidden_by_collapse)
    needed = [text_width(line.text, line.size, any(r.bold for r in line.runs)) for line, _ in details if _]
    width = min(MAX_WIDTH, max([width] + [n + 2 * PAD_X for n in needed]))
    longest_word = max((text_width(word, name_pt, True) for word in name.split(" ")), default=0.0)
    width = max(width, min(MAX_WIDTH, longest_word + 2 * PAD_X + 1))  # split a word only when it must
    name_lines = wrap(name, width - 2 * PAD_X, name_pt, bold=True)
    while len(name_lines) > NAME_LINES:  # widen until the name fits in three lines (never cut it)
        width += 12.0
        name_lines = wrap(name, width - 2 * PAD_X, name_pt, bold=True)
    room = width - 2 * PAD_X
    lines = [Line((Run(text, name_pt, palette.text, True),)) for text in name_lines]
    for line, keep_whole in details:
        lines += [line] if keep_whole else _fit(line, room)
    count = continuation(structure.descendants.get(metric.id, 0), WIDEST_SLIDE_NUMBER, palette)
    if structure.kids(metric.id):
        width = max(width, min(MAX_WIDTH, text_width(count.text, DETAIL_PT, True) + 2 * PAD_X))
    return CardContent(name, tuple(lines), width, structure.descendants.get(metric.id, 0))


def _fit(line: Line, room: float, most: int = 2) -> list[Line]:
    """Secondary text (an owner, a guarded metric) on up to two lines; beyond that it ends in '…'."""
    if len(line.runs) != 1:
        return [line]
    run = line.runs[0]
    parts = wrap(run.text, room, run.size, run.bold)
    if len(parts) > most:
        parts = parts[:most - 1] + [ellipsize(" ".join(parts[most - 1:]), room, run.size, run.bold)]
    return [Line((Run(part, run.size, run.colour, run.bold),)) for part in parts]


def _details(metric: Metric, structure: Structure, names: dict[str, str], values: MetricValues,
             options: ExportOptions, palette: Palette, hidden_by_collapse: int) -> list[tuple[Line, bool]]:
    """Detail lines under the name; the flag says whether the card must be wide enough for the whole line."""
    out: list[tuple[Line, bool]] = []
    if options.detail is Detail.NAMES:
        return out
    value = values.baseline.get(metric.id)
    if options.show_values:
        runs = [Run(format_value(value, metric.unit), VALUE_PT, palette.text, True)]
        if values.scenario is not None and options.show_deltas:
            old, new = values.delta_pair(metric.id)
            if new is not None and (old is None or abs(new - old) > 1e-9 * max(1.0, abs(old))):
                good = change_is_good(old, new, metric.direction is Direction.HIGHER)
                tone = palette.muted if good is None else (palette.good if good else palette.bad)
                runs = [Run(format_value(new, metric.unit), VALUE_PT, palette.text, True),
                        Run("  " + format_change(old, new, metric.unit), DETAIL_PT, tone, True)]
                value = new
        out.append((Line(tuple(runs)), True))
    if options.detail is Detail.VALUES:
        return out
    if options.show_values:
        target, met = target_gap(value, metric.target, metric.unit, metric.direction is Direction.HIGHER)
        if target:
            out.append((Line((Run(target, DETAIL_PT, palette.good if met else palette.muted),)), True))
    if options.show_owners and metric.owner.strip():
        out.append((Line((Run(slide_text(metric.owner), DETAIL_PT, palette.muted),)), False))
    if options.show_risks and metric.gaming_risks:
        highest = max((r.severity for r in metric.gaming_risks), key=lambda s: s.rank)
        count = len(metric.gaming_risks)
        text = (f"{highest.value.capitalize()} gaming risk" if count == 1
                else f"{count} gaming risks, highest {highest.value}")
        out.append((Line((Run(text, DETAIL_PT, palette.risks[highest], True),)), True))
    for guarded in structure.guards_elsewhere.get(metric.id, []):
        out.append((Line((Run(f"Guards {names[guarded]}", DETAIL_PT, palette.links[LinkKind.GUARD], False),)), False))
    for other in structure.extra_parents.get(metric.id, []):
        out.append((Line((Run(f"Also drives {names[other]}", DETAIL_PT, palette.muted),)), False))
    if hidden_by_collapse:
        out.append((Line((Run(f"+{hidden_by_collapse} collapsed", DETAIL_PT, palette.muted, True),)), True))
    return out
