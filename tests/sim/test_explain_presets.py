"""The comparisons offered to a PM: the right windows, counted back from the latest data."""

from __future__ import annotations

from metricscape.model.actuals import Actuals, Series
from metricscape.model.periods import Grain
from metricscape.sim.explain.presets import comparisons, data_span, periods_of


def weekly(values: dict[str, list[float | None]], start: str = "2025-W01") -> Actuals:
    return Actuals(series=tuple(Series(metric=m, start=start, values=tuple(v)) for m, v in values.items()))


def test_weekly_presets_count_back_from_the_latest_week_of_the_metric():
    # 60 weeks from 2025-W01: the last is 2026-W08; 'b' stops two weeks earlier
    actuals = weekly({"a": [1.0] * 60, "b": [1.0] * 58 + [None, None]})
    found = {c.key: c for c in comparisons(actuals, "a")}
    assert [c.label for c in comparisons(actuals, "a")] == [
        "Last week vs the week before", "Last 4 weeks vs the 4 before", "Last week vs the same week last year",
        "Last 4 weeks vs the same 4 last year"]
    assert (found["previous"].before.label, found["previous"].after.label) == ("2026-W07", "2026-W08")
    assert (found["previous_range"].before.label, found["previous_range"].after.label) == (
        "2026-W01..2026-W04", "2026-W05..2026-W08")
    assert (found["year_ago"].before.label, found["year_ago"].after.label) == ("2025-W08", "2026-W08")
    assert found["year_ago_range"].before.label == "2025-W05..2025-W08"
    assert comparisons(actuals, "b")[0].after.label == "2026-W06"


def test_a_comparison_reaching_before_the_data_is_not_offered():
    short = weekly({"a": [1.0] * 10})
    assert [c.key for c in comparisons(short, "a")] == ["previous", "previous_range"]
    assert [c.key for c in comparisons(weekly({"a": [1.0] * 5}), "a")] == ["previous"]
    assert comparisons(Actuals(), "a") == []


def test_a_metric_without_actuals_of_its_own_takes_the_latest_period_of_any():
    actuals = weekly({"a": [1.0] * 8})
    assert data_span(actuals, "formula_metric") == ("2025-W01", "2025-W08")


def test_monthly_presets_speak_of_months_and_use_three_of_them():
    actuals = Actuals(grain=Grain.MONTH, series=(Series(metric="a", start="2025-01", values=(1.0,) * 24),))
    found = {c.key: c for c in comparisons(actuals, "a")}
    assert found["previous"].label == "Last month vs the month before"
    assert found["previous_range"].before.label == "2026-07..2026-09"
    assert found["previous_range"].after.label == "2026-10..2026-12"
    assert found["year_ago"].before.label == "2025-12"


def test_custom_choices_list_every_period_with_data_in_order():
    assert periods_of(weekly({"a": [1.0, 2.0, None]}, start="2026-W52")) == ["2026-W52", "2026-W53"]
