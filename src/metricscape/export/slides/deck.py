"""The slide layout engine: a metric tree as slides that a PM can present without touching them.

Text never shrinks below 12 pt for names and 10 pt for details. When the tree does not fit one
slide at that size it is split: an overview (the north star and its first levels, each branch
saying "+N metrics · see slide k"), then one slide per branch, recursively, each repeating the
branch's root on top with a breadcrumb. PowerPoint, PDF, PNG and SVG all draw these slides.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from metricscape.model import LinkKind, MetricKind, MetricTree
from metricscape.model.numbers import format_value

from ..options import ExportOptions
from ..palette import LINK_LABELS, Palette, palette_for
from ..values import MetricValues, compute_values
from ..visible import visible_tree
from .content import CardContent, card_content, continuation
from .geometry import Box, Card, Connector, Label, Line, Run, Slide, Swatch, lines_height
from .place import BADGE_PT, Placement, Plan, place
from .structure import VIRTUAL_ROOT, Structure, build_structure
from .text import ellipsize, slide_text, text_width, wrap

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 28.0, 20.0, 16.0
TITLE_PT, SMALL_TITLE_PT, SUBTITLE_PT, LEGEND_PT = 24.0, 20.0, 12.0, 10.0
BAND_GAP = 10.0
MAX_SCALE_UP = 1.25
OVERVIEW_LEVELS, BRANCH_LEVELS = 3, 4          # when the whole tree does not fit one slide
MAX_ROWS = 10
LINE_PT = 1.25                                  # connector width


@dataclass
class Deck:
    slides: list[Slide]
    palette: Palette
    values: MetricValues
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Frame:
    """The title band, the legend band and the area between them, for one slide."""

    title: Label
    subtitle: Label | None
    legend_labels: tuple[Label, ...]
    swatches: tuple[Swatch, ...]
    area: Box


def page_size(options: ExportOptions) -> tuple[float, float]:
    sizes = {"16:9": (960.0, 540.0), "4:3": (720.0, 540.0)}
    return sizes[options.slide_shape.value]


def build_deck(tree: MetricTree, options: ExportOptions | None = None, values: MetricValues | None = None,
               size: tuple[float, float] | None = None, *, fit: bool = False) -> Deck:
    """The tree slides of ``tree`` on pages of ``size`` points (the slide shape by default);
    ``fit``: one page as large as the whole tree instead ("fit content" images)."""
    options = options or ExportOptions()
    values = values or compute_values(tree, options.scenario)
    shown, hidden_counts = (tree, {}) if options.include_collapsed else visible_tree(tree)
    palette = palette_for(options.theme)
    width, height = size or page_size(options)
    structure = build_structure(shown)
    names = {m.id: slide_text(m.name) or m.id for m in shown.metrics}
    content = {m.id: card_content(m, structure, names, values, options, palette, hidden_counts.get(m.id, 0))
               for m in shown.metrics}
    builder = _Builder(shown, options, values, palette, structure, content, names, width, height)
    slides = builder.build_fitted() if fit else builder.build()
    return Deck(slides, palette, values, builder.warnings)


class _Builder:
    def __init__(self, tree: MetricTree, options: ExportOptions, values: MetricValues, palette: Palette,
                 structure: Structure, content: dict[str, CardContent], names: dict[str, str], width: float,
                 height: float) -> None:
        self.tree, self.options, self.values, self.palette = tree, options, values, palette
        self.structure, self.content, self.names = structure, content, names
        self.width, self.height = width, height
        self.kinds = {m.id: m.kind for m in tree.metrics}
        self.all_kinds = set(self.kinds.values())
        self.by_id = tree.metrics_by_id()
        self._placed: dict[Plan, Placement] = {}
        self.warnings: list[str] = []

    # --- pass 1: which cards go on which slide ---------------------------------------------------

    def build(self) -> list[Slide]:
        pages: list[tuple[Plan, Placement, tuple[int, int] | None]] = []
        first_page: dict[str, int] = {}
        queue: deque[str] = deque([VIRTUAL_ROOT])
        while queue:
            root = queue.popleft()
            first_page[root] = len(pages)
            parts = self._fit(root)
            for i, (plan, placed) in enumerate(parts):
                pages.append((plan, placed, (i + 1, len(parts)) if len(parts) > 1 else None))
                queue.extend(sorted(placed.continued, key=lambda n: (placed.boxes[n].y, placed.boxes[n].x)))
        total = len(pages)
        return [self._slide(n, plan, placed, part, first_page, total)
                for n, (plan, placed, part) in enumerate(pages, start=1)]

    def build_fitted(self) -> list[Slide]:
        """One page around the whole tree, in the arrangement closest to a 16:9 shape."""
        plans = [Plan(VIRTUAL_ROOT, tuple(self.structure.kids(VIRTUAL_ROOT)), self.structure.height[VIRTUAL_ROOT], hang)
                 for hang in (0, 1, 2)]
        placements = [(plan, place(plan, self.structure, self.content)) for plan in plans]
        plan, placed = min(placements, key=lambda pp: abs(pp[1].width / max(pp[1].height, 1.0) - 16 / 9))
        self.width = max(placed.width + 2 * MARGIN_X, 640.0)
        self.height = 10_000.0
        frame = self._frame(VIRTUAL_ROOT, None, 1, placed)
        legend_height = self.height - MARGIN_BOTTOM - (frame.area.bottom + BAND_GAP)
        self.height = frame.area.y + placed.height + BAND_GAP + legend_height + MARGIN_BOTTOM
        return [self._slide(1, plan, placed, None, {}, 1, scale_up=False)]

    def _fit(self, root: str) -> list[tuple[Plan, Placement]]:
        """The slides for ``root``'s branch. The overview keeps every top-level driver on one slide
        when it can; a branch slide shows as many cards as fit, its drivers in parts if need be."""
        kids = tuple(self.structure.kids(root))
        area = self._frame_area(root)
        room = (area.w, area.h)
        whole: tuple[Plan, Placement] | None = None
        for plan in self._plans(root, kids):
            placed = self._place(plan, room)
            if placed.width <= area.w and placed.height <= area.h:
                whole = (plan, placed)
                break
        if whole is not None and (root == VIRTUAL_ROOT or self.options.levels is not None):
            return [whole]
        densest = self._densest(root, kids, room) if kids else None
        # Every driver on one slide reads best; parts only when they hold clearly more (a 1,000-metric
        # tree then needs half the slides).
        if whole is not None and (densest is None or len(whole[1].boxes) * 1.5 >= len(densest[1].boxes)):
            return [whole]
        parts: list[tuple[Plan, Placement]] = []
        start = 0
        while start < len(kids):
            best = self._densest(root, kids[start:], room)
            if best is None:  # one driver with its guardrails is wider than a slide: draw it anyway
                plan = Plan(root, kids[start:start + 1], self._min_levels(root), 1)
                best = (plan, place(plan, self.structure, self.content))
                self.warnings.append(f"'{self.names.get(kids[start], kids[start])}' and its guardrails are "
                                     "too wide for one slide at a readable size; some cards may run off it.")
            parts.append(best)
            start += len(best[0].kids)
        return parts

    def _densest(self, root: str, kids: tuple[str, ...], room: tuple[float, float]
                 ) -> tuple[Plan, Placement] | None:
        """Of the plans that fit, the one with the most cards (ties: more of the drivers, shallower)."""
        best: tuple[Plan, Placement] | None = None
        every_driver_at: int | None = None
        for plan in self._plans(root, kids):
            if every_driver_at is not None and plan.levels < every_driver_at:
                break  # a shallower plan holding every driver cannot hold more cards
            count = self._largest_prefix(plan, room)
            if count == 0:
                continue
            chosen = Plan(plan.root, kids[:count], plan.levels, plan.hang)
            placed = self._place(chosen)
            if best is None or (len(placed.boxes), count) > (len(best[1].boxes), len(best[0].kids)):
                best = (chosen, placed)
            if count == len(kids):
                every_driver_at = plan.levels
        return best

    def _largest_prefix(self, plan: Plan, room: tuple[float, float]) -> int:
        """How many of the plan's drivers fit on one slide (binary search: more drivers never fit better)."""
        def fits(count: int) -> bool:
            placed = self._place(Plan(plan.root, plan.kids[:count], plan.levels, plan.hang), room)
            return placed.width <= room[0] and placed.height <= room[1]

        low, high = 0, len(plan.kids)
        if fits(high):
            return high
        while low < high - 1:
            middle = (low + high) // 2
            if fits(middle):
                low = middle
            else:
                high = middle
        return low

    def _place(self, plan: Plan, room: tuple[float, float] | None = None) -> Placement:
        """``place`` with memory: the search for the densest slide asks for the same plan often."""
        done = self._placed.get(plan)
        if done is not None and (done.complete or room is not None):
            return done
        placed = place(plan, self.structure, self.content, room)
        self._placed[plan] = placed
        return placed

    def _min_levels(self, root: str) -> int:
        return 1 if root == VIRTUAL_ROOT else 2

    def _plans(self, root: str, kids: tuple[str, ...]) -> list[Plan]:
        """Deepest first; for each depth the plain rows, then leaf drivers hanging in one or two columns."""
        everything = self.structure.height.get(root, 0) + (0 if root == VIRTUAL_ROOT else 1)
        if self.options.levels is not None:
            deepest = self.options.levels
        else:
            deepest = OVERVIEW_LEVELS if root == VIRTUAL_ROOT else BRANCH_LEVELS
        # The whole branch when it might fit: more rows than MAX_ROWS never fit a page at a readable size.
        whole = self.options.levels is None and len(kids) == len(self.structure.kids(root)) and everything <= MAX_ROWS
        depths = [everything] if whole else []
        depths += list(range(min(deepest, everything), self._min_levels(root) - 1, -1))
        seen: list[Plan] = []
        for levels in depths:
            for hang in (0, 1, 2):
                plan = Plan(root, kids, levels, hang)
                if plan not in seen:
                    seen.append(plan)
        return seen

    # --- pass 2: the slides ---------------------------------------------------------------------

    def _slide(self, number: int, plan: Plan, placed: Placement, part: tuple[int, int] | None,
               first_page: dict[str, int], total: int, *, scale_up: bool = True) -> Slide:
        frame = self._frame(plan.root, part, total, placed)
        area = frame.area
        most = MAX_SCALE_UP if scale_up else 1.0
        scale = min(most, area.w / max(placed.width, 1.0), area.h / max(placed.height, 1.0))
        scale = max(scale, 1.0) if placed.width <= area.w and placed.height <= area.h else 1.0
        dx = area.x + (area.w - placed.width * scale) / 2
        dy = area.y + (area.h - placed.height * scale) / 2
        palette = self.palette
        cards: list[Card] = []
        for metric_id, box in placed.boxes.items():
            content = self.content[metric_id]
            lines = content.lines
            target = None
            if metric_id in placed.continued:
                target = first_page[metric_id] + 1
                lines = lines + (continuation(content.hidden_below, target, palette),)
            kind = self.kinds[metric_id]
            colours = palette.kind(kind)
            star = kind is MetricKind.NORTH_STAR
            cards.append(Card(metric_id, content.name, kind, box.moved(dx, dy, scale), _scaled(lines, scale),
                              colours.fill, colours.border, (2.25 if star else 1.25) * min(scale, 1.2), target))
        connectors = [Connector(r.source, r.target, r.kind, r.start_site, r.end_site,
                                tuple((x * scale + dx, y * scale + dy) for x, y in r.points),
                                palette.links[r.kind], LINE_PT * min(scale, 1.2), r.bend) for r in placed.routes]
        badges = [Label(f"Badge {b.source} to {b.target}", b.box.moved(dx, dy, scale),
                        (Line((Run(b.text, BADGE_PT * scale, palette.text, True),)),), "ctr",
                        palette.background, palette.links[self.structure.link_kind.get((b.source, b.target),
                                                                                        LinkKind.INFLUENCE)])
                  for b in placed.badges]
        return Slide(number, self.width, self.height, palette.background, frame.title, frame.subtitle,
                     tuple(cards), tuple(connectors), tuple(badges) + frame.legend_labels, frame.swatches,
                     notes=self._notes(plan, placed, part, first_page),
                     alt_text=" · ".join(c.name for c in cards))

    def _title_text(self, root: str, part: tuple[int, int] | None) -> str:
        if root == VIRTUAL_ROOT:
            title = slide_text(self.options.title or self.tree.info.name) or "Metric tree"
        else:
            title = f"What drives {self.names[root]}"
        return title + (f" (part {part[0]} of {part[1]})" if part else "")

    def _subtitle_text(self, root: str, total: int) -> str:
        if root == VIRTUAL_ROOT:
            return self._scenario_label() + (f" · overview; the branches follow on slides 2 to {total}" if total > 1 else "")
        above, skipped = self.structure.breadcrumb(root)
        chain = [self.names[a] for a in above] + [self.names[root]]
        if skipped:
            chain = chain[:1] + ["…"] + chain[1:]
        return " › ".join(["Overview"] + chain)

    def _scenario_label(self) -> str:
        scenario = self.values.scenario
        if scenario is None:
            return "Metric tree"
        return f"What-if: {slide_text(scenario.name)} (changes against the baseline)"

    def _star_sentence(self, star_id: str) -> str:
        star = self.tree.metric(star_id)
        name = self.names[star_id]
        value = self.values.baseline.get(star_id)
        sentence = f"The north star is {name}"
        if value is not None:
            sentence += f", now {format_value(value, star.unit)}"
        if star.target is not None:
            sentence += f", with a target of {format_value(star.target, star.unit)}"
        return sentence + f"; the tree has {len(self.tree.metrics)} metrics."

    def _frame_area(self, root: str) -> Box:
        return self._frame(root, None, 99, None).area

    def _frame(self, root: str, part: tuple[int, int] | None, total: int, placed: Placement | None) -> _Frame:
        palette = self.palette
        room = self.width - 2 * MARGIN_X
        # Without a placement (while fitting) assume the longest title and the fullest legend.
        text = self._title_text(root, part if placed is not None else (99, 99))
        size = TITLE_PT
        lines = wrap(text, room, size, bold=True)
        if len(lines) > 2:
            size = SMALL_TITLE_PT
            lines = wrap(text, room, size, bold=True)
        title_lines = tuple(Line((Run(t, size, palette.text, True),)) for t in lines)
        title = Label("Title", Box(MARGIN_X, MARGIN_TOP, room, lines_height(title_lines)), title_lines)
        y = title.box.bottom + 2
        sub_text = ellipsize(self._subtitle_text(root, total), room, SUBTITLE_PT)
        subtitle = None
        if sub_text:
            sub_lines = (Line((Run(sub_text, SUBTITLE_PT, palette.muted),)),)
            subtitle = Label("Subtitle", Box(MARGIN_X, y, room, lines_height(sub_lines)), sub_lines)
            y = subtitle.box.bottom
        top = y + BAND_GAP
        labels, swatches, legend_top = self._legend(placed)
        return _Frame(title, subtitle, labels, swatches, Box(MARGIN_X, top, room, legend_top - BAND_GAP - top))

    def _legend(self, placed: Placement | None) -> tuple[tuple[Label, ...], tuple[Swatch, ...], float]:
        """Legend items in rows along the bottom: the kinds and links on the slide, then the badges."""
        if not self.options.show_legend:
            return (), (), self.height - MARGIN_BOTTOM
        palette = self.palette
        present = self.all_kinds if placed is None else {self.kinds[m] for m in placed.boxes}
        kinds = [k for k in MetricKind if k in present]
        links = [k for k in LinkKind if placed is None or any(r.kind is k for r in placed.routes)]
        items: list[tuple[MetricKind | LinkKind | None, str]] = [(k, k.label) for k in kinds]
        items += [(k, LINK_LABELS[k]) for k in links]
        if placed is None or placed.badges:
            items.append((None, "× + − ÷ how a formula combines its drivers · ε elasticity"))
        swatch_w, gap, row_h = 18.0, 16.0, LEGEND_PT * 1.6
        rows: list[list[tuple[MetricKind | LinkKind | None, str, float]]] = [[]]
        used = 0.0
        room = self.width - 2 * MARGIN_X
        for what, label in items:
            w = (swatch_w + 5 if what is not None else 0) + text_width(label, LEGEND_PT) + 2
            if rows[-1] and used + w > room:
                rows.append([])
                used = 0.0
            rows[-1].append((what, label, w))
            used += w + gap
        top = self.height - MARGIN_BOTTOM - row_h * len(rows)
        labels: list[Label] = []
        swatches: list[Swatch] = []
        for r, row in enumerate(rows):
            x, y = MARGIN_X, top + r * row_h
            for what, label, w in row:
                if isinstance(what, MetricKind):
                    swatches.append(Swatch(Box(x, y + 3, swatch_w, row_h - 8), kind=what))
                elif isinstance(what, LinkKind):
                    swatches.append(Swatch(Box(x, y + 3, swatch_w, row_h - 8), link=what))
                text_x = x + (swatch_w + 5 if what is not None else 0)
                line = (Line((Run(label, LEGEND_PT, palette.muted),)),)
                labels.append(Label(f"Legend {label}", Box(text_x, y, w - (text_x - x), row_h), line))
                x += w + gap
        return tuple(labels), tuple(swatches), top

    def _notes(self, plan: Plan, placed: Placement, part: tuple[int, int] | None,
               first_page: dict[str, int]) -> str:
        """Speaker notes: what the slide says in one sentence, then each metric's why and risks."""
        names = self.names
        tree = self.tree
        star = tree.north_star
        if plan.root == VIRTUAL_ROOT and star is not None and star.id in placed.boxes:
            lead = self._star_sentence(star.id)
        elif plan.root == VIRTUAL_ROOT:
            lead = f"The metric tree: {len(placed.boxes)} metrics on this slide."
        else:
            lead = (f"{names[plan.root]} and the {len(placed.boxes) - 1} metrics that drive it here"
                    + (f", part {part[0]} of {part[1]}" if part else "") + ".")
        continued = sorted(placed.continued, key=lambda n: first_page[n])
        if continued:
            lead += " Continued: " + "; ".join(f"{names[n]} on slide {first_page[n] + 1}" for n in continued) + "."
        by_id = self.by_id
        parts = [lead]
        for metric_id in placed.boxes:
            metric = by_id[metric_id]
            lines = []
            if metric.rationale.strip():
                lines.append(f"{names[metric_id]}: {slide_text(metric.rationale)}")
            for risk in metric.gaming_risks:
                guard = names.get(risk.counter_metric or "", "")
                lines.append(f"Gaming risk for {names[metric_id]} ({risk.severity.value}): "
                             f"{slide_text(risk.description)}" + (f" Guarded by {guard}." if guard
                                                                  else " No guardrail yet."))
            parts += lines
        return "\n\n".join(parts)


def _scaled(lines: tuple[Line, ...], scale: float) -> tuple[Line, ...]:
    if scale == 1.0:
        return lines
    return tuple(Line(tuple(Run(r.text, r.size * scale, r.colour, r.bold) for r in line.runs)) for line in lines)
