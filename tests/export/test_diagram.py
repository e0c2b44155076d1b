import pytest

from metricscape.export.diagram import BOTTOM, LEFT, RIGHT, TOP, build_diagram, wrap_name
from metricscape.export.options import (
    ExportOptions,
    OptionsError,
    PageSize,
    Theme,
    hide,
    parse_page_size,
)


def overlaps(a, b) -> bool:
    return a.x < b.x + b.width and b.x < a.x + a.width and a.y < b.y + b.height and b.y < a.y + a.height


def test_cards_never_overlap_and_stay_inside_the_page(sample_tree, make_wide_tree):
    for tree in (sample_tree, make_wide_tree(120)):
        diagram = build_diagram(tree)
        cards = diagram.cards
        assert [c.key for c in cards] == [f"n{i}" for i in range(1, len(tree.metrics) + 1)]
        for i, a in enumerate(cards):
            assert 0 <= a.x and a.x + a.width <= diagram.width and a.y + a.height <= diagram.legend_top
            assert not any(overlaps(a, b) for b in cards[i + 1:])


def test_connectors_start_and_end_on_their_cards_sites(sample_tree):
    diagram = build_diagram(sample_tree)
    for connector in diagram.connectors:
        source, target = diagram.card(connector.source), diagram.card(connector.target)
        assert connector.points[0] == source.site(connector.source_site)
        assert connector.points[-1] == target.site(connector.target_site)
        assert {connector.source_site, connector.target_site} in ({TOP, BOTTOM}, {LEFT, RIGHT})


def test_title_leaves_room_above_the_cards(sample_tree):
    with_title = build_diagram(sample_tree)
    without = build_diagram(sample_tree, ExportOptions(show_title=False, show_legend=False))
    assert min(c.y for c in with_title.cards) > min(c.y for c in without.cards)
    assert without.legend == () and with_title.height > without.height


def test_scenario_values_and_deltas(sample_tree):
    cards = {c.metric_id: c for c in build_diagram(sample_tree, ExportOptions(scenario="Onboarding revamp")).cards}
    assert (cards["new_users"].value, cards["new_users"].delta, cards["new_users"].delta_good) == \
        ("216k users", "+8.0 %", True)
    assert cards["listening_hours"].delta == "+1.6 %"
    assert cards["nps"].delta == ""  # unchanged metrics carry no chip


def test_hiding_parts(sample_tree):
    options = hide(ExportOptions(), "values, owners,risks")
    cards = build_diagram(sample_tree, options).cards
    assert all(c.value == "" and c.owner == "" and c.risk is None for c in cards)


@pytest.mark.parametrize("bad", ["colour", "values,shadows"])
def test_unknown_hide_names_say_what_is_allowed(bad):
    with pytest.raises(OptionsError, match="choose from values, deltas, owners"):
        hide(ExportOptions(), bad)


def test_scale_limits_and_page_names():
    with pytest.raises(OptionsError, match="between 1 and 4"):
        ExportOptions(scale=5)
    assert parse_page_size("Letter") is PageSize.LETTER and parse_page_size("16:9") is PageSize.WIDE
    assert build_diagram.__name__ and Theme("dark") is Theme.DARK


def test_unknown_scenario_names_the_ones_there_are(sample_tree):
    with pytest.raises(OptionsError, match="'Onboarding revamp'"):
        build_diagram(sample_tree, ExportOptions(scenario="Nope"))


def test_long_names_wrap_to_two_lines_with_an_ellipsis():
    lines = wrap_name("word " * 60)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert wrap_name("Line\nbreak\x07bell") == ("Line break bell",)


def test_collapsed_metrics_hide_their_drivers_unless_asked(sample_tree):
    folded = sample_tree.model_copy(update={"metrics": tuple(
        m.model_copy(update={"collapsed": m.id == "wau"}) for m in sample_tree.metrics)})
    cards = {c.metric_id: c for c in build_diagram(folded).cards}
    assert "new_users" not in cards and "retained_users" not in cards and "nps" not in cards
    assert cards["wau"].hidden_drivers == 3
    everything = build_diagram(folded, ExportOptions(include_collapsed=True))
    assert len(everything.cards) == len(sample_tree.metrics)


def test_compact_layout_stacks_leaf_drivers_under_their_parent(make_wide_tree):
    tree = make_wide_tree(30)
    wide, compact = build_diagram(tree), build_diagram(tree, compact=True)
    assert compact.width < wide.width / 2
    cards = compact.cards
    for i, a in enumerate(cards):
        assert not any(overlaps(a, b) for b in cards[i + 1:])
    stacked = [c for c in compact.connectors if c.source_site == LEFT and c.target_site == BOTTOM]
    assert stacked, "leaf drivers connect from their left side to the parent's bottom"


def test_keep_arrangement_uses_the_canvas_positions(sample_tree):
    cards = {c.metric_id: c for c in build_diagram(sample_tree, ExportOptions(keep_arrangement=True)).cards}
    stored = {m.id: m.position for m in sample_tree.metrics}
    # same offsets between cards as on the canvas (the picture is shifted to its margin)
    dx = cards["wau"].x - cards["new_users"].x
    assert dx == stored["wau"].x - stored["new_users"].x
    assert cards["nps"].y - cards["retained_users"].y == stored["nps"].y - stored["retained_users"].y
