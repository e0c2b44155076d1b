"""Monte Carlo: draw every uncertain factor, run the plan on the sample arrays, summarise only the
metrics asked for (percentiles of every node would cost more than the simulation itself).

Samples come in independent replicates (``sampling``), each computed on its own and laid out one
after the other, so the error of every figure is measurable and threads can share the replicates
out without changing a single number. A replicate may be cut into *blocks* that continue its stream:
when every metric's samples do not fit in memory, only the summarised metrics are kept (a *lean*
run) and a what-if is answered by running the blocks again with the changes applied.

*Precision mode* (``precise``) adds samples, continuing each replicate's sequence, until P10, P50 and
P90 of every summarised metric are known to the asked relative precision, or a sample or time
budget is spent (the result says so). A small first round measures the error; each later round aims
at the size that error predicts. Between rounds only those three figures of the summarised metrics
are computed; every metric is evaluated on all the draws once, at the end.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from metricscape.model.scenario import Change
from metricscape.model.tree import MetricTree

from .factors import Factor, split
from .nonfinite import nonfinite_origins
from .plan import Plan
from .progress import Progress, report
from .results import MonteCarloResult
from .rotation import pilot_size, principal_directions
from .sampling import (
    DEFAULT_SAMPLER,
    Copula,
    Mapping,
    Replicate,
    Sampler,
    replicates,
    split_evenly,
    values_of_scores,
)
from .summaries import summary
from .whatif import change_overrides

REPLICATES = 16           # enough for standard errors that are themselves within about ±18 %
FIRST_ROUND = 2 ** 9      # samples per replicate in precision mode's first round
# Measured on the 20-input benchmark tree (benchmarks/bench_precision.py): the errors of P10, P50 and
# P90 shrink like n^-0.5 with scrambled Sobol' points too (a smaller constant than plain draws, not a
# faster rate: a percentile counts samples below a line, a step in 20 dimensions). So a round aims at
# (error / target)^2 times the samples, a little past it. Models with few inputs shrink faster; the cap
# on one round's growth keeps them from drawing far too many on a first estimate.
ERROR_EXPONENT = 2.0
AIM = 1.1                 # aim this much past the predicted size (one more round costs more than 10 %)
MAX_GROWTH = 16           # at most this many times more samples from one round to the next
MIN_GROWTH = 1.2          # at least this many (each round has a fixed cost)
ROUND_STEP = 256          # samples per replicate grow in steps of this many

Values = list[Any]
Segment = tuple[int, int]  # (replicate, samples): the column layout of a run, in order


@dataclass(frozen=True)
class RunOptions:
    sampler: Sampler = DEFAULT_SAMPLER
    replicates: int = REPLICATES
    threads: int = 1                       # threads drawing replicates (results do not depend on it)
    keep: frozenset[int] | None = None     # plan positions to keep (None: every metric)
    block: int = 1 << 62                   # most samples of one replicate computed at once
    order: tuple[int, ...] | None = None   # factors, most important first: they get the first Sobol' dimensions
    rotation: np.ndarray | None = field(default=None, compare=False)  # or the scores turned (sampling.Mapping)


@dataclass
class SampleRun:
    """The draws and the kept metrics' samples of one run (scalars for metrics nothing uncertain feeds)."""

    samples: int
    seed: int
    segments: list[Segment]                # the column layout: which replicate each stretch of samples is
    options: RunOptions
    factors: list[Factor]
    sources: dict[int, Any]
    elasticities: dict[int, Any]
    values: Values                         # None for metrics a lean run did not keep, or not computed yet
    warnings: list[str]
    changes: tuple[Change, ...] = ()       # applied inside the blocks (a lean run's what-if)
    seconds: float | None = None
    precision_target: float | None = None
    notes: list[str] = field(default_factory=list)  # why precision mode stopped short
    pending: Callable[[], Values] | None = field(default=None, repr=False)  # computes every metric's values

    @property
    def lean(self) -> bool:
        return self.options.keep is not None

    def every_value(self) -> Values:
        """Every metric's samples (a lean run's: the kept ones). Precision mode computes only the
        summarised metrics; the rest are computed here, on the first what-if that needs them (the CLI
        never does: at 1,000 metrics that is most of a run's memory)."""
        if self.pending is not None:
            self.values, self.pending = self.pending(), None
        return self.values


