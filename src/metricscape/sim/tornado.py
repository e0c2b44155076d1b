"""Tornado: each input swung to its low and high, the target's response, sorted by swing; with
local elasticities d ln(target) / d ln(input) by central differences.

All perturbations run as one array batch through the plan: for k inputs, 4k columns (low, high,
x(1+h), x(1-h) of each input, every other input at its baseline), so even 1,000-metric trees take
milliseconds.
"""

from __future__ import annotations

import math

import numpy as np

from metricscape.model.tree import MetricTree

from .factors import Factor, FactorKind
from .plan import Plan
from .results import Tornado, TornadoBar

STEP = 1e-4  # relative step of the central difference: error ~ STEP**2
CHUNK = 1024  # inputs per batch (a batch holds chunk x 4 chunk numbers: 32 MB at most)


def tornado(tree: MetricTree, plan: Plan, factors: list[Factor], target_id: str, swing_pct: float) -> Tornado:
    target = plan.index(target_id)
    needed = plan.upstream(target) | {target}
    inputs = [i for i in sorted(needed) if plan.steps[i].formula is None and np.isfinite(plan.baseline[i])]
    marginals = {f.target: f.marginal for f in factors if f.kind is FactorKind.METRIC}
    base = np.array([plan.baseline[i] for i in inputs])
    low, high, sources_text = np.empty(len(inputs)), np.empty(len(inputs)), []
    for j, i in enumerate(inputs):
        if i in marginals:
            low[j], high[j] = marginals[i].percentile(10), marginals[i].percentile(90)
            sources_text.append(f"P10/P90 of {marginals[i].description}")
        else:
            low[j], high[j] = base[j] * (1 - swing_pct / 100), base[j] * (1 + swing_pct / 100)
            sources_text.append(f"±{swing_pct:g} % of the baseline")
    out = np.empty((len(inputs), 4))
    for start in range(0, len(inputs), CHUNK):
        out[start:start + CHUNK] = _swing_batch(plan, target, needed, inputs[start:start + CHUNK],
                                                base[start:start + CHUNK], low[start:start + CHUNK],
                                                high[start:start + CHUNK])
    t0 = plan.baseline[target]
    with np.errstate(all="ignore"):
        elasticity = (out[:, 2] - out[:, 3]) / (2 * STEP * t0)
    metrics = tree.metrics_by_id()
    swing = np.abs(out[:, 1] - out[:, 0])
    columns = zip(inputs, low.tolist(), high.tolist(), sources_text, out[:, 0].tolist(), out[:, 1].tolist(),
                  swing.tolist(), elasticity.tolist(), strict=True)
    bars = [TornadoBar(input=plan.ids[i], name=metrics[plan.ids[i]].name, low=lo, high=hi, source=text,
                       target_low=t_lo, target_high=t_hi, swing=sw, elasticity=el)
            for i, lo, hi, text, t_lo, t_hi, sw, el in columns]
    bars.sort(key=lambda b: (not math.isfinite(b.swing), -b.swing if math.isfinite(b.swing) else 0.0, b.input))
    return Tornado(target=target_id, name=metrics[target_id].name, baseline=t0, bars=bars)


def _swing_batch(plan: Plan, target: int, needed: set[int], inputs: list[int], base: np.ndarray, low: np.ndarray,
                 high: np.ndarray) -> np.ndarray:
    """The target for each input at low, high, x(1+h), x(1-h): shape (inputs, 4). Inputs outside
    the batch stay scalars at their baseline, so only what the batch's inputs feed is recomputed."""
    k = len(inputs)
    batch = np.repeat(base[:, None], 4 * k, axis=1)
    rows, cols = np.arange(k), np.arange(k) * 4
    batch[rows, cols], batch[rows, cols + 1] = low, high
    batch[rows, cols + 2], batch[rows, cols + 3] = base * (1 + STEP), base * (1 - STEP)
    values = plan.update(plan.baseline, inputs, sources=dict(zip(inputs, batch, strict=True)), within=needed)
    return np.broadcast_to(np.asarray(values[target], dtype=float), (4 * k,)).reshape(k, 4)
