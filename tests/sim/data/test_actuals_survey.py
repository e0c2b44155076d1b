"""The import wizard's first look at a file: the first rows only, and which names match."""

from __future__ import annotations

from metricscape.model import Metric, MetricTree
from metricscape.sim.data.survey import PREVIEW_ROWS, survey


def test_survey_previews_the_first_rows_and_matches_names(tmp_path) -> None:
    tree = MetricTree(metrics=(Metric(id="signups", name="Weekly sign-ups", baseline=1),
                               Metric(id="activation", name="Activation rate", baseline=0.5, unit="%")))
    csv = tmp_path / "data.csv"
    rows = [f"2026-{1 + d // 28:02d}-{1 + d % 28:02d},Weekly sign-ups,{d}" for d in range(60)]
    rows += ["2026-01-01,activ rate,0.4", "2026-01-01,nothing like it,3"]
    csv.write_text("date,metric,value\n" + "\n".join(rows) + "\n")
    found = survey(tree, csv, tmp_path / "model.json")
    assert found.columns == ("date", "metric", "value")
    assert len(found.preview) == PREVIEW_ROWS and found.preview[0] == ("2026-01-01", "Weekly sign-ups", "0")
    assert found.matched == {"Weekly sign-ups": "signups"}
    assert found.unmatched == {"activ rate": ["activation"], "nothing like it": []}
    assert found.rows == 62 and found.grain.value == "week"  # daily dates roll up to weeks by default