class _Blocks:
    """Runs replicates round by round and keeps what each round produced.

    Every metric is kept: the threads draw into one array, replicate after replicate, round after
    round (room is reserved ahead, so rounds are not joined by copying), then map it, and the plan runs
    on each round's draws. ``watch``: keep only these metrics' values from each round (precision mode,
    which leaves the other metrics to ``SampleRun.every_value``). Lean (``options.keep``): each thread
    draws, maps and evaluates blocks of at most ``options.block`` samples and only the kept metrics'
    samples stay."""

    def __init__(self, plan: Plan, factors: list[Factor], copula: Copula | None, streams: list[Replicate],
                 options: RunOptions, changes: Sequence[Change], watch: frozenset[int] | None = None) -> None:
        self.plan, self.factors, self.copula, self.streams = plan, factors, copula, streams
        self.options, self.changes, self.watch = options, list(changes), watch
        self.mapping = Mapping.of(factors, copula, options.sampler, options.rotation)
        self.rounds: list[Values] = []  # the values of each round (lean: of each block)
        self.segments: list[Segment] = []
        self.sizes = [0] * len(streams)
        self._buffer = np.empty((len(factors), 0))  # the draws; the first ``_filled`` columns are used
        self._filled = 0
        self._stop = threading.Event()

    def reserve(self, samples: int) -> None:
        """Room for ``samples`` draws in all (joining rounds' arrays afterwards cost more than drawing them)."""
        if samples > self._buffer.shape[1]:
            grown = np.empty((len(self.factors), samples))
            grown[:, :self._filled] = self._buffer[:, :self._filled]
            self._buffer = grown

    def extend(self, more: list[int], progress: Callable[[float], None]) -> None:
        """Add ``more[r]`` samples to each replicate r (threads share the work out)."""
        if self.options.keep is not None:
            self._extend_lean(more, progress)
            return
        offsets = np.concatenate([[0], np.cumsum(more)]).astype(int).tolist()
        self.reserve(self._filled + offsets[-1])
        draws = self._buffer[:, self._filled:self._filled + offsets[-1]]

        def draw(r: int) -> None:
            self.streams[r].raw(self.mapping.normal, draws[:, offsets[r]:offsets[r + 1]])

        self._share_out(draw, len(more), lambda f: None)
        # Then the round's columns are mapped (and in precision mode evaluated) in a few large spans, not
        # replicate by replicate: every column maps the same way, and sixteen replicates' worth of small
        # numpy calls held the interpreter so long that two threads ran 1.3 times as fast as one.
        spans = _spans(offsets[-1], self.options.threads, self.mapping.step)
        watched: list[Values] = [[] for _ in spans]

        def map_span(k: int) -> None:
            block = draws[:, spans[k]]
            self.mapping.apply(block)
            if self.watch is not None:
                watched[k] = self._kept(self.evaluate(block), self.watch)

        self._share_out(map_span, len(spans), progress)
        for r, m in enumerate(more):
            self.sizes[r] += m
        if self.watch is None:
            self.rounds.append(self.evaluate(draws))
        else:
            self.rounds.append([_joined([values[i] for values in watched]) if i in self.watch else None
                                for i in range(len(self.plan))])
        self.segments += [(r, m) for r, m in enumerate(more) if m]
        self._filled += offsets[-1]

    def _extend_lean(self, more: list[int], progress: Callable[[float], None]) -> None:
        """``extend`` for a lean run: each thread draws, maps and evaluates a replicate's blocks of at most
        ``options.block`` samples, keeping only the kept metrics' values."""
        produced: list[list[tuple[int, Values]]] = [[] for _ in more]

        def work(r: int) -> None:
            done = 0
            while done < more[r] and not self._stop.is_set():
                m = min(more[r] - done, self.options.block)
                block = np.empty((len(self.factors), m))
                self.streams[r].raw(self.mapping.normal, block)
                self.mapping.apply(block)
                produced[r].append((m, self._kept(self.evaluate(block), self.options.keep)))
                done += m

        self._share_out(work, len(more), progress)
        for r, blocks in enumerate(produced):
            self.sizes[r] += sum(m for m, _ in blocks)
            self.rounds += [values for _, values in blocks]
            self.segments += [(r, m) for m, _ in blocks]

    def _share_out(self, work: Callable[[int], None], count: int, progress: Callable[[float], None]) -> None:
        threads = max(1, min(self.options.threads, count))
        if threads == 1:
            for done, r in enumerate(range(count), start=1):
                work(r)
                progress(done / count)
            return
        with ThreadPoolExecutor(max_workers=threads) as pool:
            futures = [pool.submit(work, r) for r in range(count)]
            try:
                for done, future in enumerate(futures, start=1):
                    future.result()
                    progress(done / count)
            except BaseException:
                self._stop.set()
                raise

    def evaluate(self, draws: np.ndarray) -> Values:
        sources, elasticities = split(self.factors, list(draws))
        values = self.plan.evaluate(sources=sources, elasticities=elasticities)
        if self.changes:
            overrides = change_overrides(self.plan, values, self.changes)
            values = self.plan.update(values, overrides, sources=sources, overrides=overrides,
                                      elasticities=elasticities)
        return values

    @staticmethod
    def _kept(values: Values, keep: frozenset[int] | None) -> Values:
        return [v if i in (keep or ()) else None for i, v in enumerate(values)]

    def value(self, i: int) -> Any:
        """Metric ``i``'s samples in the run's layout (a scalar when nothing uncertain feeds it)."""
        pieces = [values[i] for values in self.rounds]
        return None if pieces and pieces[0] is None else _joined(pieces)

    def draws(self) -> np.ndarray:
        return self._buffer[:, :self._filled]


