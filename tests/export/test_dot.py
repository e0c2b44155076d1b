import json
import shutil
import subprocess

from hypothesis import given, settings
from hypothesis import strategies as st

from metricscape.export.dot import quote, to_dot
from metricscape.export.options import ExportOptions

DOT = shutil.which("dot")


def dot_json(text: str) -> dict:
    assert DOT, "Graphviz 'dot' is needed for these tests (apt-get install graphviz)"
    done = subprocess.run([DOT, "-Tjson"], input=text.encode(), capture_output=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def test_graphviz_reads_back_every_hostile_name(hostile_tree):
    graph = dot_json(to_dot(hostile_tree, ExportOptions(show_values=False, show_owners=False)))
    labels = {node["name"]: node["label"] for node in graph["objects"]}
    for n, metric in enumerate(hostile_tree.metrics, start=1):
        # Graphviz keeps escapes in the label it reports: \\ for one backslash
        assert labels[f"n{n}"].replace("\\\\", "\\") == " ".join(metric.name.split())
    assert graph["label"] == hostile_tree.info.name


def test_graphviz_draws_every_link(sample_tree):
    graph = dot_json(to_dot(sample_tree))
    assert len(graph["edges"]) == len(sample_tree.links)
    assert graph["rankdir"] == "BT"


def test_dot_renders_to_svg(sample_tree):
    done = subprocess.run([DOT, "-Tsvg"], input=to_dot(sample_tree).encode(), capture_output=True, timeout=60, check=False)
    assert done.returncode == 0 and b"Weekly listening hours" in done.stdout


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_quote_escapes_backslashes_before_quotes(text):
    quoted = quote(text)
    inner = quoted[1:-1]
    # Every quote inside is preceded by an odd number of backslashes: it cannot end the string.
    for i, ch in enumerate(inner):
        if ch == '"':
            run = len(inner[:i]) - len(inner[:i].rstrip("\\"))
            assert run % 2 == 1
    assert not inner.endswith("\\") or (len(inner) - len(inner.rstrip("\\"))) % 2 == 0
    assert "\n" not in quoted
