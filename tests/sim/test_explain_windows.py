"""Windows of periods in every grain: ranges across year ends read the right values."""

from __future__ import annotations

import pytest

from metricscape.model.actuals import Actuals, Series
from metricscape.model.periods import Grain, periods_between
from metricscape.sim.explain import ExplainError, parse_window
from metricscape.sim.explain.windows import ActualsTable


@pytest.mark.parametrize(("grain", "start", "first", "last"), [
    (Grain.WEEK, "2026-W51", "2026-W53", "2027-W02"),   # 2026 has an ISO week 53
    (Grain.DAY, "2026-12-30", "2026-12-31", "2027-01-02"),
    (Grain.MONTH, "2026-10", "2026-12", "2027-02"),
    (Grain.QUARTER, "2026-Q3", "2026-Q4", "2027-Q2"),
])
def test_a_range_reads_the_values_of_exactly_its_periods(grain, start, first, last):
    labels = periods_between(start, last, grain)
    series = Series(metric="m", start=start, values=tuple(float(i) for i in range(len(labels))))
    table = ActualsTable(Actuals(grain=grain, series=(series,)))
    window = parse_window(f"{first}..{last}", grain)
    expected = [float(labels.index(p)) for p in periods_between(first, last, grain)]
    assert table.values("m", window) == expected
    assert table.values("m", parse_window(first, grain)) == expected[:1]


def test_a_window_with_a_gap_or_beyond_the_series_has_no_value_and_names_the_periods():
    table = ActualsTable(Actuals(series=(Series(metric="m", start="2026-W01", values=(1.0, None, 3.0)),)))
    window = parse_window("2026-W01..2026-W04", Grain.WEEK)
    assert table.values("m", window) is None
    assert table.missing_periods("m", window) == ["2026-W02", "2026-W04"]


@pytest.mark.parametrize(("text", "message"), [
    ("2026-W10..", "is not a period or a range"),
    ("2026-W10..2026-W11..2026-W12", "is not a period or a range"),
    ("2026-W99", "names no real week"),
    ("2026-03", "is a month, but this model's actuals are by week"),
])
def test_a_window_that_cannot_be_read_says_what_to_write(text, message):
    with pytest.raises(ExplainError, match=message):
        parse_window(text, Grain.WEEK)
