"""The hostile corpus (issue 16): model files that validate, built to break every command after loading.

From each example model, ``mutations`` derives files with one field type pushed to an extreme value
(±1e308, subnormals, huge integers, far dates, empty and 1 MB texts, every C0/C1 control
character, bidirectional overrides, look-alike letters) plus 10,000-deep formula chains and
100,000-metric flat trees. ``COMMANDS`` is every CLI command a user can run on a file; a command
added later is one line there. ``check_file`` runs a file through all of them and reports what
went wrong: a traceback, a crash, a time-out, raw control characters in the output, too much time
or memory.

Used by ``tests/test_hostile_corpus.py`` (a bounded sample) and ``benchmarks/hostile_corpus.py``
(every mutation, each command in its own process, with time and memory measured).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chains import chain_document

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "resources" / "examples").glob("*.json"))
Document = dict[str, Any]

TIME_LIMIT_S = 10.0
MEMORY_LIMIT_MB = 1024.0

# --- extreme values ----------------------------------------------------------------------------

LARGEST = 1.7976931348623157e308
NUMBERS: dict[str, float | int] = {
    "largest": LARGEST, "-largest": -LARGEST, "1e307": 1e307, "subnormal": 5e-324, "-subnormal": -5e-324,
    "2^53+1": 2**53 + 1, "10^300": 10**300, "zero": 0, "-0.0": -0.0,
}
DATES = {"first day": "0001-01-01", "last day": "9999-12-31", "epoch": "1970-01-01"}
C0 = "".join(map(chr, range(0x20)))
C1 = "".join(map(chr, range(0x7F, 0xA0)))
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
TEXTS = {
    "empty": "", "1 MB": "x" * 1_000_000, "C0 controls": C0, "C1 controls": C1, "bidi": f"fees\u202eseef{BIDI}",
    "escape sequence": "\x1b[2J\x1b]0;title\x07\x1b[31mred", "look-alikes": "ſees Ꭺ а ｆ",
}
LOOK_ALIKE_FORMULAS = {"long s": "\u017f", "cyrillic a": "\u0430", "fullwidth": "\uff41"}

# Output a terminal would act on: C0 except tab, newline and carriage return... and carriage return
# too (it overwrites a line), DEL, C1, bidi formatting characters, line/paragraph separators.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

# --- mutations --------------------------------------------------------------------------------

Mutate = Callable[[Document], None]


def _metrics(doc: Document) -> list[dict[str, Any]]:
    metrics: list[dict[str, Any]] = doc["model"].setdefault("metrics", [])
    return metrics


def _set_numbers(value: float) -> dict[str, Mutate]:
    def baseline(doc: Document) -> None:
        for m in _metrics(doc):
            m["baseline"] = value

    def target(doc: Document) -> None:
        for m in _metrics(doc):
            m["target"] = value

    def uncertainty(doc: Document) -> None:
        for m in _metrics(doc):
            if "formula" not in m:
                m["baseline"] = value
                m["uncertainty"] = {"distribution": "range", "low": min(value, 0), "high": max(value, 0) or 1}

    def position(doc: Document) -> None:
        for m in _metrics(doc):
            m["position"] = {"x": value, "y": value}

    def scenario(doc: Document) -> None:
        for s in doc["model"].get("scenarios", []):
            for change in s.get("changes", []):
                change["value"] = value

    def variability(doc: Document) -> None:
        for m in _metrics(doc):
            m["unit_variability"] = value

    return {"baseline": baseline, "target": target, "uncertainty": uncertainty, "position": position,
            "scenario change": scenario, "unit variability": variability}


def _set_dates(day: str) -> dict[str, Mutate]:
    def reviews(doc: Document) -> None:
        for m in _metrics(doc):
            m["last_review"], m["review_cadence_days"], m["baseline_as_of"] = day, 3660, day

    def history(doc: Document) -> None:
        info = doc["model"].setdefault("info", {})
        info["north_star_review_cadence_days"] = 3660
        info["north_star_history"] = [{"name": "Then", "adopted_on": day}, {"name": "Now", "adopted_on": day}]
        info["changelog"] = [{"version": 1, "date": day, "note": "far"}]

    return {"reviews": reviews, "north-star history": history}


def _set_texts(text: str) -> dict[str, Mutate]:
    def metric_texts(doc: Document) -> None:
        for m in _metrics(doc):
            for key in ("name", "definition", "owner", "segment", "baseline_source", "notes", "rationale"):
                m[key] = text
            m["unit"] = text[:40]
            for risk in m.get("gaming_risks", []):
                risk["description"] = text

    def model_texts(doc: Document) -> None:
        info = doc["model"].setdefault("info", {})
        info["name"], info["description"] = text, text
        for s in doc["model"].get("scenarios", []):
            s["name"], s["description"] = text, text

    return {"metric texts": metric_texts, "model texts": model_texts}


def _look_alike(letter: str) -> Mutate:
    def formulas(doc: Document) -> None:
        for m in _metrics(doc):
            if m.get("formula"):
                m["formula"] = re.sub(r"[a-z]", letter, m["formula"], count=1)
    return formulas


def mutations(example: Document, *, big: bool = True) -> Iterator[tuple[str, Document]]:
    """Every mutation of ``example``; ``big`` adds the 10,000-deep chain and the flat trees."""
    groups: list[tuple[str, dict[str, Mutate]]] = []
    for label, number in NUMBERS.items():
        groups.append((f"number {label}", _set_numbers(number)))
    for label, day in DATES.items():
        groups.append((f"date {label}", _set_dates(day)))
    for label, text in TEXTS.items():
        groups.append((f"text {label}", _set_texts(text)))
    groups.append(("formula look-alike", {name: _look_alike(ch) for name, ch in LOOK_ALIKE_FORMULAS.items()}))
    for group, mutators in groups:
        for where, mutate in mutators.items():
            doc = copy.deepcopy(example)
            mutate(doc)
            yield f"{group}: {where}", doc
    if big:
        yield from structures()


def structures(chain_depths: tuple[int, ...] = (500, 1_000, 10_000),
               flat_sizes: tuple[int, ...] = (10_000, 100_000)) -> Iterator[tuple[str, Document]]:
    for depth in chain_depths:
        yield f"chain {depth:,} deep", chain_document(depth)
    for size in flat_sizes:
        yield f"flat tree of {size:,} metrics", flat_document(size)


def flat_document(size: int) -> Document:
    """``size`` metrics: a north star summing groups that each sum up to 100 inputs (formulas hold
    1,000 characters, so one formula cannot add them all)."""
    count = size - 1 - -(-(size - 1) // 101)  # inputs, once the star and one group per 100 are counted
    inputs = [{"id": f"i{i}", "name": f"Input {i}", "baseline": float(i % 7 + 1)} for i in range(count)]
    groups = [inputs[i:i + 100] for i in range(0, len(inputs), 100)]
    sums = [{"id": f"g{g}", "name": f"Group {g}", "formula": " + ".join(m["id"] for m in group)}
            for g, group in enumerate(groups)]
    star = {"id": "total", "name": "Total", "kind": "north_star", "formula": " + ".join(s["id"] for s in sums[:100])}
    return {"format": "metricscape", "schema_version": 1, "model": {"metrics": [star, *sums, *inputs]}}


# --- commands ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Subject:
    """What a command needs to know about a file to be run on it the way a user would."""

    file: Path
    original: Path  # the example it was derived from (``diff`` compares the two)
    out: Path  # a folder for exports
    star: str | None
    lever: str | None  # an input with a baseline, for goal seek
    scenario: str | None
    periods: tuple[str, str] | None = None  # the last two periods of the north star's actuals


@dataclass(frozen=True)
class Command:
    name: str
    argv: Callable[[Subject], list[str] | None]  # None: not applicable to this file


COMMANDS: tuple[Command, ...] = (
    Command("validate", lambda s: ["validate", str(s.file)]),
    Command("show", lambda s: ["show", str(s.file)]),
    Command("simulate", lambda s: ["simulate", str(s.file)]),
    Command("simulate --json", lambda s: ["simulate", str(s.file), "--json"]),
    Command("sensitivity", lambda s: ["sensitivity", str(s.file)]),
    Command("goal-seek", lambda s: None if not (s.star and s.lever) else
            ["goal-seek", str(s.file), "--metric", s.star, "--target", "1000", "--vary", s.lever]),
    Command("experiment", lambda s: None if not s.scenario else ["experiment", str(s.file), "--scenario", s.scenario]),
    Command("check", lambda s: ["check", str(s.file)]),
    Command("check --json", lambda s: ["check", str(s.file), "--json"]),
    Command("diff", lambda s: ["diff", str(s.original), str(s.file)]),
    *(Command(f"export {fmt}", lambda s, fmt=fmt: ["export", str(s.file), str(s.out / f"tree.{fmt}")])
      for fmt in ("png", "svg", "pdf", "pptx", "mmd", "dot", "md", "csv")),
    Command("actuals", lambda s: ["actuals", str(s.file), "--json"]),
    Command("explain", lambda s: None if not s.periods else
            ["explain", str(s.file), "--from", s.periods[0], "--to", s.periods[1], "--json"]),
    Command("explain --by segment", lambda s: None if not s.periods else
            ["explain", str(s.file), "--from", s.periods[0], "--to", s.periods[1], "--by", "segment"]),
    Command("evidence", lambda s: ["evidence", str(s.file), "--json"]),
    Command("experiments", lambda s: ["experiments", str(s.file), "--json"]),
)
APP = Command("app --screenshot", lambda s: [str(s.file), "--screenshot", str(s.out / "window.png")])
APP_TIME_LIMIT_S = 70.0  # the screenshot waits up to 60 s for the north star's analyses to finish


def subject(path: Path, original: Path, out: Path) -> Subject:
    model = json.loads(path.read_text(encoding="utf-8")).get("model", {})
    metrics = model.get("metrics", [])
    star = next((m["id"] for m in metrics if m.get("kind") == "north_star"), None)
    lever = next((m["id"] for m in metrics if m.get("baseline") is not None and not m.get("formula")), None)
    scenarios = model.get("scenarios", [])
    return Subject(path, original, out, star, lever, scenarios[0]["id"] if scenarios else None,
                   _last_two_periods(model, star))


def _last_two_periods(model: dict[str, Any], star: str | None) -> tuple[str, str] | None:
    """The north star's last two periods, from its series' start label (weeks in the examples)."""
    actuals = model.get("actuals")
    series = next((s for s in actuals.get("series", []) if isinstance(s, dict) and s.get("metric") == star
                   and not s.get("segment")), None) if isinstance(actuals, dict) else None
    if not series or not isinstance(series.get("values"), list) or len(series["values"]) < 2:
        return None
    from metricscape.model.periods import PeriodError, grain_of, shift

    try:
        grain = grain_of(str(series.get("start")))
        last = shift(str(series["start"]), grain, len(series["values"]) - 1)
        return shift(last, grain, -1), last
    except (PeriodError, ValueError, OverflowError):
        return None


# --- running ----------------------------------------------------------------------------------

@dataclass
class Outcome:
    command: str
    code: int | None  # None: killed at the time limit
    out: str
    err: str
    seconds: float     # CPU seconds (user + system): the limit catches runaway work, not a busy machine
    peak_mb: float | None = None  # measured only in a subprocess
    time_limit_s: float = TIME_LIMIT_S

    @property
    def problems(self) -> list[str]:
        found: list[str] = []
        if self.code is None:
            found.append("time-out")
        elif self.code < 0 or self.code > 2:
            found.append(f"crash (exit {self.code})")
        if "Traceback (most recent call last)" in self.err:
            found.append("traceback: " + self.err.strip().splitlines()[-1][:200])
        raw = RAW_CONTROL.search(self.out) or RAW_CONTROL.search(self.err)
        if raw:
            found.append(f"raw control character U+{ord(raw.group()):04X} in the output")
        if self.seconds > self.time_limit_s:
            found.append(f"slow: {self.seconds:.1f} s of CPU")
        if self.peak_mb is not None and self.peak_mb > MEMORY_LIMIT_MB:
            found.append(f"memory: {self.peak_mb:.0f} MB")
        return found


_BOOT = """\
import resource, sys
try:
    from metricscape.cli import main
    code = main(sys.argv[1:])
