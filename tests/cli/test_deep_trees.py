"""Issue 16, item 3: formula chains far deeper than Python's recursion limit, through the commands
that walk the tree (``show``, the Markdown outline, the slides' compact layout)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from chains import chain_document

from metricscape.cli import main


def chain_file(tmp_path: Path, depth: int) -> Path:
    path = tmp_path / f"chain{depth}.json"
    path.write_text(json.dumps(chain_document(depth)), encoding="utf-8")
    return path


@pytest.mark.parametrize("depth", [sys.getrecursionlimit() + 10, 10_000])
def test_show_prints_a_chain_deeper_than_the_recursion_limit(tmp_path, capsys, depth):
    assert main(["show", str(chain_file(tmp_path, depth))]) == 0
    lines = capsys.readouterr().out.splitlines()
    leaf = next(line for line in lines if "Leaf [" in line)
    assert f"(level {depth - 1}) Leaf [m{depth - 1}]" in leaf
    assert len(leaf) < 200  # indentation is capped: 10,000 levels of "│  " would be 150 MB of output
    assert lines[2].startswith("Metric 0 [m0]")


@pytest.mark.parametrize(("suffix", "depth"), [(".pptx", 600), (".md", sys.getrecursionlimit() + 10)])
def test_exports_of_a_deep_chain_complete(tmp_path, capsys, suffix, depth):
    out = tmp_path / f"tree{suffix}"
    assert main(["export", str(chain_file(tmp_path, depth)), str(out)]) == 0
    assert out.stat().st_size > 0
    if suffix == ".md":
        assert f"(level {depth - 1}) **Leaf**" in out.read_text(encoding="utf-8")
