"""The music example with two years of weekly actuals its own engine computes, with a story: a summer
dip, a launch that lifts sessions, and, from a tracking change, a reported north star 3 % below
what its formula gives (the "reported vs formula" line)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from metricscape.io import load
from metricscape.model import MetricTree
from metricscape.model.actuals import Actuals, Series
from metricscape.sim import Engine

EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
START, WEEKS = "2025-W01", 104
LAUNCH, TRACKING = 80, 98   # weeks from START: the sessions launch, then a tracking change


def music_with_actuals() -> MetricTree:
    tree = load(EXAMPLES / "music-streaming.json").tree
    plan = Engine(tree).plan
    rng = np.random.default_rng(12)
    week = np.arange(WEEKS)
    season = 1 + 0.04 * np.cos(2 * math.pi * (week - 2) / 52)  # winter high, summer dip
    sources = {}
    for i, step in enumerate(plan.steps):
        if step.formula is None and not step.influences:
            drift = np.exp(np.cumsum(rng.normal(0.001, 0.01, WEEKS)))
            path = step.base * drift * (season if step.metric_id in ("signups", "minutes_per_session") else 1)
            if step.metric_id == "sessions_per_listener":
                path = path * np.where(week >= LAUNCH, 1.06, 1.0)
            sources[i] = path
    values = plan.evaluate(sources=sources)
    series = []
    for i, step in enumerate(plan.steps):
        own = np.broadcast_to(values[i], (WEEKS,)).astype(float)
        if step.metric_id == tree.north_star.id:  # type: ignore[union-attr]  # the example has one
            own = own * np.where(week >= TRACKING, 0.97, 1.0)
        series.append(Series(metric=step.metric_id, start=START, values=tuple(float(v) for v in own)))
    return tree.model_copy(update={"actuals": Actuals(series=tuple(series))})
