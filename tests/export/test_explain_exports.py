"""The "Why it moved" slide and brief section, and ``metricscape export --explain``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pptx import Presentation

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sim"))
from explain_trees import with_actuals

from metricscape.cli import main
from metricscape.export import ExportError, ExportOptions, write
from metricscape.export.markdown import to_markdown
from metricscape.io import save


@pytest.fixture
def tree():
    # hours = users * per_user; users = new + returning: W01 → W02 is +20 new, −10 returning, per_user 2 → 2.5
    return with_actuals(
        [{"id": "hours", "name": "Weekly hours", "kind": "north_star", "formula": "users * per_user", "unit": "h"},
         {"id": "users", "name": "Weekly users", "formula": "new + returning", "unit": "users"},
         {"id": "new", "name": "New users", "unit": "users"},
         {"id": "returning", "name": "Returning users", "unit": "users"},
         {"id": "per_user", "name": "Hours per user", "unit": "h/user", "direction": "higher"}],
        {"new": [10.0, 30.0], "returning": [90.0, 80.0], "per_user": [2.0, 2.5]})


def explain_slide(path):
    deck = Presentation(path)
    return next(s for s in deck.slides
                if any(sh.has_text_frame and sh.text_frame.text.startswith("Why ") for sh in s.shapes))


def test_the_slide_draws_a_waterfall_whose_bars_are_to_scale(tree, tmp_path):
    out = tmp_path / "deck.pptx"
    write(tree, out, ExportOptions(explain="2026-W01..2026-W02"))
    slide = explain_slide(out)
    texts = {sh.name: sh.text_frame.text for sh in slide.shapes if sh.has_text_frame}
    assert texts["Title"] == "Why Weekly hours moved"
    assert "from 200 h (2026-W01) to 275 h (2026-W02)" in texts["Subtitle"]
    bars = {sh.name.removeprefix("Waterfall bar "): sh for sh in slide.shapes if sh.name.startswith("Waterfall bar")}
    assert list(bars) == ["2026-W01", "Hours per user", "Weekly users", "2026-W02"]
    # LMDI: per_user takes L(275, 200)·ln(2.5/2), users L(275, 200)·ln(1.1); heights follow the amounts
    share_per_user, share_users = 0.22314355 / 0.31845373, 0.09531018 / 0.31845373
    ratio = bars["Hours per user"].height / bars["Weekly users"].height
    assert ratio == pytest.approx(share_per_user / share_users, rel=0.01)
    # each driver bar starts where the previous one ended
    assert bars["Hours per user"].top + bars["Hours per user"].height == pytest.approx(bars["2026-W01"].top, abs=2)
    assert bars["Weekly users"].top + bars["Weekly users"].height == pytest.approx(bars["Hours per user"].top, abs=2)
    assert bars["Weekly users"].top == pytest.approx(bars["2026-W02"].top, abs=2)
    assert texts["Waterfall value Weekly users"].startswith("+")
    notes = slide.notes_slide.notes_text_frame.text
    assert "Weekly hours rose from 200 h" in notes and "New users (10 users → 30 users, +200 %) added 20 users" in notes


def test_the_slide_says_why_a_move_is_not_explained(tree, tmp_path):
    redefined = tree.model_copy(update={"info": tree.info.with_changes(north_star_history=[
        {"name": "Weekly users", "adopted_on": "2020-01-06"}, {"name": "Weekly hours", "adopted_on": "2026-01-01"}])})
    out = tmp_path / "deck.pptx"
    write(redefined, out, ExportOptions(explain="2026-W01..2026-W02"))
    texts = [sh.text_frame.text for sh in explain_slide(out).shapes if sh.has_text_frame]
    assert any("measure different things" in t for t in texts)


def test_the_brief_has_a_why_it_moved_section_with_a_table_per_level(tree):
    text = to_markdown(tree, ExportOptions(explain="2026-W01,2026-W02"))
    section = text[text.index("## Why it moved: 2026-W01 → 2026-W02"):]
    assert "| **2026-W01** | **200 h** | |" in section
    assert "| New users | +20 users | 10 users → 30 users, +200 % |" in section
    assert "| Returning users | -10 users | 90 users → 80 users, -11.1 % |" in section
    assert "### Weekly users" in section
    assert "## Why it moved" not in to_markdown(tree, ExportOptions())


def test_export_command_takes_explain_and_refuses_bad_periods_plainly(tree, tmp_path, capsys):
    model = tmp_path / "model.json"
    save(tree, model)
    out = tmp_path / "brief.md"
    assert main(["export", str(model), str(out), "--explain", "2026-W01..2026-W02"]) == 0
    assert "## Why it moved" in out.read_text(encoding="utf-8")
    bad = tmp_path / "bad.pptx"
    assert main(["export", str(model), str(bad), "--explain", "2026-W01"]) == 1
    err = capsys.readouterr().err
    assert "Cannot explain '2026-W01'" in err and "FROM..TO" in err and "Traceback" not in err
    assert not bad.exists()


def test_a_model_without_actuals_cannot_be_explained_in_an_export(sample_tree, tmp_path):
    with pytest.raises(ExportError, match="no actuals yet"):
        write(sample_tree, tmp_path / "deck.pptx", ExportOptions(explain="2026-W01..2026-W02"))
    assert not (tmp_path / "deck.pptx").exists()
