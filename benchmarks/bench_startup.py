"""Whole-process start-up times, against `python -c pass` measured in the same run.

Targets (issue "The first hour"): `--version` ≤ 0.15 s, `validate` on an example ≤ 0.4 s, the
app's first window with an example ≤ 1.0 s. Wall time suffers when other work shares the cores, so
CPU time (user + system of the child) is printed beside it; each figure is the best of 5 runs.

An installed app starts from compiled bytecode (pip writes it at install, the bundle ships it), so
every case runs with a bytecode cache of its own (PYTHONPYCACHEPREFIX, filled by one untimed run
first), whatever the calling shell says. For comparison, ``app_first_window_example_shell_env``
runs with the calling shell's environment as it is: where that sets PYTHONDONTWRITEBYTECODE=1 and
src holds no __pycache__ (this machine), Python compiles every Metricscape module at every start,
about 0.2 s of CPU.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "resources" / "examples" / "music-streaming.json")
# The real entry point, with the event loop replaced by one turn: once the first window has been
# shown and painted the child prints how long that took since it started and leaves at once (the
# analyses the window started on worker threads would otherwise be waited for at exit). The patch
# goes in when the app itself imports QtWidgets, so the child imports modules in the app's order.
FIRST_WINDOW = ("import importlib.abc, importlib.util, os, sys, time\n"
                "class PatchExec(importlib.abc.MetaPathFinder):\n"
                "    def find_spec(self, name, path, target=None):\n"
                "        if name != 'PySide6.QtWidgets':\n"
                "            return None\n"
                "        sys.meta_path.remove(self)\n"
                "        spec = importlib.util.find_spec(name)\n"
                "        load = spec.loader.exec_module\n"
                "        def exec_module(module):\n"
                "            load(module)\n"
                "            def shown(self):\n"
                "                module.QApplication.processEvents()\n"
                "                print(time.perf_counter(), flush=True)\n"
                "                os._exit(0)\n"
                "            module.QApplication.exec = shown\n"
                "        spec.loader.exec_module = exec_module\n"
                "        return spec\n"
                "sys.meta_path.insert(0, PatchExec())\n"
                "from metricscape.cli import main\n"
                "sys.exit(main(sys.argv[1:]))\n")


def installed_env(pycache: str) -> dict[str, str]:
    """As an installed app runs: bytecode read from (and, the first time, written to) ``pycache``."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": pycache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], check=True, capture_output=True, text=True,
                          env={**env, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")})
    wall = time.perf_counter() - start
    if args[:2] == ["-c", FIRST_WINDOW]:  # the child's clock (same machine clock) says when it was shown
        wall = float(done.stdout.strip().splitlines()[-1]) - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def best(args: list[str], env: dict[str, str], repeat: int = 5) -> dict[str, float]:
    run(args, env)  # untimed: fills the bytecode cache
    runs = [run(args, env) for _ in range(repeat)]
    return {"wall_s": round(min(w for w, _ in runs), 3), "cpu_s": round(min(c for _, c in runs), 3)}


def main() -> None:
    cases = {
        "python_pass": ["-c", "pass"],
        "version": ["-m", "metricscape", "--version"],
        "validate_example": ["-m", "metricscape", "validate", EXAMPLE],
        "simulate_json_example": ["-m", "metricscape", "simulate", EXAMPLE, "--json", "--samples", "1000"],
        "app_first_window_example": ["-c", FIRST_WINDOW, EXAMPLE],
    }
    with tempfile.TemporaryDirectory(prefix="metricscape-bench-pycache-") as pycache:
        env = installed_env(pycache)
        results: dict[str, object] = {name: best(args, env) for name, args in cases.items()}
    results["app_first_window_example_shell_env"] = best(cases["app_first_window_example"], dict(os.environ))
    base = results["python_pass"]["wall_s"]  # type: ignore[index]
    results["above_python_wall_s"] = {name: round(figures["wall_s"] - base, 3)  # type: ignore[index]
                                      for name, figures in results.items() if name != "python_pass"}
    results["targets_s"] = {"version": 0.15, "validate_example": 0.4, "app_first_window_example": 1.0}
    results["machine_load_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
