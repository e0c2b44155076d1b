"""Fuzzing the loader: whatever the bytes, only LoadError comes out, and it never hangs (deadline 10 s per
input: far above a busy CI machine's slowest honest load, far below a runaway one)."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from io_strategies import trees

from metricscape.io import LoadError, dumps, loads

FUZZ = settings(max_examples=300, deadline=10_000)
# Inputs built from whole trees cost more to generate; fewer of them still reach every validator.
FUZZ_FROM_TREES = settings(FUZZ, max_examples=120)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=30)

# Keys a model really has, so random documents get past the envelope and reach the validators.
model_keys = st.sampled_from(["id", "name", "kind", "formula", "baseline", "unit", "uncertainty", "source",
                              "target", "elasticity", "metrics", "links", "scenarios", "changes", "metric",
                              "mode", "value", "info", "simulation", "correlations", "gaming_risks", "position"])
model_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
    | st.sampled_from(["north_star", "a", "b", "a * b", "influence", "guard", "formula", "__import__('os')"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(model_keys, inner, max_size=6),
    max_leaves=40)


def only_load_errors(data: str | bytes) -> None:
    try:
        loads(data, source="fuzz.json")
    except LoadError as exc:
        assert str(exc).startswith("fuzz.json: ")


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    only_load_errors(data)


@FUZZ
@given(json_values)
def test_random_json(value):
    only_load_errors(json.dumps(value))


@FUZZ
@given(model_like)
def test_random_models_in_a_valid_envelope(model):
    only_load_errors(json.dumps({"format": "metricscape", "schema_version": 1, "model": model}))


@st.composite
def mutated_files(draw) -> bytes:
    data = bytearray(dumps(draw(trees(max_metrics=3))).encode())
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "replace", "truncate"]))
        if action == "delete":
            del data[position:position + draw(st.integers(1, 20))]
        elif action == "insert":
            data[position:position] = draw(st.sampled_from([b"{", b"}", b"[", b"]", b",", b'"', b"NaN", b"-",
                                                             b"1e999", b"null", b"\xff", b"\x00", b"\\"]))
        elif action == "replace" and position < len(data):
            data[position] = draw(st.integers(0, 255))
        else:
            data = data[:position]
    return bytes(data)


@FUZZ_FROM_TREES
@given(mutated_files())
def test_mutated_valid_files(data):
    only_load_errors(data)


@st.composite
def files_with_one_value_replaced(draw) -> str:
    document = json.loads(dumps(draw(trees(max_metrics=3))))
    node, path = document["model"], []
    while isinstance(node, (dict, list)) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node))) if isinstance(node, dict) else draw(
            st.integers(0, len(node) - 1))
        path.append((node, key))
        node = node[key]
    if path:
        parent, key = path[-1]
        parent[key] = draw(json_values)
    return json.dumps(document)


@FUZZ_FROM_TREES
@given(files_with_one_value_replaced())
def test_valid_files_with_one_value_replaced(text):
    only_load_errors(text)
