"""Every kind of bad input becomes one LoadError naming the file, where, and what to fix."""

import json
import os
import sys

import pytest

from metricscape.io import MAX_BYTES, LoadError, dumps, load, loads, reader
from metricscape.model import MetricscapeError


def envelope(model: dict) -> str:
    return json.dumps({"format": "metricscape", "schema_version": 1, "generator": "test", "model": model})


def metric(metric_id: str, **fields) -> dict:
    return {"id": metric_id, "name": metric_id.title(), **fields}


def load_text(tmp_path, text: str | bytes, name: str = "model.json") -> str:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(LoadError) as info:
        load(path)
    message = str(info.value)
    assert message.startswith(str(path) + ": "), message
    return message


def test_load_error_is_a_metricscape_error():
    assert issubclass(LoadError, MetricscapeError)


def test_a_valid_file_loads_with_its_fingerprint(tmp_path, small_tree):
    path = tmp_path / "m.json"
    path.write_text(dumps(small_tree), encoding="utf-8")
    loaded = load(path)
    assert loaded.tree == small_tree and loaded.path == path
    assert loaded.fingerprint.size == path.stat().st_size
    assert loaded.fingerprint.mtime_ns == path.stat().st_mtime_ns


def test_a_byte_order_mark_is_tolerated(tmp_path, small_tree):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + dumps(small_tree).encode())
    assert load(path).tree == small_tree


