"""``metricscape export`` end to end: every format, the options, and the errors a user can make."""

import csv
from pathlib import Path

import pytest
from pptx import Presentation
from PySide6.QtGui import QImage

from metricscape.cli import main

SAMPLE = str(Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "sample-model.json")


@pytest.mark.parametrize("ext, magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"),
                                        ("pptx", b"PK"), ("mmd", b"---\ntitle"), ("dot", b"digraph"),
                                        ("md", b"# Streaming"), ("csv", b"\xef\xbb\xbfid,name")])
def test_every_format_by_extension(qapp, tmp_path, capsys, ext, magic):
    out = tmp_path / f"tree.{ext}"
    assert main(["export", SAMPLE, str(out)]) == 0
    assert out.read_bytes().startswith(magic)
    assert f"Wrote {out}" in capsys.readouterr().out


def test_options_reach_the_writer(qapp, tmp_path):
    png = tmp_path / "tree.png"
    assert main(["export", SAMPLE, str(png), "--scale", "1", "--theme", "dark"]) == 0
    img = QImage(str(png))
    assert img.pixelColor(1, 1).lightness() < 60
    table = tmp_path / "tree.csv"
    assert main(["export", SAMPLE, str(table), "--scenario", "Onboarding revamp"]) == 0
    with table.open(encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert header[-2] == "scenario: Onboarding revamp"
    deck = tmp_path / "tree.pptx"
    assert main(["export", SAMPLE, str(deck), "--hide", "values,owners,risks"]) == 0
    texts = [" ".join(s.text_frame.text.split()) for s in Presentation(deck).slides[0].shapes if s.has_text_frame]
    assert "Weekly listening hours" in texts and not any("Head of Product" in t for t in texts)


def test_slide_options_reach_the_deck(tmp_path, capsys):
    deck = tmp_path / "tree.pptx"
    assert main(["export", SAMPLE, str(deck), "--detail", "names", "--slide", "4:3"]) == 0
    prs = Presentation(deck)
    assert prs.slide_width * 3 == prs.slide_height * 4
    card = next(s for s in prs.slides[0].shapes if s.name == "Card wau")
    assert " ".join(card.text_frame.text.split()) == "Weekly active users"
    assert main(["export", SAMPLE, str(deck), "--levels", "9"]) == 2
    assert "levels per slide must be between 2 and 6" in capsys.readouterr().err


def test_help_lists_every_registered_format(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for label in ("PNG image", "SVG drawing", "PDF pages", "PowerPoint slides", "Mermaid", "CSV table"):
        assert label in shown


@pytest.mark.parametrize("args, message", [
    (["out.xyz"], "Cannot export to '.xyz': end the file name with one of .png"),
    (["out"], "Cannot export to a file name without an extension"),
    (["out.png", "--scale", "9"], "the scale must be between 1 and 4"),
    (["out.png", "--hide", "colours"], "cannot hide 'colours'"),
    (["out.png", "--theme", "blue"], "unknown theme 'blue'"),
])
def test_usage_errors_exit_2_with_a_plain_message(tmp_path, capsys, args, message):
    args[0] = str(tmp_path / args[0])
    assert main(["export", SAMPLE, *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unknown_scenario_lists_the_scenarios(tmp_path, capsys):
    assert main(["export", SAMPLE, str(tmp_path / "t.md"), "--scenario", "Nope"]) == 1
    assert "'Onboarding revamp'" in capsys.readouterr().err


def test_missing_model_file_and_unwritable_output(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", str(tmp_path / "nothing.json"), str(tmp_path / "t.md")])
    assert exit_info.value.code == 1
    assert main(["export", SAMPLE, str(tmp_path / "no-folder" / "t.md")]) == 1
    assert "Could not write" in capsys.readouterr().err
