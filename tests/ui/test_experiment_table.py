"""A scenario that moves hundreds of metrics: the sizing table shows them in batches as the PM
scrolls, every row in the engine's ranking with its texts, nothing left out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from metricscape.model import Change, ChangeMode
from metricscape.model.numbers import format_value
from metricscape.sim import Engine
from metricscape.sim.synthetic import generated_tree
from metricscape.ui.session import DocumentSession
from metricscape.ui.whatif.controller import WhatIfController
from metricscape.ui.whatif.experiment_view import ExperimentView
from metricscape.ui.whatif.sizing_model import BATCH


@pytest.fixture
def sized(qtbot):
    session = DocumentSession(generated_tree(600))
    doc = session.doc
    inputs = [m.id for m in doc.tree.metrics if not m.is_computed]
    changes = tuple(Change(metric=m, mode=ChangeMode.RELATIVE, value=5.0) for m in inputs)
    session.push(doc.plan.add_scenario(doc.plan.new_scenario("Everything up 5 %", changes=changes)))
    controller = WhatIfController(session.context)
    controller.mc_timer.stop()
    view = ExperimentView()
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.set_controller(controller)
    with qtbot.waitSignal(view.shown, timeout=60_000):
        view.show()  # a shown tab sizes its scenario
    yield view, Engine(doc.tree).experiment(doc.scenarios()[0].id), doc
    controller.close()
    session.close()


def scroll_to_the_end(view: ExperimentView, qtbot) -> None:
    """What the PM does: drag the scroll bar down until nothing more arrives."""
    bar = view.table.verticalScrollBar()
    while view.table.model().canFetchMore(view.table.rootIndex()):
        before = view.table.model().rowCount()
        qtbot.waitUntil(lambda: bar.maximum() > bar.value(), timeout=5_000)  # laid out: there is more below
        bar.setValue(bar.maximum())
        qtbot.waitUntil(lambda before=before: view.table.model().rowCount() > before, timeout=5_000)


def test_a_long_sizing_table_arrives_in_batches_and_ends_complete(sized, qtbot) -> None:
    view, expected, _doc = sized
    model = view.table.model()
    assert len(expected.rows) > 2 * BATCH  # else this test would not test batches
    assert model.rowCount() == BATCH
    scroll_to_the_end(view, qtbot)
    assert model.rowCount() == len(expected.rows)
    names = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert names == [r.name for r in expected.rows]  # no ledger: the engine's ranking, north star first


def test_every_row_shows_its_lift_users_and_spread(sized, qtbot) -> None:
    view, expected, doc = sized
    scroll_to_the_end(view, qtbot)
    model = view.table.model()
    last = model.rowCount() - 1
    row = expected.rows[last]
    assert model.index(last, 2).data() == f"{row.lift_pct:+.2f} %"
    assert model.index(last, 2).data(Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    unit = doc.metric(row.metric).unit
    assert model.index(last, 0).data(Qt.ItemDataRole.ToolTipRole).startswith(
        f"{row.name}: from {format_value(row.baseline, unit)} to {format_value(row.expected, unit)}")
    recommended = next(i for i, r in enumerate(expected.rows) if r.metric == expected.recommended)
    assert model.index(recommended, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(recommended, 4).data().startswith("recommended: the smallest test")
