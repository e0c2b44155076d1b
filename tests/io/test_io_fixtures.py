"""The fixtures are the record of the released formats: old ones load, current ones are written back unchanged."""

import pytest
from io_paths import FIXTURES

from metricscape.io import dumps, load


def test_the_every_field_fixture_is_written_back_byte_for_byte():
    # If this fails, the writer's output changed: that churns every user's git diff. Do it deliberately.
    path = FIXTURES / "v2" / "every-field.json"
    written = dumps(load(path).tree).splitlines()
    on_disk = path.read_text(encoding="utf-8").splitlines()
    not_generator = lambda lines: [line for line in lines if '"generator"' not in line]
    assert not_generator(written) == not_generator(on_disk)


def test_the_every_field_fixture_sets_every_field():
    tree = load(FIXTURES / "v2" / "every-field.json").tree
    for items in (tree.metrics, tree.links, tree.scenarios):
        for name, field in type(items[0]).model_fields.items():
            default = field.get_default(call_default_factory=True)
            assert any(getattr(item, name) != default for item in items), f"no {type(items[0]).__name__} sets {name}"
    distributions = {m.uncertainty.distribution for m in tree.metrics if m.uncertainty}
    assert len(distributions) == 7
    actuals = tree.actuals
    for items in (actuals.sources, actuals.metric_sources, actuals.definitions, actuals.series):
        for name, field in type(items[0]).model_fields.items():
            default = field.get_default(call_default_factory=True)
            assert any(getattr(item, name) != default for item in items), f"no {type(items[0]).__name__} sets {name}"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("v*/*.json")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_fixture_loads(path):
    assert load(path).tree.metrics
