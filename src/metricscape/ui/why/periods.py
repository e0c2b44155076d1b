"""The two windows compared: a preset a PM expects ("last week vs the week before", "last 4 weeks vs
the 4 before", "same week last year") or a custom pair of ranges picked from the model's periods."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from metricscape.model.actuals import Actuals
from metricscape.model.periods import Grain
from metricscape.sim.explain import ExplainError, Window, parse_window
from metricscape.sim.explain.presets import Comparison, comparisons, periods_of

CUSTOM = "custom"


class PeriodPicker(QWidget):
    changed = Signal()  # the windows compared changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presets: list[Comparison] = []
        self.grain_periods: list[str] = []
        self.grain: Grain | None = None
        self.choice = QComboBox()
        self.choice.setToolTip("Which two periods to compare")
        self.choice.activated.connect(lambda _i: self._chosen())
        self.ends = [QComboBox() for _ in range(4)]  # before: first, last; after: first, last
        for box, tip in zip(self.ends, ("The first period of the earlier window", "The last period of the earlier window",
                                         "The first period of the later window", "The last period of the later window"),
                            strict=True):
            box.setToolTip(tip)
            box.activated.connect(lambda _i: self.changed.emit())
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.choice.setMinimumContentsLength(18)  # long labels must not force the dock wider
        # the custom windows: a row of their own, which the view places under its controls
        self.custom = QWidget()
        row = QHBoxLayout(self.custom)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("Compare"), self.ends[0], QLabel("to"), self.ends[1], QLabel("against"), self.ends[2],
                       QLabel("to"), self.ends[3]):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        self.custom.hide()

    def set_actuals(self, actuals: Actuals, metric_id: str | None) -> None:
        """Offer the presets that fit the data; keep the current choice when it still applies."""
        key = self.key
        self.grain = actuals.grain
        self.presets = comparisons(actuals, metric_id)
        periods = periods_of(actuals)
        if periods != self.grain_periods:
            picked = [box.currentText() for box in self.ends]
            self.grain_periods = periods
            for box, old in zip(self.ends, picked, strict=True):
                box.clear()
                box.addItems(periods)
                box.setCurrentIndex(max(0, box.findText(old)) if old else max(0, len(periods) - 1))
        self.choice.blockSignals(True)
        self.choice.clear()
        for preset in self.presets:
            self.choice.addItem(preset.label, preset.key)
            self.choice.setItemData(self.choice.count() - 1, f"{preset.before.label} against {preset.after.label}",
                                    Qt.ItemDataRole.ToolTipRole)
        self.choice.addItem("Custom periods…", CUSTOM)
        self.choice.setCurrentIndex(max(0, self.choice.findData(key)))
        self.choice.blockSignals(False)
        if self.key != CUSTOM and self.presets:
            self._fill_custom(self.preset(self.key))
        self.custom.setVisible(self.key == CUSTOM)

    @property
    def key(self) -> str:
        data = self.choice.currentData()
        return data if isinstance(data, str) else "previous"

    def preset(self, key: str) -> Comparison | None:
        return next((p for p in self.presets if p.key == key), None)

    def choose(self, key: str) -> None:
        """Pick a preset (or CUSTOM) as a user would."""
        index = self.choice.findData(key)
        if index < 0:
            raise ValueError(f"no comparison '{key}' is offered")
        self.choice.setCurrentIndex(index)
        self._chosen()

    def set_custom(self, before: str, after: str) -> None:
        """Custom windows such as '2026-W10..2026-W13' (tests, the command line's way of writing them)."""
        self.choose(CUSTOM)
        for box, label in zip(self.ends, [*_ends(before), *_ends(after)], strict=True):
            box.setCurrentIndex(box.findText(label))
        self.changed.emit()

    def windows(self) -> tuple[Window, Window]:
        """The two windows, or ExplainError saying what to fix."""
        if self.key != CUSTOM:
            preset = self.preset(self.key)
            if preset is None:
                raise ExplainError("there are not enough periods of actuals to compare")
            return preset.before, preset.after
        if self.grain is None or not self.grain_periods:
            raise ExplainError("there are no periods of actuals to compare")
        a, b, c, d = (box.currentText() for box in self.ends)
        return (parse_window(f"{a}..{b}", self.grain, "earlier window"),
                parse_window(f"{c}..{d}", self.grain, "later window"))

    def _chosen(self) -> None:
        self.custom.setVisible(self.key == CUSTOM)
        self.changed.emit()

    def _fill_custom(self, preset: Comparison | None) -> None:
        if preset is None:
            return
        for box, label in zip(self.ends, (preset.before.first, preset.before.last, preset.after.first,
                                          preset.after.last), strict=True):
            index = box.findText(label)
            if index >= 0:
                box.setCurrentIndex(index)


def _ends(text: str) -> tuple[str, str]:
    parts = text.split("..")
    return parts[0], parts[-1]
