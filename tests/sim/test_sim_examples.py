"""Every analysis runs cleanly on every bundled example."""

from pathlib import Path

import numpy as np
import pytest

from metricscape.io import load
from metricscape.sim import Engine

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "resources" / "examples").glob("*.json"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_analysis_runs_on_the_example(path):
    engine = Engine(load(path).tree)
    star = engine.tree.north_star.id
    assert engine.baseline().nonfinite == []
    comparison = engine.compare([s.name for s in engine.tree.scenarios])
    assert all(e.nonfinite == [] for e in comparison.evaluations)
    result = engine.monte_carlo(samples=2000)
    summary = result.summary(star)
    assert result.nonfinite == [] and summary.nonfinite == 0
    assert summary.p5 < summary.p50 < summary.p95
    bars = engine.tornado().bars
    assert bars and all(np.isfinite(b.swing) for b in bars)
    assert engine.sobol(n=256).indices
    for scenario in engine.tree.scenarios:
        assert engine.experiment(scenario.name).rows
    top = bars[0]  # the strongest input at its P90 (or +swing) gives a target goal seek must find again
    sought = engine.goal_seek(star, top.target_high, top.input)
    assert sought.reached and sought.value == pytest.approx(top.high, rel=1e-6)
