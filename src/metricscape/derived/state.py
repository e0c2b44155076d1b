"""``DerivedState``: what the screen shows for one document, computed once per change, no Qt.

edit -> Document (emits ``changed``) -> DerivedState (recomputes, emits what changed) -> views.

On every document change it compiles the model once when the numbers changed (one baseline
evaluation per version), checks the model's health, works out which metrics collapsed cards
hide, applies the active overlays (what-if, scenario...) and emits, with payloads, only what
changed: ``cards_changed({id: CardState})``, ``links_changed({key: LinkState})``,
``health_changed(report)``. Views subscribe read-only; each card property has one writer (the
scene, from ``cards_changed``), so no subscription order can paint a baseline over a what-if.

Heavy analyses run elsewhere (worker threads); they are tagged with ``version`` when submitted
and ``is_current(version)`` tells whether a result still describes the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from psygnal import Signal

from metricscape.model import Document, MetricTree
from metricscape.model.rules import Finding, HealthReport, check
from metricscape.model.visibility import Visibility, visibility
from metricscape.sim import SimulationError

from .cards import CardState, LinkState, Source, badge_text, same_card
from .live import LiveModel, numbers_key
from .overlays import NO_MARKS, Facts, Marks, Overlay


class DerivedState:
    cards_changed = Signal(dict)      # {metric_id: CardState}, only the cards whose state changed
    links_changed = Signal(dict)      # {(source, target): LinkState}, only the links that changed
    health_changed = Signal(HealthReport)
    live_changed = Signal(object)     # LiveModel | None: the numbers changed (a new version)
    overlay_changed = Signal(str, object)  # overlay name, its detail (the what-if's LiveResult)
    overlay_failed = Signal(str, str)  # overlay name, why it could not be computed
    updated = Signal(int)             # the version: up to date after a document change
    settled = Signal(int)             # the version: up to date after any change (document or overlay)

    def __init__(self, doc: Document, today: dt.date | None = None) -> None:
        self.doc = doc
        self.today = today  # None: the real today (tests pin a date)
        self.version = 0
        self.live: LiveModel | None = None
        self.failure: Exception | None = None  # why ``live`` is None: the model cannot be computed yet
        self.health = HealthReport()
        self.visibility = Visibility()
        self.cards: dict[str, CardState] = {}
        self._base: dict[str, CardState] = {}  # per card, before any overlay (set on each document change)
        self.links: dict[tuple[str, str], LinkState] = {}
        self._key: tuple[object, ...] | None = None
        self._overlays: dict[str, Overlay] = {}
        self._marks: dict[str, Marks] = {}
        self._attached = True
        doc.changed.connect(self.refresh)
        self.refresh()

    def detach(self) -> None:
        """Stop following the document (it is closing)."""
        if self._attached:
            self.doc.changed.disconnect(self.refresh)
            self._attached = False

    # --- reading -----------------------------------------------------------------------------

    @property
    def tree(self) -> MetricTree:
        return self.doc.tree

    def is_current(self, version: int) -> bool:
        """A result computed for ``version`` still describes the model's numbers."""
        return version == self.version

    def overlay(self, name: str) -> Overlay | None:
        return self._overlays.get(name)

    def detail(self, name: str) -> object:
        """The last result of overlay ``name`` (the what-if's LiveResult), or None."""
        marks = self._marks.get(name)
        return marks.detail if marks is not None else None

    # --- overlays ----------------------------------------------------------------------------

    def set_overlay(self, overlay: Overlay) -> None:
        """Show ``overlay`` (replacing the one of the same name). Only the cards it marked before or
        marks now are recomposed (a slider step touches the input's dependents, not the tree)."""
        before, linked = self._marked(), self._marks_links()
        self._overlays[overlay.name] = overlay
        self._apply_overlay(overlay)
        self._publish_cards(before | self._marked())
        if linked or self._marks_links():
            self._publish_links(self.doc.tree)
        self.settled.emit(self.version)

    def clear_overlay(self, name: str) -> None:
        if self._overlays.pop(name, None) is not None:
            before = self._marked()
            self._marks.pop(name, None)
            self.overlay_changed.emit(name, None)
            self._publish_cards(before)
            self._publish_links(self.doc.tree)
            self.settled.emit(self.version)

    def _marks_links(self) -> bool:
        return any(marks.links for marks in self._marks.values())

    def _marked(self) -> set[str]:
        return {metric_id for marks in self._marks.values() for metric_id in marks.cards}

    # --- following the document --------------------------------------------------------------

    def refresh(self) -> None:
        tree = self.doc.tree
        key = numbers_key(tree)
        if self.failure is not None or (self.live is not None and self.live.problems):
            # what stops the numbers names metrics ("'North star' has no baseline"): a rename re-says it
            key = (key, tuple(m.name for m in tree.metrics))
        if key != self._key:
            self._key = key
            self.version += 1
            self._compile(tree)
            self.live_changed.emit(self.live)
        elif self.live is not None:
            self.live.tree = tree  # names and notes may have changed: the sliders show them
        report = check(tree, today=self.today)
        if (report.findings, report.silenced) != (self.health.findings, self.health.silenced):
            self.health = report
            self.health_changed.emit(report)
        else:
            self.health = report
        self.visibility = visibility(tree)
        self._base = self._base_states(tree)
        for overlay in list(self._overlays.values()):
            self._apply_overlay(overlay)
        self._publish_cards(None)
        self._publish_links(tree)
        self.updated.emit(self.version)
        self.settled.emit(self.version)

    def _compile(self, tree: MetricTree) -> None:
        try:
            self.live, self.failure = LiveModel(tree), None
        except Exception as exc:  # noqa: BLE001 - a model being drawn may not compute yet; views say why
            self.live, self.failure = None, exc

    def _apply_overlay(self, overlay: Overlay) -> None:
        try:
            marks = overlay.marks(Facts(self.doc.tree, self.live, self.version))
        except SimulationError as exc:
            self.overlay_failed.emit(overlay.name, str(exc))
            marks = NO_MARKS
        self._marks[overlay.name] = marks
        self.overlay_changed.emit(overlay.name, marks.detail)

    # --- what each card and link shows -------------------------------------------------------

    def _base_states(self, tree: MetricTree) -> dict[str, CardState]:
        """What each card shows before any overlay: its value and source, health, visibility."""
        values: Mapping[str, float | None] = {}
        if self.live is not None:
            values = {v.metric: v.value for v in self.live.evaluation.values}
        findings: dict[str | None, list[Finding]] = {}
        for finding in self.health.findings:
            findings.setdefault(finding.metric, []).append(finding)
        seen = self.visibility
        base: dict[str, CardState] = {}
        for metric in tree.metrics:
            own = findings.get(metric.id, [])
            base[metric.id] = CardState(
                value=values.get(metric.id, metric.baseline),
                source=Source.FORMULA if metric.is_computed else Source.BASELINE,
                health=badge_text(own), health_notes=tuple(f.message for f in own),
                visible=seen.shows(metric.id), hidden_drivers=seen.hidden_drivers.get(metric.id, 0))
        return base

    def _composed(self, metric_id: str) -> CardState:
        state = self._base[metric_id]
        for marks in self._marks.values():
            mark = marks.cards.get(metric_id)
            if mark is not None and mark.source is Source.ACTUALS:
                state = replace(state, actual=mark.actual, notes=state.notes + ((mark.note,) if mark.note else ()))
            elif mark is not None:
                state = replace(state, value=mark.value, source=mark.source, delta=mark.delta,
                                delta_good=mark.delta_good, notes=state.notes + ((mark.note,) if mark.note else ()))
        return state

    def _publish_cards(self, only: set[str] | None) -> None:
        """Recompose the cards (``only`` these, or all) and announce those whose state changed."""
        if only is None:
            cards = {metric_id: self._composed(metric_id) for metric_id in self._base}
            changed = {k: v for k, v in cards.items() if not same_card(self.cards.get(k), v)}
            self.cards = cards
        else:
            changed = {}
            for metric_id in only & self._base.keys():
                state = self._composed(metric_id)
                if not same_card(self.cards.get(metric_id), state):
                    changed[metric_id] = self.cards[metric_id] = state
        if changed:
            self.cards_changed.emit(changed)

    def _publish_links(self, tree: MetricTree) -> None:
        seen = self.visibility
        marks = [m.links for m in self._marks.values() if m.links]
        links: dict[tuple[str, str], LinkState] = {}
        for link in tree.links:
            badge = ""
            notes: tuple[str, ...] = ()
            for layer in marks:
                mark = layer.get(link.key)
                if mark is not None:
                    badge = mark.badge or badge
                    notes += (mark.note,) if mark.note else ()
            links[link.key] = LinkState(visible=seen.shows(link.source) and seen.shows(link.target),
                                        badge=badge, notes=notes)
        changed = {k: v for k, v in links.items() if self.links.get(k) != v}
        self.links = links
        if changed:
            self.links_changed.emit(changed)

