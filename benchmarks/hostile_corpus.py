"""The full hostile corpus (issue 16): every mutation of every example through every CLI command and
the app's screenshot, each in its own process with a time limit; prints JSON counts.

    PYTHONPATH=src .venv/bin/python benchmarks/hostile_corpus.py                # everything (about an hour)
    PYTHONPATH=src .venv/bin/python benchmarks/hostile_corpus.py --in-process   # a fast sweep, no memory figures
    PYTHONPATH=src .venv/bin/python benchmarks/hostile_corpus.py --no-big --examples 1

files / accepted / refused   generated files, and how many ``validate`` accepted or refused
runs                         command runs on accepted files (plus one validation per file)
problems                     runs with a traceback, a crash, a time-out, raw control characters,
                             over 10 s or over 1 GB, by kind; ``examples`` lists the first few
slowest_s / peak_mb          the slowest run and the largest peak memory, with their command and file
app_screenshots              the app opened offscreen on a few hostile files: whole windows / clear refusals
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import hostile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-process", action="store_true", help="run commands in this process (fast)")
    parser.add_argument("--examples", type=int, default=len(hostile.EXAMPLES), help="how many examples")
    parser.add_argument("--no-big", action="store_true", help="leave out the deep chains and flat trees")
    args = parser.parse_args()
    run = hostile.run_in_process if args.in_process else hostile.run_in_subprocess
    files = accepted = runs = 0
    kinds: Counter[str] = Counter()
    examples: list[str] = []
    slowest: tuple[float, str] = (0.0, "")
    peak: tuple[float, str] = (0.0, "")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = [(example, label, document) for example in hostile.EXAMPLES[:args.examples]
                  for label, document in hostile.mutations(json.loads(example.read_text(encoding="utf-8")), big=False)]
        if not args.no_big:
            corpus += [(hostile.EXAMPLES[0], label, document) for label, document in hostile.structures()]
        for example, label, document in corpus:
            report = hostile.check_file(label, document, example, work / "file", run)
            files += 1
            accepted += report.accepted
            runs += len(report.outcomes)
            for outcome in report.outcomes:
                where = f"{outcome.command} on {example.stem} / {label}"
                slowest = max(slowest, (outcome.seconds, where))
                if outcome.peak_mb is not None:
                    peak = max(peak, (outcome.peak_mb, where))
                for problem in outcome.problems:
                    kinds[problem.split(":")[0]] += 1
                    if len(examples) < 20:
                        examples.append(f"{where}: {problem}")
        screenshots = _screenshots(work)
    print(json.dumps({
        "files": files, "accepted": accepted, "refused": files - accepted, "runs": runs,
        "problems": sum(kinds.values()), "problems_by_kind": dict(kinds), "examples": examples,
        "slowest_cpu_s": round(slowest[0], 2), "slowest": slowest[1],
        "peak_mb": round(peak[0]) if peak[1] else None, "peak": peak[1] or None,
        "app_screenshots": screenshots,
    }, indent=2))


def _screenshots(work: Path) -> dict[str, int]:
    """The app on a few hostile files: a whole window (exit 0, a PNG) or a clear message (exit 1, no traceback)."""
    example = hostile.EXAMPLES[0]
    picks = dict(hostile.mutations(json.loads(example.read_text(encoding="utf-8")), big=False))
    chosen = [picks["number largest: baseline"], picks["date last day: reviews"],
              picks["text escape sequence: metric texts"], picks["text bidi: model texts"],
              hostile.chain_document(1_000)]
    counts: Counter[str] = Counter()
    for i, document in enumerate(chosen):
        folder = work / f"app{i}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "model.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        subject = hostile.subject(path, example, folder)
        outcome = hostile.run_in_subprocess("app", hostile.APP.argv(subject) or [], timeout=120,
                                          time_limit_s=hostile.APP_TIME_LIMIT_S)
        png = folder / "window.png"
        if outcome.code == 0 and png.exists() and png.stat().st_size > 0:
            counts["whole_window"] += 1
        elif outcome.code == 1 and not outcome.problems:
            counts["clear_message"] += 1
        else:
            counts["broken"] += 1
    return dict(counts)


if __name__ == "__main__":
    main()
