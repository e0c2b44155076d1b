"""Generate the example models' actuals: two years of weekly data with a story, seeded and repeatable.

For each example in ``resources/examples/`` this writes ``resources/examples/data/<name>.csv`` (long
shape: period, metric, segment, value) and imports it into the model through the same path a user
takes (``metricscape.sim.data.import_actuals``), so the model keeps the file as its source and the
series as its snapshot. Run from the repository root:

    python benchmarks/make_example_actuals.py

The story in the numbers:
- every metric that is not computed follows its own path to today's baseline: a yearly season
  (each product its own: music peaks at the winter holidays, stays in summer, learning in January,
  B2B dips at the holidays), growth for counts, a little noise;
- a launch lifts one or two inputs from a given week (ramping up over three weeks);
- formula metrics are their formula applied to the inputs (so the formulas explain them), except
  where a tracking change is told: from that week the reported value no longer matches;
- a few metrics are split by segment (platform or region), and a rate whose segments each improve
  in some weeks while the whole falls, because the mix shifts to a weaker segment (Simpson's paradox).
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from metricscape.io import load, save
from metricscape.model import MetricTree
from metricscape.model.actuals import DefinitionChange
from metricscape.model.formula_values import evaluate
from metricscape.model.graph import topological_order
from metricscape.model.periods import Grain, periods_between, start_of
from metricscape.model.tree import parsed_formula
from metricscape.sim.data import import_actuals

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
FIRST, LAST = "2024-W48", "2026-W47"  # 104 weeks up to the last full week before the models' review
WEEKS = periods_between(FIRST, LAST, Grain.WEEK)


@dataclass(frozen=True)
class Segments:
    """``count`` is split by ``shares``; ``rate`` (a leaf) differs by segment (``rate_factors``);
    ``product`` = count × rate per segment. In ``shift_weeks`` the weak segment ``surging`` gets
    ``surge``× its share while every segment's rate improves by ``lift``."""

    count: str
    shares: dict[str, float]
    rate: str | None = None
    rate_factors: dict[str, float] = field(default_factory=dict)
    product: str | None = None
    shift_weeks: tuple[str, str] | None = None
    surging: str = ""
    surge: float = 1.0
    lift: float = 1.0


@dataclass(frozen=True)
class Story:
    seed: int
    peak_week: int            # the week of the year when counts peak
    season: float             # relative amplitude of the yearly season for counts
    growth: float             # yearly growth of counts
    launches: dict[str, tuple[str, float]]  # metric -> (first week, relative lift)
    tracking: tuple[str, str, float, str] | None = None  # (metric, first week, reported / formula, label)
    segments: tuple[Segments, ...] = ()


STORIES = {
    "music-streaming": Story(
        seed=11, peak_week=51, season=0.08, growth=0.12,
        launches={"taste_onboarding_completion": ("2025-W36", 0.15), "activation_rate": ("2025-W36", 0.06),
                  "time_to_first_play": ("2025-W36", -0.12)},
        tracking=("weekly_listening_hours", "2026-W21", 1 / 0.93, "Includes offline plays synced later"),
        segments=(Segments(count="signups", shares={"ios": 0.45, "android": 0.40, "web": 0.15}, rate="activation_rate",
                           rate_factors={"ios": 1.10, "android": 0.98, "web": 0.70}, product="new_listeners",
                           shift_weeks=("2026-W30", "2026-W34"), surging="web", surge=3.0, lift=1.02),
                  Segments(count="resurrected_listeners", shares={"ios": 0.5, "android": 0.42, "web": 0.08}))),
    "marketplace": Story(
        seed=23, peak_week=30, season=0.22, growth=0.10,
        launches={"instant_book_share": ("2025-W20", 0.20), "host_acceptance_rate": ("2025-W20", 0.03)},
        segments=(Segments(count="new_searchers", shares={"app": 0.55, "mobile_web": 0.30, "desktop": 0.15}),)),
    "b2b-collaboration": Story(
        seed=37, peak_week=10, season=0.05, growth=0.15,
        launches={"template_use_rate": ("2025-W41", 0.25), "new_projects_per_team": ("2025-W41", 0.05)},
        segments=(Segments(count="trial_starts", shares={"self_serve": 0.7, "sales_led": 0.3},
                           rate="trial_conversion_rate", rate_factors={"self_serve": 0.8, "sales_led": 1.45},
                           product="new_teams"),)),
    "learning-app": Story(
        seed=53, peak_week=2, season=0.12, growth=0.09,
        launches={"trial_day3_streak_rate": ("2025-W40", 0.12), "trial_to_paid_rate": ("2025-W40", 0.04)},
        segments=(Segments(count="installs", shares={"americas": 0.45, "europe": 0.35, "asia_pacific": 0.20},
                           rate="onboarding_completion_rate",
                           rate_factors={"americas": 1.05, "europe": 1.08, "asia_pacific": 0.82},
                           product="new_learners", shift_weeks=("2026-W02", "2026-W05"), surging="asia_pacific",
                           surge=2.5, lift=1.015),)),
}


def week_index(label: str) -> int:
    return WEEKS.index(label)


def in_weeks(span: tuple[str, str] | None, t: int) -> bool:
    return span is not None and week_index(span[0]) <= t <= week_index(span[1])


