from pathlib import Path

import pytest

from metricscape.io import load
from metricscape.model import Link, LinkKind, Metric, MetricKind, MetricTree, ModelInfo

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


@pytest.fixture(scope="session")
def sample_tree() -> MetricTree:
    return load(GOLDEN / "sample-model.json").tree


@pytest.fixture(scope="session")
def hostile_tree() -> MetricTree:
    return load(GOLDEN / "hostile-model.json").tree


def wide_tree(n: int) -> MetricTree:
    """A north star with n - 1 metrics, four drivers per metric, level by level."""
    metrics = [Metric(id="m0", name="North star", kind=MetricKind.NORTH_STAR, baseline=1.0)]
    links = []
    for i in range(1, n):
        metrics.append(Metric(id=f"m{i}", name=f"Metric number {i}", baseline=float(i), owner="Team"))
        links.append(Link(source=f"m{i}", target=f"m{(i - 1) // 4}", kind=LinkKind.INFLUENCE, elasticity=0.1))
    return MetricTree(info=ModelInfo(name=f"{n} metrics"), metrics=tuple(metrics), links=tuple(links))


@pytest.fixture(scope="session")
def make_wide_tree():
    return wide_tree


@pytest.fixture
def golden():
    """Compare text with a golden file; METRICSCAPE_REGENERATE_GOLDEN=1 rewrites it instead."""
    import os

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("METRICSCAPE_REGENERATE_GOLDEN") == "1":
            path.write_text(text, encoding="utf-8")
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} changed; if intended, regenerate with METRICSCAPE_REGENERATE_GOLDEN=1"

    return check
