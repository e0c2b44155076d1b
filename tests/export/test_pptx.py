import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from metricscape.export.diagram import wrap_name
from metricscape.export.options import ExportOptions
from metricscape.export.pptx import MIN_NAME_PT, to_pptx
from metricscape.model import Link, LinkKind, Metric, MetricKind, MetricTree, ModelInfo


def deck(tree, options=None):
    buffer = io.BytesIO()
    warnings = to_pptx(tree, buffer, options)
    buffer.seek(0)
    return Presentation(buffer), warnings


def cards(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
            and s.auto_shape_type == MSO_SHAPE.ROUNDED_RECTANGLE and not s.name.startswith("Legend")]


def glued_links(slide):
    """(source shape name, site, target shape name, site) for every connector, read from the XML."""
    names = {s.shape_id: s.name for s in slide.shapes}
    out = []
    for shape in slide.shapes:
        if shape.shape_type != MSO_SHAPE_TYPE.LINE or shape.name.startswith("Legend"):
            continue
        props = shape._element.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
        start, end = props.find(qn("a:stCxn")), props.find(qn("a:endCxn"))
        assert start is not None and end is not None, f"{shape.name} is not glued at both ends"
        out.append((names[int(start.get("id"))], int(start.get("idx")), names[int(end.get("id"))],
                    int(end.get("idx"))))
    return out


def test_one_card_per_metric_and_one_glued_connector_per_link(sample_tree):
    prs, warnings = deck(sample_tree)
    slide = prs.slides[0]
    assert warnings == []
    assert sorted(c.name.split(" ", 1)[1] for c in cards(slide)) == sorted(m.id for m in sample_tree.metrics)
    links = glued_links(slide)
    assert len(links) == len(sample_tree.links)
    by_id = {c.name.split(" ", 1)[1]: c.name for c in cards(slide)}
    # a driver below its parent: from the driver's top (0) to the parent's bottom (2)
    assert (by_id["wau"], 0, by_id["listening_hours"], 2) in links
    # the guardrail beside the metric it guards: facing sides (1 left, 3 right)
    assert (by_id["skip_rate"], 1, by_id["hours_per_user"], 3) in links


def test_card_text_fonts_and_colours_are_explicit(sample_tree):
    slide = deck(sample_tree, ExportOptions(scenario="Onboarding revamp"))[0].slides[0]
    star = next(c for c in cards(slide) if c.name.endswith("listening_hours"))
    assert star.text_frame.text.splitlines()[0] == "Weekly listening hours"
    assert "2.54M h" in star.text_frame.text and "+1.6 %" in star.text_frame.text
    assert "Head of Product" in star.text_frame.text
    for card in cards(slide):
        assert card.fill.fore_color.rgb is not None  # explicit fill: no theme blue
        for paragraph in card.text_frame.paragraphs:
            for run in paragraph.runs:
                assert run.font.size is not None and run.font.color.rgb is not None and run.font.name


def test_notes_hold_rationale_and_gaming_risks(sample_tree):
    notes = deck(sample_tree)[0].slides[0].notes_slide.notes_text_frame.text
    assert "Listening time is the value users get." in notes
    assert "Gaming risk (high): Autoplay loops inflate hours Guarded by Skip rate." in notes


def test_title_tornado_and_table_slides(sample_tree):
    prs, _ = deck(sample_tree)
    titles = [next(s for s in slide.shapes if s.name == "Title").text_frame.text for slide in prs.slides]
    assert titles[0].startswith("Streaming: weekly listening hours")
    assert titles[1].startswith("Which lever matters most")
    chart = next(s for s in prs.slides[1].shapes if s.has_chart).chart
    assert set(chart.plots[0].categories) == {"Hours per user", "New users", "Retained users", "NPS"}
    table = next(s for s in prs.slides[2].shapes if s.has_table).table
    assert [table.cell(0, c).text for c in range(6)] == ["Metric", "Definition", "Owner", "Baseline", "Target",
                                                         "Rationale"]
    assert table.cell(1, 0).text == "Weekly listening hours" and table.cell(1, 4).text == "2.6M h"


def test_optional_slides_can_be_left_out(sample_tree):
    prs, _ = deck(sample_tree, ExportOptions(include_tornado=False, include_table=False))
    assert len(prs.slides) == 1


def test_hostile_names_are_stored_as_typed(hostile_tree):
    prs, _ = deck(hostile_tree)
    texts = [c.text_frame.text for c in cards(prs.slides[0])]
    assert any(t.startswith('North "star" <script>alert(1)</script>') for t in texts)
    assert any("Emoji 🎧 and Čeština 日本語 second line" in t for t in texts)
    assert any(t.startswith(hostile_tree.metric("c").name[:40]) for t in texts)


def test_a_large_tree_fits_the_slide_and_says_when_text_hits_the_floor(make_wide_tree):
    prs, warnings = deck(make_wide_tree(300))
    slide = prs.slides[0]
    boxes = cards(slide)
    assert len(boxes) == 300 and len(glued_links(slide)) == 299
    for box in boxes:
        assert 0 <= box.left and box.left + box.width <= prs.slide_width
        assert 0 <= box.top and box.top + box.height <= prs.slide_height
    sizes = {run.font.size.pt for b in boxes for p in b.text_frame.paragraphs for run in p.runs}
    assert min(sizes) >= 6
    assert max(sizes) == pytest.approx(MIN_NAME_PT)
    assert warnings and "300 metrics" in warnings[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()), min_size=1, max_size=4),
       owner=st.text(max_size=60))
def test_any_names_are_written_as_valid_xml_and_read_back(names, owner):
    metrics = [Metric(id=f"m{i}", name=name, owner=owner, kind=MetricKind.NORTH_STAR if i == 0 else MetricKind.INPUT)
               for i, name in enumerate(names)]
    links = [Link(source=f"m{i}", target="m0", kind=LinkKind.INFLUENCE, elasticity=0.5) for i in range(1, len(names))]
    tree = MetricTree(info=ModelInfo(name=names[0]), metrics=tuple(metrics), links=tuple(links))
    slide = deck(tree, ExportOptions(include_table=False, include_tornado=False))[0].slides[0]
    shown = {c.name.split(" ", 1)[1]: c.text_frame.paragraphs[0].text for c in cards(slide)}
    assert shown == {f"m{i}": " ".join(wrap_name(name)) for i, name in enumerate(names)}
    assert len(glued_links(slide)) == len(links)