SPAN = 1 << 16  # most columns mapped by one call: a cancel is heard between spans
PILOT_BYTES = 16e6  # the most memory the turn's pilot holds at once (every metric at a chunk of its columns)


def _spans(columns: int, threads: int, step: int) -> list[slice]:
    """``columns`` cut into about equal spans at multiples of ``step`` (``Mapping.step``: the cuts decide
    the last bits of a product): at least one per thread where there is room, none much longer than SPAN."""
    count = max(threads, -(-columns // SPAN))
    cuts = sorted({0, columns, *(min(columns, step * round(columns * k / count / step)) for k in range(1, count))})
    return [slice(start, stop) for start, stop in itertools.pairwise(cuts)]


def _joined(pieces: list[Any]) -> Any:
    """One metric's values from consecutive blocks (a scalar stays one: nothing uncertain feeds it)."""
    if not pieces or np.ndim(pieces[0]) == 0:
        return pieces[0] if pieces else None
    return pieces[0] if len(pieces) == 1 else np.concatenate(pieces)


def run(plan: Plan, factors: list[Factor], samples: int, seed: int, spearman: np.ndarray | None,
        warnings: list[str], options: RunOptions, progress: Progress | None = None,
        changes: Sequence[Change] = ()) -> SampleRun:
    """A run of exactly ``samples`` samples, shared evenly by the replicates."""
    report(progress, 0.0)
    blocks = _start(plan, factors, seed, spearman, options, changes)
    blocks.extend(split_evenly(samples, options.replicates), lambda f: report(progress, f))
    return _finish(blocks, samples, seed, options, factors, warnings, changes)


def precise(plan: Plan, factors: list[Factor], target: float, seed: int,
            spearman: np.ndarray | None, warnings: list[str], options: RunOptions, watch: frozenset[int],
            summarise_round: Callable[[_Blocks], float], max_samples: int, max_seconds: float,
            progress: Progress | None = None) -> SampleRun:
    """Add samples until ``summarise_round`` (the widest precision of the ``watch``ed metrics, from
    ``_Blocks.value``) is at most ``target``, or ``max_samples`` / ``max_seconds`` is reached."""
    started = time.perf_counter()
    report(progress, 0.0)
    blocks = _start(plan, factors, seed, spearman, options, (), watch)
    per, notes = FIRST_ROUND, []
    rounds_done = 0
    while True:
        more = [per - size for size in blocks.sizes]
        blocks.extend(more, functools.partial(_check_in, progress, min(0.95, 1 - 0.5 ** rounds_done)))
        rounds_done += 1
        reached = summarise_round(blocks)
        report(progress, min(0.95, 1 - 0.5 ** rounds_done))
        if reached <= target:
            break
        elapsed = time.perf_counter() - started
        if elapsed > max_seconds:
            notes.append(f"stopped after {elapsed:.1f} s, the time allowed, with a precision of "
                         f"{_pct(reached)} instead of the {_pct(target)} asked")
            break
        grow = 2.0 if not math.isfinite(reached) else AIM * (reached / target) ** ERROR_EXPONENT
        wanted = math.ceil(per * min(MAX_GROWTH, max(MIN_GROWTH, grow)) / ROUND_STEP) * ROUND_STEP
        predicted = math.ceil(per * max(MIN_GROWTH, grow))  # the final size this round's error predicts
        cap = max_samples // options.replicates
        if per >= cap:
            notes.append(f"stopped at {per * options.replicates:,} samples, as many as memory allows, with a "
                         f"precision of {_pct(reached)} instead of the {_pct(target)} asked")
            break
        per = min(wanted, cap)
        # Room for the predicted size, or one more round past this one should it fall short: growing the
        # draws copies them.
        blocks.reserve(min(max(math.ceil(per * MIN_GROWTH), predicted), cap) * options.replicates)
    result = _finish(blocks, sum(blocks.sizes), seed, options, factors, warnings, ())
    result.seconds = time.perf_counter() - started
    result.precision_target = target
    result.notes = notes
    report(progress, 1.0)
    return result


def _check_in(progress: Progress | None, fraction: float, _within_round: float) -> None:
    """Progress in precision mode, where the total is unknown (each round halves what is left); called
    between replicates so that a cancel is heard within a round."""
    report(progress, fraction)


def _pct(fraction: float) -> str:
    return "an unknown precision" if not math.isfinite(fraction) else f"±{fraction * 100:.2g} %"


def _start(plan: Plan, factors: list[Factor], seed: int, spearman: np.ndarray | None, options: RunOptions,
           changes: Sequence[Change], watch: frozenset[int] | None = None) -> _Blocks:
    streams = replicates(options.sampler, seed, options.replicates, len(factors), options.order)
    return _Blocks(plan, factors, Copula.of(spearman), streams, options, changes, watch)


def _finish(blocks: _Blocks, samples: int, seed: int, options: RunOptions, factors: list[Factor],
            warnings: list[str], changes: Sequence[Change]) -> SampleRun:
    # Precision mode kept only the watched metrics of its rounds: the plan runs on all the draws for the
    # rest when a what-if needs them (cheaper than keeping and joining every round's arrays).
    watched = blocks.watch
    pending = None if watched is None else functools.partial(blocks.evaluate, blocks.draws())
    values = [blocks.value(i) if watched is None or i in watched else None for i in range(len(blocks.plan))]
    if options.keep is None:
        sources, elasticities = split(factors, list(blocks.draws()))
    else:
        sources, elasticities = {}, {}
    blocks.rounds = []  # let the blocks go: the merged arrays hold everything now
    return SampleRun(samples, seed, list(blocks.segments), options, factors, sources, elasticities, values, warnings,
                     changes=tuple(changes), pending=pending)


def principal_turn(plan: Plan, factors: list[Factor], spearman: np.ndarray | None, position: int) -> np.ndarray | None:
    """The turn of the normal scores that hands plan position ``position``'s most important directions
    to the first Sobol' dimensions (``rotation``), or None where there is none to make. The pilot's
    columns are evaluated a few at a time: every metric is computed at each, and only one is kept."""
    copula = Copula.of(spearman)
    chunk = max(1, int(PILOT_BYTES // (8 * max(1, len(plan)))))

    def metric_of(scores: np.ndarray) -> np.ndarray:
        pieces = []
        for start in range(0, scores.shape[1], chunk):
            values = values_of_scores(factors, copula, scores[:, start:start + chunk])
            sources, elasticities = split(factors, list(values))
            pieces.append(np.broadcast_to(plan.evaluate(sources=sources, elasticities=elasticities)[position],
                                          values.shape[1:]))
        return np.concatenate(pieces)

    return principal_directions(metric_of, len(factors), pilot_size(len(factors), len(plan), PILOT_BYTES))


def what_if(plan: Plan, sample_run: SampleRun, changes: Iterable[Change]) -> Values:
    """The run's samples with ``changes`` applied (to the sampled values), recomputing only dependents."""
    values = sample_run.every_value()
    overrides = change_overrides(plan, values, changes)
    return plan.update(values, overrides, sources=sample_run.sources, overrides=overrides,
                       elasticities=sample_run.elasticities)


def summarise(tree: MetricTree, plan: Plan, sample_run: SampleRun, values: Sequence[Any], metrics: Iterable[str],
              label: str = "baseline") -> MonteCarloResult:
    by_id = tree.metrics_by_id()
    positions = [plan.index(m) for m in metrics]
    summaries = [summary(by_id[plan.ids[i]], plan.baseline[i], values[i], sample_run.segments) for i in positions]
    bad = [i for i, s in zip(positions, summaries, strict=True) if s.nonfinite]
    names = {m.id: m.name for m in tree.metrics}
    nonfinite = []
    if bad:
        if values is sample_run.values:
            values = sample_run.every_value()  # where the bad samples start may be upstream of what was computed
        # A lean run kept no upstream samples: the summarised metric itself is named as where it starts.
        known = [0.0 if v is None else v for v in values] if sample_run.lean else list(values)
        nonfinite = nonfinite_origins(plan, known, check=bad, names=names)
    return MonteCarloResult(samples=sample_run.samples, seed=sample_run.seed, summaries=summaries,
                            nonfinite=nonfinite, warnings=[*sample_run.warnings, *sample_run.notes], label=label,
                            sampler=sample_run.options.sampler.value, replicates=sample_run.options.replicates,
                            precision=max((s.precision for s in summaries), default=0.0),
                            precision_target=sample_run.precision_target, seconds=sample_run.seconds)
