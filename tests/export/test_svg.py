"""The SVG slides: scalable (viewBox only), with a usable embedded font subset, or text as outlines."""

from __future__ import annotations

import base64
import io
import re
import xml.etree.ElementTree as ET

from fontTools.ttLib import TTFont

from metricscape.export import ExportOptions, SvgText, write

SVG = "{http://www.w3.org/2000/svg}"


def test_the_embedded_fonts_hold_every_character_the_slide_shows(sample_tree, tmp_path):
    out = tmp_path / "tree.svg"
    write(sample_tree, out)
    root = ET.parse(out).getroot()
    style = root.find(f"{SVG}style").text
    fonts = re.findall(r"font-weight:(\d+);src:url\(data:font/ttf;base64,([A-Za-z0-9+/=]+)\)", style)
    assert sorted(weight for weight, _ in fonts) == ["400", "700"]
    shown = {ch for e in root.iter(f"{SVG}tspan") for ch in e.text or "" if not ch.isspace()}
    for _, data in fonts:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font["name"].getDebugName(1) == "Inter"  # the family the text asks for
        assert shown <= {chr(code) for code in font.getBestCmap()}
    assert len(out.read_bytes()) < 80_000  # a subset, not the 1.4 MB family


def test_outlined_text_draws_glyphs_and_keeps_the_names_for_screen_readers(sample_tree, tmp_path):
    out = tmp_path / "tree.svg"
    write(sample_tree, out, ExportOptions(svg_text=SvgText.OUTLINE))
    root = ET.parse(out).getroot()
    assert root.find(f".//{SVG}text") is None and root.find(f"{SVG}style").text.count("@font-face") == 0
    assert len(root.findall(f".//{SVG}use")) > 100
    description = root.find(f"{SVG}desc").text
    assert all(metric.name in description for metric in sample_tree.metrics)
