"""Property: any sequence of field edits through the inspector is one undo step per real change,
and undoing everything gives back the original model (redoing, the edited one)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from panel_harness import PanelHarness
from PySide6.QtCore import Qt

from metricscape.io import load
from metricscape.model import Document
from metricscape.ui.inspector import InspectorPanel

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
TREE = load(EXAMPLES / "music-streaming.json").tree

FIELDS = {  # field editor path -> texts a user might type, good and bad
    "definition.name": st.sampled_from(["Sign-ups", "Weekly sign-ups", "", "  ", "New accounts"]),
    "definition.owner": st.sampled_from(["Growth", "", "Team A"]),
    "definition.unit": st.sampled_from(["users", "%", ""]),
    "values.baseline": st.sampled_from(["420k", "1,000", "oops", "", "12 %", "-3"]),
    "values.target": st.sampled_from(["500k", "", "x1"]),
    "uncertainty.variability": st.sampled_from(["1.5", "-1", "", "0"]),
    "definition.formula": st.sampled_from(["", "signups * 2", "signups *", "unknown_metric + 1",
                                           "new_listeners / 2", "max(signups, 1)"]),
}
ACTIONS = st.lists(st.tuples(st.sampled_from(["activation_rate", "new_listeners"]),
                             st.sampled_from(sorted(FIELDS)), st.data()), min_size=1, max_size=8)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_field_edits_undo_to_the_original_and_redo_to_the_result(qtbot, actions) -> None:
    harness = PanelHarness(Document(TREE))
    doc, stack, pushes = harness.doc, harness.stack, harness.pushed
    panel = InspectorPanel()
    qtbot.addWidget(panel)
    panel.bind(harness.context)
    panel.show()
    for metric_id, path, data in actions:
        text = data.draw(FIELDS[path])
        panel.show_selection([metric_id], [])
        section, name = path.split(".")
        editor = getattr(getattr(panel.metric_form, section), name)
        before, pushed_before = doc.tree, len(pushes)
        editor.setFocus()
        editor.selectAll()
        if text:
            qtbot.keyClicks(editor, text)
        else:
            qtbot.keyClick(editor, Qt.Key.Key_Delete)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        changed = doc.tree != before
        assert len(pushes) - pushed_before == (1 if changed else 0)
    assert stack.count() == len(pushes)
    edited = doc.tree
    while stack.canUndo():
        stack.undo()
    assert doc.tree == TREE
    while stack.canRedo():
        stack.redo()
    assert doc.tree == edited
