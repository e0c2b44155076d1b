"""Issue 16, "Done when": files that validate are safe for every command (a bounded sample of the
hostile corpus; ``benchmarks/hostile_corpus.py`` runs all of it, each command in its own process)."""

from __future__ import annotations

import json
from pathlib import Path

import hostile
import pytest

EXAMPLE = hostile.EXAMPLES[0]
# One mutation per kind of extreme value; the full run covers every field and every example.
SAMPLE = (
    "number largest: baseline", "number 1e307: target", "number subnormal: uncertainty",
    "number 10^300: unit variability", "number -largest: scenario change", "date last day: reviews",
    "date first day: north-star history", "text C0 controls: metric texts", "text C1 controls: model texts",
    "text bidi: metric texts", "text escape sequence: model texts", "formula look-alike: long s",
)


def sample() -> dict[str, hostile.Document]:
    mutated = dict(hostile.mutations(json.loads(EXAMPLE.read_text(encoding="utf-8")), big=False))
    return {label: mutated[label] for label in SAMPLE}


@pytest.mark.parametrize(("label", "document"), sorted(sample().items()))
def test_every_command_survives_a_hostile_file(qapp, tmp_path: Path, label: str, document: hostile.Document):
    report = hostile.check_file(label, document, EXAMPLE, tmp_path, hostile.run_in_process)
    assert report.problems == []
    if report.accepted:
        assert len(report.outcomes) == len(hostile.COMMANDS)  # every command ran (the example has a scenario)


def test_every_command_survives_a_chain_deeper_than_the_recursion_limit(qapp, tmp_path: Path):
    import sys

    depth = sys.getrecursionlimit() + 200
    report = hostile.check_file("chain", hostile.chain_document(depth), EXAMPLE, tmp_path, hostile.run_in_process)
    assert report.accepted and report.problems == []


def test_a_flat_tree_beyond_the_stated_size_is_refused_cleanly(tmp_path: Path):
    report = hostile.check_file("flat", hostile.flat_document(100_000), EXAMPLE, tmp_path, hostile.run_in_process)
    assert not report.accepted and report.problems == []
    assert "the model has 101,0" in report.outcomes[0].err or "Metricscape works with up to 10,000" \
        in report.outcomes[0].err


def test_every_generated_kind_of_value_is_in_the_corpus():
    labels = [label for label, _ in hostile.mutations(json.loads(EXAMPLE.read_text(encoding="utf-8")), big=False)]
    for kind in (*hostile.NUMBERS, *hostile.DATES, *hostile.TEXTS):
        assert any(kind in label for label in labels), kind


def test_the_app_opens_a_hostile_file_whole_in_its_own_process(tmp_path: Path):
    document = sample()["text escape sequence: model texts"]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    subject = hostile.subject(path, EXAMPLE, tmp_path)
    outcome = hostile.run_in_subprocess("app", hostile.APP.argv(subject) or [], timeout=120,
                                          time_limit_s=hostile.APP_TIME_LIMIT_S)
    assert outcome.code == 0 and outcome.problems == []
    assert (tmp_path / "window.png").stat().st_size > 10_000
