"""The example models, checked on the day they were last reviewed, come out as a PM would expect.

They are well documented (north star, scorecard, rationale, units that say "per", counter-metrics
for every high risk), so no structural, unit or documentation warning and no error. What remains is
what a careful reviewer would still point at:
- one review on a slower cadence is overdue on that day (deliberately, to show the check);
- in the music example, the north star's formula stops matching its reported actuals after a
  tracking change (deliberately: the actuals tell that story);
- infos asking for gaming-risk notes on plain counts (listeners, sign-ups, retention rates).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metricscape.io import load
from metricscape.model.rules import Level, check

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"

EXPECTED_WARNINGS = {
    # Its actuals tell of a tracking change: from 2026-W21 the north star counts offline plays.
    "music-streaming": {("overdue-review", "offline_downloads_per_listener"),
                        ("formula-drift", "weekly_listening_hours")},
    "marketplace": {("overdue-review", "long_stay_discount_share")},
    "b2b-collaboration": {("overdue-review", "integrations_per_team")},
    "learning-app": {("overdue-review", "learning_gain_score")},
}


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_an_example_comes_out_with_the_findings_a_pm_would_expect(name: str) -> None:
    tree = load(EXAMPLES / f"{name}.json").tree
    last_worked_on = max(m.last_review for m in tree.metrics if m.last_review is not None)
    report = check(tree, today=last_worked_on)
    assert report.count(Level.ERROR) == 0
    assert {(f.rule, f.metric) for f in report.findings if f.level is Level.WARNING} == EXPECTED_WARNINGS[name]
    assert {f.rule for f in report.findings if f.level is Level.INFO} <= {"missing-gaming-risk"}
    assert report.score >= 80


def test_every_example_is_covered() -> None:
    assert {path.stem for path in EXAMPLES.glob("*.json")} == set(EXPECTED_WARNINGS)


def test_every_finding_on_an_example_names_a_metric_of_that_example() -> None:
    for path in EXAMPLES.glob("*.json"):
        ids = {m["id"] for m in json.loads(path.read_text(encoding="utf-8"))["model"]["metrics"]}
        report = check(load(path).tree)
        assert {f.metric for f in report.findings} <= ids
