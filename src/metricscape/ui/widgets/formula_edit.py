"""The formula field: checks the formula as you type (message with column) and completes metric
names and function names at the cursor, as a spreadsheet does: typing ``week`` offers *Weekly
orders placed* and inserts its id. One Enter takes the highlighted suggestion and applies."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QWidget

from metricscape.model.errors import FormulaError
from metricscape.model.formula import FUNCTIONS, parse

from .commit_edits import CommitLineEdit

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD_BEFORE_CURSOR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
# Words typed as a name ("weekly orders"): never a valid formula, so safe to read as a name.
_NAME_BEFORE_CURSOR = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?: [A-Za-z0-9_]+)+$")
_COMPLETION_ROLE = Qt.ItemDataRole.UserRole  # what is inserted (QStandardItem shares Display and Edit)
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # what typing matches: the name and the id
_COMPLETION_KEYS = (Qt.Key.Key_Enter, Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def formula_problem(text: str, known: Collection[str], owner: str | None = None,
                    loops: Mapping[str, str] | None = None) -> str:
    """What is wrong with ``text`` in plain words, or "" (an empty formula is fine: no formula).

    ``loops`` maps the ids that ``owner`` already drives to their names: using one would
    make a loop, which the model refuses only later and less helpfully.
    """
    if not text.strip():
        return ""
    try:
        formula = parse(text, known=known, owner=owner)
    except FormulaError as exc:
        where = f"Column {exc.column}: " if exc.column else ""
        return where + exc.message[:1].upper() + exc.message[1:]
    for ref, column in zip(formula.refs, formula.columns, strict=True):
        if loops and ref in loops:
            return (f"Column {column}: ‘{loops[ref]}’ is itself driven by this metric, so using it here "
                    "would make a loop")
    return ""


def readable_formula(text: str, names: Mapping[str, str]) -> str:
    """The formula in words: ids replaced by metric names, × and ÷ for * and /."""
    words = _IDENTIFIER.sub(lambda m: names.get(m.group(0), m.group(0)), text.replace("**", "^"))
    return " ".join(words.replace("*", " × ").replace("/", " ÷ ").split())


class FormulaEdit(CommitLineEdit):
    problem = Signal(str)  # "" once the formula is fine again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self._owner: str | None = None
        self._loops: Mapping[str, str] | Callable[[], Mapping[str, str]] = {}
        self._ranked_for: str | None = None  # the typed text the suggestions are ordered for
        self.setPlaceholderText("Type metric names, e.g. visitors × conversion")
        self._model = QStandardItemModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setWidget(self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setCompletionRole(_SEARCH_ROLE)
        self.completer_.activated[QModelIndex].connect(self._insert_completion)  # type: ignore[index]  # PySide6's stubs do not know overloaded signals
        self.textEdited.connect(self._edited)

    def set_context(self, names: Mapping[str, str], owner: str | None,
                    loops: Mapping[str, str] | Callable[[], Mapping[str, str]]) -> None:
        """``names``: id -> display name of every metric; ``loops``: ids the owner already drives,
        or a function computing them on first use (a graph walk not worth doing on every refresh)."""
        if dict(names) != self._names or owner != self._owner:  # a formula never offers its own metric
            self._names = dict(names)
            self._owner = owner
            self._ranked_for = None
            self._fill("")
        self._owner, self._loops = owner, loops

    def _fill(self, typed: str) -> None:
        """The suggestions, best first for what is typed: names with a word starting with it
        ("week" → *Weekly orders placed*) before names that merely contain it."""
        if typed == self._ranked_for:
            return
        self._ranked_for = typed
        typed = typed.lower()

        def rank(item: tuple[str, str]) -> tuple[int, str]:
            name = item[1].lower()
            starts = name.startswith(typed) or item[0].startswith(typed)
            word = any(w.startswith(typed) for w in name.split())
            return (0 if starts else 1 if word else 2), name

        self._model.clear()
        for metric_id, name in sorted(((i, n) for i, n in self._names.items() if i != self._owner), key=rank):
            self._model.appendRow(_completion_item(metric_id, f"{name}   ({metric_id})", name, f"{name} {metric_id}"))
        for function, (_low, _high, usage) in FUNCTIONS.items():
            self._model.appendRow(_completion_item(function + "(", f"{function}(…)   {usage}", usage, function))

    def _loop_names(self) -> Mapping[str, str]:
        if callable(self._loops):
            self._loops = dict(self._loops())
        return self._loops

    def _problem(self, text: str) -> str:
        if not text.strip():
            return ""
        return formula_problem(text, self._names, self._owner, self._loop_names())

    def current_problem(self) -> str:
        return self._problem(self.text())

    def set_shown(self, text: str) -> None:
        super().set_shown(text)
        self.problem.emit("")

    def accepts(self, text: str) -> bool:
        message = self._problem(text)
        self.problem.emit(message)
        return not message

    def _edited(self, text: str) -> None:
        self.problem.emit(self._problem(text))
        self._complete()

    def _word_before_cursor(self) -> str:
        """The id or the name being typed just before the cursor ("" when none)."""
        before = self.text()[:self.cursorPosition()]
        match = _NAME_BEFORE_CURSOR.search(before) or _WORD_BEFORE_CURSOR.search(before)
        return match.group(0) if match else ""

    def _complete(self) -> None:
        prefix = self._word_before_cursor()
        popup = self.completer_.popup()
        if popup is None:
            return
        if not prefix:
            popup.hide()
            return
        self._fill(prefix)
        self.completer_.setCompletionPrefix(prefix)
        model = self.completer_.completionModel()
        inserted = [model.index(i, 0).data(_COMPLETION_ROLE) for i in range(self.completer_.completionCount())]
        if not inserted or inserted == [prefix]:
            popup.hide()
            return
        # the metric whose id was typed in full comes first, so Enter never swaps it for a longer one
        popup.setCurrentIndex(model.index(inserted.index(prefix) if prefix in inserted else 0, 0))
        rect = self.cursorRect()
        bar = popup.verticalScrollBar()
        rect.setWidth(max(320, popup.sizeHintForColumn(0) + (bar.sizeHint().width() if bar is not None else 0)))
        self.completer_.complete(rect)

    def _insert_completion(self, index: QModelIndex) -> None:
        completion = index.data(_COMPLETION_ROLE)
        cursor = self.cursorPosition()
        prefix = self._word_before_cursor()
        text = self.text()
        start = cursor - len(prefix)
        new_text = text[:start] + completion + text[cursor:]
        self.setText(new_text)
        self.setCursorPosition(start + len(completion))
        self.textEdited.emit(new_text)

    def event(self, event: QEvent) -> bool:
        """Tab takes the highlighted suggestion and keeps typing (QWidget would move the focus
        before keyPressEvent ever saw the key)."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) or event.key() != Qt.Key.Key_Tab:
            return super().event(event)
        popup = self.completer_.popup()
        if popup is not None and popup.isVisible():
            index = popup.currentIndex()
            popup.hide()
            if index.isValid():
                self._insert_completion(index)
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer_.popup()
        if popup is not None and popup.isVisible() and event.key() in (Qt.Key.Key_Enter, Qt.Key.Key_Return):
            # One Enter: take the highlighted suggestion and apply the formula (a function name
            # only goes in: its arguments are still to come).
            index = popup.currentIndex()
            popup.hide()
            if index.isValid():
                self._insert_completion(index)
                if str(index.data(_COMPLETION_ROLE)).endswith("("):
                    event.accept()
                    return
            super().keyPressEvent(event)  # Enter: the line edit applies the formula
            event.accept()  # and the completer, seeing it taken, does not insert it a second time
            return
        if popup is not None and popup.isVisible() and event.key() in _COMPLETION_KEYS:
            event.ignore()  # the completer's popup handles these
            return
        super().keyPressEvent(event)
        if event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._complete()


def _completion_item(completion: str, shown: str, tooltip: str, search: str) -> QStandardItem:
    item = QStandardItem(shown)
    item.setData(completion, _COMPLETION_ROLE)
    item.setData(search, _SEARCH_ROLE)
    item.setToolTip(tooltip)
    item.setEditable(False)
    return item
