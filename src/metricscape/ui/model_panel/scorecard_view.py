"""The north-star scorecard as a guided view: four criteria and three questions, each with an
answer, a 1-5 rating and the evidence behind it."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from metricscape.model.metadata import SCORECARD_CRITERIA, Scorecard, ScorecardEntry

from ..widgets.commit_edits import CommitTextEdit
from ..widgets.field_box import ErrorLabel, HintLabel
from ..widgets.plain_errors import plain_error
from ..widgets.star_rating import LEVELS, StarRating

CRITERIA = ("value", "breadth", "actionability", "gaming_resistance")
QUESTIONS = ("decision", "segment", "benchmark")
ANSWER_PROMPTS = {
    "value": "What value does it measure for users, and why is it not just activity?",
    "breadth": "Which parts of the product move it? What would it miss?",
    "actionability": "How do teams move it? How does it break down into inputs?",
    "gaming_resistance": "How could it be inflated without real value? What stops that?",
    "decision": "e.g. where to invest next quarter's roadmap",
    "segment": "e.g. new listeners in their first 4 weeks",
    "benchmark": "e.g. last year's value, a competitor, an industry figure",
}


class ScorecardEntryEditor(QFrame):
    """One criterion or question. ``edited(field, value)`` reports a finished edit."""

    edited = Signal(str, object)

    def __init__(self, key: str, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        self.question = QLabel(f"<b>{question}</b>")
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        rating_row = QHBoxLayout()
        rating_row.setContentsMargins(0, 0, 0, 0)
        self.rating = StarRating()
        self.rating_text = HintLabel()
        rating_row.addWidget(self.rating)
        rating_row.addWidget(self.rating_text, 1)
        form.addRow("Rating", rating_row)
        self.answer = CommitTextEdit(min_lines=2, max_lines=8)
        self.answer.setPlaceholderText(ANSWER_PROMPTS.get(key, "Your answer"))
        self.answer.setToolTip("Your answer, in a sentence or two")
        form.addRow("Answer", self.answer)
        self.evidence = CommitTextEdit(min_lines=1, max_lines=8)
        self.evidence.setPlaceholderText("Data, research or experiments that back the answer")
        self.evidence.setToolTip("What backs up the answer and the rating")
        form.addRow("Evidence", self.evidence)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.rating.rated.connect(lambda value: self.edited.emit("rating", value))
        self.answer.committed.connect(lambda text: self.edited.emit("answer", text))
        self.evidence.committed.connect(lambda text: self.edited.emit("evidence", text))

    def show_entry(self, entry: ScorecardEntry) -> None:
        self.rating.set_rating(entry.rating)
        self.rating_text.setText("Not rated yet" if entry.rating is None else LEVELS[entry.rating])
        self.answer.set_shown(entry.answer)
        self.evidence.set_shown(entry.evidence)
        self.error.clear_error()

    def show_error(self, text: str) -> None:
        self.error.show_error(text)

    def clear_error(self) -> None:
        self.error.clear_error()


class ScorecardView(QWidget):
    """Emits ``scorecard_edited(new Scorecard, editor)``; the panel commits it."""

    scorecard_edited = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 6)
        layout.setSpacing(6)
        self.summary = HintLabel()
        layout.addWidget(self.summary)
        self.editors: dict[str, ScorecardEntryEditor] = {}
        for heading, keys in (("Is it a good north star?", CRITERIA), ("What is it for?", QUESTIONS)):
            title = QLabel(f"<b>{heading}</b>")
            layout.addWidget(title)
            for key in keys:
                editor = ScorecardEntryEditor(key, SCORECARD_CRITERIA[key])
                editor.edited.connect(lambda field, value, key=key: self._edited(key, field, value))
                self.editors[key] = editor
                layout.addWidget(editor)
        self._scorecard = Scorecard()

    def show_scorecard(self, scorecard: Scorecard) -> None:
        self._scorecard = scorecard
        for key, _question, entry in scorecard.entries():
            self.editors[key].show_entry(entry)
        self.summary.setText(scorecard_summary(scorecard))

    def _edited(self, key: str, field: str, value: Any) -> None:
        editor = self.editors[key]
        data = self._scorecard.model_dump()
        data[key][field] = value
        try:
            scorecard = Scorecard.model_validate(data)
        except ValidationError as exc:
            editor.show_error(plain_error(exc, {"rating": "Rating", "answer": "Answer", "evidence": "Evidence"}))
            return
        self.scorecard_edited.emit(scorecard, editor)


def scorecard_summary(scorecard: Scorecard) -> str:
    entries = [entry for _key, _question, entry in scorecard.entries()]
    assessed = sum(entry.assessed for entry in entries)
    ratings = [entry.rating for entry in entries if entry.rating is not None]
    text = f"{assessed} of {len(entries)} answered and rated."
    if ratings:
        text += f" Average rating {sum(ratings) / len(ratings):.1f} of 5."
    if assessed < len(entries):
        text += " An entry counts once it has both an answer and a rating."
    return text
