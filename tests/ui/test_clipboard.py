"""Copy/paste fragments: any selection pasted into any model is one valid, undoable step."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricscape.model import Document, MetricKind
from metricscape.ui.clipboard import fragment

IDS = ["activation", "churn", "hours", "hours_total", "users"]  # the metrics of the ``small`` fixture


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.sampled_from(IDS), min_size=1, unique=True), times=st.integers(1, 3),
       into_empty=st.booleans())
def test_any_selection_pastes_validly_and_undoes_to_the_same_model(qapp, small, chosen, times, into_empty) -> None:
    assert sorted(small.metrics_by_id()) == IDS
    source = Document(small)
    data = json.loads(json.dumps(fragment(source, chosen)))  # through text, as the clipboard carries it
    target = Document(None if into_empty else small)
    before = target.tree.model_dump()
    edits = []
    for _ in range(times):
        edit, new_ids = target.plan.paste(data)
        target.apply(edit)
        edits.append(edit)
        assert len(new_ids) == len(chosen) and set(new_ids) <= target.ids()
    tree = type(target.tree).model_validate(target.tree.model_dump())  # the whole model still validates
    assert sum(m.kind is MetricKind.NORTH_STAR for m in tree.metrics) <= 1
    for edit in reversed(edits):
        target.revert(edit)
    assert target.tree.model_dump() == before
