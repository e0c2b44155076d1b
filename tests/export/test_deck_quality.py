"""Issue 15's "done when": every example and generated trees of 60 and 300 metrics, written as a
deck and read back with python-pptx, are presentable by construction.

No two shapes overlap, every name is there in full, no text run is below 10 pt, every connector
between cards is glued at both ends, and no connector's path crosses a card (on the stored
geometry the deck was written from). The SVG of the same slides carries every name as text.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from slide_checks import (
    cards,
    crossings,
    ends_on_sites,
    outside,
    overlaps,
    read_deck,
    small_runs,
    text_of,
    unglued,
)

from metricscape.export import ExportOptions, write
from metricscape.export.pptx import to_pptx
from metricscape.export.slides import build_deck
from metricscape.io import load
from metricscape.model import MetricTree

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "src" / "metricscape" / "resources" / "examples")
                  .glob("*.json"))


def _tree(which: str, make_wide_tree) -> MetricTree:
    if which.isdigit():
        return make_wide_tree(int(which))
    return load(next(p for p in EXAMPLES if p.stem == which)).tree


TREES = [p.stem for p in EXAMPLES] + ["60", "300"]


@pytest.mark.parametrize("which", TREES)
def test_every_slide_of_the_deck_is_presentable(which, make_wide_tree):
    tree = _tree(which, make_wide_tree)
    buffer = io.BytesIO()
    to_pptx(tree, buffer, ExportOptions(scenario=tree.scenarios[0].name if tree.scenarios else None))
    prs = read_deck(buffer)
    problems: list[str] = []
    shown: dict[str, str] = {}
    for number, slide in enumerate(prs.slides, start=1):
        problems += [f"slide {number}: {p}" for p in overlaps(slide) + small_runs(slide) + unglued(slide)]
        problems += [f"slide {number}: {name} is off the slide"
                     for name in outside(slide, prs.slide_width, prs.slide_height)]
        assert slide.notes_slide.notes_text_frame.text.strip(), f"slide {number} has no speaker notes"
        for metric_id, shape in cards(slide).items():
            shown.setdefault(metric_id, text_of(shape))
    assert problems == []
    for metric in tree.metrics:  # every name in full on its card (wrapped, never cut)
        assert "".join(metric.name.split()) in shown[metric.id], metric.name


@pytest.mark.parametrize("which", TREES)
def test_connectors_run_between_card_sites_and_never_through_a_card(which, make_wide_tree):
    deck = build_deck(_tree(which, make_wide_tree))
    for slide in deck.slides:
        assert crossings(slide) == [], f"slide {slide.number}"
        assert ends_on_sites(slide) == [], f"slide {slide.number}"


@pytest.mark.parametrize("which", [p.stem for p in EXAMPLES] + ["60"])
def test_svg_slides_carry_every_name_as_text(which, make_wide_tree, tmp_path):
    tree = _tree(which, make_wide_tree)
    out = tmp_path / "tree.svg"
    write(tree, out)
    text = ""
    for page in sorted(tmp_path.glob("tree*.svg")):
        root = ET.parse(page).getroot()
        assert root.get("viewBox") and root.get("width") is None and root.get("height") is None
        text += "".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("}text"))
    flat = "".join(text.split())
    for metric in tree.metrics:
        assert "".join(metric.name.split()) in flat, metric.name
