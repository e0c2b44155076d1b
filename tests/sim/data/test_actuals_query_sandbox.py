"""Analysts' queries are untrusted: they read the declared sources and nothing else, within limits."""

from pathlib import Path

import pytest

from metricscape.model.sources import SourceFormat
from metricscape.sim.data import QueryError, run_query
from metricscape.sim.data.query import Table


@pytest.fixture
def tables(tmp_path) -> dict[str, Table]:
    events = tmp_path / "events.csv"
    events.write_text("week,user_id,plays\n2026-W01,1,3\n2026-W01,2,0\n2026-W01,3,2\n2026-W02,1,1\n")
    return {"events": Table(events, SourceFormat.CSV)}


def test_a_query_over_a_declared_source(tables):
    rows = run_query("select week, count(distinct user_id) from events where plays > 0 group by 1 order by 1",
                     tables)
    assert rows == [("2026-W01", 2), ("2026-W02", 1)]


def test_a_with_query_is_a_select(tables):
    assert run_query("with active as (select * from events where plays > 0) select count(*) from active",
                     tables) == [(3,)]


@pytest.mark.parametrize("sql, words", [
    ("select * from read_csv('/etc/passwd')", "may read only the model's sources (tables: events)"),
    ("select * from read_text('/etc/passwd')", "may read only the model's sources"),
    ("select * from glob('/etc/*')", "may read only the model's sources"),
    ("copy events to 'OUT'", "only SELECT queries are allowed, and this is COPY"),
    ("attach 'OUT' as other", "only SELECT queries are allowed, and this is ATTACH"),
    ("install httpfs", "only SELECT queries are allowed"),
    ("load httpfs", "only SELECT queries are allowed"),
    ("pragma version", "only SELECT queries are allowed, and this is PRAGMA"),
    ("set enable_external_access = true", "only SELECT queries are allowed, and this is SET"),
    ("select 1; select 2", "a query must be a single SELECT; this text holds 2 statements"),
    ("select from where", "the query is not valid SQL"),
])
def test_anything_else_is_refused_with_a_plain_message(tables, tmp_path, sql, words):
    out = tmp_path / "written.csv"
    with pytest.raises(QueryError) as caught:
        run_query(sql.replace("OUT", str(out)), tables, owner="the query of 'wau'")
    assert words in str(caught.value)
    assert str(caught.value).startswith("the query of 'wau': ")
    assert not out.exists()


def test_a_cross_join_that_explodes_is_stopped_by_the_time_limit(tables):
    sql = "select count(*) from range(100000000) a, range(100000000) b where a.range + b.range < 0"
    with pytest.raises(QueryError, match="ran longer than 1 s and was stopped"):
        run_query(sql, tables, time_limit_s=1)


def test_a_query_that_needs_too_much_memory_is_stopped(tables):
    sql = "select list(range) from range(50000000)"
    with pytest.raises(QueryError, match="needs more memory than it may use"):
        run_query(sql, tables, memory_limit="64MB", time_limit_s=30)


def test_a_query_cannot_see_files_next_to_the_sources(tables):
    secret = Path(next(iter(tables.values())).path).parent / "secret.csv"
    secret.write_text("a\n1\n")
    with pytest.raises(QueryError, match="may read only the model's sources"):
        run_query(f"select * from '{secret}'", tables)
