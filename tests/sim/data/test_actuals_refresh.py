"""Refresh re-reads the declared sources and queries and lists the periods added and changed."""

from metricscape.model.actuals import MetricSource
from metricscape.sim.data import import_actuals, refresh_actuals


def test_refresh_reports_added_and_changed_periods(tree, tmp_path, model_path):
    data = tmp_path / "weekly.csv"
    data.write_text("period,New listeners\n2026-W01,10\n2026-W02,20\n")
    tree = import_actuals(tree, data, model_path).tree
    data.write_text("period,New listeners\n2026-W01,10\n2026-W02,25\n2026-W03,30\n")
    refreshed = refresh_actuals(tree, model_path)
    assert refreshed.tree.actuals.find("new_listeners").values == (10, 25, 30)
    assert [(c.period, c.old, c.new) for c in refreshed.added] == [("2026-W03", None, 30)]
    assert [(c.period, c.old, c.new) for c in refreshed.changed] == [("2026-W02", 20, 25)]
    assert tree.actuals.find("new_listeners").values == (10, 20)  # the input tree is untouched


def test_refresh_runs_each_metric_query_over_the_sources(tree, tmp_path, model_path):
    events = tmp_path / "events.csv"
    events.write_text("date,user_id,plays\n2026-03-02,1,3\n2026-03-03,2,0\n2026-03-04,3,1\n2026-03-10,1,1\n")
    tree = tree.model_copy(update={"actuals": tree.actuals.model_copy(update={"metric_sources": (MetricSource(
        metric="new_listeners",
        query="select date, count(distinct user_id) from events where plays > 0 group by 1"),)})})
    data = tmp_path / "weekly.csv"
    data.write_text("period,Returning listeners\n2026-W10,5\n")
    tree = import_actuals(tree, data, model_path).tree
    from metricscape.model.sources import Source

    source = Source(path="events.csv", format="csv", shape="long", table="events", period_column="date",
                    metric_column="user_id", value_column="plays")
    tree = tree.model_copy(update={"actuals": tree.actuals.model_copy(update={
        "sources": tree.actuals.sources + (source,)})})
    refreshed = refresh_actuals(tree, model_path).tree
    assert refreshed.actuals.find("new_listeners").values == (2, 1)  # summed per week from daily counts
    assert refreshed.actuals.find("returning_listeners").values == (5,)


def test_a_source_that_disappeared_fails_the_whole_refresh(tree, tmp_path, model_path):
    import pytest

    from metricscape.sim.data import DataError

    data = tmp_path / "weekly.csv"
    data.write_text("period,New listeners\n2026-W01,10\n")
    tree = import_actuals(tree, data, model_path).tree
    data.unlink()
    with pytest.raises(DataError, match="weekly.csv: there is no such file"):
        refresh_actuals(tree, model_path)
