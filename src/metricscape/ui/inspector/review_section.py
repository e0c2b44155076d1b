"""Review: how often the metric is reviewed, when it last was, and health checks silenced on purpose."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from metricscape.model.document import Document
from metricscape.model.metric import Metric, Silence
from metricscape.model.rules import ALL_RULES, RULES_BY_ID

from ..widgets.commit_edits import CommitLineEdit
from ..widgets.committer import METRIC_LABELS
from ..widgets.field_box import ErrorLabel, HintLabel
from ..widgets.form_kit import add_field, compact_combo, form_layout
from ..widgets.optional_date_edit import OptionalDateEdit
from ..widgets.optional_spin import OptionalSpinBox
from ..widgets.plain_errors import plain_error
from .sections import CommitMetric, MetricSection


def review_status(metric: Metric, today: dt.date | None = None) -> str:
    """"Next review due 3 Mar 2026 (in 12 days)" or "Review overdue by 5 days"."""
    today = today or dt.date.today()
    if metric.review_cadence_days is None:
        return "No review rhythm set." if metric.last_review is None else ""
    if metric.last_review is None:
        return "Never reviewed: set the date of the last review."
    due = metric.last_review + dt.timedelta(days=metric.review_cadence_days)
    days = (due - today).days
    if days < 0:
        return f"Review overdue by {-days} day{'s' if days != -1 else ''} (due {due:%d %b %Y})."
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return f"Next review due {due:%d %b %Y} ({when})."


class ReviewSection(MetricSection):
    def __init__(self, commit: CommitMetric, parent: QWidget | None = None) -> None:
        super().__init__(commit, parent)
        form = form_layout(self)
        self.cadence = OptionalSpinBox(1, 3660, " days")
        self.cadence_box = add_field(form, "Review every", self.cadence,
                                     "How often the team checks that this metric still means what it should")
        self.last_review = OptionalDateEdit()
        self.last_review.today_button.setToolTip("Mark the metric as reviewed today")
        self.last_review_box = add_field(form, "Last review", self.last_review, "When it was last reviewed")
        self.status = HintLabel()
        form.addRow(self.status)
        form.addRow(QLabel("<b>Silenced health checks</b>"))
        self.silenced_hint = HintLabel("None. Checks that do not apply to this metric can be silenced "
                                       "here, with the reason why.")
        form.addRow(self.silenced_hint)
        self.silenced_grid = QGridLayout()
        self.silenced_grid.setColumnStretch(0, 1)
        form.addRow(self.silenced_grid)
        self.new_rule = compact_combo()
        self.new_rule.addItem("Choose a check to silence…", None)
        for rule in ALL_RULES:
            self.new_rule.addItem(rule.summary, rule.id)
            self.new_rule.setItemData(self.new_rule.count() - 1, f"Check ‘{rule.id}’", Qt.ItemDataRole.ToolTipRole)
        self.new_rule.setToolTip("The health check to switch off for this metric")
        self.new_reason = QLineEdit()
        self.new_reason.setPlaceholderText("Why it does not apply")
        self.silence_button = QPushButton("Silence")
        self.silence_button.setToolTip("Stop reporting this check for this metric (saved in the file)")
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_reason, 1)
        add_row.addWidget(self.silence_button)
        form.addRow(self.new_rule)
        form.addRow(add_row)
        self.silence_error = ErrorLabel()
        form.addRow(self.silence_error)
        self.cadence.value_committed.connect(lambda v: self.commit({"review_cadence_days": v}, self.cadence_box))
        self.last_review.date_committed.connect(lambda d: self.commit({"last_review": d}, self.last_review_box))
        self.silence_button.clicked.connect(self._silence)
        self.new_reason.returnPressed.connect(self._silence)
        self._silenced: tuple[Silence, ...] = ()
        self._row_widgets: list[QWidget] = []

    def refresh(self, metric: Metric, doc: Document) -> None:
        self.cadence.set_value(metric.review_cadence_days)
        self.last_review.set_date(metric.last_review)
        self.status.setText(review_status(metric))
        self.status.setVisible(bool(self.status.text()))
        self.cadence_box.clear_error()
        self.last_review_box.clear_error()
        if metric.silenced != self._silenced or not self._row_widgets and metric.silenced:
            self._silenced = metric.silenced
            self._show_silenced()

    def _show_silenced(self) -> None:
        for widget in self._row_widgets:
            widget.setParent(None)
            widget.deleteLater()
        self._row_widgets = []
        for row, silence in enumerate(self._silenced):
            known = RULES_BY_ID.get(silence.rule)
            rule = QLabel(known.summary if known else f"{silence.rule} (not a known check)")
            rule.setWordWrap(True)
            rule.setToolTip(f"Check ‘{silence.rule}’")
            reason = CommitLineEdit()
            reason.set_shown(silence.reason)
            reason.setToolTip("Why this check does not apply to this metric")
            remove = QToolButton()
            remove.setText("Remove")
            remove.setToolTip(f"Report ‘{silence.rule}’ again for this metric")
            reason.committed.connect(lambda text, row=row: self._reason_changed(row, text))
            remove.clicked.connect(lambda _checked=False, row=row: self._remove(row))
            self.silenced_grid.addWidget(rule, 2 * row, 0, 1, 2)
            self.silenced_grid.addWidget(reason, 2 * row + 1, 0)
            self.silenced_grid.addWidget(remove, 2 * row + 1, 1)
            self._row_widgets += [rule, reason, remove]
        self.silenced_hint.setVisible(not self._silenced)

    def _reason_changed(self, row: int, text: str) -> None:
        if not text.strip():
            self.silence_error.show_error("Say why the check does not apply, or remove the silence.")
            return
        items = list(self._silenced)
        try:
            items[row] = Silence(rule=items[row].rule, reason=text.strip())
        except ValidationError as exc:
            self.silence_error.show_error(plain_error(exc, METRIC_LABELS))
            return
        self.commit({"silenced": tuple(items)}, self.silence_error)

    def _remove(self, row: int) -> None:
        self.commit({"silenced": self._silenced[:row] + self._silenced[row + 1:]}, self.silence_error)

    def _silence(self) -> None:
        rule, reason = self.new_rule.currentData(), self.new_reason.text().strip()
        if not rule or not reason:
            self.silence_error.show_error("Name the check and say why it does not apply to this metric.")
            return
        if any(s.rule == rule for s in self._silenced):
            self.silence_error.show_error("This check is already silenced for this metric.")
            return
        try:
            silence = Silence(rule=rule, reason=reason)
        except ValidationError as exc:
            self.silence_error.show_error(plain_error(exc, METRIC_LABELS))
            return
        if self.commit({"silenced": (*self._silenced, silence)}, self.silence_error):
            self.new_rule.setCurrentIndex(0)
            self.new_reason.clear()