def leaf_path(tree: MetricTree, metric_id: str, story: Story, rng: np.random.Generator) -> np.ndarray:
    """A leaf metric's weekly values ending near its baseline."""
    metric = tree.metric(metric_id)
    unit = metric.unit.strip()
    if unit == "%":
        season, growth, noise = 0.015, 0.01, 0.006
    elif "/" in unit or unit in ("hours", "seconds", "points", "$", "stars", "minutes"):
        season, growth, noise = 0.03, 0.02, 0.01
    else:
        season, growth, noise = story.season, story.growth, 0.015
    t = np.arange(len(WEEKS))
    weeks_of_year = np.array([start_of(w, Grain.WEEK).isocalendar()[1] for w in WEEKS])
    shape = 1 + season * np.cos(2 * math.pi * (weeks_of_year - story.peak_week) / 52)
    shape *= (1 + growth) ** (t / 52)
    shape *= 1 + rng.normal(0, noise, len(t))
    if metric_id in story.launches:
        first, lift = story.launches[metric_id]
        ramp = np.clip((t - week_index(first) + 1) / 3, 0, 1)
        shape *= 1 + lift * ramp
    values = shape / shape[-4:].mean() * (metric.baseline or 1.0)
    if unit == "%" and (metric.baseline or 0) < 1:
        values = np.clip(values, 0.0005, 0.9995)
    return values


def rounded(value: float, unit: str) -> float:
    if abs(value) >= 1000 and unit.strip() != "%":
        return float(round(value))
    return float(f"{value:.5g}")


def generate(tree: MetricTree, story: Story) -> list[tuple[str, str, str, float]]:
    rng = np.random.default_rng(story.seed)
    units = {m.id: m.unit for m in tree.metrics}
    values: dict[str, list[float]] = {}
    segment_rows: list[tuple[str, str, str, float]] = []
    for metric_id in topological_order(tree):
        metric = tree.metric(metric_id)
        if metric.formula is None:
            values[metric_id] = [rounded(v, metric.unit) for v in leaf_path(tree, metric_id, story, rng)]
    for split in story.segments:
        segment_rows += split_segments(split, values, units, rng)
    for metric_id in topological_order(tree):
        metric = tree.metric(metric_id)
        if metric.formula is None:
            continue
        formula = parsed_formula(metric.formula)
        computed = [evaluate(formula, {ref: values[ref][t] for ref in formula.refs}) for t in range(len(WEEKS))]
        values[metric_id] = [rounded(v, metric.unit) for v in computed]
    reported = {k: list(v) for k, v in values.items()}
    if story.tracking is not None:
        metric_id, first, factor, _ = story.tracking
        start = week_index(first)
        reported[metric_id] = [rounded(v * factor, units[metric_id]) if t >= start else v
                               for t, v in enumerate(values[metric_id])]
    rows = [(week, metric_id, "", series[t]) for metric_id, series in reported.items() for t, week in enumerate(WEEKS)]
    return rows + segment_rows


def split_segments(split: Segments, values: dict[str, list[float]], units: dict[str, str],
                   rng: np.random.Generator) -> list[tuple[str, str, str, float]]:
    """Segment rows; the whole population's rate becomes the count-weighted mean of the segments'."""
    rows = []
    names = list(split.shares)
    base_mix = sum(split.shares[s] * split.rate_factors.get(s, 1.0) for s in names)
    for t, week in enumerate(WEEKS):
        shifted = in_weeks(split.shift_weeks, t)
        shares = {s: split.shares[s] * (split.surge if shifted and s == split.surging else 1.0)
                  * (1 + rng.normal(0, 0.01)) for s in names}
        total_share = sum(shares.values())
        count = values[split.count][t]
        counts = {s: round(count * shares[s] / total_share) for s in names}
        counts[names[0]] += int(count) - sum(counts.values())  # the parts add up to the whole exactly
        for s in names:
            rows.append((week, split.count, s, float(counts[s])))
        if split.rate is None:
            continue
        rate = values[split.rate][t]
        rates = {s: rounded(rate * split.rate_factors[s] / base_mix * (split.lift if shifted else 1.0),
                            units[split.rate]) for s in names}
        for s in names:
            rows.append((week, split.rate, s, rates[s]))
            if split.product is not None:
                rows.append((week, split.product, s, rounded(counts[s] * rates[s], units[split.product])))
        values[split.rate][t] = sum(counts[s] * rates[s] for s in names) / count
    return rows


def write_csv(path: Path, rows: list[tuple[str, str, str, float]]) -> None:
    path.parent.mkdir(exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["period", "metric", "segment", "value"])
        for week, metric, segment, value in sorted(rows, key=lambda r: (r[1], r[2], r[0])):
            writer.writerow([week, metric, segment, f"{value:.10g}"])


def main() -> None:
    for name, story in STORIES.items():
        model = EXAMPLES / f"{name}.json"
        loaded = load(model)
        tree = loaded.tree.model_copy(update={"actuals": type(loaded.tree.actuals)()})
        data = EXAMPLES / "data" / f"{name}.csv"
        write_csv(data, generate(tree, story))
        tree = import_actuals(tree, data, model).tree
        if story.tracking is not None:
            metric_id, first, _, label = story.tracking
            tree = tree.model_copy(update={"actuals": tree.actuals.model_copy(update={
                "definitions": (DefinitionChange(metric=metric_id, since=first, label=label),)})})
        tree = MetricTree.model_validate(tree.model_dump())
        save(tree, model)
        model.with_name(model.name + ".bak").unlink(missing_ok=True)
        print(f"{model.relative_to(ROOT)}: {len(tree.actuals.series)} series, {data.stat().st_size / 1024:.0f} KB of CSV")


if __name__ == "__main__":
    main()