finally:  # the child's own peak memory, read back by the parent
    # VmHWM is this program's own peak; ru_maxrss would also count the parent's memory at the
    # fork (Linux keeps it across exec), so a child of a big test process would look big.
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open({report!r}, "w") as f:
        f.write(str(peak))
raise SystemExit(code)
"""


def run_in_subprocess(command: str, argv: list[str], timeout: float = TIME_LIMIT_S * 3,
                      time_limit_s: float = TIME_LIMIT_S) -> Outcome:
    """``metricscape ARGV`` in a fresh process; its peak memory is read back from the child itself."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "rss"
        boot = _BOOT.format(report=str(report))
        env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join(sys.path)}
        start = _children_cpu()
        try:
            run = subprocess.run([sys.executable, "-c", boot, *argv], capture_output=True, text=True,
                                 errors="replace", timeout=timeout, env=env, check=False)
        except subprocess.TimeoutExpired as exc:  # wall time: a hung child uses no CPU
            return Outcome(command, None, _text(exc.stdout), _text(exc.stderr), timeout, time_limit_s=time_limit_s)
        seconds = _children_cpu() - start
        peak = float(report.read_text()) / 1024 if report.exists() else None  # ru_maxrss is in KB on Linux
        return Outcome(command, run.returncode, run.stdout, run.stderr, seconds, peak, time_limit_s)


