"""The PowerPoint deck read back with python-pptx: cards, glued connectors, badges, notes, charts, tables."""

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx.oxml.ns import qn
from slide_checks import cards, is_connector, read_deck, small_runs, text_of, unglued

from metricscape.export.options import Detail, ExportOptions
from metricscape.export.pptx import to_pptx
from metricscape.export.slides.text import slide_text
from metricscape.model import Direction, Link, LinkKind, Metric, MetricKind, MetricTree, ModelInfo


def deck(tree, options=None):
    buffer = io.BytesIO()
    warnings = to_pptx(tree, buffer, options)
    return read_deck(buffer), warnings


def glued(slide):
    """(source card, site, target card, site) for every link connector, read from the XML."""
    names = {s.shape_id: s.name.removeprefix("Card ") for s in slide.shapes}
    out = []
    for shape in slide.shapes:
        if is_connector(shape) and shape.name.startswith("Link"):
            props = shape._element.find(qn("p:nvCxnSpPr")).find(qn("p:cNvCxnSpPr"))
            start, end = props.find(qn("a:stCxn")), props.find(qn("a:endCxn"))
            out.append((names[int(start.get("id"))], int(start.get("idx")), names[int(end.get("id"))],
                        int(end.get("idx"))))
    return out


def test_the_sample_fits_one_slide_with_one_glued_connector_per_drawn_link(sample_tree):
    prs, warnings = deck(sample_tree, ExportOptions(include_tornado=False, include_table=False))
    assert len(prs.slides) == 1 and warnings == []
    slide = prs.slides[0]
    assert sorted(cards(slide)) == sorted(m.id for m in sample_tree.metrics)
    links = glued(slide)
    # a driver below its parent: from the driver's top (0) to the parent's bottom (2)
    assert ("wau", 0, "listening_hours", 2) in links
    # the guardrail beside what it guards: from its left side (1) to the guarded card's right side (3)
    assert ("skip_rate", 1, "hours_per_user", 3) in links
    assert len(links) == len(sample_tree.links) and unglued(slide) == []


def test_cards_say_what_the_canvas_says_in_readable_explicit_fonts(sample_tree):
    slide = deck(sample_tree, ExportOptions(scenario="Onboarding revamp"))[0].slides[0]
    star = cards(slide)["listening_hours"]
    lines = star.text_frame.text.split("\n")
    assert " ".join(lines[:2]) == "Weekly listening hours"  # wrapped to fit the card
    assert "2.54M h  +1.6 %" in lines and "Head of Product" in lines
    assert any(line.startswith("Target 2.6M h") for line in lines)
    assert small_runs(slide) == []
    for card in cards(slide).values():
        assert card.fill.fore_color.rgb is not None  # explicit fill: no theme blue
        for paragraph in card.text_frame.paragraphs:
            for run in paragraph.runs:
                assert run.font.size.pt >= 10 and run.font.color.rgb is not None and run.font.name == "Arial"
        assert card.text_frame.paragraphs[0].runs[0].font.size.pt >= 12  # names


def test_links_carry_operator_and_elasticity_badges(sample_tree):
    slide = deck(sample_tree)[0].slides[0]
    badges = {s.name: s.text_frame.text for s in slide.shapes if s.name.startswith("Badge")}
    assert badges["Badge wau to listening_hours"] == "×"
    assert badges["Badge nps to retained_users"] == "ε 0.3"


def test_detail_levels(sample_tree):
    names_only = cards(deck(sample_tree, ExportOptions(detail=Detail.NAMES))[0].slides[0])
    assert " ".join(names_only["wau"].text_frame.text.split()) == "Weekly active users"
    values = cards(deck(sample_tree, ExportOptions(detail=Detail.VALUES))[0].slides[0])
    assert values["listening_hours"].text_frame.text.split("\n")[-1] == "2.5M h"
    assert len(values["listening_hours"].text_frame.paragraphs) <= 4  # the name on up to three lines, the value


