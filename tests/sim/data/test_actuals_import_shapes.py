"""Importing actuals: every format and both shapes give the same series, rolled up by each metric's rule."""

import datetime as dt
import json

import duckdb
import pytest

from metricscape.model.periods import Grain
from metricscape.sim.data import import_actuals

DAYS = [dt.date(2026, 3, 2) + dt.timedelta(days=i) for i in range(14)]  # ISO weeks 2026-W10 and W11


def long_rows():
    rows = []
    for i, day in enumerate(DAYS):
        rows.append((day.isoformat(), "New listeners", "", 100 + i))
        rows.append((day.isoformat(), "skip_rate", "all", 0.20 + i / 100))
        rows.append((day.isoformat(), "PAYING SUBSCRIBERS", "ios", 1000 + 10 * i))
    return rows


def write_long_csv(path, rows, sep=","):
    path.write_text("date" + sep + "metric" + sep + "segment" + sep + "value\n"
                    + "".join(sep.join(str(v) for v in row) + "\n" for row in rows), encoding="utf-8")


def expected():
    week1, week2 = range(7), range(7, 14)
    return {
        ("new_listeners", ""): [sum(100 + i for i in week1), sum(100 + i for i in week2)],
        ("skip_rate", ""): [sum(0.20 + i / 100 for i in week1) / 7, sum(0.20 + i / 100 for i in week2) / 7],
        ("paying_subscribers", "ios"): [1000 + 10 * 6, 1000 + 10 * 13],  # a stock: the last day's value
    }


def check(result):
    got = {(s.metric, s.segment): list(s.values) for s in result.tree.actuals.series}
    assert set(got) == set(expected())
    for key, values in expected().items():
        assert got[key] == pytest.approx(values, rel=1e-11), key
    assert all(s.start == "2026-W10" for s in result.tree.actuals.series)


def test_long_csv(tree, tmp_path, model_path):
    data = tmp_path / "daily.csv"
    write_long_csv(data, long_rows())
    result = import_actuals(tree, data, model_path)
    check(result)
    assert result.source.path == "daily.csv" and result.source.shape.value == "long"
    assert {m.name: m.metric for m in result.matched} == {
        "New listeners": "new_listeners", "skip_rate": "skip_rate", "PAYING SUBSCRIBERS": "paying_subscribers"}
    assert result.rows == 42


def test_long_tsv_in_a_subfolder_is_declared_relative_to_the_model(tree, tmp_path, model_path):
    (tmp_path / "data").mkdir()
    data = tmp_path / "data" / "daily.tsv"
    write_long_csv(data, long_rows(), sep="\t")
    result = import_actuals(tree, data, model_path)
    check(result)
    assert result.source.path == "data/daily.tsv"


def test_parquet_json_and_ndjson(tree, tmp_path, model_path):
    csv = tmp_path / "daily.csv"
    write_long_csv(csv, long_rows())
    duckdb.sql(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar = true)) TO '{tmp_path / 'daily.parquet'}' "
               "(FORMAT parquet)")
    records = [{"date": d, "metric": m, "segment": s, "value": v} for d, m, s, v in long_rows()]
    (tmp_path / "daily.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "daily.ndjson").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    for name in ("daily.parquet", "daily.json", "daily.ndjson"):
        check(import_actuals(tree, tmp_path / name, model_path))


def test_wide_xlsx_with_real_dates(tree, tmp_path, model_path):
    import xlsxwriter  # a writer (python-pptx's dependency) for the test; the app reads with python-calamine

    book = xlsxwriter.Workbook(str(tmp_path / "weekly.xlsx"))
    sheet = book.add_worksheet("Daily")
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, ["Date", "New listeners", "Skip rate", "Notes"])
    for i, day in enumerate(DAYS):
        sheet.write_datetime(i + 1, 0, dt.datetime.combine(day, dt.time()), dates)
        sheet.write_row(i + 1, 1, [100 + i, 0.20 + i / 100, "ok"])
    book.close()
    result = import_actuals(tree, tmp_path / "weekly.xlsx", model_path)
    got = {s.metric: list(s.values) for s in result.tree.actuals.series}
    assert got["new_listeners"] == expected()[("new_listeners", "")]
    assert got["skip_rate"] == pytest.approx(expected()[("skip_rate", "")], rel=1e-11)
    assert [u.name for u in result.unmatched] == ["Notes"]
    assert result.source.shape.value == "wide"


def test_labels_are_taken_as_they_are_and_set_the_grain(tree, tmp_path, model_path):
    data = tmp_path / "monthly.csv"
    data.write_text("period,New listeners,Paying subscribers\n2026-01,10,5\n2026-03,30,7\n2026-02,20,6\n")
    result = import_actuals(tree, data, model_path)
    assert result.tree.actuals.grain is Grain.MONTH
    series = result.tree.actuals.find("new_listeners")
    assert series.start == "2026-01" and series.values == (10, 20, 30)


def test_months_roll_up_into_quarters_and_gaps_stay_empty(tree, tmp_path, model_path):
    data = tmp_path / "monthly.csv"
    data.write_text("period,New listeners\n2026-01,10\n2026-02,20\n2026-03,30\n2026-07,5\n")
    series = import_actuals(tree, data, model_path, grain=Grain.QUARTER).tree.actuals.find("new_listeners")
    assert series.start == "2026-Q1" and series.values == (60, None, 5)


def test_a_chosen_aggregation_overrides_the_default(tree, tmp_path, model_path):
    from metricscape.model.actuals import Aggregation, MetricSource

    tree = tree.model_copy(update={"actuals": tree.actuals.model_copy(update={
        "metric_sources": (MetricSource(metric="new_listeners", aggregation=Aggregation.MEAN),)})})
    data = tmp_path / "daily.csv"
    write_long_csv(data, long_rows())
    series = import_actuals(tree, data, model_path).tree.actuals.find("new_listeners")
    assert series.values == pytest.approx([103, 110])


def test_a_second_import_replaces_its_series_and_keeps_the_others(tree, tmp_path, model_path):
    first = tmp_path / "a.csv"
    first.write_text("period,New listeners,Returning listeners\n2026-W01,1,2\n2026-W02,3,4\n")
    second = tmp_path / "b.csv"
    second.write_text("period,metric,value\n2026-W02,new_listeners,30\n2026-W03,new_listeners,40\n")
    tree = import_actuals(tree, first, model_path).tree
    tree = import_actuals(tree, second, model_path).tree
    assert tree.actuals.find("new_listeners").start == "2026-W02"
    assert tree.actuals.find("new_listeners").values == (30, 40)
    assert tree.actuals.find("returning_listeners").values == (2, 4)
    assert [s.path for s in tree.actuals.sources] == ["a.csv", "b.csv"]
    assert [s.table for s in tree.actuals.sources] == ["a", "b"]


def test_hand_picked_names_win_and_are_kept_with_the_source(tree, tmp_path, model_path):
    data = tmp_path / "export.csv"
    data.write_text("period,metric,value\n2026-W01,WAU new,5\n")
    result = import_actuals(tree, data, model_path, names={"WAU new": "new_listeners"})
    assert result.tree.actuals.find("new_listeners").values == (5,)
    assert result.source.names == {"WAU new": "new_listeners"}
