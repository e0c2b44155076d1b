"""Issue 16, item 5: a shared file cannot clear, recolour or reorder the user's terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from metricscape.cli import main
from metricscape.terminal import terminal_safe

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "v1" / "minimal.json"
HOSTILE = "Orders\x1b[2J\x1b]0;pwned\x07\u202eseef\x85\r"
RAW = ("\x1b", "\x07", "\u202e", "\x85", "\r")


def hostile_copy(tmp_path: Path) -> Path:
    document = json.loads(MINIMAL.read_text(encoding="utf-8"))
    for metric in document["model"]["metrics"]:
        metric["name"] = HOSTILE + metric["name"]
        metric["unit"] = "\x1b[31m" + metric.get("unit", "")
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [
    ["show", "{file}"], ["simulate", "{file}"], ["simulate", "{file}", "--json"], ["check", "{file}"],
    ["check", "{file}", "--json"], ["diff", "{base}", "{file}"], ["diff", "{base}", "{file}", "--json"],
])
def test_no_raw_control_or_bidi_character_reaches_the_terminal(tmp_path, capsys, command):
    path = hostile_copy(tmp_path)
    argv = [part.format(file=path, base=MINIMAL) for part in command]
    main(argv)
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert not any(ch in stream for ch in RAW), repr(stream[:300])
    assert "\\u001b[2J" in captured.out  # shown, visibly, instead of acted upon
    if "--json" in command:
        json.loads(captured.out)  # the escapes are JSON's own: the output still parses


def test_plain_text_tabs_and_newlines_pass_unchanged():
    assert terminal_safe("Ärzte\t→ 12 %\nnext") == "Ärzte\t→ 12 %\nnext"
    assert terminal_safe("a\x1bb\u2066c\x9bd") == "a\\u001bb\\u2066c\\u009bd"
