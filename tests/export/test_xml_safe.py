"""Issue 16, item 4: text with characters XML 1.0 forbids never breaks an export."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from xml.dom import minidom

import pytest
from text_checks import XML_FORBIDDEN, with_control_characters

from metricscape.export import write
from metricscape.export.text import xml_safe
from metricscape.io import loads

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "marketplace.json"


@pytest.fixture(scope="module")
def hostile_tree():
    document = with_control_characters(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    return loads(json.dumps(document))


def test_a_powerpoint_of_a_model_with_control_characters_is_well_formed_xml(hostile_tree, tmp_path):
    out = tmp_path / "tree.pptx"
    write(hostile_tree, out)  # an ESC in a unit used to stop it with lxml's XMLSyntaxError
    with zipfile.ZipFile(out) as deck:
        for name in deck.namelist():
            if name.endswith((".xml", ".rels")):
                minidom.parseString(deck.read(name))


@pytest.mark.parametrize("suffix", [".md", ".csv", ".mmd", ".dot"])
def test_text_exports_carry_no_xml_forbidden_character(hostile_tree, tmp_path, suffix):
    out = tmp_path / f"tree{suffix}"
    write(hostile_tree, out)
    text = out.read_text(encoding="utf-8")
    assert not set(text) & set(XML_FORBIDDEN)
    assert "Monthly searchers" in text  # the readable part of a name survives


def test_xml_safe_keeps_tabs_line_breaks_and_every_other_character():
    assert xml_safe("a\tb\nc\rd Ärzte €\x85\u202e") == "a\tb\nc\rd Ärzte €\x85\u202e"
    assert xml_safe("a\x1bb\ud800c") == "a b c"
    assert xml_safe(XML_FORBIDDEN).strip() == ""
