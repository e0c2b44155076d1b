"""The brief's Evidence section and the deck's Evidence slide: each link, its verdict, its numbers."""

from __future__ import annotations

import io

import numpy as np
from evidence_trees import linked_logs, pair_tree
from markdown_it import MarkdownIt
from pptx import Presentation

from metricscape.export.markdown import to_markdown
from metricscape.export.palette import LIGHT
from metricscape.export.pptx import to_pptx
from metricscape.model import MetricTree
from metricscape.model.experiments import Experiment, Lift
from metricscape.sim.evidence.ledger import ledger_evidence
from metricscape.sim.evidence.links import all_evidence


def model_with_data() -> MetricTree:
    lx, ly = linked_logs(104, 0.6, seed=1)
    tree = pair_tree(np.exp(lx), np.exp(ly), elasticity=0.6)
    rng = np.random.default_rng(2)
    true = rng.normal(0, 0.03, 12)
    ledger = tuple(Experiment(name=f"Test {i}", lifts=(
        Lift(metric="visits", lift=float(t + rng.normal(0, 0.005)), se=0.005),
        Lift(metric="revenue", lift=float(0.5 * t + rng.normal(0, 0.003)), se=0.003))) for i, t in enumerate(true))
    return tree.model_copy(update={"experiments": ledger})


def test_the_brief_has_an_evidence_section_with_each_links_verdict_and_numbers() -> None:
    tree = model_with_data()
    [found] = all_evidence(tree)
    text = to_markdown(tree)
    tokens = MarkdownIt().enable("table").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert "Evidence" in headings and "Past experiments" in headings
    row = next(line for line in text.splitlines() if line.startswith("| Visits → Revenue"))
    assert row == (f"| Visits → Revenue | Supported | {found.estimate:.2f} ({found.low:.2f} to {found.high:.2f}) "
                   f"| 0.60 | 104 | 0 |")
    ledger = ledger_evidence(tree, "visits")
    assert f"In {ledger.agreeing} of 12 experiments ‘Visits’ and the north star moved the same way" in text


def test_a_model_without_data_keeps_its_brief_without_an_evidence_section(sample_tree: MetricTree) -> None:
    assert not sample_tree.actuals.series and not sample_tree.experiments
    assert "## Evidence" not in to_markdown(sample_tree)


def test_the_deck_has_an_evidence_slide_with_the_verdict_in_colour() -> None:
    buffer = io.BytesIO()
    to_pptx(model_with_data(), buffer)
    buffer.seek(0)
    slides = list(Presentation(buffer).slides)
    evidence = [s for s in slides if any(sh.name == "Title" and sh.text_frame.text.startswith("Evidence")
                                         for sh in s.shapes)]
    assert len(evidence) == 1
    table = next(sh for sh in evidence[0].shapes if sh.name == "Evidence table").table
    cells = [[table.cell(r, c).text for c in range(len(table.columns))] for r in range(len(table.rows))]
    assert cells[0][:3] == ["Link", "Verdict", "Estimate (90 %)"]
    assert cells[1][:2] == ["Visits → Revenue", "Supported"]
    assert cells[2][0] == "Visits ⇢ Revenue (past experiments)" and cells[2][4] == "12 tests"
    verdict_run = table.cell(1, 1).text_frame.paragraphs[0].runs[0]
    assert str(verdict_run.font.color.rgb) == LIGHT.good.lstrip("#").upper()
