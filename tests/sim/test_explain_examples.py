"""Every example model, with actuals its own engine generates: the tree explains its move completely.

When the inputs drift and every other metric reports exactly what the model computes (formulas, and
influence links as ``(driver / base) ^ elasticity``), nothing may be left unexplained and no
reported-vs-formula gap may appear, at any level: a check of every method against the simulation
engine, an independent implementation of the same model.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from metricscape.io import load
from metricscape.model.actuals import Actuals, Series
from metricscape.model.tree import MetricTree
from metricscape.sim import Engine
from metricscape.sim.explain import Explanation, Method, explain

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "src" / "metricscape" / "resources" / "examples")
                  .glob("*.json"))
WEEKS = 8


def engine_actuals(tree: MetricTree) -> MetricTree:
    plan = Engine(tree).plan
    rng = np.random.default_rng(7)
    sources = {i: step.base * np.exp(np.cumsum(rng.normal(0.0, 0.05, WEEKS)))
               for i, step in enumerate(plan.steps) if step.formula is None and not step.influences}
    values = plan.evaluate(sources=sources)
    series = tuple(Series(metric=step.metric_id, start="2026-W01",
                          values=tuple(float(v) for v in np.broadcast_to(values[i], (WEEKS,))))
                   for i, step in enumerate(plan.steps))
    return tree.model_copy(update={"actuals": Actuals(series=series)})


def every_level(e: Explanation) -> list[Explanation]:
    return [e, *(x for below in e.drivers.values() for x in every_level(below))]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_an_example_explains_its_own_engines_numbers_completely(path):
    tree = engine_actuals(load(path).tree)
    result = explain(tree, "2026-W01..2026-W04", "2026-W05..2026-W08")
    levels = every_level(result)
    assert len(levels) > 3
    for level in levels:
        assert level.explained, level.notes
        assert level.change is not None
        scale = max(abs(level.start or 0), abs(level.end or 0))
        # ranges: counts are summed and rates averaged, so a product of window aggregates is close to,
        # not equal to, the aggregate of the products: that difference is the reported-vs-formula line
        parts = sum(level.contributions.values()) + level.reported_vs_formula + level.unexplained
        assert math.isclose(parts, level.change, abs_tol=1e-9 * scale)
    single = explain(tree, "2026-W02", "2026-W07")
    for level in every_level(single):
        scale = max(abs(level.start or 0), abs(level.end or 0))
        assert level.reported_vs_formula == pytest.approx(0.0, abs=1e-9 * scale), level.metric
        if level.method is not Method.NO_DRIVERS:
            assert level.unexplained == pytest.approx(0.0, abs=1e-9 * scale), level.metric
        assert sum(level.contributions.values()) == pytest.approx(level.change, abs=1e-9 * scale)
