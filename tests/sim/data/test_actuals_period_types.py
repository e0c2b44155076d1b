"""Warehouse exports type their period column in many ways (DATE, TIMESTAMP in s/ms/us/ns, with a time
zone, ISO text): each gives the same series, and the period numbering agrees with the calendar."""

import datetime as dt

import duckdb
import pytest

from metricscape.model.periods import Grain
from metricscape.sim.data import DataError, import_actuals
from metricscape.sim.data.period_index import number_of, number_sql, start_of_number

DAYS = [dt.date(2026, 2, 23) + dt.timedelta(days=i) for i in range(21)]  # ISO weeks 2026-W09 to W11


def calendar_key(day: dt.date, grain: Grain) -> tuple[int, ...]:
    """The period a day belongs to, straight from the standard library's calendar."""
    if grain is Grain.DAY:
        return (day.toordinal(),)
    if grain is Grain.WEEK:
        return tuple(day.isocalendar())[:2]
    if grain is Grain.MONTH:
        return day.year, day.month
    return day.year, (day.month - 1) // 3


def first_day(day: dt.date, grain: Grain) -> dt.date:
    if grain is Grain.DAY:
        return day
    if grain is Grain.WEEK:
        return day - dt.timedelta(days=day.weekday())
    if grain is Grain.MONTH:
        return day.replace(day=1)
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


@pytest.mark.parametrize("grain", list(Grain))
def test_period_numbers_in_sql_and_python_follow_the_calendar(grain):
    days = [dt.date(1900, 1, 1) + dt.timedelta(days=i) for i in range(0, 110_000, 13)]
    days += [dt.date(y, m, d) for y in (1999, 2000, 2020, 2026, 2199) for m, d in ((1, 1), (2, 29 if y % 4 == 0 else 28),
                                                                                 (3, 31), (12, 28), (12, 31))]
    number, slot = number_sql("p", grain)
    rows = duckdb.execute(f"SELECT p, {number}, {slot} FROM (SELECT unnest($1) AS p)", [days]).fetchall()
    by_period: dict[int, set[tuple[int, ...]]] = {}
    for day, sql_number, sql_slot in rows:
        assert sql_number == number_of(day, grain)
        assert start_of_number(sql_number, grain) == first_day(day, grain)
        assert sql_slot == (day - first_day(day, grain)).days
        by_period.setdefault(sql_number, set()).add(calendar_key(day, grain))
    assert all(len(keys) == 1 for keys in by_period.values())  # one number, one calendar period
    numbers = sorted(by_period)
    keys = [next(iter(by_period[n])) for n in numbers]
    assert keys == sorted(keys)  # numbers run in calendar order


def write_parquet(path, period_sql: str) -> None:
    """A long daily table with the period column typed by ``period_sql`` (of the DATE column ``d``)."""
    values = ", ".join(f"(DATE '{day}', 'New listeners', {100 + i})" for i, day in enumerate(DAYS))
    duckdb.execute(f"COPY (SELECT {period_sql} AS date, metric, value FROM (VALUES {values}) t(d, metric, value)) "
                   f"TO '{path}' (FORMAT parquet)")


@pytest.mark.parametrize("period_sql", [
    "d", "CAST(d AS TIMESTAMP)", "CAST(d AS TIMESTAMP_S)", "CAST(d AS TIMESTAMP_MS)", "CAST(d AS TIMESTAMP_NS)",
    "CAST(d AS TIMESTAMP) + INTERVAL 13 HOUR", "CAST(d AS VARCHAR)", "strftime(d, '%Y-%m-%dT08:30:00Z')",
    "CAST(CAST(d AS VARCHAR) || ' 12:00:00+00' AS TIMESTAMPTZ)"])
def test_every_period_type_gives_the_same_weeks(tree, tmp_path, model_path, period_sql):
    data = tmp_path / "export.parquet"
    write_parquet(data, period_sql)
    series = import_actuals(tree, data, model_path).tree.actuals.find("new_listeners")
    assert series.start == "2026-W09"
    assert series.values == tuple(sum(100 + i for i in range(w * 7, w * 7 + 7)) for w in range(3))


