"""Uncertainty: how sure we are of the value (a distribution with only the parameters it needs,
and a preview of its shape), plus the per-user variability used to size experiments."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from metricscape.model.distributions import BOUNDS, DISTRIBUTIONS, DistributionKind
from metricscape.model.document import Document
from metricscape.model.metric import Metric, Uncertainty
from metricscape.sim.distributions import Z90

from ..widgets.committer import METRIC_LABELS
from ..widgets.distribution_preview import DistributionPreview
from ..widgets.field_box import FieldBox
from ..widgets.form_kit import add_field, compact_combo, form_layout
from ..widgets.number_edit import NumberEdit
from ..widgets.plain_errors import plain_error
from .sections import CommitMetric, MetricSection, is_percent

NOT_UNCERTAIN = "none"
# Choices, fields and labels come from the one declaration of each distribution (model.distributions).
CHOICES: list[tuple[str, str, str]] = [
    (NOT_UNCERTAIN, "Not uncertain", "The baseline is used as is in simulations"),
    *((d.kind.value, d.label, d.tip) for d in DISTRIBUTIONS.values()),
]
PARAMETERS: dict[DistributionKind, tuple[str, ...]] = {
    kind: tuple(p.name for p in d.parameters) for kind, d in DISTRIBUTIONS.items()}
FIELD_TIPS = {p.name: (p.label, p.tip) for d in DISTRIBUTIONS.values() for p in (*d.parameters, *BOUNDS)}
BASELINE_DEFAULTS = {p.name for d in DISTRIBUTIONS.values() for p in d.parameters if p.baseline_default}


class UncertaintySection(MetricSection):
    def __init__(self, commit: CommitMetric, parent: QWidget | None = None) -> None:
        super().__init__(commit, parent)
        form = form_layout(self)
        self.form = form
        self.distribution = compact_combo()
        for key, label, tip in CHOICES:
            self.distribution.addItem(label, key)
            self.distribution.setItemData(self.distribution.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.distribution_box = add_field(form, "Shape", self.distribution,
                                          "How the value might vary in simulations")
        self.fields: dict[str, NumberEdit] = {}
        self.field_boxes: dict[str, FieldBox] = {}
        for name, (label, tip) in FIELD_TIPS.items():
            edit = NumberEdit(placeholder="Baseline" if name in BASELINE_DEFAULTS else "Not set")
            self.fields[name] = edit
            self.field_boxes[name] = add_field(form, label, edit, tip)
            edit.value_committed.connect(lambda value, name=name: self._parameter_changed(name, value))
        self.preview = DistributionPreview()
        form.addRow(self.preview)
        self.variability = NumberEdit(placeholder="Not set (fine for rates)")
        self.variability_box = add_field(
            form, "Per-user variability", self.variability,
            "How much the metric varies from one user to the next, as spread ÷ mean "
            "(coefficient of variation, e.g. 1.5). Needed to size experiments; rates may leave it empty")
        self.distribution.activated.connect(self._shape_chosen)
        self.variability.value_committed.connect(
            lambda v: self.commit({"unit_variability": v}, self.variability_box))
        self._draft: dict[str, Any] | None = None
        self._metric: Metric | None = None

    def refresh(self, metric: Metric, doc: Document) -> None:
        self._metric = metric
        self._draft = None if metric.uncertainty is None else metric.uncertainty.model_dump()
        percent = is_percent(metric)
        for edit in self.fields.values():
            edit.set_percent(percent)  # a rate's spread and limits read in % too
        self.variability.set_value(metric.unit_variability)
        self._show_draft()
        self.distribution_box.clear_error()
        self.variability_box.clear_error()

    def _show_draft(self) -> None:
        draft = self._draft
        key = NOT_UNCERTAIN if draft is None else DistributionKind(draft["distribution"]).value
        self.distribution.setCurrentIndex(self.distribution.findData(key))
        wanted = set() if draft is None else set(PARAMETERS[DistributionKind(draft["distribution"])])
        if draft is not None and DISTRIBUTIONS[DistributionKind(draft["distribution"])].truncatable:
            wanted |= {p.name for p in BOUNDS}
        for name, edit in self.fields.items():
            self._set_row_visible(name, name in wanted)
            edit.set_value(None if draft is None else draft.get(name))
        self.preview.setVisible(draft is not None)
        self._update_preview()

    def _set_row_visible(self, name: str, visible: bool) -> None:
        self.form.setRowVisible(self.field_boxes[name], visible)

    def _update_preview(self) -> None:
        metric = self._metric
        if metric is None or self._draft is None:
            return
        try:
            shape = Uncertainty.model_validate(self._draft)
        except ValidationError:
            self.preview.show_message("Fix the values above to see the shape")
            return
        self.preview.show_metric(metric.model_copy(update={"uncertainty": shape}))

    def _shape_chosen(self) -> None:
        key = self.distribution.currentData()
        if key == NOT_UNCERTAIN:
            self._draft = None
            self._show_draft()
            self.commit({"uncertainty": None}, self.distribution_box)
            return
        self._draft = seeded(DistributionKind(key), self._draft, self._metric.baseline if self._metric else None)
        self._show_draft()
        self._try_commit()

    def _parameter_changed(self, name: str, value: float | None) -> None:
        if self._draft is None:
            return
        self._draft[name] = value
        self._update_preview()
        self._try_commit(self.field_boxes[name])

    def _try_commit(self, where: FieldBox | None = None) -> None:
        where = where or self.distribution_box
        try:
            shape = Uncertainty.model_validate(self._draft)
        except ValidationError as exc:
            self.distribution_box.show_error(plain_error(exc, METRIC_LABELS))
            return
        self.distribution_box.clear_error()
        self.commit({"uncertainty": shape}, where)


def seeded(kind: DistributionKind, draft: dict[str, Any] | None, baseline: float | None) -> dict[str, Any]:
    """Parameters for ``kind``, carried over from the previous shape or guessed from the baseline
    (±10 %), so switching shapes rarely leaves the user with empty fields."""
    old = dict(draft or {})
    low, high = old.get("low"), old.get("high")
    mean, sd = old.get("mean"), old.get("sd")
    centre = mean if mean is not None else baseline
    if (low is None or high is None) and centre is not None and sd:
        low, high = centre - Z90 * sd, centre + Z90 * sd
    if (low is None or high is None) and baseline:
        low, high = sorted((baseline * 0.9, baseline * 1.1))
    if sd is None and low is not None and high is not None and high > low:
        sd = (high - low) / (2 * Z90)
    if sd is None and baseline:
        sd = abs(baseline) * 0.1
    new: dict[str, Any] = {"distribution": kind.value, "floor": old.get("floor"), "ceiling": old.get("ceiling")}
    for name in PARAMETERS[kind]:
        new[name] = {"low": low, "high": high, "mean": mean, "sd": sd, "mode": old.get("mode")}[name]
    if kind is DistributionKind.LOGNORMAL and new.get("low") is not None and new["low"] <= 0:
        new["low"] = None
    if kind in (DistributionKind.TRIANGULAR, DistributionKind.PERT) and new.get("mode") is not None and \
            low is not None and high is not None and not low <= new["mode"] <= high:
        new["mode"] = None
    return {key: _tidy(value) for key, value in new.items()}


def _tidy(value: Any) -> Any:
    # 0.9 * 1200 is 1079.9999999999998: keep what a person would have typed.
    return float(f"{value:.6g}") if isinstance(value, float) else value
