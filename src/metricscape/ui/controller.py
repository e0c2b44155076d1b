"""Turns canvas gestures and menu commands into undoable edits on one session.

It reads the document and the scene's selection, builds edits with ``doc.plan`` (or the model's
edit primitives for multi-part actions such as paste) and pushes each as one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QGuiApplication

from metricscape.model import (
    Link,
    LinkKind,
    Metric,
    MetricKind,
    MetricscapeError,
    MetricTree,
    Position,
)
from metricscape.model.edits import Compound, Edit
from metricscape.model.layout import H_GAP, V_GAP, card_size, tidy_layout

from . import clipboard
from .session import DocumentSession
from .widgets.plain_errors import plain_error

LINK_CHOICES = {
    "Multiply: part of its formula (×)": (LinkKind.FORMULA, "*"),
    "Add: part of its formula (+)": (LinkKind.FORMULA, "+"),
    "Influence: drives it (elasticity)": (LinkKind.INFLUENCE, ""),
    "Guardrail: watches it for gaming": (LinkKind.GUARD, ""),
}
ALIGN_MODES = ("left", "centre", "top", "middle", "distribute")


class EditingController(QObject):
    rename_wanted = Signal(str)  # a new card awaits its name, as in mind-map tools
    whatif_wanted = Signal(str)  # "Show in the what-if": the window brings that input's row forward

    def __init__(self, session: DocumentSession) -> None:
        super().__init__(session)
        self.session = session
        self.doc = session.doc
        self.scene = session.scene
        self.scene.metrics_moved.connect(self.move)
        self.scene.add_requested.connect(self.add_metric_at)

    def _selected(self) -> list[str]:
        return self.scene.selected_metric_ids()

    def _push(self, edit: Edit, text: str | None = None) -> bool:
        return self.session.push(edit, text)

    # --- creating ----------------------------------------------------------------------------

    def _add(self, metric: Metric, links: list[Link], text: str) -> str | None:
        if not self._push(self.doc.plan.add_metric(metric, links), text):
            return None
        self.scene.select_only([metric.id])
        self.rename_wanted.emit(metric.id)
        return metric.id

    def add_metric_at(self, pos: QPointF) -> str | None:
        """A new card centred where the user double-clicked; the first one becomes the north star."""
        kind = MetricKind.INPUT if self.doc.metrics() else MetricKind.NORTH_STAR
        w, h = card_size(kind)
        grid = self.scene.grid
        x, y = round((pos.x() - w / 2) / grid) * grid, round((pos.y() - h / 2) / grid) * grid
        name = "North star" if kind is MetricKind.NORTH_STAR else "New metric"
        metric = self.doc.plan.new_metric(name, kind=kind, position=Position(x=x, y=y))
        return self._add(metric, [], f"Add metric ‘{name}’")

    def add_input(self) -> str | None:
        """Tab: a new driver of the selected metric, placed under it after its other drivers."""
        selected = self._selected()
        if len(selected) != 1:
            return None
        parent = self.doc.metric(selected[0])
        _, ph = card_size(parent.kind)
        drivers = [self.doc.metric(link.source) for link in self.doc.links() if link.target == parent.id]
        if drivers:
            x = max(d.position.x + card_size(d.kind)[0] for d in drivers) + H_GAP
            y = drivers[0].position.y
        else:
            x = parent.position.x + (card_size(parent.kind)[0] - card_size(MetricKind.INPUT)[0]) / 2
            y = parent.position.y + ph + V_GAP
        metric = self.doc.plan.new_metric("New input", position=Position(x=x, y=y))
        link = Link(source=metric.id, target=parent.id, kind=LinkKind.INFLUENCE, elasticity=1.0)
        return self._add(metric, [link], f"Add input to ‘{parent.name}’")

    def add_sibling(self) -> str | None:
        """Enter: a new metric next to the selected one, driving the same parent."""
        selected = self._selected()
        if len(selected) != 1:
            return None
        current = self.doc.metric(selected[0])
        parent_link = next((link for link in self.doc.links() if link.source == current.id and link.kind.computes),
                           None)
        x = current.position.x + card_size(current.kind)[0] + H_GAP
        metric = self.doc.plan.new_metric("New metric", position=Position(x=x, y=current.position.y))
        links = []
        if parent_link is not None:
            links.append(Link(source=metric.id, target=parent_link.target, kind=LinkKind.INFLUENCE, elasticity=1.0))
        return self._add(metric, links, "Add metric ‘New metric’")

    # --- linking, renaming, moving -----------------------------------------------------------

    def link(self, source: str, target: str, choice: str) -> bool:
        kind, operator = LINK_CHOICES[choice]
        try:
            if kind is LinkKind.FORMULA:
                edit = self.doc.plan.connect(source, target, kind, operator=operator)
            else:
                edit = self.doc.plan.connect(source, target, kind)
        except (MetricscapeError, ValueError) as exc:  # the model's rules and pydantic's checks
            self.session.failed.emit(plain_error(exc))
            return False
        return self._push(edit)

    def rename(self, metric_id: str, name: str) -> bool:
        name = name.strip()
        if not name or name == self.doc.metric(metric_id).name:
            return False
        return self._push(self.doc.plan.rename(metric_id, name))

    def rename_id(self, metric_id: str, new_id: str) -> bool:
        """Rename id…: the metric keeps its card, selection and every reference to it."""
        new_id = new_id.strip()
        if not new_id or new_id == metric_id:
            return False
        try:
            edit = self.doc.plan.rename_id(metric_id, new_id)
        except (MetricscapeError, ValueError) as exc:  # the model's rules and pydantic's checks
            self.session.failed.emit(plain_error(exc))
            return False
        return self._push(edit)

    def move(self, positions: dict[str, tuple[float, float]]) -> bool:
        positions = {i: p for i, p in positions.items() if self.doc.has_metric(i)}
        if not positions:
            return False
        return self._push(self.doc.plan.move_metrics(positions))

    # --- selection-wide actions --------------------------------------------------------------

    def delete_selection(self) -> bool:
        ids = self._selected()
        parts: list[Edit] = []
        for source, target in self.scene.selected_link_keys():
            if source not in ids and target not in ids and self.doc.link(source, target) is not None:
                try:
                    parts.append(self.doc.plan.disconnect(source, target))
                except (MetricscapeError, ValueError) as exc:  # the model's rules and pydantic's checks
                    self.session.failed.emit(plain_error(exc))
                    return False
        if ids:
            parts.append(self.doc.plan.remove_metrics(ids))
        if not parts:
            return False
        text = parts[0].text if len(parts) == 1 else f"Delete {len(parts)} items"
        return self._push(Compound(text, parts))

    def copy(self) -> bool:
        ids = self._selected()
        if not ids:
            return False
        clipboard.copy_to(QGuiApplication.clipboard(), self.doc, ids)
        return True

    def cut(self) -> bool:
        if not self.copy():
            return False
        ids = self._selected()
        return self._push(self.doc.plan.remove_metrics(ids), f"Cut {len(ids)} metric{'s' if len(ids) > 1 else ''}")

    def paste(self) -> list[str]:
        data = clipboard.from_mime(QGuiApplication.clipboard().mimeData())
        return self._paste(data) if data else []

    def duplicate(self) -> list[str]:
        ids = self._selected()
        return self._paste(clipboard.fragment(self.doc, ids), text="Duplicate") if ids else []

    def _paste(self, data: dict, text: str | None = None) -> list[str]:
        try:
            edit, new_ids = self.doc.plan.paste(data)
        except (MetricscapeError, ValueError) as exc:  # the model's rules and pydantic's checks
            self.session.failed.emit(f"Could not paste: {plain_error(exc)}")
            return []
        if text:
            edit = Compound(f"{text} {len(new_ids)} metric{'s' if len(new_ids) > 1 else ''}", list(edit.parts))
        if not self._push(edit):
            return []
        self.scene.select_only(new_ids)
        return new_ids

    def align(self, mode: str) -> bool:
        metrics = [self.doc.metric(i) for i in self._selected()]
        if len(metrics) < 2:
            return False
        sizes = {m.id: self._card_size(m.id) for m in metrics}
        positions: dict[str, tuple[float, float]] = {}
        if mode == "left":
            x = min(m.position.x for m in metrics)
            positions = {m.id: (x, m.position.y) for m in metrics}
        elif mode == "centre":
            cx = sum(m.position.x + sizes[m.id][0] / 2 for m in metrics) / len(metrics)
            positions = {m.id: (cx - sizes[m.id][0] / 2, m.position.y) for m in metrics}
        elif mode == "top":
            y = min(m.position.y for m in metrics)
            positions = {m.id: (m.position.x, y) for m in metrics}
        elif mode == "middle":
            cy = sum(m.position.y + sizes[m.id][1] / 2 for m in metrics) / len(metrics)
            positions = {m.id: (m.position.x, cy - sizes[m.id][1] / 2) for m in metrics}
        elif mode == "distribute":
            ordered = sorted(metrics, key=lambda m: m.position.x)
            x = ordered[0].position.x
            for m in ordered:
                positions[m.id] = (x, m.position.y)
                x += sizes[m.id][0] + H_GAP
        return self._push(self.doc.plan.move_metrics(positions), f"Align {len(metrics)} metrics")

    def auto_layout(self) -> bool:
        if not self.doc.metrics():
            return False
        positions = tidy_layout(self.doc.tree, size_of=self._card_size)
        return self._push(self.doc.plan.move_metrics(positions), "Auto-layout")

    def _card_size(self, metric_id: str) -> tuple[float, float]:
        """The card as drawn: a long name or actuals make it taller than the default, and the layout
        must keep the gaps between levels for the links' labels."""
        rect = self.scene.card(metric_id).card_rect()
        return rect.width(), rect.height()

    def toggle_collapse(self) -> bool:
        ids = [i for i in self._selected()
               if any(link.target == i and link.kind is not LinkKind.GUARD for link in self.doc.links())]
        if not ids:
            return False
        collapse = not all(self.doc.metric(i).collapsed for i in ids)
        parts = [self.doc.plan.update_metric(i, collapsed=collapse) for i in ids]
        names = self.doc.metric(ids[0]).name if len(ids) == 1 else f"{len(ids)} metrics"
        return self._push(Compound(f"{'Collapse' if collapse else 'Expand'} ‘{names}’", parts))


def needs_layout(metrics: list[Metric] | tuple[Metric, ...]) -> bool:
    """A model whose cards all share one spot was never laid out (e.g. written by hand)."""
    return len(metrics) > 1 and len({(m.position.x, m.position.y) for m in metrics}) == 1



def laid_out(tree: MetricTree) -> MetricTree:
    """A model never laid out (every card on one spot) gets the tidy layout on opening."""
    if not needs_layout(tree.metrics):
        return tree
    positions = tidy_layout(tree)
    metrics = tuple(m.model_copy(update={"position": Position(x=positions[m.id][0], y=positions[m.id][1])})
                    for m in tree.metrics)
    return tree.model_copy(update={"metrics": metrics})
