"""Issue 14 items 1 and 3: a new metric's id follows its name; Rename id… moves every reference in
one undo step; the card, the selection and the inspector follow; visible texts say names."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from metricscape.io import dumps
from metricscape.model import LinkKind
from metricscape.ui.canvas_menu import build_canvas_menu
from metricscape.ui.rename_id import RenameIdDialog
from metricscape.ui.session import DocumentSession


def type_name(qtbot, view, name: str) -> None:
    editor = view.rename_editor()
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, name)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_a_new_inputs_id_follows_its_name(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    tab, doc = window.current_tab, session.doc
    session.scene.select_only(["hours_total"])
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Tab)
    type_name(qtbot, tab.view, "Cancellation rate")
    assert doc.has_metric("cancellation_rate") and not any(i.startswith("new_input") for i in doc.ids())
    assert doc.link("cancellation_rate", "hours_total") is not None
    assert session.scene.selected_metric_ids() == ["cancellation_rate"]  # the selection stayed on the card
    assert session.undo_stack.undoText() == "Rename ‘New input’ to ‘Cancellation rate’"
    # a metric that came from the file keeps its id when renamed
    session.scene.select_only(["users"])
    assert tab.controller.rename("users", "Weekly listeners (app)")
    assert doc.metric("users").name == "Weekly listeners (app)"


def test_rename_id_from_the_card_menu_moves_every_reference_and_undo_restores(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    tab, doc, scene = window.current_tab, session.doc, session.scene
    tab.view.fit_to_view()
    before = dumps(doc.tree)
    menu = build_canvas_menu(tab.view, tab.controller, tab.view.mapFromScene(scene.card("users").sceneBoundingRect().center()))
    action = next(a for a in menu.actions() if a.text() == "Rename id…")

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RenameIdDialog)
        dialog.field.setText("Bad id")
        assert not dialog.buttons.buttons()[0].isEnabled() and "lower-case" in dialog.problem.text()
        dialog.field.setText("hours")
        assert "Hours per listener" in dialog.problem.text()
        dialog.field.setText("listeners")
        dialog.accept()

    QTimer.singleShot(0, answer)
    action.trigger()
    assert doc.has_metric("listeners") and not doc.has_metric("users")
    assert doc.metric("hours_total").formula == "listeners * hours"
    assert doc.link("listeners", "hours_total").kind is LinkKind.FORMULA
    assert scene.card("listeners").metric.id == "listeners"
    assert scene.selected_metric_ids() == ["listeners"]
    inspector = window.inspector.metric_form
    assert "listeners" in inspector.subtitle.text() and inspector.title.text() == "Weekly listeners"
    assert session.undo_stack.undoText() == "Rename the id of ‘Weekly listeners’ to listeners"
    session.undo_stack.undo()
    assert dumps(doc.tree) == before
    assert scene.card("users").metric.id == "users"


def test_show_in_the_what_if_brings_the_inputs_row_forward(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    tab, scene = window.current_tab, session.scene
    tab.view.fit_to_view()
    window.whatif.panel_dock.hide()
    menu = build_canvas_menu(tab.view, tab.controller, tab.view.mapFromScene(scene.card("users").sceneBoundingRect().center()))
    next(a for a in menu.actions() if a.text() == "Show in the what-if").trigger()
    assert window.whatif.panel_dock.isVisible()
    assert window.whatif.panel.rows["users"].spin.hasFocus()
    assert not window.whatif.show_metric("hours_total")
    assert "computed from its inputs" in window.whatif.panel.message.text()


def test_link_undo_texts_say_names(window, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    session.push(session.doc.plan.update_link("activation", "hours", elasticity=0.5))
    assert session.undo_stack.undoText() == "Edit link ‘Activation rate’ → ‘Hours per listener’: elasticity"


def test_rename_id_from_the_inspector(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    session.scene.select_only(["churn"])
    form = window.inspector.metric_form
    assert form.rename_id_button.isVisible()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RenameIdDialog)
        dialog.field.setText("churn_rate")
        dialog.accept()

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(form.rename_id_button, Qt.MouseButton.LeftButton)
    assert session.doc.link("churn_rate", "hours_total").kind is LinkKind.GUARD
    assert session.scene.selected_metric_ids() == ["churn_rate"]
    assert form.metric_id == "churn_rate"


def food_tree():
    from metricscape.model import Metric, MetricKind, MetricTree, Position
    return MetricTree(metrics=(
        Metric(id="orders_delivered", name="Orders delivered", kind=MetricKind.NORTH_STAR),
        Metric(id="weekly_orders_placed", name="Weekly orders placed", baseline=1000, position=Position(x=0, y=300)),
        Metric(id="cancellation_rate", name="Cancellation rate", baseline=0.05, unit="%",
               position=Position(x=300, y=300)),
        Metric(id="basket", name="Average basket", baseline=25, position=Position(x=600, y=300)),
    ))


def test_formulas_by_name_one_enter_applies_and_names_are_the_main_view(window, qtbot) -> None:
    session = DocumentSession(food_tree())
    window.add_session(session)
    doc = session.doc
    session.scene.select_only(["orders_delivered"])
    field = window.inspector.metric_form.definition.formula_field
    edit = field.edit
    assert edit.isVisible() and not field.names.isVisible()  # no formula yet: ready to type
    edit.setFocus()
    qtbot.keyClicks(edit, "week")
    popup = edit.completer_.popup()
    assert popup.isVisible()
    assert popup.currentIndex().data() == "Weekly orders placed   (weekly_orders_placed)"
    qtbot.keyClick(popup, Qt.Key.Key_Tab)  # Tab takes the suggestion and keeps typing
    qtbot.keyClicks(edit, " * (1 - cancel")
    qtbot.keyClick(popup, Qt.Key.Key_Tab)
    qtbot.keyClicks(edit, ")")
    assert field.echo.text() == "= Weekly orders placed × (1 - Cancellation rate)"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert doc.metric("orders_delivered").formula == "weekly_orders_placed * (1 - cancellation_rate)"
    assert field.names.isVisible() and not edit.isVisible()  # back to names
    assert field.names.text() == "= Weekly orders placed × (1 - Cancellation rate)"
    qtbot.mouseClick(field.names, Qt.MouseButton.LeftButton)  # the ids, one click away
    assert edit.isVisible() and edit.text() == "weekly_orders_placed * (1 - cancellation_rate)"
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert field.names.isVisible()

    # one Enter: the highlighted name goes in and the formula applies
    session.scene.select_only(["basket"])
    edit.setFocus()
    qtbot.keyClicks(edit, "weekly ord")
    assert popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert doc.metric("basket").formula == "weekly_orders_placed"
    assert not popup.isVisible()


def test_the_what_if_and_the_analyses_say_the_new_name_at_once(window, qtbot, tmp_path) -> None:
    from PySide6.QtCore import QPointF

    session = window.new_document()
    tab, ws = window.current_tab, window.whatif
    star_id = tab.controller.add_metric_at(QPointF(0, 0))
    assert star_id is not None
    qtbot.keyClick(tab.view.rename_editor(), Qt.Key.Key_Escape)
    headline = ws.panel.headline
    assert "'North star' has no baseline" in headline_text(headline)
    tab.controller.rename(star_id, "Orders delivered")
    star_id = "orders_delivered"
    assert "'Orders delivered' has no baseline" in headline_text(headline)
    assert "'North star'" not in headline_text(headline)

    session.push(session.doc.plan.update_metric(star_id, baseline=1000.0))
    tabs = ws.analyses.tabs
    with qtbot.waitSignal(ws.current.runner.finished, timeout=60_000, check_params_cb=lambda k, _r: k == "tornado"):
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Levers"))
        ws.analyses.refresh()
    chart = ws.analyses.tornado
    assert "What moves Orders delivered most" in chart.chart().title() or "‘Orders delivered’" in chart.empty_text
    session.save(tmp_path / "orders.json")  # saved: from now on a rename keeps the id
    with qtbot.waitSignal(ws.current.runner.finished, timeout=60_000, check_params_cb=lambda k, _r: k == "tornado"):
        tab.controller.rename(star_id, "Weekly orders delivered")
    assert session.doc.has_metric(star_id)
    assert "What moves Weekly orders delivered most" in chart.chart().title() or \
        "‘Weekly orders delivered’" in chart.empty_text
    assert "Orders delivered most" not in chart.chart().title().replace("Weekly orders delivered", "")
    ws.shutdown()


def headline_text(headline) -> str:
    from PySide6.QtWidgets import QLabel
    return " ".join(label.text() for label in headline.findChildren(QLabel) if label.isVisibleTo(headline))


def test_formula_suggestions_never_offer_the_metric_itself_and_rank_word_starts_first(window, qtbot) -> None:
    from metricscape.model import Metric
    tree = food_tree()
    tree = tree.model_copy(update={"metrics": (*tree.metrics[:-1], tree.metrics[-1].model_copy(
        update={"name": "Biweekly basket"}), Metric(id="target_week", name="Target for the week"))})
    session = DocumentSession(tree)
    window.add_session(session)
    field = window.inspector.metric_form.definition.formula_field
    for owner in ("basket", "orders_delivered"):  # the list follows the metric in view
        session.scene.select_only([owner])
        edit = field.edit
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, "week")
        model = edit.completer_.completionModel()
        offered = [model.index(i, 0).data(Qt.ItemDataRole.UserRole) for i in range(edit.completer_.completionCount())]
        assert owner not in offered
        assert offered[0] == "weekly_orders_placed"  # the name starts with it
        if owner != "basket":  # a word starting with it, then a name merely containing it
            assert offered.index("target_week") < offered.index("basket")
        qtbot.keyClick(edit, Qt.Key.Key_Escape)
        qtbot.keyClick(edit, Qt.Key.Key_Escape)


def test_the_analyses_stop_asking_for_a_north_star_once_there_is_one(window, qtbot) -> None:
    from PySide6.QtCore import QPointF

    window.new_document()
    tab, ws = window.current_tab, window.whatif
    before = ws.analyses.tornado.empty_text
    star = tab.controller.add_metric_at(QPointF(0, 0))
    type_name(qtbot, tab.view, "Orders delivered")
    assert star is not None and before != ""
    text = ws.analyses.tornado.empty_text
    assert "Mark one metric as the north star" not in text and "Orders delivered" in text
    ws.shutdown()


def test_a_new_guardrail_from_the_inspector_is_scrolled_into_view(window, qtbot, small, monkeypatch) -> None:
    from metricscape.ui.inspector import risks_section

    session = DocumentSession(small)
    window.add_session(session)
    view = window.current_tab.view
    view.set_zoom(1.0)
    view.centerOn(session.scene.card("users").sceneBoundingRect().center())
    session.scene.select_only(["users"])
    risks = window.inspector.metric_form.risks
    qtbot.mouseClick(risks.add_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(risks_section, "ask_guardrail_name", lambda parent, name: "Duplicate accounts")
    row = risks.rows[0]
    row.counter.setCurrentIndex(row.counter.findData(risks_section.NEW_GUARDRAIL_DATA))
    row.counter.activated.emit(row.counter.currentIndex())
    guard = next(m.id for m in session.doc.metrics() if m.name == "Duplicate accounts")
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(session.scene.card(guard).sceneBoundingRect())


def test_typing_a_percentage_makes_a_unitless_metric_a_rate(window, qtbot) -> None:
    session = DocumentSession(food_tree())
    window.add_session(session)
    session.scene.select_only(["basket"])
    edit = window.inspector.metric_form.values.baseline
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "4 %")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    metric = session.doc.metric("basket")
    assert (metric.baseline, metric.unit) == (0.04, "%")
    assert edit.text() == "4 %"
    assert session.undo_stack.count() == 1
    # a plain number leaves the unit alone
    session.scene.select_only(["weekly_orders_placed"])
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "1.2k")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert session.doc.metric("weekly_orders_placed").unit == ""


def test_a_new_model_is_named_after_its_north_star_in_the_save_dialog(window, qtbot, monkeypatch, tmp_path) -> None:
    from PySide6.QtCore import QPointF

    from metricscape.ui import dialogs
    session = window.new_document()
    tab = window.current_tab
    tab.controller.add_metric_at(QPointF(0, 0))
    type_name(qtbot, tab.view, "Orders delivered per week")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "save_path", lambda parent, suggestion: asked.append(suggestion) or
                        str(tmp_path / "food.json"))
    assert window.save_as(session)
    assert asked == ["Orders delivered per week.json"]
    assert session.doc.info.name == "Orders delivered per week"
    assert '"id": "orders_delivered_per_week"' in (tmp_path / "food.json").read_text(encoding="utf-8")


def test_zoomed_out_names_stop_before_the_health_dot(qtbot) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from metricscape.model import MetricKind
    from metricscape.model.layout import card_size
    from metricscape.ui.canvas import card_geometry, style
    from metricscape.ui.canvas.card_paint import compact_dot_room, compact_sizes
    w, h = card_size(MetricKind.INPUT)
    rect = QRectF(0, 0, w, h + 17)
    for detail in (0.45, 0.59, 0.7):
        name_px, _value_px, lines = compact_sizes(detail, rect, "Courier availability", MetricKind.INPUT)
        first = QFontMetricsF(style.font(name_px, True)).horizontalAdvance(lines[0])
        assert first <= card_geometry.text_width(w) - compact_dot_room(detail) + 0.5, (detail, lines)
        assert lines[0].startswith("Courier")


def test_selecting_an_input_nothing_drives_keeps_the_analyses_on_what_it_moves(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    ws = window.whatif
    session.scene.select_only(["hours"])  # driven by activation: the analyses look at it
    assert ws.current.focus == "hours" and ws.analyses.metric_box.currentData() == "hours"
    session.scene.select_only(["users"])  # nothing drives it: ranking its levers says nothing
    assert ws.current.focus == "hours" and ws.analyses.metric_box.currentData() == "hours"
    ws.analyses.metric_box.setCurrentIndex(ws.analyses.metric_box.findData("users"))
    ws.analyses.metric_box.activated.emit(ws.analyses.metric_box.currentIndex())
    assert ws.current.focus == "users"  # chosen on purpose: shown
    ws.shutdown()


def test_a_formula_of_rates_typed_in_the_inspector_reads_as_a_percentage(window, qtbot) -> None:
    session = DocumentSession(food_tree())
    window.add_session(session)
    session.scene.select_only(["basket"])
    definition = window.inspector.metric_form.definition
    edit = definition.formula_field.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "1 - cancel")
    qtbot.keyClick(edit.completer_.popup(), Qt.Key.Key_Return)
    assert session.doc.metric("basket").formula == "1 - cancellation_rate"
    assert definition.unit.text() == "%" and session.doc.metric("basket").unit == "%"
    assert window.inspector.metric_form.values.baseline.placeholderText().endswith("(in %)")


def test_health_findings_say_the_new_name_at_once(window, qtbot, small) -> None:
    session = DocumentSession(small)
    window.add_session(session)
    panel = window.health.panel

    def texts() -> str:
        return " ".join(panel.list.item(i).text() for i in range(panel.list.count()))

    assert "Weekly listeners" in texts()
    window.current_tab.controller.rename("users", "Monthly listeners")
    assert "Monthly listeners" in texts() and "Weekly listeners" not in texts()
