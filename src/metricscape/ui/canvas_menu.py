"""Right-click on the canvas: the actions that apply to the card, link or empty spot under the mouse.

Every entry goes through the tab's editing controller (one undoable edit each), like the menus
and keys do; this module only decides what to offer.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtWidgets import QMenu, QWidget

from metricscape.model import LinkKind, MetricKind
from metricscape.model.edits import Compound
from metricscape.model.errors import MetricscapeError

from .canvas.link_item import LinkItem
from .canvas.metric_item import MetricItem
from .widgets.plain_errors import plain_error

if TYPE_CHECKING:
    from .canvas.view import MetricView
    from .controller import EditingController


def show_canvas_menu(view: MetricView, controller: EditingController, at: QPoint) -> None:
    build_canvas_menu(view, controller, at).exec(view.viewport().mapToGlobal(at))


def build_canvas_menu(view: MetricView, controller: EditingController, at: QPoint,
                      parent: QWidget | None = None) -> QMenu:
    """The menu for a right-click at ``at`` (viewport pixels). A card or link under the mouse is
    selected first, unless it is already part of the selection."""
    scene = view.metric_scene
    scene_pos = view.mapToScene(at)
    item = next((i for i in scene.items(scene_pos) if isinstance(i, (MetricItem, LinkItem)) and i.isVisible()),
                None)
    menu = QMenu(parent or view)
    if isinstance(item, MetricItem):
        if not item.isSelected():
            scene.select_only([item.metric_id])
        _card_entries(menu, view, controller, item)
    elif isinstance(item, LinkItem):
        if not item.isSelected():
            scene.clearSelection()
            item.setSelected(True)
        menu.addAction("Delete link", controller.delete_selection)
    else:
        menu.addAction("Add metric here", lambda: controller.add_metric_at(QPointF(scene_pos)))
        menu.addAction("Paste", controller.paste)
        menu.addSeparator()
        menu.addAction("Auto-layout", controller.auto_layout)
        menu.addAction("Fit to window", view.fit_to_view)
    return menu


def _card_entries(menu: QMenu, view: MetricView, controller: EditingController, card: MetricItem) -> None:
    scene, doc = view.metric_scene, controller.doc
    metric_id = card.metric_id
    single = len(scene.selected_metric_ids()) == 1
    add_input = menu.addAction("Add input (Tab)", controller.add_input)
    add_sibling = menu.addAction("Add sibling (Enter)", controller.add_sibling)
    rename = menu.addAction("Rename", lambda: view.start_rename(metric_id))
    rename_id = menu.addAction("Rename id…", lambda: _rename_id(view, controller, metric_id))
    for action in (add_input, add_sibling, rename, rename_id):
        action.setEnabled(single)
    menu.addSeparator()
    drivers = [link.source for link in doc.links() if link.target == metric_id and link.kind is not LinkKind.GUARD]
    dependents = [link.target for link in doc.links() if link.source == metric_id]
    collapse = menu.addAction("Expand drivers" if card.metric.collapsed else "Collapse drivers",
                              controller.toggle_collapse)
    collapse.setEnabled(bool(drivers))
    select_drivers = menu.addAction("Select drivers", lambda: scene.select_only(drivers))
    select_drivers.setEnabled(bool(drivers))
    select_dependents = menu.addAction("Select what it drives", lambda: scene.select_only(dependents))
    select_dependents.setEnabled(bool(dependents))
    kinds = menu.addMenu("Set kind")
    for kind in MetricKind:
        action = kinds.addAction(kind.label)
        action.triggered.connect(partial(_set_selected_kind, view, controller, kind))
        action.setCheckable(True)
        action.setChecked(kind is card.metric.kind)
    whatif = menu.addAction("Show in the what-if", lambda: controller.whatif_wanted.emit(metric_id))
    whatif.setEnabled(single)
    _actuals_entries(menu, controller, card)
    menu.addSeparator()
    menu.addAction("Duplicate", controller.duplicate)
    menu.addAction("Delete", controller.delete_selection)


def _actuals_entries(menu: QMenu, controller: EditingController, card: MetricItem) -> None:
    """"Use actual as baseline" (latest period, or a mean of recent ones) for an entered metric with actuals."""
    series = controller.doc.tree.actuals.find(card.metric_id)
    if series is None or card.metric.is_computed:
        return
    from metricscape.derived import baseline_from_actuals
    from metricscape.model.numbers import format_value

    from .actuals import use_as_baseline

    use = menu.addMenu("Use actual as baseline")
    for last in (1, 4, 13):
        found = baseline_from_actuals(series, last)
        if found is None:
            continue
        words = f"Latest ({found[1].removeprefix('the actual of ')})" if last == 1 else f"Mean of the last {last}"
        use.addAction(f"{words}: {format_value(found[0], card.metric.unit)}",
                      partial(use_as_baseline, controller.session, card.metric_id, last))


def _rename_id(view: MetricView, controller: EditingController, metric_id: str) -> None:
    from .rename_id import ask_rename_id
    ask_rename_id(controller, metric_id, view)


def _set_selected_kind(view: MetricView, controller: EditingController, kind: MetricKind, _checked: bool = False
                       ) -> None:
    set_kind(controller, view.metric_scene.selected_metric_ids(), kind)


def set_kind(controller: EditingController, metric_ids: list[str], kind: MetricKind) -> bool:
    """One undo step for every selected card (the planner refuses a second north star)."""
    doc = controller.doc
    try:
        parts = [doc.plan.update_metric(i, kind=kind) for i in metric_ids if doc.metric(i).kind is not kind]
    except (MetricscapeError, ValueError) as exc:
        controller.session.failed.emit(plain_error(exc))
        return False
    if not parts:
        return False
    text = parts[0].text if len(parts) == 1 else f"Make {len(parts)} metrics {kind.label.lower()}s"
    return controller.session.push(Compound(text, parts))
