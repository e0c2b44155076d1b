"""Bad input: each gives a DataError naming the file, the row or column, and what to fix."""

import pytest

from metricscape.model import Metric
from metricscape.sim.data import DataError, import_actuals


def fails(tree, tmp_path, model_path, text, name="data.csv", **options) -> str:
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        import_actuals(tree, data, model_path, **options)
    message = str(caught.value)
    assert message.startswith(str(data))
    return message


def test_a_period_that_does_not_parse_names_its_row(tree, tmp_path, model_path):
    message = fails(tree, tmp_path, model_path,
                    "period,metric,value\n2026-W10,new_listeners,1\n2026-13-40,new_listeners,2\n")
    assert "row 3, column 'period'" in message
    assert "'2026-13-40' is not a period" in message or "names no real" in message


def test_a_value_that_is_not_a_number_names_its_row_and_says_how_to_write_it(tree, tmp_path, model_path):
    message = fails(tree, tmp_path, model_path,
                    "date,metric,value\n2026-03-02,new_listeners,10\n2026-03-03,new_listeners,1.2k\n")
    assert "row 3, column 'value'" in message and "'1.2k' is not a number" in message
    assert "plain number" in message


def test_a_bad_value_deep_in_a_big_file_is_still_found(tree, tmp_path, model_path):
    rows = "".join(f"2026-03-02,m{i},{i}\n" for i in range(30_000))  # past DuckDB's type-sniffing sample
    message = fails(tree, tmp_path, model_path, "date,metric,value\n" + rows + "2026-03-03,new_listeners,n/a\n")
    assert "row 30002, column 'value'" in message and "'n/a' is not a number" in message


def test_a_wide_file_names_the_column_of_a_bad_value(tree, tmp_path, model_path):
    message = fails(tree, tmp_path, model_path, "week,New listeners,Skip rate\n2026-W01,10,5%\n")
    assert "row 2, column 'Skip rate'" in message and "0.05 for 5 %" in message


def test_a_name_that_matches_two_metrics(tree, tmp_path, model_path):
    tree = tree.model_copy(update={"metrics": tree.metrics + (Metric(id="skips", name="Skip rate!"),
                                                              Metric(id="skip_rate_2", name="Skips"))})
    tree = type(tree).model_validate(tree.model_dump())
    message = fails(tree, tmp_path, model_path, "period,metric,value\n2026-W01,skips,1\n")
    assert "column 'metric'" in message and "'skips' matches 2 metrics (skips, skip_rate_2)" in message


def test_a_duplicate_row_names_both_rows(tree, tmp_path, model_path):
    message = fails(tree, tmp_path, model_path, "period,metric,segment,value\n2026-W01,new_listeners,ios,1\n"
                    "2026-W01,new_listeners,web,1\n2026-W01,new_listeners,ios,2\n")
    assert "rows 2 and 4" in message and "'new_listeners' in segment 'ios' has two values for 2026-W01" in message


def test_two_spellings_of_one_metric_on_one_day_are_a_duplicate(tree, tmp_path, model_path):
    message = fails(tree, tmp_path, model_path,
                    "date,metric,segment,value\n2026-03-02,New listeners,,1\n2026-03-02,new_listeners,all,2\n")
    assert "has two values for 2026-03-02" in message


def test_nothing_matched_lists_the_names_with_suggestions(tree, tmp_path, model_path):
    message = fails(tree, tmp_path, model_path, "period,Listners new,Skiprate x\n2026-W01,1,2\n")
    assert "no name in the file matches a metric" in message
    assert "'Listners new' (did you mean new_listeners" in message


def test_missing_columns_and_unknown_formats(tree, tmp_path, model_path):
    assert "no period column" in fails(tree, tmp_path, model_path, "when,metric,value\nx,y,1\n")
    assert "the column 'value' is missing" in fails(tree, tmp_path, model_path, "period,metric,amount\nx,y,1\n")
    assert "reads .csv" in fails(tree, tmp_path, model_path, "x", name="data.txt")


def test_a_week_label_cannot_become_a_month(tree, tmp_path, model_path):
    from metricscape.model.periods import Grain

    message = fails(tree, tmp_path, model_path, "period,New listeners\n2026-W01,1\n", grain=Grain.MONTH)
    assert "weeks do not fit into months" in message and "row 2" in message


def test_a_missing_file(tree, tmp_path, model_path):
    with pytest.raises(DataError, match="there is no such file"):
        import_actuals(tree, tmp_path / "nope.csv", model_path)


def test_importing_by_another_grain_than_the_models_is_refused(tree, tmp_path, model_path):
    from metricscape.model.periods import Grain

    data = tmp_path / "w.csv"
    data.write_text("period,New listeners\n2026-W01,1\n")
    tree = import_actuals(tree, data, model_path).tree
    with pytest.raises(DataError, match="the model's actuals are by week"):
        import_actuals(tree, data, model_path, grain=Grain.MONTH)


def test_an_empty_period_or_metric_names_its_row(tree, tmp_path, model_path):
    message = fails(tree, tmp_path, model_path, "date,metric,value\n2026-03-02,new_listeners,1\n,new_listeners,2\n")
    assert "row 3, column 'date': the period is empty" in message
    message = fails(tree, tmp_path, model_path, "period,metric,value\n2026-W01,new_listeners,1\n2026-W01,,2\n")
    assert "row 3, column 'metric': the metric is empty" in message


def test_empty_values_are_gaps_not_errors(tree, tmp_path, model_path):
    data = tmp_path / "gaps.csv"
    data.write_text("period,metric,segment,value\n2026-W01,new_listeners,,1\n2026-W02,new_listeners,,\n"
                    "2026-W03,new_listeners,,3\n2026-W01,new_listeners,ios,1\n")
    actuals = import_actuals(tree, data, model_path).tree.actuals
    assert actuals.find("new_listeners").values == (1, None, 3)
    assert actuals.find("new_listeners", "ios").values == (1,)


def test_a_broken_excel_file_or_sheet(tree, tmp_path, model_path):
    assert "this Excel file could not be read" in fails(tree, tmp_path, model_path, "not a zip", name="data.xlsx")


def test_an_unknown_sheet_lists_the_sheets(tree, tmp_path, model_path):
    import xlsxwriter

    book = xlsxwriter.Workbook(str(tmp_path / "book.xlsx"))
    book.add_worksheet("Weekly").write_row(0, 0, ["period", "New listeners"])
    book.close()
    with pytest.raises(DataError, match=r"there is no sheet 'Daily' \(sheets: Weekly\)"):
        import_actuals(tree, tmp_path / "book.xlsx", model_path, sheet="Daily")


def test_text_in_an_unmatched_column_of_a_wide_file_is_no_error(tree, tmp_path, model_path):
    data = tmp_path / "wide.csv"
    data.write_text("week,Notes,New listeners\n2026-W01,launch week,10\n2026-W02,,x\n")
    with pytest.raises(DataError, match="row 3, column 'New listeners': 'x' is not a number"):
        import_actuals(tree, data, model_path)


def test_a_hand_pick_must_name_a_metric(tree, tmp_path, model_path):
    data = tmp_path / "w.csv"
    data.write_text("period,metric,value\n2026-W01,WAU new,5\n")
    with pytest.raises(DataError, match="'WAU new' is to feed 'new_listener', which is not a metric id of the "
                                        r"model \(did you mean new_listeners"):
        import_actuals(tree, data, model_path, names={"WAU new": "new_listener"})
