"""A seeded monkey: hundreds of random edits through the controller, with undo/redo invariants.

After every step the canvas mirrors the model (one card per metric, one arrow per link, cards
where the model says). Undoing everything returns the starting model; redoing returns the last.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QPointF

from metricscape.ui.controller import ALIGN_MODES, LINK_CHOICES
from metricscape.ui.session import DocumentSession


def assert_scene_mirrors_model(session: DocumentSession) -> None:
    doc, scene = session.doc, session.scene
    assert {c.metric_id for c in scene.cards()} == doc.ids()
    assert {i.key for i in scene.link_items()} == {link.key for link in doc.links()}
    for card in scene.cards():
        metric = doc.metric(card.metric_id)
        assert card.metric == metric
        assert (card.pos().x(), card.pos().y()) == (metric.position.x, metric.position.y)


def test_random_edits_undo_and_redo_cleanly(window, small, monkeypatch, turn_event_loop) -> None:
    monkeypatch.setattr("metricscape.ui.dialogs.show_error", lambda *a, **k: None)
    rnd = random.Random(20261124)
    session = DocumentSession(small)
    window.add_session(session)
    tab = window.current_tab
    ctl, scene, stack = tab.controller, session.scene, session.undo_stack
    start = session.doc.tree.model_dump()

    def pick(k: int = 1) -> list[str]:
        ids = sorted(session.doc.ids())
        return rnd.sample(ids, min(k, len(ids))) if ids else []

    actions = {
        "add": lambda: ctl.add_metric_at(QPointF(rnd.uniform(-500, 1500), rnd.uniform(-500, 1500))),
        "input": lambda: (scene.select_only(pick()), ctl.add_input()),
        "sibling": lambda: (scene.select_only(pick()), ctl.add_sibling()),
        "link": lambda: (len(session.doc.ids()) > 1) and ctl.link(*pick(2), rnd.choice(list(LINK_CHOICES))),
        "rename": lambda: pick() and ctl.rename(pick()[0], f"Metric {rnd.randrange(1000)}"),
        "move": lambda: ctl.move({i: (rnd.uniform(-800, 800), rnd.uniform(-800, 800)) for i in pick(3)}),
        "delete": lambda: (scene.select_only(pick(rnd.randint(1, 2))), ctl.delete_selection()),
        "duplicate": lambda: (scene.select_only(pick(rnd.randint(1, 3))), ctl.duplicate()),
        "cut_paste": lambda: (scene.select_only(pick(2)), ctl.cut(), ctl.paste()),
        "align": lambda: (scene.select_only(pick(3)), ctl.align(rnd.choice(ALIGN_MODES))),
        "collapse": lambda: (scene.select_only(pick()), ctl.toggle_collapse()),
        "layout": lambda: ctl.auto_layout(),
        "undo": lambda: stack.undo(),
        "redo": lambda: stack.redo(),
    }
    names = list(actions)
    weights = [6, 6, 4, 6, 3, 3, 3, 2, 2, 2, 2, 1, 5, 3]
    for _ in range(300):
        actions[rnd.choices(names, weights)[0]]()
        # Back to the event loop, as after every gesture: widgets the panels replaced with
        # deleteLater() go now, instead of piling up by the thousand until teardown.
        turn_event_loop()
        assert_scene_mirrors_model(session)

    def step_to(index: int) -> None:
        """Jump through the history ten steps at a time, as clicks in the undo history would, with the
        event loop turning between clicks (one jump of hundreds of steps leaves thousands of replaced
        what-if rows waiting for it)."""
        while stack.index() != index:
            here = stack.index()
            stack.setIndex(max(index, here - 10) if here > index else min(index, here + 10))
            turn_event_loop()

    step_to(stack.count())
    final = session.doc.tree.model_dump()
    assert stack.count() > 50, "most random actions should have been valid edits"
    step_to(0)
    assert session.doc.tree.model_dump() == start
    assert_scene_mirrors_model(session)
    step_to(stack.count())
    assert session.doc.tree.model_dump() == final
    assert_scene_mirrors_model(session)
