"""Issue 16, item 4: the Qt-drawn exports (SVG, PNG, PDF) of a model with control characters."""

from __future__ import annotations

import json
from pathlib import Path
from xml.dom import minidom

import pytest
from text_checks import XML_FORBIDDEN, with_control_characters

from metricscape.export import ExportOptions
from metricscape.io import loads
from metricscape.ui.export.files import export_file

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "marketplace.json"


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_drawn_exports_of_hostile_text_are_valid_files(qapp, tmp_path, suffix):
    tree = loads(json.dumps(with_control_characters(json.loads(EXAMPLE.read_text(encoding="utf-8")))))
    out = tmp_path / f"tree{suffix}"
    export_file(tree, out, ExportOptions())
    content = out.read_bytes()
    assert content
    if suffix == ".svg":  # the unit's ESC used to be written raw: no browser would open the file
        document = minidom.parseString(content)
        texts = "".join(node.data for node in _text_nodes(document))
        assert "Monthly searchers" in texts and not set(texts) & set(XML_FORBIDDEN)


def _text_nodes(node):
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child
        else:
            yield from _text_nodes(child)
