"""The export preview names the slides a PowerPoint deck adds after the tree's: exactly those."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from test_evidence_exports import model_with_data

from metricscape.export.options import ExportOptions
from metricscape.export.pptx import after_the_tree, deck_values, to_pptx
from metricscape.export.slides import build_deck
from metricscape.model import MetricTree

TITLE_STARTS = {"Which lever moves": "the tornado chart", "Metrics": "the metric table",
                "Evidence": "the evidence for each link"}


def sections_written(tree: MetricTree, options: ExportOptions) -> list[str]:
    """The sections of the written deck after its tree slides, read back from their titles."""
    buffer = io.BytesIO()
    to_pptx(tree, buffer, options)
    buffer.seek(0)
    after = list(Presentation(buffer).slides)[len(build_deck(tree, options).slides):]
    titles = [next(shape.text_frame.text for shape in slide.shapes if shape.name == "Title") for slide in after]
    written = [next(words for start, words in TITLE_STARTS.items() if title.startswith(start)) for title in titles]
    return list(dict.fromkeys(written))  # a section may take several slides


@pytest.mark.parametrize(("tornado", "table"), [(True, True), (True, False), (False, True), (False, False)])
def test_the_preview_names_exactly_the_sections_the_deck_adds(sample_tree: MetricTree, tornado: bool,
                                                               table: bool) -> None:
    options = ExportOptions(include_tornado=tornado, include_table=table)
    named = after_the_tree(sample_tree, options, deck_values(sample_tree, options))
    assert named == sections_written(sample_tree, options)
    assert named == [*(["the tornado chart"] if tornado else []), *(["the metric table"] if table else [])]


def test_evidence_slides_are_named_when_the_data_tests_a_link() -> None:
    tree = model_with_data()
    options = ExportOptions(include_table=False)
    named = after_the_tree(tree, options, deck_values(tree, options))
    assert named == sections_written(tree, options) == ["the evidence for each link"]
