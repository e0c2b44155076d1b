"""The health panel, used as a PM would: read the score, click a finding, silence one, undo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from metricscape.derived import DerivedState
from metricscape.io import load
from metricscape.model import Document
from metricscape.model.rules import Level, check
from metricscape.ui.binding import DocumentContext
from metricscape.ui.health import HealthPanel
from metricscape.ui.undo import push_edit

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
TODAY = dt.date(2026, 11, 3)


@pytest.fixture
def setup(qtbot):
    doc = Document(load(EXAMPLES / "music-streaming.json").tree)
    # One overdue review we control, next to whatever the example itself has.
    doc.apply(doc.plan.update_metric("premium_churn_rate", last_review=dt.date(2026, 1, 5), review_cadence_days=90))
    stack = QUndoStack()
    panel = HealthPanel()
    panel.bind(DocumentContext(doc, DerivedState(doc, today=TODAY), lambda edit: push_edit(stack, doc, edit)))
    panel.resize(420, 640)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel, doc, stack


def warnings(doc: Document, fewer: int = 0) -> str:
    """The panel's words for the example's warnings (its actuals may add some), minus ``fewer``."""
    n = check(doc.tree, today=TODAY).count(Level.WARNING) - fewer
    return f"{n} warning" + ("" if n == 1 else "s")


def click_row(qtbot, panel: HealthPanel, row: int) -> None:
    item = panel.list.item(row)
    panel.list.scrollToItem(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.list.visualItemRect(item).center())


def row_of(panel: HealthPanel, rule: str, metric: str) -> int:
    for row in range(panel.list.count()):
        finding = panel.list.item(row).data(Qt.ItemDataRole.UserRole)
        if (finding.rule, finding.metric) == (rule, metric):
            return row
    raise AssertionError(f"no finding {rule} on {metric}")


def test_the_panel_shows_the_score_and_every_finding_worst_first(setup) -> None:
    panel, doc, _ = setup
    report = check(doc.tree, today=TODAY)
    assert panel.score_label.text() == f"Health score {report.score}/100"
    assert f"{report.count(Level.WARNING)} warnings" in panel.counts_label.text()
    assert panel.list.count() == len(report.findings)
    levels = [panel.list.item(r).data(Qt.ItemDataRole.UserRole).level.rank for r in range(panel.list.count())]
    assert levels == sorted(levels, reverse=True) and levels[0] == Level.WARNING.rank
    assert not panel.list.item(0).icon().isNull()


def test_clicking_a_finding_selects_its_metric(setup, qtbot) -> None:
    panel, _, _ = setup
    row = row_of(panel, "overdue-review", "premium_churn_rate")
    with qtbot.waitSignal(panel.metric_activated) as blocker:
        click_row(qtbot, panel, row)
    assert blocker.args == ["premium_churn_rate"]


def test_silencing_asks_why_records_it_and_undoes(setup, qtbot, monkeypatch) -> None:
    panel, doc, stack = setup
    before = panel.list.count()
    all_warnings = warnings(doc)
    click_row(qtbot, panel, row_of(panel, "overdue-review", "premium_churn_rate"))
    asked = []
    monkeypatch.setattr(panel, "ask_reason", lambda finding: asked.append(finding.rule) or "Reviewed in the QBR")
    qtbot.mouseClick(panel.silence_button, Qt.MouseButton.LeftButton)

    assert asked == ["overdue-review"]
    assert [(s.rule, s.reason) for s in doc.metric("premium_churn_rate").silenced] == [
        ("overdue-review", "Reviewed in the QBR")]
    assert warnings(doc) in panel.counts_label.text() and "1 silenced" in panel.counts_label.text()
    assert panel.list.count() == before  # still listed, as silenced
    silenced_row = row_of(panel, "overdue-review", "premium_churn_rate")
    assert panel.list.item(silenced_row).text().startswith("Silenced — Reviewed in the QBR")

    stack.undo()
    assert doc.metric("premium_churn_rate").silenced == ()
    assert all_warnings in panel.counts_label.text()


def test_cancelling_the_reason_changes_nothing(setup, qtbot, monkeypatch) -> None:
    panel, doc, stack = setup
    click_row(qtbot, panel, row_of(panel, "overdue-review", "premium_churn_rate"))
    monkeypatch.setattr(panel, "ask_reason", lambda finding: None)
    qtbot.mouseClick(panel.silence_button, Qt.MouseButton.LeftButton)
    assert stack.count() == 0 and doc.metric("premium_churn_rate").silenced == ()


def test_show_again_brings_a_silenced_finding_back(setup, qtbot, monkeypatch) -> None:
    panel, doc, stack = setup
    click_row(qtbot, panel, row_of(panel, "overdue-review", "premium_churn_rate"))
    monkeypatch.setattr(panel, "ask_reason", lambda finding: "ok")
    qtbot.mouseClick(panel.silence_button, Qt.MouseButton.LeftButton)
    click_row(qtbot, panel, row_of(panel, "overdue-review", "premium_churn_rate"))
    assert panel.restore_button.isEnabled() and not panel.silence_button.isEnabled()
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert doc.metric("premium_churn_rate").silenced == () and stack.count() == 2
    assert warnings(doc) in panel.counts_label.text()


def test_fixing_the_model_updates_the_panel_and_announces_the_report(setup, qtbot) -> None:
    panel, doc, stack = setup
    fewer = warnings(doc, fewer=1)
    with qtbot.waitSignal(panel.report_changed) as blocker:
        push_edit(stack, doc, doc.plan.update_metric("premium_churn_rate", last_review=TODAY))
    assert fewer in panel.counts_label.text()
    assert all(f.metric != "premium_churn_rate" or f.rule != "overdue-review" for f in blocker.args[0].findings)


def test_without_a_document_the_panel_invites_to_open_one(qtbot) -> None:
    panel = HealthPanel()
    qtbot.addWidget(panel)
    assert panel.list.count() == 0 and "Open a model" in panel.counts_label.text()
    assert not panel.silence_button.isEnabled()
