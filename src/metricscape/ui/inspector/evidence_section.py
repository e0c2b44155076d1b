"""The evidence for one influence link in the inspector: what the actuals say of its elasticity,
in numbers and in words, the scatter of changes behind it, per segment, and "Adopt estimate".

It reads the evidence report the worker computed (the derived state's evidence overlay detail) and
never computes statistics itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from metricscape.derived.evidence import EvidenceReport, current, recorded_text
from metricscape.model.document import Document
from metricscape.model.link import Link
from metricscape.model.periods import Grain
from metricscape.sim.evidence.results import LinkEvidence, Verdict
from metricscape.sim.evidence.verdict import periods_word

from ..widgets.colors import is_dark
from ..widgets.field_box import HintLabel
from ..widgets.scatter_chart import Line, ScatterChart

TONES = {Verdict.SUPPORTS: ("#1e7b45", "#7fd3a0"), Verdict.CONTRADICTS: ("#b3261e", "#ff8a80"),
         Verdict.INCONCLUSIVE: ("#8a5a00", "#e0a84a"), Verdict.NO_DATA: ("#5f6b7a", "#9aa5b1")}
HEADLINE = {Verdict.SUPPORTS: "Supported by the actuals", Verdict.CONTRADICTS: "Contradicted by the actuals",
            Verdict.INCONCLUSIVE: "Inconclusive", Verdict.NO_DATA: "Not enough data yet"}
LEVELS_WORDS = "Their levels correlate"


def verdict_colour(verdict: Verdict, dark: bool) -> str:
    return TONES[verdict][1 if dark else 0]


def lag_words(lag: int | None, grain: Grain) -> str:
    if lag is None:
        return "—"
    if lag == 0:
        return f"same {grain.value}"
    return f"the same {grain.value} and up to {periods_word(lag, grain)} later"


def granger_words(p: float | None, driver: str, target: str) -> str:
    if p is None:
        return "—"
    if p < 0.05:
        return f"p = {p:.3f}: past changes of {driver} help predict {target}"
    return (f"p = {p:.2f}: past changes of {driver} do not help predict {target} (an effect within the "
            "same period does not show in this test)")


class LinkEvidenceSection(QWidget):
    adopt_requested = Signal(object)  # the LinkEvidence to adopt

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.evidence: LinkEvidence | None = None
        self.heading = QLabel("<b>Evidence from the actuals</b>")
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.numbers = QWidget()
        form = QFormLayout(self.numbers)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.fields: dict[str, QLabel] = {}
        for name, tip in (("Estimate", "The elasticity the changes show: % change of the target per 1 % of the driver"),
                          ("90 % interval", "Newey–West, robust to autocorrelation"),
                          ("Periods", "Periods in which both metrics have actuals"),
                          ("Lag", "How long the effect takes, chosen by the data"),
                          ("Method", "How it was estimated"),
                          ("Granger test", "Whether the driver's past changes help predict the target's"),
                          ("Levels", "How the two metrics' levels correlate: shown, never used as evidence")):
            value = QLabel()
            value.setWordWrap(True)
            value.setToolTip(tip)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(name)
            label.setToolTip(tip)
            form.addRow(label, value)
            self.fields[name] = value
        self.chart = ScatterChart()
        self.segments = QTableWidget(0, 4)
        self.segments.setHorizontalHeaderLabels(["Segment", "Share", "Estimate (90 %)", "Verdict"])
        self.segments.verticalHeader().setVisible(False)
        self.segments.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.segments.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.segments.horizontalHeader().setStretchLastSection(True)
        self.segment_warning = QLabel()
        self.segment_warning.setWordWrap(True)
        self.recorded = HintLabel()
        self.adopt = QPushButton("Adopt estimate")
        self.adopt.clicked.connect(lambda: self.adopt_requested.emit(self.evidence))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        for widget in (self.heading, self.verdict, self.numbers, self.chart, self.segments, self.segment_warning,
                       self.recorded, self.adopt):
            layout.addWidget(widget)

    def show_link(self, link: Link, doc: Document, report: EvidenceReport | None, computing: bool) -> None:
        tree = doc.tree
        names = {m.id: f"‘{m.name}’" for m in tree.metrics}
        found = report.links.get(link.key) if report is not None else None
        self.evidence = current(found, link, names, tree.actuals.grain) if found is not None else None
        self.recorded.setText(("On the link: " + recorded_text(link.evidence)) if link.evidence else "")
        self.recorded.setVisible(link.evidence is not None)
        has_numbers = self.evidence is not None and self.evidence.estimate is not None
        for widget in (self.numbers, self.chart, self.adopt):
            widget.setVisible(has_numbers)
        self._show_segments(report, link, doc)
        if self.evidence is None:
            text = ("Testing this link against the actuals…" if computing else
                    "No actuals yet: import the metrics' history to test this elasticity on data.")
            self.verdict.setText(text)
            return
        e = self.evidence
        colour = verdict_colour(e.verdict, is_dark(self.palette()))
        self.verdict.setText(f"<span style='color:{colour}'><b>{HEADLINE[e.verdict]}.</b></span> "
                             f"{_escape(e.message.split(LEVELS_WORDS)[0].strip())}")
        if not has_numbers:
            return
        assert e.estimate is not None and e.low is not None and e.high is not None
        grain = tree.actuals.grain
        driver, target = names.get(link.source, link.source), names.get(link.target, link.target)
        stated = "" if link.elasticity is None else f" (stated {link.elasticity:g})"
        if link.elasticity is not None and link.elasticity_low is not None and link.elasticity_high is not None:
            stated = f" (stated {link.elasticity:g}, plausible {link.elasticity_low:g} to {link.elasticity_high:g})"
        self.fields["Estimate"].setText(f"{e.estimate:.2f}{stated}")
        self.fields["90 % interval"].setText(f"{e.low:.2f} to {e.high:.2f}")
        self.fields["Periods"].setText(periods_word(e.periods, grain))
        self.fields["Lag"].setText(lag_words(e.lag, grain))
        self.fields["Method"].setText(e.method)
        self.fields["Granger test"].setText(granger_words(e.granger_p, driver, target))
        levels = "—" if e.level_correlation is None else f"{e.level_correlation:.2f} (not evidence)"
        if LEVELS_WORDS in e.message:
            levels = LEVELS_WORDS + e.message.split(LEVELS_WORDS, 1)[1]
        self.fields["Levels"].setText(levels)
        self._show_chart(e, link, grain, driver, target)
        adopted = link.evidence is not None and link.evidence.estimate == round(e.estimate, 4) \
            and link.elasticity == round(e.estimate, 4)
        self.adopt.setEnabled(not adopted)
        self.adopt.setText("Estimate adopted" if adopted else f"Adopt estimate ({e.estimate:.2f})")
        self.adopt.setToolTip(f"Set the elasticity to {e.estimate:.2f} and its plausible range to {e.low:.2f} to "
                              f"{e.high:.2f}, and record this evidence on the link (Undo reverses it)")

    def _show_chart(self, e: LinkEvidence, link: Link, grain: Grain, driver: str, target: str) -> None:
        scatter = e.scatter
        if scatter is None:
            self.chart.hide()
            return
        dark = is_dark(self.palette())
        lines = [Line(f"fitted {scatter.slope:.2f}", scatter.slope, scatter.intercept, verdict_colour(e.verdict, dark))]
        if link.elasticity is not None:
            lines.append(Line(f"stated {link.elasticity:g}", link.elasticity, scatter.intercept,
                              "#9aa5b1" if dark else "#5f6b7a", dashed=True))
        step = {Grain.DAY: "daily", Grain.WEEK: "weekly", Grain.MONTH: "monthly", Grain.QUARTER: "quarterly"}[grain]
        self.chart.set_data(list(zip(scatter.driver_changes, scatter.target_changes, strict=True)), lines,
                            f"{step} change of {driver}", f"change of {target}")

    def _show_segments(self, report: EvidenceReport | None, link: Link, doc: Document) -> None:
        found = report.segments.get(link.key) if report is not None else None
        rows = found.segments if found is not None else []
        self.segments.setVisible(bool(rows))
        self.segments.setRowCount(len(rows))
        for row, (evidence, share) in enumerate(rows):
            estimate = "—" if evidence.estimate is None else \
                f"{evidence.estimate:.2f} ({evidence.low:.2f} to {evidence.high:.2f})"
            for col, text in enumerate((evidence.segment, f"{share:.0%}", estimate, evidence.verdict.label)):
                item = QTableWidgetItem(text)
                item.setToolTip(evidence.message)
                self.segments.setItem(row, col, item)
        self.segments.setFixedHeight(self.segments.horizontalHeader().height() + 4
                                     + sum(self.segments.rowHeight(r) for r in range(len(rows))))
        warning = found.warning if found is not None else ""
        colour = verdict_colour(Verdict.CONTRADICTS, is_dark(self.palette()))
        self.segment_warning.setText(f"<span style='color:{colour}'>⚠ {_escape(warning)}</span>" if warning else "")
        self.segment_warning.setVisible(bool(warning))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
