"""The drawable geometry of a metric tree, computed once so every writer draws the same picture.

Units are diagram units (one CSS pixel, 0.75 pt); the origin is the top-left corner of the whole
picture, title included. Writers only translate this into their medium: QPainter (PNG/SVG/PDF),
python-pptx shapes, or nothing at all for the text formats.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from metricscape.model import LinkKind, Metric, MetricKind, MetricTree, Severity
from metricscape.model.layout import card_size
from metricscape.model.numbers import change_is_good, format_change, format_value

from .compact import compact_layout
from .options import ExportOptions
from .palette import LINK_LABELS, Palette, palette_for
from .positions import card_positions
from .values import MetricValues, compute_values
from .visible import visible_tree

PADDING = 10.0
NAME_SIZE = 13.0      # font sizes in diagram units
DETAIL_SIZE = 11.0
TITLE_SIZE = 22.0
SUBTITLE_SIZE = 13.0
LINE = 1.3            # line height as a multiple of the font size
NAME_LINES = 2
NAME_CHARS = 27       # characters per name line at NAME_SIZE in a card (average glyph ~0.56 em, bold)
MARGIN = 32.0
LEGEND_HEIGHT = 34.0
FONT_FAMILY = "DejaVu Sans"

# Connection sites, numbered as PowerPoint numbers a rectangle's: top, left, bottom, right.
TOP, LEFT, BOTTOM, RIGHT = 0, 1, 2, 3


@dataclass(frozen=True)
class Card:
    key: str                 # n1, n2 ... in file order: safe ids for Mermaid, DOT, SVG
    metric_id: str
    kind: MetricKind
    x: float                 # top-left corner
    y: float
    width: float
    height: float
    name_lines: tuple[str, ...]
    name: str                # the full name, for tooltips and alt text
    value: str               # '' when values are hidden or unknown
    delta: str               # '' without a scenario or change
    delta_good: bool | None
    owner: str
    risk: Severity | None    # the highest gaming-risk severity, when risks are shown
    risk_count: int
    hidden_drivers: int = 0  # drivers a collapsed metric hides

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)

    def site(self, index: int) -> tuple[float, float]:
        cx, cy = self.centre
        return {TOP: (cx, self.y), LEFT: (self.x, cy), BOTTOM: (cx, self.y + self.height),
                RIGHT: (self.x + self.width, cy)}[index]


@dataclass(frozen=True)
class Connector:
    source: str              # card key of the link's source (the driver / the guardrail)
    target: str              # card key of the parent / the watched metric
    kind: LinkKind
    source_site: int
    target_site: int
    points: tuple[tuple[float, float], ...]  # an orthogonal polyline from source to target


@dataclass(frozen=True)
class LegendEntry:
    label: str
    kind: MetricKind | None = None
    link: LinkKind | None = None


@dataclass(frozen=True)
class Diagram:
    title: str
    subtitle: str
    cards: tuple[Card, ...]
    connectors: tuple[Connector, ...]
    legend: tuple[LegendEntry, ...]
    width: float
    height: float
    palette: Palette
    options: ExportOptions
    values: MetricValues

    def card(self, key: str) -> Card:
        return self._by_key[key]

    @property
    def _by_key(self) -> dict[str, Card]:
        cache = self.__dict__.get("_cards_by_key")
        if cache is None:
            cache = {c.key: c for c in self.cards}
            object.__setattr__(self, "_cards_by_key", cache)
        return cache

    @property
    def legend_top(self) -> float:
        return self.height - MARGIN / 2 - LEGEND_HEIGHT




_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def printable(text: str) -> str:
    """Text without the control characters that XML (SVG, PPTX) cannot hold."""
    return _CONTROL.sub(" ", text)


def wrap_name(name: str, chars: int = NAME_CHARS, lines: int = NAME_LINES) -> tuple[str, ...]:
    """At most ``lines`` lines; a longer name ends with an ellipsis (the full name stays in the tooltip)."""
    flat = " ".join(printable(name).split())
    wrapped = textwrap.wrap(flat, chars, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: chars - 1].rstrip() + "…"
    return tuple(wrapped)


def ellipsize(text: str, chars: int) -> str:
    flat = " ".join(printable(text).split())
    return flat if len(flat) <= chars else flat[: chars - 1].rstrip() + "…"


def build_diagram(tree: MetricTree, options: ExportOptions | None = None, values: MetricValues | None = None,
                  *, compact: bool = False) -> Diagram:
    """The picture of ``tree``; ``compact`` stacks leaf drivers in columns (for slides)."""
    options = options or ExportOptions()
    values = values or compute_values(tree, options.scenario)  # from the whole tree: hidden drivers count
    tree, hidden_counts = (tree, {}) if options.include_collapsed else visible_tree(tree)
    palette = palette_for(options.theme)
    kinds = {m.id: m.kind for m in tree.metrics}

    def size_of(metric_id: str) -> tuple[float, float]:
        return card_size(kinds[metric_id])

    stacked: set[str] = set()
    if compact:
        corners, stacked = compact_layout(tree, size_of)
    else:
        corners = card_positions(tree, size_of, keep_arrangement=options.keep_arrangement)
    top = MARGIN + (_title_height(options) if options.show_title else 0)
    dx = MARGIN - min((x for x, _ in corners.values()), default=0.0)
    dy = top - min((y for _, y in corners.values()), default=0.0)

    cards: list[Card] = []
    for n, metric in enumerate(tree.metrics, start=1):
        x, y = corners[metric.id]
        cards.append(_card(f"n{n}", metric, x + dx, y + dy, options, values, hidden_counts.get(metric.id, 0)))
    keys = {c.metric_id: c.key for c in cards}
    by_key = {c.key: c for c in cards}
    connectors = tuple(_connector(by_key[keys[link.source]], by_key[keys[link.target]], link.kind,
                                  stacked=link.source in stacked and link.kind.computes)
                       for link in tree.links)

    width = max([c.x + c.width for c in cards], default=MARGIN + 220.0) + MARGIN
    bottom = max([c.y + c.height for c in cards], default=top) + MARGIN
    legend = _legend(tree) if options.show_legend else ()
    if legend:
        bottom += LEGEND_HEIGHT
        width = max(width, MARGIN * 2 + _legend_width(legend))
    title = printable(options.title or tree.info.name)
    if options.show_title:
        width = max(width, MARGIN * 2 + len(title) * TITLE_SIZE * 0.6)
    return Diagram(title=title, subtitle=_subtitle(values), cards=tuple(cards), connectors=connectors,
                   legend=legend, width=round(width, 1), height=round(bottom, 1), palette=palette,
                   options=options, values=values)


def _title_height(options: ExportOptions) -> float:
    return TITLE_SIZE * LINE + SUBTITLE_SIZE * LINE + 16


def _subtitle(values: MetricValues) -> str:
    if values.scenario is not None:
        return f"What-if: {values.scenario.name} (changes against the baseline)"
    return "Metric tree"


def _card(key: str, metric: Metric, x: float, y: float, options: ExportOptions, values: MetricValues, hidden: int
          ) -> Card:
    width, height = card_size(metric.kind)
    value = delta = ""
    good: bool | None = None
    if options.show_values:
        base = values.baseline.get(metric.id)
        shown = base
        if values.scenario is not None and options.show_deltas:
            old, new = values.delta_pair(metric.id)
            if new is not None:
                shown = new
                if old is None or abs(new - old) > 1e-9 * max(1.0, abs(old)):  # unchanged: no chip noise
                    delta = format_change(old, new, metric.unit)
                    good = change_is_good(old, new, metric.direction.value == "higher")
        value = ellipsize(format_value(shown, metric.unit), 22) if shown is not None else ""
    owner = ellipsize(metric.owner, 34) if options.show_owners else ""
    risk = max((r.severity for r in metric.gaming_risks), key=lambda s: s.rank, default=None)
    if not options.show_risks:
        risk = None
    return Card(key=key, metric_id=metric.id, kind=metric.kind, x=round(x, 1), y=round(y, 1), width=width,
                height=height, name_lines=wrap_name(metric.name), name=printable(metric.name), value=value, delta=delta,
                delta_good=good, owner=owner, risk=risk,
                risk_count=len(metric.gaming_risks) if options.show_risks else 0, hidden_drivers=hidden)


def _connector(source: Card, target: Card, kind: LinkKind, *, stacked: bool = False) -> Connector:
    """Drivers usually sit below their parent: leave the source's top, enter the target's bottom.

    Cards side by side (a guardrail next to what it watches) connect through their facing sides.
    """
    (sx, sy), (tx, ty) = source.centre, target.centre
    if stacked and source.y > target.y + target.height and source.x > tx:
        # stacked under its parent (compact layout): from the card's left side up to the parent's bottom
        (ax, ay), (bx, by) = source.site(LEFT), target.site(BOTTOM)
        points: tuple[tuple[float, float], ...] = ((ax, ay), (bx, ay), (bx, by))
        return Connector(source.key, target.key, kind, LEFT, BOTTOM,
                         tuple((round(px, 1), round(py, 1)) for px, py in points))
    if abs(sy - ty) < (source.height + target.height) / 2 + 8:
        s_site, t_site = (LEFT, RIGHT) if sx > tx else (RIGHT, LEFT)
        (ax, ay), (bx, by) = source.site(s_site), target.site(t_site)
        mid = (ax + bx) / 2
        points = ((ax, ay), (mid, ay), (mid, by), (bx, by))
    else:
        s_site, t_site = (TOP, BOTTOM) if sy > ty else (BOTTOM, TOP)
        (ax, ay), (bx, by) = source.site(s_site), target.site(t_site)
        mid = (ay + by) / 2
        points = ((ax, ay), (ax, mid), (bx, mid), (bx, by))
    return Connector(source.key, target.key, kind, s_site, t_site,
                     tuple((round(px, 1), round(py, 1)) for px, py in points))


def _legend(tree: MetricTree) -> tuple[LegendEntry, ...]:
    kinds = {m.kind for m in tree.metrics}
    links = {link.kind for link in tree.links}
    entries = [LegendEntry(k.label, kind=k) for k in MetricKind if k in kinds]
    entries += [LegendEntry(LINK_LABELS[k], link=k) for k in LinkKind if k in links]
    return tuple(entries)


LEGEND_SWATCH = 26.0
LEGEND_GAP = 18.0


def legend_item_width(entry: LegendEntry) -> float:
    return LEGEND_SWATCH + 6 + len(entry.label) * DETAIL_SIZE * 0.6 + LEGEND_GAP


def _legend_width(entries: tuple[LegendEntry, ...]) -> float:
    return sum(legend_item_width(e) for e in entries)


def risk_label(card: Card) -> str:
    if card.risk is None:
        return ""
    return f"{card.risk.value} risk" if card.risk_count == 1 else f"{card.risk_count} risks"
