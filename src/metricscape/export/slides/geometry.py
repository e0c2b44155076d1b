"""What a slide holds, in points from the slide's top-left corner: every writer (PowerPoint,
PDF, PNG, SVG, the preview) draws exactly this, so they all agree."""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.model import LinkKind, MetricKind

# Connection sites, numbered as PowerPoint numbers a rectangle's: top, left, bottom, right.
TOP, LEFT, BOTTOM, RIGHT = 0, 1, 2, 3


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    def site(self, index: int) -> tuple[float, float]:
        return {TOP: (self.cx, self.y), LEFT: (self.x, self.cy), BOTTOM: (self.cx, self.bottom),
                RIGHT: (self.right, self.cy)}[index]

    def overlaps(self, other: Box, tolerance: float = 0.01) -> bool:
        return (self.x < other.right - tolerance and other.x < self.right - tolerance
                and self.y < other.bottom - tolerance and other.y < self.bottom - tolerance)

    def moved(self, dx: float, dy: float, scale: float = 1.0) -> Box:
        return Box(self.x * scale + dx, self.y * scale + dy, self.w * scale, self.h * scale)


@dataclass(frozen=True)
class Run:
    text: str
    size: float          # points
    colour: str          # '#rrggbb'
    bold: bool = False


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def size(self) -> float:
        return max(r.size for r in self.runs)


LINE_HEIGHT = 1.25       # a line's height as a multiple of its font size


def lines_height(lines: tuple[Line, ...]) -> float:
    return sum(line.size * LINE_HEIGHT for line in lines)


@dataclass(frozen=True)
class Card:
    metric_id: str
    name: str            # the full name, as the card shows it (wrapped, never cut)
    kind: MetricKind
    box: Box
    lines: tuple[Line, ...]
    fill: str
    border: str
    border_width: float
    continues_on: int | None = None   # the slide its hidden drivers are on


@dataclass(frozen=True)
class Label:
    """A text box: titles, breadcrumbs, link badges, legend text. ``fill`` None is transparent."""

    name: str
    box: Box
    lines: tuple[Line, ...]
    align: str = "l"     # l, ctr
    fill: str | None = None
    border: str | None = None


@dataclass(frozen=True)
class Connector:
    """A link as one connector glued to two cards; ``points`` run from the start site to the end site."""

    source: str          # metric id at the start (the driver, or the guardrail)
    target: str          # metric id at the end (the metric it drives or guards): the arrow's end
    kind: LinkKind
    start_site: int
    end_site: int
    points: tuple[tuple[float, float], ...]
    colour: str
    width: float         # points
    bend: float = 0.5    # where a three-segment elbow turns, as a fraction of its first run

    @property
    def vertical_first(self) -> bool:
        return len(self.points) > 1 and self.points[0][0] == self.points[1][0]


@dataclass(frozen=True)
class Swatch:
    box: Box
    kind: MetricKind | None = None
    link: LinkKind | None = None


@dataclass(frozen=True)
class Slide:
    number: int
    width: float
    height: float
    background: str
    title: Label
    subtitle: Label | None
    cards: tuple[Card, ...] = ()
    connectors: tuple[Connector, ...] = ()
    labels: tuple[Label, ...] = ()       # badges on links and legend texts
    swatches: tuple[Swatch, ...] = ()
    notes: str = ""
    alt_text: str = ""                   # every name on the slide, for screen readers and search

    def shape_boxes(self) -> list[tuple[str, Box]]:
        """Every box a writer draws except connectors: none of them may overlap another."""
        boxes = [("title", self.title.box)] + ([("subtitle", self.subtitle.box)] if self.subtitle else [])
        boxes += [(c.metric_id, c.box) for c in self.cards]
        boxes += [(label.name, label.box) for label in self.labels]
        boxes += [(f"swatch {i}", s.box) for i, s in enumerate(self.swatches)]
        return boxes