def test_notes_say_what_each_slide_shows(sample_tree):
    prs, _ = deck(sample_tree)
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides]
    assert notes[0].startswith("The north star is Weekly listening hours, now 2.5M h, with a target of 2.6M h")
    assert "Listening time is the value users get." in notes[0]
    assert "Gaming risk for Weekly listening hours (high): Autoplay loops inflate hours Guarded by Skip rate." \
        in notes[0]
    assert notes[1].startswith("The biggest lever for Weekly listening hours is")
    assert notes[2].startswith("The metric definitions")


def test_tornado_in_the_north_stars_unit_coloured_good_and_bad(sample_tree):
    prs, _ = deck(sample_tree)
    titles = [next(s for s in slide.shapes if s.name == "Title").text_frame.text for slide in prs.slides]
    assert titles[1] == "Which lever moves Weekly listening hours most"
    chart = next(s for s in prs.slides[1].shapes if s.has_chart).chart
    assert set(chart.plots[0].categories) == {"Hours per user", "New users", "Retained users", "NPS"}
    assert chart.value_axis.tick_labels.number_format == '+#,##0,"k";-#,##0,"k";0'
    assert chart.value_axis.axis_title.text_frame.text == "Change in Weekly listening hours (h)"
    lowers, raises = chart.series
    assert (lowers.name, raises.name) == ("Lowers it (worse)", "Raises it (better)")
    assert str(raises.format.fill.fore_color.rgb) == "1E7B34" and str(lowers.format.fill.fore_color.rgb) == "C5221F"


def test_a_lower_is_better_north_star_flips_the_colours(sample_tree):
    metrics = tuple(m.with_changes(direction=Direction.LOWER) if m.kind is MetricKind.NORTH_STAR else m
                    for m in sample_tree.metrics)
    prs, _ = deck(sample_tree.model_copy(update={"metrics": metrics}))
    lowers, raises = next(s for s in prs.slides[1].shapes if s.has_chart).chart.series
    assert (lowers.name, raises.name) == ("Lowers it (better)", "Raises it (worse)")
    assert str(lowers.format.fill.fore_color.rgb) == "1E7B34"


def test_tables_are_paginated_evenly(make_wide_tree):
    prs, _ = deck(make_wide_tree(13), ExportOptions(include_tornado=False))
    tables = [next(s for s in slide.shapes if s.has_table).table for slide in prs.slides
              if any(s.has_table for s in slide.shapes)]
    assert [len(t.rows) - 1 for t in tables] == [5, 4, 4]  # 13 metrics: never 6, 6 and a lonely 1
    assert [tables[0].cell(0, c).text for c in range(6)] == ["Metric", "Definition", "Owner", "Baseline", "Target",
                                                            "Why it matters"]


def test_optional_slides_can_be_left_out(sample_tree):
    prs, _ = deck(sample_tree, ExportOptions(include_tornado=False, include_table=False))
    assert len(prs.slides) == 1


def test_hostile_names_are_stored_as_typed(hostile_tree):
    prs, _ = deck(hostile_tree)
    texts = [" ".join(c.text_frame.text.split()) for slide in prs.slides for c in cards(slide).values()]
    assert any(t.startswith('North "star" <script>alert(1)</script>') for t in texts)
    assert any("Emoji 🎧 and Čeština 日本語 second line" in t for t in texts)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=st.lists(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()), min_size=1, max_size=4),
       owner=st.text(max_size=60))
def test_any_names_are_written_as_valid_xml_and_read_back_in_full(names, owner):
    metrics = [Metric(id=f"m{i}", name=name, owner=owner, kind=MetricKind.NORTH_STAR if i == 0 else MetricKind.INPUT)
               for i, name in enumerate(names)]
    links = [Link(source=f"m{i}", target="m0", kind=LinkKind.INFLUENCE, elasticity=0.5) for i in range(1, len(names))]
    tree = MetricTree(info=ModelInfo(name=names[0]), metrics=tuple(metrics), links=tuple(links))
    prs, _ = deck(tree, ExportOptions(include_table=False, include_tornado=False))
    shown = {metric_id: text_of(shape) for slide in prs.slides for metric_id, shape in cards(slide).items()}
    for i, name in enumerate(names):
        # the whole name, with only the characters XML cannot hold turned into spaces
        assert shown[f"m{i}"].startswith("".join(slide_text(name).split()))
    assert sum(len(glued(slide)) for slide in prs.slides) == len(links)
