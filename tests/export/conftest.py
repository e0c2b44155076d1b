from pathlib import Path

import pytest
from wide_trees import wide_tree

from metricscape.io import load
from metricscape.model import MetricTree

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


@pytest.fixture(scope="session")
def sample_tree() -> MetricTree:
    return load(GOLDEN / "sample-model.json").tree


@pytest.fixture(scope="session")
def hostile_tree() -> MetricTree:
    return load(GOLDEN / "hostile-model.json").tree


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
