"""Values: the baseline (with where it comes from and when), and the target."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from metricscape.model.document import Document
from metricscape.model.metric import Direction, Metric

from ..widgets.commit_edits import CommitLineEdit
from ..widgets.field_box import ErrorLabel, HintLabel
from ..widgets.form_kit import add_field, form_layout
from ..widgets.number_edit import NumberEdit
from ..widgets.optional_date_edit import OptionalDateEdit
from .sections import CommitMetric, MetricSection, is_percent


class ValuesSection(MetricSection):
    def __init__(self, commit: CommitMetric, parent: QWidget | None = None) -> None:
        super().__init__(commit, parent)
        form = form_layout(self)
        self._unit = ""
        self.baseline = NumberEdit()
        self.baseline_box = add_field(form, "Baseline", self.baseline,
                                      "Today's value: the starting point for what-if and targets. "
                                      "Accepts 1200, 1.2k, 3.4M; rates in % (34.5)")
        self.source = CommitLineEdit()
        self.source.setPlaceholderText("e.g. Amplitude dashboard, Q3 report")
        self.source_box = add_field(form, "Source", self.source, "Where the baseline comes from")
        self.as_of = OptionalDateEdit()
        self.as_of_box = add_field(form, "As of", self.as_of, "The date the baseline was measured")
        self.target = NumberEdit()
        self.target_box = add_field(form, "Target", self.target, "The value the team aims for")
        self.gap = HintLabel()
        form.addRow(self.gap)
        self.rate_warning = ErrorLabel()
        form.addRow(self.rate_warning)
        self.baseline.value_committed.connect(lambda v: self._commit_value("baseline", v, self.baseline))
        self.target.value_committed.connect(lambda v: self._commit_value("target", v, self.target))
        self.source.committed.connect(lambda text: self.commit({"baseline_source": text.strip()}, self.source_box))
        self.as_of.date_committed.connect(lambda d: self.commit({"baseline_as_of": d}, self.as_of_box))

    def _commit_value(self, field: str, value: float | None, edit: NumberEdit) -> None:
        """"4 %" typed for a metric without a unit makes it a rate: the unit becomes % in the
        same edit (else the card would read 0.04)."""
        changes: dict[str, object] = {field: value}
        if value is not None and not self._unit and edit.text().strip().endswith("%"):
            changes["unit"] = "%"
        self.commit(changes, self.baseline_box if edit is self.baseline else self.target_box)

    def refresh(self, metric: Metric, doc: Document) -> None:
        self._unit = metric.unit
        percent = is_percent(metric)
        for edit in (self.baseline, self.target):
            edit.set_percent(percent)
            edit.setPlaceholderText("Not set" + (" (in %)" if percent else ""))
        self.baseline.set_value(metric.baseline)
        self.target.set_value(metric.target)
        self.source.set_shown(metric.baseline_source)
        self.as_of.set_date(metric.baseline_as_of)
        self.gap.setText(target_gap(metric))
        self.gap.setVisible(bool(self.gap.text()))
        self.rate_warning.show_error(rate_warning(metric))
        for box in (self.baseline_box, self.source_box, self.as_of_box, self.target_box):
            box.clear_error()


def target_gap(metric: Metric) -> str:
    """"Target: 12 % above the baseline", or a warning when it points the wrong way."""
    base, target = metric.baseline, metric.target
    if base is None or target is None:
        return ""
    if is_percent(metric):
        points = (target - base) * 100
        size = f"{abs(points):.3g} points"
    elif base != 0:
        size = f"{abs(target - base) / abs(base) * 100:.3g} %"
    else:
        size = f"{abs(target - base):.3g}"
    if target == base:
        return "The target equals the baseline."
    side = "above" if target > base else "below"
    wrong = (target < base) if metric.direction is Direction.HIGHER else (target > base)
    text = f"Target is {size} {side} the baseline."
    if wrong:
        better = "higher" if metric.direction is Direction.HIGHER else "lower"
        text += f" Check it: {better} is better for this metric."
    return text


def rate_warning(metric: Metric) -> str:
    """A rate whose values exceed 100 % was probably typed as a plain number before its unit became %."""
    if not is_percent(metric):
        return ""
    odd = [label for label, value in (("baseline", metric.baseline), ("target", metric.target))
           if value is not None and abs(value) > 1.5]
    if not odd:
        return ""
    return (f"The {' and '.join(odd)} read{'s' if len(odd) == 1 else ''} as more than 150 %. "
            "For a rate, type the percentage (62 for 62 %).")