def test_a_time_zone_aware_instant_counts_on_its_day_in_utc(tree, tmp_path, model_path):
    data = tmp_path / "utc.parquet"
    # 01:00 in UTC+2 on Monday 2 March is 23:00 UTC on Sunday 1 March: week 9, on every machine.
    duckdb.execute(f"COPY (SELECT * FROM (VALUES (TIMESTAMPTZ '2026-03-02 01:00:00+02', 'New listeners', 5), "
                   f"(TIMESTAMPTZ '1960-01-04 23:30:00+00', 'Returning listeners', 7)) t(date, metric, value)) "
                   f"TO '{data}' (FORMAT parquet)")
    actuals = import_actuals(tree, data, model_path).tree.actuals
    assert actuals.find("new_listeners").start == "2026-W09"
    assert actuals.find("returning_listeners").start == "1960-W01"  # before 1970: days floor, not truncate


def test_text_dates_mixed_with_labels_still_roll_up(tree, tmp_path, model_path):
    data = tmp_path / "mixed.csv"
    data.write_text("period,metric,value\n2026-03-02,new_listeners,1\n2026-03-03 10:00,new_listeners,2\n"
                    "2026-W11,new_listeners,4\n", encoding="utf-8")
    assert import_actuals(tree, data, model_path).tree.actuals.find("new_listeners").values == (3, 4)


def test_dates_outside_the_years_a_model_holds_are_refused_clearly(tree, tmp_path, model_path):
    for period in ("DATE '1850-03-02'", "DATE '2400-01-03'"):
        data = tmp_path / "old.parquet"
        duckdb.execute(f"COPY (SELECT {period} AS date, 'new_listeners' AS metric, 1.0 AS value) TO '{data}' "
                       "(FORMAT parquet)")
        with pytest.raises(DataError, match=r"column 'date': a period in the year \d+ lies outside the years "
                                            "1900 to 2200"):
            import_actuals(tree, data, model_path)


def test_an_empty_period_in_a_file_of_labels_names_its_row(tree, tmp_path, model_path):
    data = tmp_path / "weekly.csv"
    data.write_text("period,metric,value\n2026-W01,new_listeners,1\n,new_listeners,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 3, column 'period': the period is empty"):
        import_actuals(tree, data, model_path)


def test_a_wide_file_of_numbers_keeps_its_gaps(tree, tmp_path, model_path):
    data = tmp_path / "wide.parquet"
    duckdb.execute(f"COPY (SELECT * FROM (VALUES (DATE '2026-03-02', 10, 1.5), (DATE '2026-03-09', NULL, 2.5), "
                   f"(DATE '2026-03-16', 30, NULL)) t(date, \"New listeners\", \"Skip rate\")) TO '{data}' "
                   "(FORMAT parquet)")
    actuals = import_actuals(tree, data, model_path).tree.actuals
    assert actuals.find("new_listeners").values == (10, None, 30)
    assert actuals.find("skip_rate").values == (1.5, 2.5)


def test_infinite_values_or_sums_are_refused_clearly(tree, tmp_path, model_path):
    data = tmp_path / "inf.csv"
    data.write_text("date,metric,value\n2026-03-02,skip_rate,inf\n2026-03-02,new_listeners,1\n"
                    "2026-03-03,new_listeners,inf\n", encoding="utf-8")
    with pytest.raises(DataError, match="row 4: 'new_listeners' is infinite or too large to add up for 2026-W10"):
        import_actuals(tree, data, model_path)
    data.write_text("date,metric,value\n2026-03-02,new_listeners,1e308\n2026-03-03,new_listeners,1e308\n",
                    encoding="utf-8")
    with pytest.raises(DataError, match="'new_listeners' is infinite or too large to add up for 2026-W10"):
        import_actuals(tree, data, model_path)
