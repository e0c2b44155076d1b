"""The evidence for a proxy in the inspector: past experiments' lift on it against their lift on the
north star (with error bars, the slope corrected for noise and the naive one), whether the ledger
validates it, and what the actuals say of its path to the north star."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from metricscape.derived.evidence import EvidenceReport
from metricscape.model.document import Document
from metricscape.model.metric import Metric
from metricscape.sim.evidence.ledger import interval
from metricscape.sim.evidence.results import MIN_VALIDATING_EXPERIMENTS, LedgerEvidence, Verdict

from ..widgets.colors import is_dark
from ..widgets.scatter_chart import Line, ScatterChart
from .evidence_section import HEADLINE, verdict_colour

Z90 = 1.645  # error bars: each lift's 90 % interval, as the slopes' intervals are 90 %


class ProxyEvidenceSection(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger: LedgerEvidence | None = None
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = ScatterChart()
        self.path = QLabel()
        self.path.setWordWrap(True)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.status, self.message, self.chart, self.path):
            layout.addWidget(widget)

    def show_metric(self, metric: Metric, doc: Document, report: EvidenceReport | None, computing: bool) -> None:
        dark = is_dark(self.palette())
        self.ledger = ledger = report.ledgers.get(metric.id) if report is not None else None
        path = report.paths.get(metric.id) if report is not None else None
        if ledger is None:
            self.status.setText("Testing this proxy against past experiments…" if computing else
                                "No past experiment measured both this proxy and the north star: import the "
                                "experiment ledger (File ▸ Import experiments…) to validate it.")
            self.message.hide()
            self.chart.hide()
        else:
            good, bad = verdict_colour(Verdict.SUPPORTS, dark), verdict_colour(Verdict.CONTRADICTS, dark)
            if ledger.validated:
                span = interval(ledger.ledger_low or 0.0, ledger.ledger_high or 0.0)
                self.status.setText(f"<span style='color:{good}'><b>Validated</b></span> by {ledger.experiments} "
                                    f"past experiments: slope {ledger.ledger_slope:.2f} (90 % interval {span}).")
            else:
                why = (f"fewer than {MIN_VALIDATING_EXPERIMENTS} experiments" if ledger.experiments
                       < MIN_VALIDATING_EXPERIMENTS else "its slope cannot be told apart from zero")
                self.status.setText(f"<span style='color:{bad}'><b>Not validated</b></span> by past experiments: "
                                    f"{why}.")
            agreement = "" if ledger.sign_agreement is None else f" Sign agreement {ledger.sign_agreement:.0%}."
            self.message.setText(ledger.message + agreement)
            self.message.show()
            self._chart(ledger, doc, dark)
        if path is not None and path.verdict is not Verdict.NO_DATA:
            colour = verdict_colour(path.verdict, dark)
            self.path.setText(f"Its path to the north star in the actuals: <span style='color:{colour}'>"
                              f"<b>{HEADLINE[path.verdict]}.</b></span> {path.message}")
            self.path.show()
        else:
            self.path.hide()

    def _chart(self, ledger: LedgerEvidence, doc: Document, dark: bool) -> None:
        points = [(p.proxy_lift, p.star_lift) for p in ledger.points]
        errors = [(Z90 * p.proxy_se, Z90 * p.star_se) for p in ledger.points]
        lines = []
        if ledger.points:
            mx = sum(x for x, _ in points) / len(points)
            my = sum(y for _, y in points) / len(points)
            if ledger.ledger_slope is not None:  # both lines pass through the means, as least squares does
                lines.append(Line(f"corrected {ledger.ledger_slope:.2f}", ledger.ledger_slope,
                                  my - ledger.ledger_slope * mx, verdict_colour(Verdict.SUPPORTS, dark)))
            if ledger.naive_slope is not None:
                lines.append(Line(f"naive {ledger.naive_slope:.2f}", ledger.naive_slope, my - ledger.naive_slope * mx,
                                  "#9aa5b1" if dark else "#5f6b7a", dashed=True))
        proxy = doc.metric(ledger.proxy).name if doc.has_metric(ledger.proxy) else ledger.proxy
        star = doc.metric(ledger.north_star).name if doc.has_metric(ledger.north_star) else ledger.north_star
        self.chart.set_data(points, lines, f"lift on {proxy}", f"lift on {star}", errors)
        self.chart.show()
