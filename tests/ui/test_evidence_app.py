"""Evidence in the app, as a PM uses it: badges on links, the numbers in the inspector, Adopt and
Undo, the experiment ledger imported and edited, and experiment sizing that uses it. The numbers
shown are checked against statsmodels fitted here."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm
from evidence_app_trees import STATED_SIGNUPS, changes, evidence_tree, ledger
from PySide6.QtCore import Qt
from statsmodels.tsa.stattools import grangercausalitytests

from metricscape.model import MetricTree
from metricscape.model.planning import Planner
from metricscape.ui import dialogs
from metricscape.ui.session import DocumentSession


def open_with_evidence(window, qtbot, tree: MetricTree) -> DocumentSession:
    """Open a model and wait until its evidence reached the canvas (the statistics start on opening)."""
    session = DocumentSession(tree)
    with qtbot.waitSignal(window.evidence.ready, timeout=60_000):
        window.add_session(session)
    return session


def click_link(qtbot, window, session: DocumentSession, key: tuple[str, str]) -> None:
    item = next(i for i in session.scene.link_items() if i.key == key)
    view = window.current_tab.view
    view.centerOn(item._label_rect.center())
    point = view.mapFromScene(item._label_rect.center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert session.scene.selected_link_keys() == [key]


def hac(dy: np.ndarray, dx: np.ndarray) -> tuple[float, float, float]:
    """Δlog target on Δlog driver with a Newey–West 90 % interval, fitted by statsmodels here."""
    lags = int(4 * (len(dy) / 100) ** (2 / 9))
    fit = sm.OLS(dy, sm.add_constant(dx)).fit(cov_type="HAC", cov_kwds={"maxlags": lags}, use_t=True)
    low, high = fit.conf_int(alpha=0.10)[1]
    return float(fit.params[1]), float(low), float(high)


def test_badges_say_which_link_the_actuals_support_and_which_they_contradict(window, qtbot) -> None:
    session = open_with_evidence(window, qtbot, evidence_tree())
    items = {i.key: i for i in session.scene.link_items()}
    assert items[("visits", "revenue")].badge == "supported"
    assert items[("signups", "revenue")].badge == "contradicted"
    _, ls, ly = changes()
    estimate, low, high = hac(np.diff(ly), np.diff(ls))
    tip = items[("signups", "revenue")].toolTip()
    assert f"they put it at {estimate:.2f} (90 % interval {low:.2f} to {high:.2f})" in tip
    assert not window.evidence.progress.isVisible()  # done: the status bar no longer says it is testing


def test_the_inspector_shows_the_evidence_and_adopt_is_one_undoable_edit(window, qtbot) -> None:
    session = open_with_evidence(window, qtbot, evidence_tree())
    before = session.doc.link("signups", "revenue")
    click_link(qtbot, window, session, ("signups", "revenue"))
    section = window.inspector.link_form.evidence
    _, ls, ly = changes()
    estimate, low, high = hac(np.diff(ly), np.diff(ls))
    assert section.fields["Estimate"].text() == f"{estimate:.2f} (stated {STATED_SIGNUPS:g})"
    assert section.fields["90 % interval"].text() == f"{low:.2f} to {high:.2f}"
    assert section.fields["Periods"].text() == "104 weeks"
    assert section.fields["Lag"].text() == "same week"
    assert "Contradicted by the actuals" in section.verdict.text()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels announces a future change of its verbose output
        granger = grangercausalitytests(np.column_stack([np.diff(ly), np.diff(ls)]), maxlag=[1])
    assert section.fields["Granger test"].text().startswith(f"p = {granger[1][0]['ssr_ftest'][1]:.2f}: past "
                                                            "changes of ‘Sign-ups’ do not help predict ‘Revenue’")
    assert len(section.chart.points) == 103 and section.chart.lines[0].slope == pytest.approx(estimate)
    assert section.adopt.isVisible() and section.adopt.isEnabled()

    qtbot.mouseClick(section.adopt, Qt.MouseButton.LeftButton)
    adopted = session.doc.link("signups", "revenue")
    assert adopted.elasticity == pytest.approx(estimate, abs=1e-4)
    assert (adopted.elasticity_low, adopted.elasticity_high) == pytest.approx((low, high), abs=1e-4)
    assert adopted.evidence is not None and adopted.evidence.periods == 104
    item = next(i for i in session.scene.link_items() if i.key == ("signups", "revenue"))
    assert item.badge == "supported"  # the adopted estimate is what the data say
    assert "On the link: Recorded on" in section.recorded.text()

    window.registry.action("undo").trigger()
    assert session.doc.link("signups", "revenue") == before
    assert item.badge == "contradicted"


def test_a_proxy_shows_its_ledger_evidence(window, qtbot) -> None:
    session = open_with_evidence(window, qtbot, evidence_tree())
    window.select_metric("visits")
    session.scene.select_only(["visits"])
    section = window.inspector.metric_form.proxy_evidence
    assert section.isVisible()
    assert "Validated" in section.status.text() and "30 past experiments" in section.status.text()
    points = section.ledger.points
    x = np.array([p.proxy_lift for p in points])
    y = np.array([p.star_lift for p in points])
    naive = np.polyfit(x, y, 1)[0]  # the naive line the chart draws, fitted here
    assert [line.label for line in section.chart.lines] == [f"corrected {section.ledger.ledger_slope:.2f}",
                                                            f"naive {naive:.2f}"]
    assert len(section.chart.errors) == 30


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_a_ledger_is_one_undoable_edit_shown_in_the_table(window, qtbot, tmp_path, monkeypatch) -> None:
    session = open_with_evidence(window, qtbot, evidence_tree(with_ledger=False))
    path = write(tmp_path, "ledger.csv", "experiment,metric,lift,se,start\n"
                                         "Bigger button,visits,2%,0.5%,2026-03-02\n"
                                         "Bigger button,revenue,0.012,0.004,2026-03-02\n"
                                         "Free trial,revenue,-1%,0.3%,\n")
    monkeypatch.setattr(dialogs, "open_csv", lambda parent, title: str(path))
    with qtbot.waitSignal(window.evidence.ready, timeout=60_000):  # the new ledger is tested at once
        window.registry.action("import_experiments").trigger()
    assert [e.name for e in session.doc.experiments] == ["Bigger button", "Free trial"]
    table = window.evidence.ledger.table
    assert table.rowCount() == 3
    assert [table.item(0, c).text() for c in range(5)] == ["Bigger button", "Visits", "+2.00 %", "0.50 %",
                                                           "2026-03-02"]
    assert "Imported 2 experiments (3 rows)" in window.statusBar().currentMessage()
    window.registry.action("undo").trigger()
    assert session.doc.experiments == () and table.rowCount() == 0


def test_a_bad_ledger_imports_nothing_and_says_where_to_fix_it(window, qtbot, tmp_path, monkeypatch,
                                                               no_dialogs) -> None:
    session = open_with_evidence(window, qtbot, evidence_tree(with_ledger=False))
    path = write(tmp_path, "bad.csv", "experiment,metric,lift,se\n"
                                      "Bigger button,visits,2%,0.5%\n"
                                      "Bigger button,revenue,lots,0.004\n"
                                      "Free trial,nope,1%,0.3%\n")
    monkeypatch.setattr(dialogs, "open_csv", lambda parent, title: str(path))
    window.registry.action("import_experiments").trigger()
    assert session.doc.experiments == ()
    assert not session.modified
    [(title, text)] = no_dialogs
    assert title == "Could not import the experiments"
    assert "Nothing was imported from bad.csv: 2 problems" in text
    assert "line 3, column lift: 'lots' is not a number" in text
    assert "line 4, column metric: there is no metric 'nope' in the model" in text


def test_ledger_rows_are_added_edited_and_removed_one_undo_step_each(window, qtbot) -> None:
    session = open_with_evidence(window, qtbot, evidence_tree(with_ledger=False))
    panel = window.evidence.ledger
    window.evidence.ledger_dock.show()
    window.evidence.ledger_dock.raise_()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert [(e.name, e.lifts[0].metric) for e in session.doc.experiments] == [("Experiment 1", "revenue")]
    panel.table.item(0, 2).setText("1.5 %")  # what the cell editor does when the PM presses Enter
    assert session.doc.experiments[0].lifts[0].lift == pytest.approx(0.015)
    panel.table.item(0, 3).setText("zero")
    assert "Std. error: ‘zero’ is not a number" in panel.error.text()
    assert panel.table.item(0, 3).text() == "1.00 %"  # the cell shows the model again
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert session.doc.experiments == ()
    undo = window.registry.action("undo")
    undo.trigger()
    assert session.doc.experiments[0].lifts[0].lift == pytest.approx(0.015)
    undo.trigger()
    assert session.doc.experiments[0].lifts[0].lift == 0.0
    undo.trigger()
    assert session.doc.experiments == ()


def test_the_ledger_follows_renames_and_is_not_refilled_by_edits_that_leave_it_alone(window, qtbot,
                                                                                      monkeypatch) -> None:
    session = open_with_evidence(window, qtbot, evidence_tree(with_ledger=True))
    panel = window.evidence.ledger
    fills: list[int] = []
    fill = panel._fill
    monkeypatch.setattr(panel, "_fill", lambda rows: (fills.append(len(rows)), fill(rows)))
    measured = {lift.metric for e in session.doc.experiments for lift in e.lifts}
    in_ledger = next(iter(sorted(measured)))
    elsewhere = next(m.id for m in session.doc.metrics() if m.id not in measured)
    session.push(Planner(session.doc).update_metric(elsewhere, owner="Growth"))
    assert fills == []  # refilling 200 rows on every edit made every edit of the example slow
    session.push(Planner(session.doc).rename(in_ledger, "Renamed for the test"))
    assert fills == [panel.table.rowCount()]
    shown = {panel.table.item(row, 1).text() for row in range(panel.table.rowCount())}
    assert "Renamed for the test" in shown


def sizing_tree(experiments) -> MetricTree:
    data = evidence_tree(with_ledger=False).model_dump()
    data["experiments"] = [e.model_dump() for e in experiments]
    data["scenarios"] = [{"id": "more_visits", "name": "More visits",
                          "changes": [{"metric": "visits", "mode": "relative", "value": 3.0}]}]
    return MetricTree.model_validate(data)


def size(window, qtbot):
    ws = window.whatif
    tabs = ws.analyses.tabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Experiment"))
    view = ws.analyses.experiment
    with qtbot.waitSignal(view.shown, timeout=20_000):
        view.refresh_results()
    return view


def test_experiment_sizing_ranks_the_validated_proxy_first(window, qtbot) -> None:
    open_with_evidence(window, qtbot, sizing_tree(ledger()))
    view = size(window, qtbot)
    assert view.banner.text().startswith("Size on the proxy: ")
    assert "users per arm instead of" in view.banner.text() and "validated by 30 past experiments" in view.banner.text()
    assert view.table.model().index(0, 0).data() == "Visits" and view.table.model().index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert view.table.model().index(1, 0).data() == "Revenue"


def test_experiment_sizing_marks_a_quick_proxy_the_ledger_does_not_validate(window, qtbot) -> None:
    open_with_evidence(window, qtbot, sizing_tree(ledger()[:3]))  # three experiments validate nothing
    view = size(window, qtbot)
    assert view.banner.text().startswith("Size on the north star: ")
    assert "‘Visits’ would be quicker" in view.banner.text() and "no past experiments validate it" in view.banner.text()
    assert view.table.model().index(0, 0).data() == "Revenue"
    assert "quick to read but not validated" in view.table.model().index(1, 4).data()


def test_the_inspector_warns_when_a_large_segment_contradicts_the_link(window, qtbot) -> None:
    from evidence_trees import linked_logs, series

    from metricscape.model.actuals import Actuals
    big_x, big_y = linked_logs(104, 0.9, seed=11, noise=0.005)     # web: the stated 0.9 holds
    small_x, small_y = linked_logs(104, 0.0, seed=12, noise=0.005)  # app: no link at all
    whole_x, whole_y = np.log(np.exp(big_x) + np.exp(small_x)), np.log(np.exp(big_y) + np.exp(small_y) * 0.6)
    rows = [series("visits", np.exp(whole_x)), series("revenue", np.exp(whole_y)),
            series("visits", np.exp(big_x), segment="web"), series("revenue", np.exp(big_y), segment="web"),
            series("visits", np.exp(small_x), segment="app"), series("revenue", np.exp(small_y) * 0.6, segment="app")]
    tree = MetricTree.model_validate({
        "metrics": [{"id": "revenue", "name": "Revenue", "kind": "north_star"},
                    {"id": "visits", "name": "Visits", "kind": "proxy", "position": {"x": 0, "y": 300}}],
        "links": [{"source": "visits", "target": "revenue", "elasticity": 0.9, "elasticity_low": 0.6,
                   "elasticity_high": 1.0}],
        "actuals": Actuals(series=tuple(rows))})
    session = open_with_evidence(window, qtbot, tree)
    click_link(qtbot, window, session, ("visits", "revenue"))
    section = window.inspector.link_form.evidence
    table = section.segments
    verdicts = {table.item(r, 0).text(): table.item(r, 3).text() for r in range(table.rowCount())}
    assert verdicts == {"web": "Supported", "app": "Contradicted"}
    _, app_y = small_x, np.diff(small_y)
    estimate = sm.OLS(app_y, sm.add_constant(np.diff(small_x))).fit().params[1]  # the app segment, fitted here
    app_row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "app")
    assert table.item(app_row, 2).text().startswith(f"{estimate:.2f} (")
    assert section.segment_warning.isVisible()
    assert "The data support this link overall, but contradict it in app" in section.segment_warning.text()


def chain_tree(size: int) -> MetricTree:
    """``size`` metrics, each driving the one before it, with two years of weekly actuals each."""
    from evidence_trees import series
    rng = np.random.default_rng(7)
    levels = np.exp(8 + np.cumsum(rng.normal(0.002, 0.03, (size, 104)), axis=1))
    return MetricTree.model_validate({
        "metrics": [{"id": f"m{i}", "name": f"Metric {i}", "kind": "north_star" if i == 0 else "input",
                     "baseline": 100.0, "position": {"x": 200.0 * i, "y": 0.0}} for i in range(size)],
        "links": [{"source": f"m{i}", "target": f"m{i - 1}", "elasticity": 0.5} for i in range(1, size)],
        "actuals": {"series": [series(f"m{i}", levels[i]).model_dump() for i in range(size)]}})


def test_the_window_stays_responsive_and_shows_progress_while_the_links_are_tested(window, qtbot, tmp_path,
                                                                               monkeypatch) -> None:
    open_with_evidence(window, qtbot, chain_tree(400))
    # A new ledger means testing every link again: the run starts inside the wait, after the window
    # has built the canvas, so the GUI thread has nothing else to do but turn its event loop.
    path = write(tmp_path, "ledger.csv", "experiment,metric,lift,se\nBigger button,m1,2%,0.5%\n")
    monkeypatch.setattr(dialogs, "open_csv", lambda parent, title: str(path))
    fractions: list[int] = []
    window.evidence.progress.bar.valueChanged.connect(fractions.append)
    busy: list[bool] = []
    window.evidence.current.busy_changed.connect(busy.append)
    with qtbot.waitSignal(window.evidence.ready, timeout=120_000):
        window.registry.action("import_experiments").trigger()
    assert busy[:1] == [True]  # the statistics ran on the worker (how often the GUI thread turns
    #                            meanwhile is measured in benchmarks/bench_evidence_app.py, not here)
    assert fractions and fractions == sorted(fractions) and fractions[-1] == 100
    assert not window.evidence.progress.isVisible()
    badges = [item.badge for item in window.current_session.scene.link_items()]
    assert len(badges) == 399 and all(badges)
