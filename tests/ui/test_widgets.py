"""The shared small widgets and the pure helpers behind them."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from metricscape.model import Link, LinkKind, Metric, Uncertainty
from metricscape.model.errors import FormulaError, ModelError
from metricscape.ui.widgets.collapsible import CollapsibleSection
from metricscape.ui.widgets.commit_edits import CommitLineEdit, CommitTextEdit
from metricscape.ui.widgets.density import curve
from metricscape.ui.widgets.distribution_preview import DistributionPreview
from metricscape.ui.widgets.formula_edit import FormulaEdit, formula_problem, readable_formula
from metricscape.ui.widgets.markdown_edit import MarkdownEdit
from metricscape.ui.widgets.number_edit import NumberEdit
from metricscape.ui.widgets.number_text import NumberTextError, format_number, parse_number
from metricscape.ui.widgets.optional_date_edit import OptionalDateEdit
from metricscape.ui.widgets.optional_spin import OptionalSpinBox
from metricscape.ui.widgets.plain_errors import plain_error
from metricscape.ui.widgets.star_rating import StarRating

# --- numbers as PMs type them --------------------------------------------------------------------


@pytest.mark.parametrize(("text", "percent", "expected"), [
    ("1200", False, 1200.0), ("1,200", False, 1200.0), ("1.2k", False, 1200.0), ("3.4M", False, 3.4e6),
    ("2bn", False, 2e9), ("$4.20", False, 4.2), ("-0.25", False, -0.25), ("12.5 %", False, 0.125),
    ("34.5", True, 0.345), ("34.5 %", True, 0.345), ("", False, None), ("   ", True, None), ("1e3", False, 1000.0),
])
def test_parse_number(text: str, percent: bool, expected: float | None) -> None:
    assert parse_number(text, percent=percent) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["lots", "1.2.3", "12 users", "--1"])
def test_parse_number_explains_what_to_type(text: str) -> None:
    with pytest.raises(NumberTextError, match="1.2k"):
        parse_number(text)


def test_parse_number_refuses_infinity() -> None:
    with pytest.raises(NumberTextError, match="too large"):
        parse_number("1e999")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15), st.booleans())
def test_format_then_parse_gives_the_value_back(value: float, percent: bool) -> None:
    back = parse_number(format_number(value, percent=percent), percent=percent)
    assert back == pytest.approx(value, rel=1e-11, abs=1e-300)


@given(st.text(max_size=30))
def test_parse_number_only_ever_raises_its_own_plain_error(text: str) -> None:
    try:
        value = parse_number(text)
    except NumberTextError as exc:
        assert str(exc).startswith("‘")
    else:
        assert value is None or math.isfinite(value)


# --- plain errors ----------------------------------------------------------------------------------


def test_plain_error_uses_the_labels_on_screen() -> None:
    with pytest.raises(ValidationError) as info:
        Uncertainty(distribution="range", low=5, high=3)
    assert plain_error(info.value, {"low": "Low", "high": "High"}) == "‘Low’ (5) must not exceed ‘High’ (3)."


def test_plain_error_for_a_bound() -> None:
    metric = Metric(id="a", name="A")
    with pytest.raises(ValidationError) as info:
        metric.with_changes(unit_variability=-1)
    assert plain_error(info.value, {"unit_variability": "Per-user variability"}) == \
        "Per-user variability must be 0 or more."


def test_plain_error_for_an_empty_name_and_model_errors() -> None:
    with pytest.raises(ValidationError) as info:
        Metric(id="a", name="A").with_changes(name="")
    assert plain_error(info.value, {"name": "Name"}) == "Name cannot be empty."
    assert plain_error(FormulaError("unknown metric 'x'", column=3)) == "At column 3: Unknown metric 'x'"
    assert plain_error(ModelError("a model has one north star")) == "A model has one north star"


# --- formulas ------------------------------------------------------------------------------------

KNOWN = {"visitors": "Visitors", "conversion_rate": "Conversion rate", "orders": "Orders"}


def test_formula_problem_names_the_column_and_suggests() -> None:
    assert formula_problem("visitors * conversion_rat", KNOWN, "orders") == \
        "Column 12: Unknown metric 'conversion_rat' — did you mean 'conversion_rate'?"
    assert formula_problem("visitors *", KNOWN).startswith("Column 11: The formula ends unexpectedly")
    assert formula_problem("", KNOWN) == ""
    assert formula_problem("visitors * conversion_rate", KNOWN, "orders") == ""
    assert "would make a loop" in formula_problem("orders / 2", KNOWN, "visitors", loops={"orders": "Orders"})


@given(st.text(max_size=60))
def test_formula_problem_never_raises(text: str) -> None:
    assert isinstance(formula_problem(text, KNOWN, "orders"), str)


def test_readable_formula_uses_names() -> None:
    assert readable_formula("visitors*conversion_rate / 2 + max(orders, 1)", KNOWN) == \
        "Visitors × Conversion rate ÷ 2 + max(Orders, 1)"
    assert readable_formula("visitors ** 2", KNOWN) == "Visitors ^ 2"


# --- distribution curve ----------------------------------------------------------------------------


def test_a_range_is_drawn_with_its_90_percent_interval() -> None:
    metric = Metric(id="s", name="S", baseline=100, uncertainty=Uncertainty(distribution="range", low=80, high=120))
    shape = curve(metric)
    assert shape.low == pytest.approx(80, rel=1e-6) and shape.high == pytest.approx(120, rel=1e-6)
    assert shape.xs[0] < shape.low < shape.high < shape.xs[-1]
    peak = shape.xs[shape.ys.index(max(shape.ys))]
    assert 90 < peak < 101  # lognormal: the peak sits a little left of the middle


def test_a_rate_is_never_drawn_outside_0_to_100_percent() -> None:
    metric = Metric(id="r", name="R", unit="%", baseline=0.02,
                    uncertainty=Uncertainty(distribution="normal", sd=0.03))
    shape = curve(metric)
    assert all(y == 0 for x, y in zip(shape.xs, shape.ys, strict=True) if x < 0)
    assert shape.low >= 0


def test_no_shape_without_uncertainty_and_a_message_when_parameters_are_missing() -> None:
    assert curve(Metric(id="a", name="A", baseline=3)) is None
    message = curve(Metric(id="a", name="A", uncertainty=Uncertainty(distribution="triangular", low=1, high=5)))
    assert isinstance(message, str) and "baseline" in message


def test_preview_paints_a_curve_and_labels(qtbot) -> None:
    preview = DistributionPreview()
    qtbot.addWidget(preview)
    preview.resize(300, 90)
    preview.show_metric(Metric(id="a", name="A", unit="%", baseline=0.6,
                               uncertainty=Uncertainty(distribution="range", low=0.5, high=0.7)))
    assert "50 %" in preview.toolTip() and "70 %" in preview.toolTip()
    image = preview.grab().toImage()
    accent = preview.palette().highlight().color()
    assert any(_close(image.pixelColor(x, y), accent) for x in range(0, 300, 2) for y in range(0, 90, 2))


def _close(a, b) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


# --- editors ---------------------------------------------------------------------------------------


def test_commit_line_edit_commits_once_per_finished_edit_and_never_on_refresh(qtbot) -> None:
    edit = CommitLineEdit()
    qtbot.addWidget(edit)
    committed: list[str] = []
    edit.committed.connect(committed.append)
    edit.set_shown("old")
    assert committed == []
    edit.end(False)
    qtbot.keyClicks(edit, "er")
    assert committed == []
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert committed == ["older"]
    qtbot.keyClicks(edit, "!")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.text() == "older"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert committed == ["older"]


def test_commit_text_edit_commits_on_ctrl_enter(qtbot) -> None:
    edit = CommitTextEdit()
    qtbot.addWidget(edit)
    committed: list[str] = []
    edit.committed.connect(committed.append)
    qtbot.keyClicks(edit, "line")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "two")
    assert committed == []
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert committed == ["line\ntwo"]


def test_number_edit_reports_problems_and_reads_percentages(qtbot) -> None:
    edit = NumberEdit()
    qtbot.addWidget(edit)
    values, problems = [], []
    edit.value_committed.connect(values.append)
    edit.problem.connect(problems.append)
    edit.set_percent(True)
    edit.set_value(0.25)
    assert edit.text() == "25 %"
    edit.selectAll()
    qtbot.keyClicks(edit, "3x")
    assert "is not a number" in problems[-1]
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert values == []
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert problems[-1] == ""
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert values == [pytest.approx(0.03)]
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert values[-1] is None


def test_formula_edit_completes_function_names_with_a_bracket(qtbot) -> None:
    edit = FormulaEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.set_context(KNOWN, "orders", {})
    edit.setFocus()
    qtbot.keyClicks(edit, "ma")
    completer = edit.completer_
    shown = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert any(text.startswith("max(") for text in shown)
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(
        next(i for i, text in enumerate(shown) if text.startswith("max(")), 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert edit.text() == "max("
    qtbot.keyClicks(edit, "visitors, 1)")
    assert edit.current_problem() == ""
    committed: list[str] = []
    edit.committed.connect(committed.append)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert committed == ["max(visitors, 1)"]


def test_star_rating_click_and_clear(qtbot) -> None:
    stars = StarRating()
    qtbot.addWidget(stars)
    stars.show()
    rated: list = []
    stars.rated.connect(rated.append)
    stars.set_rating(2)
    assert rated == []
    qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=QPoint(2 + 3 * 24 + 10, 12))
    qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=QPoint(2 + 3 * 24 + 10, 12))
    assert rated == [4, None]
    assert stars.accessibleName() == "Rating: Not rated"


def test_optional_date_edit_today_and_clear(qtbot) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    dates: list = []
    edit.date_committed.connect(dates.append)
    edit.set_date(dt.date(2026, 1, 5))
    assert edit.date() == dt.date(2026, 1, 5) and dates == []
    qtbot.mouseClick(edit.clear_button, Qt.MouseButton.LeftButton)
    assert edit.edit.text() == "Not set"
    qtbot.mouseClick(edit.today_button, Qt.MouseButton.LeftButton)
    assert dates == [None, dt.date.today()]
    assert edit.clear_button.isEnabled()


def test_an_empty_date_opens_its_calendar_on_this_month(qtbot) -> None:
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.show()
    dates: list = []
    edit.date_committed.connect(dates.append)
    edit.set_date(None)
    box = edit.edit
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(box.width() - 8, box.height() // 2))
    calendar = box.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = dt.date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)
    assert edit.date() is None and dates == []


def test_optional_spin_box_not_set_and_no_echo(qtbot) -> None:
    spin = OptionalSpinBox(1, 100, " days")
    qtbot.addWidget(spin)
    values: list = []
    spin.value_committed.connect(values.append)
    spin.set_value(None)
    assert spin.text() == "Not set" and values == []
    spin.set_value(30)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert values == [31]
    spin.setValue(spin.minimum())
    assert values == [31, None]


def test_markdown_edit_toggles_between_editor_and_rendered_text(qtbot) -> None:
    edit = MarkdownEdit()
    qtbot.addWidget(edit)
    edit.show()
    committed: list[str] = []
    edit.committed.connect(committed.append)
    edit.set_markdown("")
    assert edit.editing and edit.toggle.isHidden()
    edit.set_markdown("# Title\n\n- one")
    assert not edit.editing and edit.toggle.text() == "Edit"
    assert edit.viewer.toPlainText().startswith("Title")
    qtbot.mouseClick(edit.toggle, Qt.MouseButton.LeftButton)
    assert edit.editing and edit.toggle.text() == "Preview"
    edit.editor.moveCursor(edit.editor.textCursor().MoveOperation.End)
    qtbot.keyClick(edit.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(edit.editor, "- two")
    qtbot.mouseClick(edit.toggle, Qt.MouseButton.LeftButton)
    assert committed == ["# Title\n\n- one\n- two"]
    assert "two" in edit.viewer.toPlainText() and not edit.editing
    qtbot.mouseDClick(edit.viewer.viewport(), Qt.MouseButton.LeftButton)
    assert edit.editing


def test_collapsible_section_hides_its_content(qtbot) -> None:
    content = QLabel("inside")
    section = CollapsibleSection("Values", content)
    qtbot.addWidget(section)
    section.show()
    assert content.isVisible()
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert not content.isVisible() and not section.expanded
    qtbot.mouseClick(section.header, Qt.MouseButton.LeftButton)
    assert content.isVisible()


def test_link_errors_read_in_plain_words() -> None:
    link = Link(source="a", target="b", kind=LinkKind.INFLUENCE, elasticity=0.3)
    with pytest.raises(ValidationError) as info:
        link.with_changes(elasticity_low=0.5)
    assert plain_error(info.value, {"elasticity_low": "Low", "elasticity_high": "High"}) == \
        "Give both ‘Low’ and ‘High’, or neither."
