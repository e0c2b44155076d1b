"""The small question on save: an optional note for the change log, your name once, and why the
north star changed when it did. Skippable; "don't ask again" is remembered (Preferences turns it back on).
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from metricscape.model.metadata import ModelInfo

from . import settings
from .save_record import SaveRecord, info_with_record, pending_record

if TYPE_CHECKING:
    from .session import DocumentSession

AUTHOR_KEY = "changelog/author"
ASK_KEY = "changelog/ask_for_note"


def author() -> str:
    return str(settings.settings().value(AUTHOR_KEY, "", type=str))


def set_author(name: str) -> None:
    settings.settings().setValue(AUTHOR_KEY, name.strip())


def asks_for_note() -> bool:
    return bool(settings.settings().value(ASK_KEY, True, type=bool))


def set_asks_for_note(on: bool) -> None:
    settings.settings().setValue(ASK_KEY, on)


@dataclass(frozen=True)
class SaveNote:
    note: str = ""
    reason: str = ""  # why the north star changed
    author: str = ""  # when the dialog asked for it
    dont_ask_again: bool = False


class SaveNoteDialog(QDialog):
    def __init__(self, parent: QWidget | None, record: SaveRecord, ask_author: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Save version {record.version}")
        self.result_note: SaveNote | None = None
        changes = "\n".join(f"• {line}" for line in record.summary) or "• No other changes"
        summary = QLabel(f"<b>What changed since the last save</b> (recorded in the change log):<br>"
                         f"{_html(changes)}")
        summary.setWordWrap(True)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Optional: why these changes? e.g. “Q3 review: baselines refreshed”")
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.author = QLineEdit(author() or _full_name())
        self.author.setPlaceholderText("Your name as teammates know it, e.g. Ana Ruiz (asked only once)")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("What changed in the product's value, and what evidence supports it?")
        self.reason.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.dont_ask = QCheckBox("Don't ask for a note again (Preferences can turn this back on)")
        form = QFormLayout()
        form.addRow("Note", self.note)
        if ask_author:
            form.addRow("Your name", self.author)
        if record.north_star is not None:
            star = QLabel(f"The north star is now “{record.north_star.name}”. Changing it is a big decision: "
                          "it is kept in the north-star history.")
            star.setWordWrap(True)
            form.addRow(star)
            form.addRow("Why it changed", self.reason)
        self.save_button = QPushButton("Save")
        self.skip_button = QPushButton("Save without note")
        cancel = QPushButton("Cancel")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self._done(skip=False))
        self.skip_button.clicked.connect(lambda: self._done(skip=True))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.dont_ask)
        layout.addLayout(buttons)
        self._ask_author = ask_author
        self.resize(520, self.sizeHint().height())

    def _done(self, skip: bool) -> None:
        self.result_note = SaveNote(
            note="" if skip else self.note.toPlainText().strip(),
            reason="" if skip else self.reason.toPlainText().strip(),
            author=self.author.text().strip() if self._ask_author else "",
            dont_ask_again=self.dont_ask.isChecked())
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, record: SaveRecord, ask_author: bool) -> SaveNote | None:
        """The note, or None when the user cancels the save. Tests replace this method."""
        dialog = cls(parent, record, ask_author)
        return dialog.result_note if dialog.exec() == QDialog.DialogCode.Accepted else None


def info_to_save(parent: QWidget | None, session: DocumentSession, today: dt.date | None = None
                 ) -> tuple[bool, ModelInfo | None]:
    """(go ahead?, the model details with this save's change-log entry, or None when nothing to record).

    Asks for a note unless the user said not to; always asks when the north star was redefined."""
    today = today or dt.date.today()
    record = pending_record(session.saved_tree, session.doc.tree, today)
    if record is None:
        return True, None
    answer, name = SaveNote(), author()
    if asks_for_note() or record.north_star_changed:
        ask_author = not name
        asked = SaveNoteDialog.ask(parent, record, ask_author=ask_author)
        if asked is None:
            return False, None
        answer = asked
        if ask_author and asked.author:
            name = asked.author
            set_author(name)
        if asked.dont_ask_again:
            set_asks_for_note(False)
    info = info_with_record(session.doc.info, record, today=today, author=name, note=answer.note,
                            reason=answer.reason)
    return True, info


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def _full_name() -> str:
    """The account's full name where the system has one ("Ana Ruiz"), never the login ("aruiz", "root"):
    a login name in a shared change log reads like a machine wrote it."""
    try:
        import pwd

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
        login = getpass.getuser()
    except (ImportError, KeyError, OSError):  # Windows has no pwd; some sandboxes have no entry
        return ""
    return "" if full.lower() in ("", login.lower(), "root") else full