def run_in_process(command: str, argv: list[str]) -> Outcome:
    """``metricscape ARGV`` in this process (fast: no interpreter start); an escaping exception is
    reported as the traceback the user would have seen."""
    import traceback

    from metricscape.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.process_time()
    code: int | None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except Exception:  # noqa: BLE001 - exactly what the corpus is looking for
            err.write(traceback.format_exc())
            code = 1
    return Outcome(command, code, out.getvalue(), err.getvalue(), time.process_time() - start)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


Runner = Callable[[str, list[str]], Outcome]


@dataclass
class FileReport:
    label: str
    accepted: bool
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return [f"{o.command}: {p}" for o in self.outcomes for p in o.problems]


def check_file(label: str, document: Document, original: Path, folder: Path, run: Runner,
               commands: tuple[Command, ...] = COMMANDS) -> FileReport:
    """Write ``document``, validate it, and when accepted run every command on it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "model.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8", errors="surrogatepass")
    validation = run("validate", ["validate", str(path)])
    report = FileReport(label, accepted=validation.code == 0, outcomes=[validation])
    if not report.accepted:
        return report  # refused: the refusal itself must be clean, which the validation outcome shows
    target = subject(path, original, folder)
    for command in commands:
        argv = command.argv(target)
        if argv is not None and command.name != "validate":
            report.outcomes.append(run(command.name, argv))
    return report


def _text(value: str | bytes | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.decode("utf-8", errors="replace")
