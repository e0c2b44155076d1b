"""Experiment sizing for a scenario: how much each metric moves, how many users per arm an A/B
test needs to see it, and — prominently — whether the north star is a practical experiment metric
and which validated proxy is."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from metricscape.model import MetricKind, MetricTree
from metricscape.model.numbers import format_value
from metricscape.sim import Engine, ExperimentResult, SimulationError
from metricscape.sim.evidence.sizing import SizingAdvice

from ..widgets.colors import is_dark
from .controller import WhatIfController
from .lazy_tab import RefreshWhenShown

EXPERIMENT = "experiment"
PRACTICAL_USERS_PER_ARM = 1_000_000  # beyond this few products can run the test in a few weeks
KIND_WORDS = {"north_star": "North star", "input": "Input", "proxy": "Proxy", "guardrail": "Guardrail"}


def users_text(n: int | None) -> str:
    if n is None:
        return "—"
    return f"{n:,}" if n < 10_000 else format_value(float(n))


def verdict(result: ExperimentResult, star_id: str | None, validated: set[str]) -> tuple[str, str]:
    """A headline for the PM and its tone ("good", "warn", "bad")."""
    star = next((r for r in result.rows if r.metric == star_id), None)
    best = next((r for r in result.rows if r.metric == result.recommended), None)
    if best is None:
        return result.message[:1].upper() + result.message[1:], "warn"
    if star is not None and best.metric == star.metric:
        text = (f"Measure the north star directly: {users_text(star.sample_size_per_arm)} users per arm detect "
                f"its {star.lift_pct:+.2g} % lift.")
        return text, "good"
    parts = []
    if star is not None and star.sample_size_per_arm is not None:
        impractical = star.sample_size_per_arm > PRACTICAL_USERS_PER_ARM
        parts.append(f"The north star ‘{star.name}’ would need {users_text(star.sample_size_per_arm)} users per arm"
                     + (": not a practical experiment metric." if impractical else "."))
    elif star is not None:
        parts.append(f"The north star ‘{star.name}’ cannot be sized: enter its unit variability.")
    else:
        parts.append("This scenario does not move the north star.")
    proof = "" if best.metric in validated else (" Its link to the north star has no documented rationale yet: "
                                                 "validate it before trusting it.")
    parts.append(f"Measure ‘{best.name}’ instead: {users_text(best.sample_size_per_arm)} users per arm detect its "
                 f"{best.lift_pct:+.2g} % lift.{proof}")
    return " ".join(parts), "good" if not proof else "warn"


@dataclass(frozen=True)
class Sizing:
    """The sample sizes, and with an experiment ledger, the ranking that uses its evidence."""

    result: ExperimentResult
    advice: SizingAdvice | None  # None: the model has no ledger


def ranked(result: ExperimentResult, advice: SizingAdvice | None) -> list[str]:
    """Metric ids in table order: the evidence's ranking first (north star and validated proxies by
    users per arm, then the others it sized), then the rest as the engine listed them."""
    first = [row.metric for row in advice.rows] if advice is not None else []
    return first + [r.metric for r in result.rows if r.metric not in first]


class ExperimentView(RefreshWhenShown, QWidget):
    COLUMNS = ("Metric", "Kind", "Expected lift", "Users per arm", "Note")
    shown = Signal()  # a sizing (or why there is none) is on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller: WhatIfController | None = None
        self._validated: set[str] = set()
        self.result: ExperimentResult | None = None
        self.advice: SizingAdvice | None = None
        self.scenario_box = QComboBox()
        self.scenario_box.activated.connect(lambda _i: self.refresh_results())
        self.settings_label = QLabel()
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(8)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        top = QHBoxLayout()
        top.addWidget(QLabel("Scenario to test"))
        top.addWidget(self.scenario_box, 1)
        top.addWidget(self.settings_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        self.set_controller(None)

    def set_controller(self, controller: WhatIfController | None) -> None:
        if self.controller is not None:
            for signal, slot in self._links(self.controller):
                signal.disconnect(slot)
        self.controller = controller
        if controller is not None:
            for signal, slot in self._links(controller):
                signal.connect(slot)
        self.refresh()

    def _links(self, c: WhatIfController):
        return [(c.model_changed, self.refresh), (c.active_changed, self._on_active),
                (c.quick.finished, self._on_finished), (c.quick.failed, self._on_failed)]

    def _on_active(self, scenario_id: object) -> None:
        if scenario_id is not None:
            index = self.scenario_box.findData(scenario_id)
            if index >= 0:
                self.scenario_box.setCurrentIndex(index)
                self.refresh_results()

    def refresh(self) -> None:
        c = self.controller
        keep = self.scenario_box.currentData() or (c.active if c else None)
        self.scenario_box.clear()
        for scenario in c.doc.scenarios() if c else []:
            self.scenario_box.addItem(scenario.name, scenario.id)
        index = self.scenario_box.findData(keep)
        self.scenario_box.setCurrentIndex(max(index, 0) if self.scenario_box.count() else -1)
        if c is not None:
            s = c.tree.simulation
            self.settings_label.setText(f"significance {s.alpha:g} · power {s.power:.0%}")
        self.refresh_results()

    def refresh_results(self) -> None:
        if self.defer_while_hidden():
            return
        c = self.controller
        scenario_id = self.scenario_box.currentData()
        self.result, self.advice = None, None
        self.table.setRowCount(0)
        if c is None:
            self.banner.setText("")
            self.shown.emit()
            return
        if scenario_id is None:
            self._banner("Create a scenario first: the sizing tells how many users a test of it needs.", "warn")
            self.shown.emit()
            return
        if c.live is None:
            self._banner("The sizing waits until the model can be computed.", "warn")
            self.shown.emit()
            return
        live, tree = c.live, c.tree
        c.quick.submit(EXPERIMENT, lambda _progress: _size(live.engine_for(tree), scenario_id, tree))

    def _on_failed(self, kind: str, message: str) -> None:
        if kind == EXPERIMENT:
            self.result = None
            self.table.setRowCount(0)
            self._banner(message, "bad")
            self.shown.emit()

    def _on_finished(self, kind: str, result: object) -> None:
        c = self.controller
        if kind != EXPERIMENT or c is None or not isinstance(result, Sizing):
            return
        self.result, self.advice = result.result, result.advice
        star = c.tree.north_star
        if self.advice is not None:  # the ledger says which proxies are validated
            validated = {r.metric for r in self.advice.rows if r.validated}
            warn = any(r.fast_unvalidated for r in self.advice.rows) or self.advice.recommended is None
            self._banner(self.advice.message, "warn" if warn else "good")
        else:
            validated = {m.id for m in c.tree.metrics if m.rationale.strip() or m.kind is MetricKind.NORTH_STAR}
            text, tone = verdict(self.result, star.id if star else None, validated)
            self._banner(text, tone)
        self._validated = validated
        self._fill(self.result, star.id if star else None)
        self.shown.emit()

    def _fill(self, result: ExperimentResult, star_id: str | None) -> None:
        dark = is_dark(self.palette())
        highlight = QColor("#1f3a2a") if dark else QColor("#e6f4ea")
        warn = QColor("#4a3b12") if dark else QColor("#fff3d1")
        advice = self.advice
        recommended = advice.recommended if advice is not None else result.recommended
        notes = {r.metric: r for r in advice.rows} if advice is not None else {}
        by_id = {r.metric: r for r in result.rows}
        self.table.setRowCount(len(result.rows))
        for row, metric in enumerate(ranked(result, advice)):
            r = by_id[metric]
            n = r.sample_size_per_arm
            cells = [r.name, KIND_WORDS.get(r.kind, r.kind), f"{r.lift_pct:+.2f} %", users_text(n),
                     r.note]
            sized = notes.get(r.metric)
            fast = sized is not None and sized.fast_unvalidated
            if sized is not None:
                cells[4] = sized.note
                if r.kind == MetricKind.PROXY.value and sized.validated:
                    cells[4] = "; ".join(filter(None, ["validated by past experiments", sized.note]))
            if advice is not None and r.metric == recommended:
                cells[4] = "; ".join(filter(None, ["recommended: the smallest test on a validated metric",
                                                   cells[4]]))
            elif advice is None and r.metric == recommended:
                cells[4] = "recommended: the smallest test that reads this scenario" + (
                    "" if r.metric == star_id or r.metric in self._validated else
                    " (document why it drives the north star to validate it)")
            elif r.metric == star_id and n is not None and n > PRACTICAL_USERS_PER_ARM:
                cells[4] = (cells[4] + "; " if cells[4] else "") + "too many users: not practical to test on"
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r.metric == recommended:
                    item.setBackground(QBrush(highlight))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                elif fast or (r.metric == star_id and n is not None and n > PRACTICAL_USERS_PER_ARM):
                    item.setBackground(QBrush(warn))
                self.table.setItem(row, col, item)
            unit = self.controller.doc.metric(r.metric).unit if self.controller else ""
            source = {"unit_variability": "its unit variability", "rate p(1-p)": "its rate"}.get(
                r.variability_source, "unknown")
            first = self.table.item(row, 0)
            if first is not None:
                first.setToolTip(f"{r.name}: from {format_value(r.baseline, unit)} to "
                                 f"{format_value(r.expected, unit)}; spread from {source}")
        self.table.resizeRowsToContents()

    def _banner(self, text: str, tone: str) -> None:
        dark = is_dark(self.palette())
        colours = {"good": ("#1f3a2a", "#e6f4ea"), "warn": ("#4a3b12", "#fff3d1"), "bad": ("#4d2323", "#fdecec")}
        background = colours[tone][0 if dark else 1]
        self.banner.setStyleSheet(f"background: {background}; border-radius: 4px;")
        self.banner.setText(text)


def _size(engine: Engine, scenario_id: str, tree: MetricTree) -> Sizing:
    """On the worker: the engine's errors are reported through the runner's ``failed``. With a
    ledger, the proxies' evidence ranks the metrics (``size_with_evidence``)."""
    try:
        result = engine.experiment(scenario_id)
    except ValueError as exc:
        raise SimulationError(str(exc)) from None
    if not tree.experiments:
        return Sizing(result, None)
    from metricscape.sim.evidence.ledger import all_ledger_evidence
    from metricscape.sim.evidence.sizing import size_with_evidence
    return Sizing(result, size_with_evidence(result, {e.proxy: e for e in all_ledger_evidence(tree)}))