@pytest.mark.parametrize(("content", "expected"), [
    (b"", "the file is empty"),
    (b"  \n\t ", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a text file"),
    (b'{"format": "metricscape",\n "schema_version": 1,\n "model": {"metrics": [', "line 3"),
    (b'{"format": "metricscape",\n "schema_version": 1,\n "model": {"metrics": [', "ends too early"),
    (b'{"format": "metricscape"\n "schema_version": 1}', "line 2, column 2: the JSON is broken: a comma is missing"),
    (b"[1, 2, 3]", "the file holds a list"),
    (b'{"cells": []}', "\"format\" field is missing"),
    (b'{"format": "notebook", "schema_version": 1, "model": {}}', "\"format\" is \"notebook\""),
    (b'{"format": "metricscape", "schema_version": "1", "model": {}}', "should be a whole number"),
    (b'{"format": "metricscape", "schema_version": 1}', "\"model\" field is missing"),
    (b'{"format": "metricscape", "schema_version": 1, "model": []}', "\"model\" should be an object"),
    (b'{"format": "metricscape", "schema_version": 1, "model": {}, "modle": 1}', "unknown top-level field"),
])
def test_broken_files(tmp_path, content, expected):
    assert expected in load_text(tmp_path, content)


def test_a_newer_file_format_is_refused_naming_both_versions(tmp_path):
    message = load_text(tmp_path, '{"format": "metricscape", "schema_version": 3, "model": {}}')
    assert "written by a newer Metricscape (file format 3); this version reads up to 2 — update Metricscape" in message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_with_their_line(tmp_path, constant):
    text = envelope({"metrics": [metric("wau", notes="NaN in a note is fine")]})
    text = text.replace('"notes"', f'\n"baseline": {constant}, "notes"')
    message = load_text(tmp_path, text)
    assert f"line 2: {constant} is not a number" in message


def test_an_overflowing_number_is_refused_as_not_finite(tmp_path):
    message = load_text(tmp_path, envelope({"metrics": [metric("wau")]}).replace('"name"', '"baseline": 1e999, "name"'))
    assert "model.metrics[0].baseline (metric 'wau'): should be a finite number" in message


def test_a_duplicated_field_is_refused(tmp_path):
    message = load_text(tmp_path, '{"format": "metricscape", "schema_version": 1, "schema_version": 1, "model": {}}')
    assert 'the field "schema_version" appears twice' in message


@pytest.mark.parametrize(("model", "expected"), [
    ({"metrics": [metric("wau", baseline="12k")]}, "model.metrics[0].baseline (metric 'wau'): should be a number, not \"12k\""),
    ({"metrics": [{"id": "wau"}]}, "model.metrics[0].name (metric 'wau'): this field is required but missing"),
    ({"metrics": [metric("wau", colour="red")]}, "model.metrics[0].colour (metric 'wau'): unknown field"),
    ({"metrics": [metric("Weekly Users")]}, "is not a valid id: use lowercase letters"),
    ({"metrics": [metric("wau", kind="star")]}, "model.metrics[0].kind (metric 'wau'): \"star\" is not allowed"),
    ({"metrics": [metric("wau", baseline_as_of="last week")]}, "should be a date written as YYYY-MM-DD"),
    ({"metrics": "wau"}, "model.metrics: should be a list"),
    ({"metrics": [metric("wau"), metric("wau")]}, "model.metrics[1]: the id 'wau' is used twice"),
    ({"metrics": [metric("a", kind="north_star"), metric("b", kind="north_star")]}, "2 north star metrics"),
    ({"metrics": [metric("a", formula="b + wau2"), metric("b"), metric("wau")]},
     "model.metrics[0].formula of 'a' at column 5: unknown metric 'wau2' — did you mean 'wau'?"),
    ({"metrics": [metric("a")], "links": [{"source": "x", "target": "a", "kind": "guard"}]},
     "model.links[0] (x → a): unknown metric 'x'"),
    ({"metrics": [metric("a"), metric("b")],
      "links": [{"source": "a", "target": "b", "elasticity": 0.5}, {"source": "b", "target": "a", "elasticity": 1}]},
     "model.links: the links form a loop"),
    ({"simulation": {"samples": 5}}, "model.simulation.samples: should be at least 100, not 5"),
    ({"metrics": [{"id": "a", "name": ""}]}, "model.metrics[0].name (metric 'a'): should not be empty"),
    ({"metrics": [metric("a", unit="x" * 41)]}, "model.metrics[0].unit (metric 'a'): is too long: at most 40"),
    ({"metrics": [metric("a", uncertainty={"distribution": "normal"})]},
     "model.metrics[0].uncertainty (metric 'a'): a normal distribution needs 'sd'"),
])
def test_invalid_models_name_the_json_path_and_the_reason(tmp_path, model, expected):
    message = load_text(tmp_path, envelope(model))
    assert expected in message, message
    assert "Traceback" not in message and "pydantic" not in message.lower()


def test_many_problems_are_listed_up_to_five_with_a_count(tmp_path):
    model = {"metrics": [metric(f"m{i}", baseline="x") for i in range(8)]}
    with pytest.raises(LoadError) as info:
        loads(envelope(model), source="big.json")
    assert len(info.value.problems) == 6
    assert info.value.problems[-1] == "… and 3 more problems"
    assert "model.metrics[4].baseline (metric 'm4')" in str(info.value)


@pytest.mark.parametrize("formula", ["__import__('os')", "().__class__", "a.b", "[a][0]",
                                     "lambda: 1", "a if b else c", "max(*a)", "'x' * 10**9"])
def test_hostile_formulas_are_refused_without_running_them(tmp_path, formula):
    model = {"metrics": [metric("a", formula=formula), metric("b"), metric("c")]}
    message = load_text(tmp_path, envelope(model))
    assert "model.metrics[0].formula of 'a'" in message or "model.metrics[0].formula (metric 'a')" in message


def test_10000_deep_nesting_is_refused(tmp_path):
    deep = "[" * 10_000 + "]" * 10_000
    message = load_text(tmp_path, f'{{"format": "metricscape", "schema_version": 1, "model": {{"metrics": {deep}}}}}')
    assert message.endswith(": the JSON is nested too deeply to be a Metricscape model")


def test_10000_deep_nesting_inside_a_field_is_refused(tmp_path):
    deep = '{"a":' * 10_000 + "1" + "}" * 10_000
    message = load_text(tmp_path, envelope({"metrics": [metric("a")]}).replace('"name"', f'"notes": {deep}, "name"'))
    assert message.endswith(": the JSON is nested too deeply to be a Metricscape model")


def test_a_100_mb_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: no 100 MB actually written
    with pytest.raises(LoadError) as info:
        load(path)
    assert "100.0 MB" in str(info.value) and "up to 20 MB" in str(info.value)


def test_text_over_the_limit_is_refused_by_loads():
    with pytest.raises(LoadError, match="up to 20 MB"):
        loads(" " * (MAX_BYTES + 1), source="pasted")


def test_a_missing_file(tmp_path):
    with pytest.raises(LoadError, match="there is no such file"):
        load(tmp_path / "nope.json")


def test_a_folder(tmp_path):
    with pytest.raises(LoadError, match="this is a folder"):
        load(tmp_path)


def test_a_file_without_read_permission(tmp_path, small_tree, monkeypatch):
    path = tmp_path / "locked.json"
    path.write_text(dumps(small_tree), encoding="utf-8")
    path.chmod(0)
    if sys.platform == "win32" or os.geteuid() == 0:  # permissions not enforced here: refuse like the OS would
        def refuse(*args, **kwargs):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(reader, "open", refuse, raising=False)
    with pytest.raises(LoadError, match="you do not have permission to read this file"):
        load(path)


def test_a_huge_power_is_kept_as_text_and_never_computed_while_loading():
    model = {"metrics": [metric("a", formula="9**9**9 + b"), metric("b")]}
    tree = loads(envelope(model))  # would hang for minutes if the loader evaluated it
    assert tree.metric("a").formula == "9**9**9 + b"


def test_loading_leaves_the_garbage_collector_as_it_was():
    import gc

    with pytest.raises(LoadError):
        loads("{}")
    assert gc.isenabled()
    gc.disable()
    try:
        loads('{"format": "metricscape", "schema_version": 1, "model": {}}')
        assert not gc.isenabled()
    finally:
        gc.enable()
