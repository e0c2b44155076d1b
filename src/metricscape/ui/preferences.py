"""Preferences: theme (follow the system, light or dark), snapping to the grid, autosave interval."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QSpinBox

from . import save_note_dialog, settings
from .theme import THEMES

if TYPE_CHECKING:
    from .shell import Shell

THEME_NAMES = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class PreferencesDialog(QDialog):
    def __init__(self, window: Shell) -> None:
        super().__init__(window.as_widget())
        self.window_ = window
        self.setWindowTitle("Preferences")
        self.theme = QComboBox()
        for key in THEMES:
            self.theme.addItem(THEME_NAMES[key], key)
        self.theme.setCurrentIndex(THEMES.index(settings.theme_choice()) if settings.theme_choice() in THEMES else 0)
        self.snapping = QCheckBox("Snap cards to the grid while moving them")
        self.snapping.setChecked(settings.snapping())
        self.autosave = QSpinBox()
        self.autosave.setRange(10, 3600)
        self.autosave.setSuffix(" s")
        self.autosave.setValue(settings.autosave_seconds())
        self.autosave.setToolTip("How often unsaved models are kept safe in case the app closes unexpectedly")
        self.ask_note = QCheckBox("Ask for a change-log note when saving")
        self.ask_note.setChecked(save_note_dialog.asks_for_note())
        form = QFormLayout(self)
        form.addRow("Theme", self.theme)
        form.addRow("", self.snapping)
        form.addRow("", self.ask_note)
        form.addRow("Autosave every", self.autosave)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        choice = self.theme.currentData()
        settings.set_theme_choice(choice)
        settings.set_snapping(self.snapping.isChecked())
        save_note_dialog.set_asks_for_note(self.ask_note.isChecked())
        settings.settings().setValue("files/autosave_seconds", self.autosave.value())
        self.window_.apply_preferences(choice, self.snapping.isChecked(), self.autosave.value())
        super().accept()
