"""Actuals in the app: File ▸ Import actuals… and Refresh actuals, the actuals under every card
(``derived.ActualsOverlay`` on each model's derived state), "Use as baseline", and the segment
filter on the toolbar (view state: nothing of it is saved in the file).

``install(window)`` wires it all once; the window imports nothing else from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QToolBar, QWizard

from metricscape.derived import ActualsOverlay, baseline_from_actuals
from metricscape.model import MetricTree
from metricscape.model.actuals import ALL_SEGMENTS

from ..whatif.worker import SimulationRunner

if TYPE_CHECKING:
    from metricscape.sim.data import PeriodChange

    from ..session import DocumentSession
    from ..shell import Shell
    from .wizard import ImportActualsWizard

ALL_USERS = "All users"
OVERLAY = "actuals"
SEGMENT_NOTE = "values and what-if: all users"
WHOLE_POPULATION_NOTE = ("The cards' actuals show ‘{}’; their values, targets and what-if stay for all users "
                         "(baselines are whole-population). Cards without data for ‘{}’ say so.")


def overlay_of(session: DocumentSession) -> ActualsOverlay:
    found = session.state.overlay(OVERLAY)
    return found if isinstance(found, ActualsOverlay) else ActualsOverlay()


def use_as_baseline(session: DocumentSession, metric_id: str, last: int = 1) -> bool:
    """The metric's baseline from its whole-population actuals (latest period, or the mean of the
    last ``last``), as one undo step. False when it has no actuals."""
    series = session.doc.tree.actuals.find(metric_id, ALL_SEGMENTS)
    found = baseline_from_actuals(series, last) if series is not None else None
    if found is None:
        session.failed.emit(f"‘{session.doc.metric(metric_id).name}’ has no actuals to take a baseline from")
        return False
    value, words = found
    name = session.doc.metric(metric_id).name
    return session.push(session.doc.plan.update_metric(metric_id, baseline=value),
                        f"Use {words} as the baseline of ‘{name}’")


class ActualsWorkspace(QObject):
    refreshed = Signal(str)  # a refresh finished: what it changed, or why it changed nothing

    def __init__(self, window: Shell) -> None:
        super().__init__(window.as_widget())
        self.window = window
        self.wizard: ImportActualsWizard | None = None
        self._session: DocumentSession | None = None
        self.runner = SimulationRunner(self)
        self.runner.finished.connect(self._refresh_done)
        self.runner.failed.connect(self._refresh_failed)
        self.segment = QComboBox()
        self.segment.setObjectName("segment_filter")
        self.segment.setToolTip("Show the actuals of one segment on every card (view only: not saved)")
        self.segment.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.segment.activated.connect(self._segment_chosen)
        self.segment_note = QLabel()
        self.segment_note.setObjectName("segment_note")
        self.segment_note.setWordWrap(False)
        bar: QToolBar = window.addToolBar("Segments")
        bar.setObjectName("segment_toolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(" Actuals for "))
        bar.addWidget(self.segment)
        bar.addWidget(self.segment_note)
        self.toolbar = bar
        window.session_changed.connect(self._session_changed)
        self._session_changed(window.current_session)

    # --- following the current model ------------------------------------------------------------

    def _session_changed(self, session: DocumentSession | None) -> None:
        if self._session is not None:
            self._session.state.updated.disconnect(self._fill_segments)
        self._session = session
        if session is not None:
            if session.state.overlay(OVERLAY) is None:
                session.state.set_overlay(ActualsOverlay())
            session.state.updated.connect(self._fill_segments)
        self._fill_segments()

    def _fill_segments(self, _version: int = 0) -> None:
        session = self._session
        segments = session.doc.tree.actuals.segments() if session is not None else []
        chosen = overlay_of(session).segment if session is not None else ALL_SEGMENTS
        if chosen and chosen not in segments:  # the segment's data went (an undo): back to everyone
            chosen = ALL_SEGMENTS
            if session is not None:
                session.state.set_overlay(ActualsOverlay(ALL_SEGMENTS))
        self.segment.blockSignals(True)
        self.segment.clear()
        self.segment.addItem(ALL_USERS, ALL_SEGMENTS)
        for name in segments:
            self.segment.addItem(name, name)
        self.segment.setCurrentIndex(max(0, self.segment.findData(chosen)))
        self.segment.blockSignals(False)
        has_actuals = session is not None and bool(session.doc.tree.actuals.series)
        self.segment.setEnabled(bool(segments))
        self.toolbar.setVisible(has_actuals)
        self.segment_note.setText(f"  {SEGMENT_NOTE}" if chosen else "")
        self.segment_note.setToolTip(WHOLE_POPULATION_NOTE.format(chosen, chosen) if chosen else "")

    def choose_segment(self, segment: str) -> None:
        """Show ``segment``'s actuals on the cards ("" for all users)."""
        if self._session is None:
            return
        self._session.state.set_overlay(ActualsOverlay(segment))
        self._fill_segments()

    def _segment_chosen(self, index: int) -> None:
        self.choose_segment(self.segment.itemData(index) or ALL_SEGMENTS)

    # --- import and refresh ---------------------------------------------------------------------

    def start_import(self) -> ImportActualsWizard | None:
        """Open the import wizard for the current model (from the welcome screen: open a model first)."""
        session = self.window.current_session
        if session is None:
            self.window.open_dialog()
            session = self.window.current_session
            if session is None:
                self._say("Open the model the actuals belong to first, then import them")
                return None
        from .wizard import ImportActualsWizard

        wizard = ImportActualsWizard(session.doc.tree, session.path, self.runner, self.window.as_widget())
        wizard.accepted.connect(lambda: self._apply_import(session, wizard))
        self.wizard = wizard
        wizard.open()
        return wizard

    def offer_import(self) -> None:
        """The welcome screen's "Import actuals…" button."""
        self.start_import()

    def _apply_import(self, session: DocumentSession, wizard: ImportActualsWizard) -> None:
        if wizard.result() != QWizard.DialogCode.Accepted or wizard.actuals is None:
            return
        if session.push(session.doc.plan.replace_actuals(wizard.actuals, wizard.summary), wizard.summary):
            self._say(wizard.summary)

    def refresh(self) -> bool:
        """Re-read the model's declared data files off the GUI thread; one undo step when done."""
        session = self.window.current_session
        if session is None:
            self._say("Open a model first")
            return False
        if not session.doc.tree.actuals.sources:
            self._say("This model has no data files to re-read: use File ▸ Import actuals… first")
            return False
        if session.path is None:
            self._say("Save the model first: its data files are found next to it")
            return False
        from metricscape.sim.data import DataError, refresh_actuals

        tree, path = session.doc.tree, session.path

        def task(_progress: object) -> object:
            try:
                return session, tree, refresh_actuals(tree, path)
            except DataError as exc:
                return session, tree, exc

        self._say("Re-reading the data files…")
        self.runner.submit("refresh", task)
        return True

    def _refresh_failed(self, kind: str, message: str) -> None:
        if kind == "refresh":
            self._done(message)

    def _refresh_done(self, kind: str, result: object) -> None:
        if kind != "refresh":
            return  # the import wizard's runs share the worker
        from metricscape.sim.data import DataError, Refreshed

        session, tree, outcome = cast("tuple[DocumentSession, MetricTree, object]", result)
        if isinstance(outcome, DataError):
            from .wizard import plain_data_error
            self._done(plain_data_error(outcome))
            return
        assert isinstance(outcome, Refreshed)
        if session.doc.tree is not tree:
            self._done("The model changed while the data files were read: refresh again")
            return
        words = refresh_words(outcome.added, outcome.changed)
        if outcome.added or outcome.changed:
            session.push(session.doc.plan.replace_actuals(outcome.tree.actuals, words), words)
        self._done(words)

    def _done(self, text: str) -> None:
        self._say(text)
        self.refreshed.emit(text)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10_000)


def refresh_words(added: tuple[PeriodChange, ...], changed: tuple[PeriodChange, ...]) -> str:
    """'Refresh actuals: 2026-W48 added; 2026-W46, 2026-W47 changed' (periods, not every value)."""
    def periods(changes: tuple[PeriodChange, ...]) -> str:
        labels = sorted({c.period for c in changes})
        shown = ", ".join(labels[:4])
        return shown + (f" and {len(labels) - 4} more" if len(labels) > 4 else "")

    if not added and not changed:
        return "Refresh actuals: the data files hold the same values as the model"
    parts = []
    if added:
        parts.append(f"{periods(added)} added")
    if changed:
        parts.append(f"{periods(changed)} changed")
    return "Refresh actuals: " + "; ".join(parts)


def install(window: Shell) -> ActualsWorkspace:
    return ActualsWorkspace(window)
