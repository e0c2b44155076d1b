"""The version-1 fixtures are the record of the released format: they load, and are written back unchanged."""

import pytest
from io_paths import FIXTURES

from metricscape.io import dumps, load


def test_the_every_field_fixture_is_written_back_byte_for_byte():
    # If this fails, the writer's output changed: that churns every user's git diff. Do it deliberately.
    path = FIXTURES / "v1" / "every-field.json"
    written = dumps(load(path).tree).splitlines()
    on_disk = path.read_text(encoding="utf-8").splitlines()
    not_generator = lambda lines: [line for line in lines if '"generator"' not in line]
    # Deliberate, once (issue 16, item 10): files now say their minor version after the major.
    version_line = on_disk.index('  "schema_version": 1,')
    expected = [*on_disk[:version_line + 1], '  "schema_minor": 0,', *on_disk[version_line + 1:]]
    assert not_generator(written) == not_generator(expected)


def test_the_every_field_fixture_sets_every_field():
    tree = load(FIXTURES / "v1" / "every-field.json").tree
    for items in (tree.metrics, tree.links, tree.scenarios):
        for name, field in type(items[0]).model_fields.items():
            default = field.get_default(call_default_factory=True)
            assert any(getattr(item, name) != default for item in items), f"no {type(items[0]).__name__} sets {name}"
    distributions = {m.uncertainty.distribution for m in tree.metrics if m.uncertainty}
    assert len(distributions) == 7


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("v1/*.json")), ids=lambda p: p.name)
def test_each_fixture_loads(path):
    assert load(path).tree.metrics
