"""One tab: a model's canvas with its minimap, wired to its editing controller."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QGridLayout, QWidget

from . import dialogs
from .canvas.overview import Overview
from .canvas.view import MetricView
from .canvas_menu import show_canvas_menu
from .controller import LINK_CHOICES, EditingController
from .session import DocumentSession


class DocumentTab(QWidget):
    def __init__(self, session: DocumentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.view = MetricView(session.scene, self)
        self.controller = EditingController(session)
        self.overview = Overview(self.view, self.view)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 0, 0)
        self.view.add_input_requested.connect(self.controller.add_input)
        self.view.add_sibling_requested.connect(self.controller.add_sibling)
        self.view.rename_committed.connect(self.controller.rename)
        self.controller.rename_wanted.connect(self.view.start_rename)
        session.scene.rename_requested.connect(self.view.start_rename)
        session.scene.link_requested.connect(self.ask_link_kind)
        session.doc.changed.connect(self.overview.schedule_refit)
        # A card added anywhere (a guardrail from the inspector, a paste, an undone delete) is
        # scrolled into view once the edit is complete.
        self._added: list[str] = []
        session.doc.metric_added.connect(lambda metric: self._added.append(metric.id))
        session.doc.changed.connect(self._show_added)
        self.view.viewport().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # issue 14: right-click
        self.view.viewport().customContextMenuRequested.connect(
            lambda at: show_canvas_menu(self.view, self.controller, at))
        self._viewport = self.view.viewport()
        self._viewport.installEventFilter(self)

    def ask_link_kind(self, source: str, target: str) -> None:
        doc = self.session.doc
        choice = dialogs.choose(self, list(LINK_CHOICES), QCursor.pos())
        if choice is not None and doc.has_metric(source) and doc.has_metric(target):
            self.controller.link(source, target, choice)

    def _show_added(self) -> None:
        added, self._added = self._added, []
        scene = self.session.scene
        shown = [i for i in added if self.session.doc.has_metric(i)]
        if not shown:
            return
        card = scene.card(shown[-1]).sceneBoundingRect()
        seen = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        if not seen.intersects(card):  # partly in view (e.g. double-clicked near the edge): leave the view be
            self.view.ensureVisible(card, 60, 60)

    def set_overview_visible(self, visible: bool) -> None:
        self.overview.set_enabled(visible)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Resize:
            self.overview.follow()
        return False
