"""Speed and memory of the simulation engine, printed as JSON (issue 3's figures).

One core: thread counts are pinned before numpy loads. Every figure sits next to references
measured in the same run (memory-copy bandwidth, raw normal draws, an in-place numpy multiply), so
ratios hold on a busy machine. Usage: ``python benchmarks/bench_sim.py [--quick]``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import json
import sys
import time
import tracemalloc

import numpy as np
from timing import best

from metricscape.model import Change, ChangeMode
from metricscape.sim import (
    Engine,
    montecarlo,
)
from metricscape.sim.factors import split
from metricscape.sim.sampling import Mapping, Sampler, replicates
from metricscape.sim.synthetic import generated_tree


def draw(factors, samples: int, seed: int, sampler: Sampler = Sampler.RANDOM) -> np.ndarray:
    """One replicate's draws of every factor (factors x samples), as the engine makes them."""
    out = np.empty((len(factors), samples))
    mapping = Mapping.of(factors, None, sampler)
    replicates(sampler, seed, 1, len(factors))[0].raw(mapping.normal, out)
    mapping.apply(out)
    return out


QUICK = "--quick" in sys.argv
TREES = [(33, 20, 1_000_000), (1000, None, 100_000), (5000, None, 20_000)]
WHAT_IF_SAMPLES = 100_000



def references() -> dict[str, float]:
    a = np.random.default_rng(0).random(10_000_000)
    out = np.empty_like(a)
    copy = best(lambda: np.copyto(out, a))
    multiply = best(lambda: np.multiply(a, 1.0001, out=out))
    rng = np.random.default_rng(1)
    normals = best(lambda: rng.standard_normal((20, 1_000_000)), repeat=3)
    return {"memcpy_gb_per_s": round(2 * a.nbytes / copy / 1e9, 1),  # bytes read + written
            "numpy_multiply_elements_per_s": round(a.size / multiply / 1e6, 1) * 1e6,
            "rng_normals_20x1e6_ms": round(normals * 1e3, 1)}


def interleaved(measured, reference, repeat: int) -> tuple[float, float]:
    """Best times of two functions run turn about, so both see the same machine load."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for fn, bucket in ((reference, times[1]), (measured, times[0])):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return min(times[0]), min(times[1])


def per_sample_loop_rate(engine: Engine, samples: int = 2000) -> float:
    """A Guesstimate-style reference on the same model: the plan run once per sample, on floats."""
    draws = draw(engine.factors, samples, 1)
    rows = [(f, draws[j].tolist()) for j, f in enumerate(engine.factors)]
    start = time.perf_counter()
    for s in range(samples):
        sources, elasticities = split(engine.factors, [values[s] for _, values in rows])
        engine.plan.evaluate(sources=sources, elasticities=elasticities)
    return round(len(engine.plan) * samples / (time.perf_counter() - start) / 1e6, 2) * 1e6


def evaluation_seconds(engine: Engine, samples: int) -> float:
    """The plan alone on ready draws: the engine's own share of a fresh run."""
    sources, elasticities = split(engine.factors, list(draw(engine.factors, samples, 1)))
    return best(lambda: engine.plan.evaluate(sources=sources, elasticities=elasticities), repeat=3)


def deepest_input(engine: Engine) -> tuple[str, int]:
    """The input with the longest path to the top (the what-if that recomputes the most)."""
    plan = engine.plan
    inputs = [f.key for f in engine.factors]
    lengths = {m: len(plan.downstream([plan.index(m)])) for m in inputs}
    worst = max(inputs, key=lambda m: (lengths[m], m))
    return worst, lengths[worst]


def bench_tree(n_metrics: int, n_inputs: int | None, samples: int, ref: dict[str, float]) -> dict[str, object]:
    if QUICK:
        samples //= 10
    tree = generated_tree(n_metrics, n_inputs)
    engine = Engine(tree)
    factors = engine.factors
    star = tree.north_star.id
    result: dict[str, object] = {"metrics": n_metrics, "uncertain_inputs": len(factors), "samples": samples}

    repeat = 5 if n_metrics < 100 else 3
    if n_metrics <= 100:
        result["per_sample_loop_reference_sample_metrics_per_s"] = per_sample_loop_rate(engine)
    draws_s = best(lambda: draw(factors, samples, 1), repeat=repeat)
    eval_s = evaluation_seconds(engine, samples)
    fresh_s, rng_s = interleaved(lambda: engine.monte_carlo(samples=samples, seed=1),
                                 lambda: np.random.default_rng(1).standard_normal((len(factors), samples)), repeat)
    work = n_metrics * samples
    result["fresh_monte_carlo"] = {
        "seconds": round(fresh_s, 4),
        "sample_metrics_per_s": round(work / fresh_s / 1e6, 1) * 1e6,
        "draws_seconds": round(draws_s, 4),
        "evaluation_only_sample_metrics_per_s": round(work / eval_s / 1e6, 1) * 1e6,
        "reference_raw_normals_for_these_inputs_s": round(rng_s, 4),
        "ratio_to_raw_normals": round(fresh_s / rng_s, 2),
        "target_sample_metrics_per_s": 1.5e8,
    }

    tracemalloc.start()
    engine.monte_carlo(samples=samples, seed=1)  # a run is kept: the next one must not double the memory
    tracemalloc.reset_peak()
    engine.monte_carlo(samples=samples, seed=1)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    raw = n_metrics * samples * 8
    result["peak_memory"] = {"peak_mb": round(peak / 1e6, 1), "raw_sample_storage_mb": round(raw / 1e6, 1),
                             "ratio": round(peak / raw, 3), "target_ratio": 1.2}

    what_if_samples = min(WHAT_IF_SAMPLES, samples) if n_metrics >= 5000 else WHAT_IF_SAMPLES // (10 if QUICK else 1)
    engine.monte_carlo(samples=what_if_samples, seed=1)
    metric, recomputed = deepest_input(engine)
    change = [Change(metric=metric, mode=ChangeMode.RELATIVE, value=5)]
    recompute_s = best(lambda: montecarlo.what_if(engine.plan, engine._last_run, change), repeat=20)
    summary_s = best(lambda: engine.what_if_samples(change, metrics=[]), repeat=5) - recompute_s
    result["what_if_cached_draws"] = {
        "samples": what_if_samples, "changed_input": metric, "metrics_recomputed": recomputed,
        "recompute_ms": round(recompute_s * 1e3, 3), "north_star_summary_ms": round(max(summary_s, 0) * 1e3, 3),
        "reference_one_array_copy_ms": round(what_if_samples * 16 / (ref["memcpy_gb_per_s"] * 1e9) * 1e3, 4),
        "target_ms": 2.0}
    engine._last_run = None

    tornado_s = best(lambda: engine.tornado(star), repeat=5)
    result["tornado"] = {"ms": round(tornado_s * 1e3, 3), "inputs": len(engine.tornado(star).bars),
                         "target_ms_for_1000_metrics": 5.0}
    if n_metrics <= 100:
        sobol_s = best(lambda: engine.sobol(star, n=1024, seed=1), repeat=5)
        result["sobol"] = {"ms": round(sobol_s * 1e3, 2), "inputs": len(factors), "n": 1024,
                           "bootstrap_resamples": 100, "target_ms": 30.0}
    return result


def main() -> None:
    ref = references()
    report = {"references": ref, "trees": [bench_tree(n, k, s, ref) for n, k, s in TREES]}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
