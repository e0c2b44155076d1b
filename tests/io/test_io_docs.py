"""docs/file-format.md stays true: its example loads, and it documents every field of the format."""

import re

import pytest
from io_paths import ROOT

from metricscape.io import loads
from metricscape.model import Link, Metric, ModelInfo, Scenario, SimulationSettings
from metricscape.model.actuals import Actuals, DefinitionChange, MetricSource, Series, Source

DOC = (ROOT / "docs" / "file-format.md").read_text(encoding="utf-8")


def test_the_minimal_example_is_a_valid_file():
    example = DOC.split("## A minimal complete file", 1)[1].split("```json", 1)[1].split("```", 1)[0]
    tree = loads(example, source="docs/file-format.md")
    assert tree.north_star is not None and {link.kind.value for link in tree.links} == {"formula", "influence", "guard"}


@pytest.mark.parametrize("model", [Metric, Link, Scenario, ModelInfo, SimulationSettings, Actuals, Source,
                                   MetricSource, DefinitionChange, Series], ids=lambda m: m.__name__)
def test_every_field_is_documented(model):
    documented = set(re.findall(r"^\| `(\w+)`", DOC, flags=re.MULTILINE))
    documented |= set(re.findall(r"`(\w+)`", DOC))
    missing = set(model.model_fields) - documented
    assert not missing, f"docs/file-format.md does not describe {sorted(missing)} of {model.__name__}"
