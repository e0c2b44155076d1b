import re

from hypothesis import given, settings
from hypothesis import strategies as st

from metricscape.export.mermaid import escape, to_mermaid
from metricscape.export.options import ExportOptions
from metricscape.export.text import xml_safe
from metricscape.model import Metric, MetricKind, MetricTree

NODE = re.compile(r'^    (n\d+)\["([^"]*)"\]$')


def unescape(text: str) -> str:
    for code, ch in (("#quot;", '"'), ("#lt;", "<"), ("#gt;", ">"), ("#amp;", "&"), ("#96;", "`"), ("#35;", "#")):
        text = text.replace(code, ch)
    return text


def node_labels(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for line in text.splitlines() if (m := NODE.match(line))}


def test_sample_matches_golden(sample_tree, golden):
    golden("sample-model.mmd", to_mermaid(sample_tree, ExportOptions(scenario="Onboarding revamp")))


def test_hostile_matches_golden(hostile_tree, golden):
    golden("hostile-model.mmd", to_mermaid(hostile_tree))


def test_every_hostile_name_is_one_quoted_label_that_decodes_to_the_name(hostile_tree):
    text = to_mermaid(hostile_tree)
    labels = node_labels(text)
    assert len(labels) == len(hostile_tree.metrics)
    for n, metric in enumerate(hostile_tree.metrics, start=1):
        first_line = labels[f"n{n}"].split("<br/>")[0]
        assert unescape(first_line) == " ".join(metric.name.split())
    assert "<script>" not in text
    assert not re.search(r"^\s*end\b", text, re.MULTILINE), "a bare 'end' closes a Mermaid block"


def test_links_use_generated_ids_and_kinds(sample_tree):
    text = to_mermaid(sample_tree)
    ids = {m.id: f"n{i}" for i, m in enumerate(sample_tree.metrics, start=1)}
    assert f"{ids['wau']} -->|\"×\"| {ids['listening_hours']}" in text  # the formula multiplies it in
    assert f"{ids['new_users']} -->|\"+\"| {ids['wau']}" in text
    assert f'{ids["nps"]} -.->|"elasticity 0.3"| {ids["retained_users"]}' in text
    assert f'{ids["skip_rate"]} -.->|"guards"| {ids["hours_per_user"]}' in text
    guard_index = [line.strip() for line in text.splitlines() if "-->" in line or "-.->" in line].index(
        f'{ids["skip_rate"]} -.->|"guards"| {ids["hours_per_user"]}')
    assert f"linkStyle {guard_index} stroke:#c23b3b" in text  # guard links in their own red
    assert 'Target 2.6M h' in text


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_name_round_trips_through_a_label(name):
    escaped = escape(name)
    assert '"' not in escaped and "<" not in escaped and "\n" not in escaped
    assert unescape(escaped) == " ".join(xml_safe(name).split())  # XML-forbidden characters read as spaces


def test_hidden_values_leave_names_only(sample_tree):
    labels = node_labels(to_mermaid(sample_tree, ExportOptions(show_values=False, show_owners=False)))
    assert all("<br/>" not in label for label in labels.values())


def test_a_tree_without_links_still_renders():
    tree = MetricTree(metrics=(Metric(id="a", name="Only one", kind=MetricKind.NORTH_STAR),))
    assert node_labels(to_mermaid(tree)) == {"n1": "Only one"}
