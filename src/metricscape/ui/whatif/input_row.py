"""One input of the what-if panel: its name, a slider, a spin box and how the change is expressed.

Dragging previews (the cards follow live); releasing, typing a number or pressing a key commits
(one undo step when a scenario is shown). Setting a value from outside emits nothing.
"""

from __future__ import annotations

import math
from functools import partial

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSlider,
    QToolButton,
    QWidget,
)

from metricscape.model.numbers import format_value
from metricscape.model.scenario import ChangeMode

from ..widgets.colors import muted_color
from .elided_label import ElidedLabel
from .inputs import SLIDER_STEPS, InputSpec

MODE_BUTTON = {ChangeMode.RELATIVE: "±%", ChangeMode.POINTS: "±pp", ChangeMode.SET: "="}
MODE_MENU = {ChangeMode.RELATIVE: "Change by a percentage (+5 %)",
             ChangeMode.POINTS: "Change by percentage points (+2 pp)",
             ChangeMode.SET: "Set to a value"}


class InputRow(QWidget):
    previewed = Signal(str, object, float)  # metric id, ChangeMode, value (while dragging)
    committed = Signal(str, object, float)  # on release / typed / keys

    def __init__(self, spec: InputSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.mode = spec.natural_mode
        self.value = spec.neutral(self.mode)
        self._quiet = False
        self.name_label = ElidedLabel(spec.name)
        self.name_label.setToolTip(f"{spec.name} ({spec.metric})" + (
            "\nComputed: overriding it ignores its own inputs" if spec.computed else ""))
        self.result_label = QLabel()
        self.result_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(60)
        self.slider.setAccessibleName(f"{spec.name} slider")
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderReleased.connect(self._slider_released)
        self.spin = QDoubleSpinBox()
        self.spin.setKeyboardTracking(False)  # a value per finished edit, not per keystroke
        self.spin.setAccessibleName(f"{spec.name} change")
        self.spin.setFixedWidth(92)
        self.spin.valueChanged.connect(self._spin_changed)
        self.mode_button = QToolButton()
        # The menu opens on click rather than through setMenu(), which would draw an arrow: hiding
        # that arrow takes a style sheet, and a styled button ignores a later theme switch.
        self.mode_button.setFixedWidth(40)
        self.mode_button.setToolTip("How to change it: by a percentage, by percentage points or to a value")
        menu = QMenu(self.mode_button)
        for mode in spec.modes():
            menu.addAction(MODE_MENU[mode], partial(self.switch_mode, mode))
        self.mode_menu = menu
        self.mode_button.clicked.connect(
            lambda: menu.popup(self.mode_button.mapToGlobal(QPoint(0, self.mode_button.height()))))
        self.reset_button = QToolButton()
        self.reset_button.setText("↺")
        self.reset_button.setToolTip("Back to the baseline")
        self.reset_button.clicked.connect(self.reset)
        grid = QGridLayout(self)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        top = QHBoxLayout()
        top.addWidget(self.name_label, 1)
        top.addWidget(self.result_label)
        grid.addLayout(top, 0, 0, 1, 5)
        grid.addWidget(self.slider, 1, 0, 1, 2)
        grid.addWidget(self.spin, 1, 2)
        grid.addWidget(self.mode_button, 1, 3)
        grid.addWidget(self.reset_button, 1, 4)
        grid.setColumnStretch(0, 1)
        self._configure()
        self._show_value()

    # --- showing -----------------------------------------------------------------------------

    def set_spec(self, spec: InputSpec) -> None:
        """The same input after an edit elsewhere (a new name, unit or baseline)."""
        self.spec = spec
        self.name_label.setText(spec.name)
        self.name_label.setToolTip(f"{spec.name} ({spec.metric})" + (
            "\nComputed: overriding it ignores its own inputs" if spec.computed else ""))
        self._configure()
        self._show_value()

    def set_change(self, mode: ChangeMode | None, value: float | None) -> None:
        """Show a change made elsewhere (a scenario, undo, reset) without emitting anything. Nothing
        to do when it is the one on screen: every edit of the model resyncs every row (at 1,000 inputs
        redrawing them all took 35 ms of each edit)."""
        mode = mode if mode in self.spec.modes() else self.spec.natural_mode
        value = self.spec.neutral(mode) if value is None else value
        if mode is self.mode and value == self.value:
            return
        if mode is not self.mode:
            self.mode = mode
            self._configure()
        self.value = value
        self._show_value()

    def _configure(self) -> None:
        spec, mode = self.spec, self.mode
        self.mode_button.setText(MODE_BUTTON[mode])
        self._quiet = True
        try:
            if mode is ChangeMode.SET:
                self.slider.setRange(0, SLIDER_STEPS)
                self.spin.setRange(-1e15, 1e15)
                if spec.rate:
                    self.spin.setDecimals(2)
                    self.spin.setSuffix(" %")
                else:
                    self.spin.setDecimals(_decimals(spec.baseline))
                    self.spin.setSuffix(f" {spec.unit}" if spec.unit else "")
                self.spin.setSingleStep(_step(spec))
            else:
                self.slider.setRange(-SLIDER_STEPS, SLIDER_STEPS)
                self.spin.setDecimals(1)
                self.spin.setSingleStep(1.0 if mode is ChangeMode.RELATIVE else 0.5)
                self.spin.setSuffix(" %" if mode is ChangeMode.RELATIVE else " pp")
                self.spin.setRange(-100.0, 1000.0)
            self.slider.setPageStep(SLIDER_STEPS // 10)
        finally:
            self._quiet = False

    def _show_value(self) -> None:
        self._quiet = True
        try:
            self.slider.setValue(self._to_slider(self.value))
            self.spin.setValue(self._to_spin(self.value))
        finally:
            self._quiet = False
        self._show_result()

    def _show_result(self) -> None:
        spec = self.spec
        new = spec.new_value(self.mode, self.value)
        changed = new != spec.baseline
        before = format_value(spec.baseline, spec.unit)
        text = f"{before} → <b>{format_value(new, spec.unit)}</b>" if changed else before
        self.result_label.setText(text)
        colour = self.palette().color(self.foregroundRole()) if changed else muted_color(self.palette())
        sheet = f"color: {colour.name()}"
        if self.result_label.styleSheet() != sheet:  # a new style sheet re-polishes the label: ~0.1 ms a row
            self.result_label.setStyleSheet(sheet)
        self.reset_button.setEnabled(changed)
        self.name_label.setBold(changed)

    # --- conversions -------------------------------------------------------------------------

    def _to_slider(self, value: float) -> int:
        low, high = self.spec.slider_range(self.mode)
        if self.mode is ChangeMode.SET:
            fraction = 0.0 if high == low else (value - low) / (high - low)
            return round(min(max(fraction, 0.0), 1.0) * SLIDER_STEPS)
        return round(min(max(value / high, -1.0), 1.0) * SLIDER_STEPS)

    def _from_slider(self, position: int) -> float:
        low, high = self.spec.slider_range(self.mode)
        if self.mode is ChangeMode.SET:
            return low + (high - low) * position / SLIDER_STEPS
        return round(high * position / SLIDER_STEPS, 4)

    def _to_spin(self, value: float) -> float:
        return value * 100 if self.mode is ChangeMode.SET and self.spec.rate else value

    def _from_spin(self, shown: float) -> float:
        return shown / 100 if self.mode is ChangeMode.SET and self.spec.rate else shown

    # --- gestures ----------------------------------------------------------------------------

    def _slider_moved(self, position: int) -> None:
        if self._quiet:
            return
        self.value = self._from_slider(position)
        self._quiet = True
        try:
            self.spin.setValue(self._to_spin(self.value))
        finally:
            self._quiet = False
        self._show_result()
        if self.slider.isSliderDown():
            self.previewed.emit(self.spec.metric, self.mode, self.value)
        else:  # keys, page clicks, wheel: each step is complete in itself
            self.committed.emit(self.spec.metric, self.mode, self.value)

    def _slider_released(self) -> None:
        self.committed.emit(self.spec.metric, self.mode, self.value)

    def _spin_changed(self, shown: float) -> None:
        if self._quiet:
            return
        self.value = self._from_spin(shown)
        self._quiet = True
        try:
            self.slider.setValue(self._to_slider(self.value))
        finally:
            self._quiet = False
        self._show_result()
        self.committed.emit(self.spec.metric, self.mode, self.value)

    def switch_mode(self, mode: ChangeMode) -> None:
        """Express the same change another way; the metric stays where it is."""
        if mode is self.mode:
            return
        value = self.spec.convert(self.value, self.mode, mode)
        self.mode = mode
        self._configure()
        self.value = value
        self._show_value()
        self.committed.emit(self.spec.metric, self.mode, self.value)

    def reset(self) -> None:
        self.set_change(self.spec.natural_mode, None)
        self.committed.emit(self.spec.metric, self.mode, self.value)


def _decimals(baseline: float) -> int:
    magnitude = 0.0 if math.isnan(baseline) else abs(baseline)
    return 0 if magnitude >= 1000 else 2 if magnitude >= 1 else 4


def _step(spec: InputSpec) -> float:
    if spec.rate:
        return 0.5
    magnitude = 1.0 if math.isnan(spec.baseline) or spec.baseline == 0 else abs(spec.baseline)
    return float(10 ** max(-4, int(f"{magnitude:e}".split("e")[1]) - 2))

