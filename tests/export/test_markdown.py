from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from metricscape.export.markdown import inline, to_markdown
from metricscape.export.options import ExportOptions

MD = MarkdownIt("commonmark").enable("table")


def plain_text(markdown: str) -> str:
    """What a reader sees: the text of every inline token, markup removed."""
    out: list[str] = []
    for token in MD.parse(markdown):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return " ".join(out)


def test_sample_matches_golden(sample_tree, golden):
    golden("sample-model.md", to_markdown(sample_tree, ExportOptions()))


def test_hostile_matches_golden(hostile_tree, golden):
    golden("hostile-model.md", to_markdown(hostile_tree))


def test_brief_has_every_section_and_fact(sample_tree):
    text = to_markdown(sample_tree)
    html = MD.render(text)
    for heading in ("North star: Weekly listening hours", "Scorecard", "The tree", "Metrics", "Scenarios"):
        assert heading in html
    seen = plain_text(text)
    assert "Hours listened reflect value" in seen          # scorecard answer
    assert "Autoplay loops inflate hours" in seen           # gaming risk ...
    assert "Guarded by" in seen and "Skip rate" in seen     # ... with its guardrail
    assert "Listening time is the value users get." in seen  # rationale
    assert "Onboarding revamp" in seen and "+1.6 %" in seen  # the scenario's effect, from the engine


def test_outline_nests_drivers_under_their_parent(sample_tree):
    lines = to_markdown(sample_tree).splitlines()
    star = lines.index("- **Weekly listening hours**: 2.5M h = `wau * hours_per_user`")  # formula as typed
    assert lines[star + 1] == "  - **Weekly active users**: 1M users = `new_users + retained_users`"
    assert lines[star + 2] == "    - **New users**: 200k users"  # no "(in the formula)" on every line
    assert "      - **NPS**: 32 (influence, ε 0.3)" in lines


def test_headline_and_diagram_come_first(sample_tree):
    text = to_markdown(sample_tree)
    head = text.split("## North star")[0]
    assert "- **Weekly listening hours** is at **2.5M h** (Target 2.6M h · +4.0 % to go)." in head
    assert "- Top levers: **Hours per user**" in head
    assert "- Biggest risks: Autoplay loops inflate hours (**Weekly listening hours**)." in head
    assert "```mermaid\n---\ntitle:" in head and "flowchart BT" in head
    assert "\\" not in text.split("## Metrics")[1].split("**Formula:**")[1].splitlines()[0]  # no backslashes


def test_hostile_text_reads_back_exactly_and_injects_no_html(hostile_tree):
    text = to_markdown(hostile_tree)
    html = MD.render(text)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    seen = plain_text(text)
    for metric in hostile_tree.metrics:
        assert " ".join(metric.name.split()) in seen


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_inline_text_renders_as_typed(text):
    rendered = plain_text("Name: " + inline(text))
    assert rendered == "Name: " + " ".join(text.split()) or not text.strip()
