"""An export format is one registry entry: a toy format added through the registry alone reaches
``metricscape export``, its help and the writer entry point (the dialog and menu: tests/ui)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from metricscape.cli import main
from metricscape.export import (
    ExportError,
    ExportFormat,
    ExportOptions,
    Preview,
    format_of,
    register,
    unregister,
    write,
)
from metricscape.model import MetricTree

SAMPLE = str(Path(__file__).resolve().parents[1] / "fixtures" / "golden" / "sample-model.json")


def names_list(tree: MetricTree, options: ExportOptions) -> str:
    return "".join(f"- {m.name}\n" for m in tree.metrics)


def write_names(tree: MetricTree, path: Path, options: ExportOptions) -> None:
    path.write_text(names_list(tree, options), encoding="utf-8")
    options.warnings.append("Toy lists have no values.")


@pytest.fixture
def toy() -> Iterator[ExportFormat]:
    fmt = register(ExportFormat(".toy", "Toy name list", write_names, preview=Preview.TEXT, text=names_list,
                                aliases=(".toys",), rank=99))
    yield fmt
    unregister(".toy")


def test_a_registered_format_is_written_by_its_extension(toy, sample_tree, tmp_path):
    out = tmp_path / "names.TOY"
    assert format_of(out) is toy and format_of("x.toys") is toy
    assert write(sample_tree, out) == ["Toy lists have no values."]
    assert out.read_text(encoding="utf-8").splitlines()[0] == "- Weekly listening hours"
    assert toy.filter == "Toy name list (*.toy *.toys)"


def test_the_command_line_lists_and_writes_a_registered_format(toy, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert ".toy (Toy name list)" in " ".join(capsys.readouterr().out.split())
    out = tmp_path / "names.toy"
    assert main(["export", SAMPLE, str(out)]) == 0
    assert "- Skip rate" in out.read_text(encoding="utf-8")
    assert "Note: Toy lists have no values." in capsys.readouterr().err


def test_an_unregistered_extension_is_refused_with_the_choices(tmp_path):
    with pytest.raises(ExportError, match=r"Cannot export to '\.toy': end the file name with one of \.png"):
        format_of(tmp_path / "names.toy")


def test_a_failing_writer_leaves_no_half_written_file(sample_tree, tmp_path):
    def broken(tree: MetricTree, path: Path, options: ExportOptions) -> None:
        path.write_text("half", encoding="utf-8")
        raise ExportError("The toy writer gave up.")

    register(ExportFormat(".half", "Half", broken))
    try:
        with pytest.raises(ExportError, match="gave up"):
            write(sample_tree, tmp_path / "x.half")
        assert not (tmp_path / "x.half").exists()
    finally:
        unregister(".half")
