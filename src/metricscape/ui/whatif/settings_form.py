"""Analysis settings saved in the model file: samples, seed, tornado swing, significance and power.
Each change is one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from .controller import WhatIfController


class SettingsForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller: WhatIfController | None = None
        self.samples = QSpinBox()
        self.samples.setRange(100, 2_000_000)
        self.samples.setSingleStep(1000)
        self.samples.setGroupSeparatorShown(True)
        self.samples.setToolTip("How many possible futures the simulation draws: more is smoother, and slower")
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_147_483_647)
        self.seed.setToolTip("The same seed gives the same numbers on every run and computer")
        self.swing = QDoubleSpinBox()
        self.swing.setRange(0.1, 100)
        self.swing.setSuffix(" %")
        self.swing.setToolTip("How far the lever chart moves an input that has no uncertainty range")
        self.alpha = QDoubleSpinBox()
        self.alpha.setRange(0.001, 0.49)
        self.alpha.setDecimals(3)
        self.alpha.setSingleStep(0.01)
        self.alpha.setToolTip("Significance level of the A/B tests sized in Experiment (0.05 is common)")
        self.power = QDoubleSpinBox()
        self.power.setRange(51, 99)
        self.power.setSuffix(" %")
        self.power.setToolTip("Chance the test detects a real effect of that size (80 % is common)")
        fields: dict[str, QSpinBox | QDoubleSpinBox] = {"samples": self.samples, "seed": self.seed, "tornado_swing_pct": self.swing, "alpha": self.alpha,
                  "power": self.power}
        for name, box in fields.items():
            box.setKeyboardTracking(False)
            box.valueChanged.connect(lambda _v, n=name: self._commit(n))
        self._fields = fields
        form = QFormLayout()
        form.addRow("Simulated futures (samples)", self.samples)
        form.addRow("Random seed", self.seed)
        form.addRow("Lever swing without a range", self.swing)
        form.addRow("Test significance (alpha)", self.alpha)
        form.addRow("Test power", self.power)
        note = QLabel("Saved in the model file, so teammates see the same numbers. Results are always recomputed.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addStretch(1)
        self._quiet = False
        self.set_controller(None)

    def set_controller(self, controller: WhatIfController | None) -> None:
        if self.controller is not None:
            self.controller.model_changed.disconnect(self.refresh)
        self.controller = controller
        if controller is not None:
            controller.model_changed.connect(self.refresh)
        self.setEnabled(controller is not None)
        self.refresh()

    def refresh(self) -> None:
        if self.controller is None:
            return
        s = self.controller.doc.simulation
        self._quiet = True
        try:
            self.samples.setValue(s.samples)
            self.seed.setValue(min(s.seed, self.seed.maximum()))
            self.swing.setValue(s.tornado_swing_pct)
            self.alpha.setValue(s.alpha)
            self.power.setValue(s.power * 100)
        finally:
            self._quiet = False

    def _commit(self, name: str) -> None:
        if self._quiet or self.controller is None:
            return
        value = self._fields[name].value()
        if name == "power":
            value = value / 100
        current = getattr(self.controller.doc.simulation, name)
        if value != current:
            self.controller.context.push(self.controller.doc.plan.update_simulation(**{name: value}))
