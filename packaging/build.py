"""Build the desktop app with PyInstaller, check the result, and print the figures as JSON.

    .venv/bin/python packaging/build.py         # build dist/Metricscape, check, smoke-test
    .venv/bin/python packaging/build.py --ci    # the same, installing the `package` extra first

Steps: icons from resources/icons/metricscape.svg -> PyInstaller (packaging/metricscape.spec,
onedir) -> Linux desktop files next to the app -> checks of the bundle's contents ->
``--version`` and ``--self-test`` of the frozen app (offscreen) -> startup time to the first
window. The last line of output is one JSON object; the exit code is 1 if any check failed.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bundle_contents import EXCLUDED_QT_MODULES, REQUIRED_DATA, REQUIRED_LIBRARY_DATA

APP_NAME = "Metricscape"
SIZE_BUDGET_MB = 200
STARTUP_BUDGET_S = 1.5
STARTUP_RUNS = 3           # the first run pays for a cold disk cache; report the best and all
SELF_TEST_TIMEOUT_S = 180
EXAMPLE = "music-streaming.json"  # a 21-metric model, for start-up with a file to open


class BuildFailed(Exception):
    """A step failed; the message says which and why."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ci", action="store_true",
                        help="install the `package` extra if missing; fail on any problem")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist)")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="scratch folder (default: build)")
    parser.add_argument("--skip-build", action="store_true", help="check an existing bundle only")
    args = parser.parse_args(argv)

    report: dict[str, object] = {"platform": sys.platform, "python": sys.version.split()[0]}
    problems: list[str] = []
    started = time.perf_counter()
    try:
        if args.ci:
            ensure_package_extra()
        if not _installed("metricscape"):
            raise BuildFailed("metricscape is not installed in this Python: run "
                              "`pip install -e .` (or ./dev.sh test) first, then build again")
        app_dir = args.dist / APP_NAME
        if not args.skip_build:
            report["build_s"] = round(build(args.dist, args.work), 1)
            if sys.platform.startswith("linux"):
                report["stripped_mb"] = round(strip_libpython(app_dir) / 1e6, 1)
                add_linux_desktop_files(app_dir, args.work / "icons")
        executable = app_executable(app_dir)
        if not executable.exists():
            raise BuildFailed(f"no app at {executable}: build first (without --skip-build)")
        size = folder_size(app_dir)
        report["bundle_mb"] = round(size / 1e6, 1)
        report["bundle_within_budget"] = size <= SIZE_BUDGET_MB * 1e6
        report["largest_parts_mb"] = largest_parts(app_dir)
        problems += check_contents(app_dir)
        report["version"] = check_version(executable, problems)
        report["self_test_passed"] = run_self_test(executable, problems)
        times = measure_startup(executable, args.work / "startup", problems)
        if times:
            report["startup_s"] = min(times)
            report["startup_runs_s"] = times
            report["startup_within_budget"] = min(times) < STARTUP_BUDGET_S
            example = next(app_dir.rglob(f"metricscape/resources/examples/{EXAMPLE}"), None)
            if example is not None:
                times = measure_startup(executable, args.work / "startup", problems, example)
                report["startup_with_example_s"] = min(times) if times else None
    except BuildFailed as exc:
        problems.append(str(exc))
    report["total_s"] = round(time.perf_counter() - started, 1)
    report["problems"] = problems
    report["ok"] = not problems
    print(json.dumps(report, indent=None))
    return 0 if not problems else 1


def ensure_package_extra() -> None:
    """pip-install the `package` extra's requirements (PyInstaller, Pillow) when missing."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    requirements = pyproject["project"]["optional-dependencies"]["package"]
    missing = [r for r in requirements if not _installed(r)]
    if missing:
        log(f"installing {', '.join(missing)}")
        run([sys.executable, "-m", "pip", "install", "-q", *missing], "pip install of the package extra")


def _installed(requirement: str) -> bool:
    name = re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]
    try:
        importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    return True


def build(dist: Path, work: Path) -> float:
    """Icons, then PyInstaller; returns the seconds it took."""
    started = time.perf_counter()
    log("generating icons")
    run([sys.executable, str(HERE / "icons.py"), str(work / "icons")], "icon generation")
    log("running PyInstaller (about half a minute)")
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(dist), "--workpath", str(work / "pyinstaller"), str(HERE / "metricscape.spec")],
        "PyInstaller")
    return time.perf_counter() - started


def strip_libpython(app_dir: Path) -> int:
    """Remove libpython's debug symbols (a pyenv-built Python carries ~17 MB of them).

    Only libpython: stripping libraries that auditwheel patched (numpy's OpenBLAS) breaks
    them, which is why the spec does not strip. Returns the bytes saved (0 without binutils).
    """
    strip = shutil.which("strip")
    saved = 0
    for library in (app_dir / "_internal").glob("libpython*.so*") if strip else ():
        before = library.stat().st_size
        subprocess.run([strip, "--strip-debug", str(library)], check=True)
        saved += before - library.stat().st_size
    return saved


def add_linux_desktop_files(app_dir: Path, icons: Path) -> None:
    """share/ (menu entry, file type, icons) and install.sh next to the executable."""
    share = app_dir / "share"
    if share.exists():
        shutil.rmtree(share)
    shutil.copytree(icons / "hicolor", share / "icons" / "hicolor")
    (share / "applications").mkdir(parents=True)
    shutil.copy2(HERE / "linux" / "metricscape.desktop", share / "applications")
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(HERE / "linux" / "metricscape-mime.xml", share / "mime" / "packages" / "metricscape.xml")
    shutil.copy2(HERE / "linux" / "install.sh", app_dir / "install.sh")


def app_executable(app_dir: Path) -> Path:
    if sys.platform == "win32":
        return app_dir / "metricscape.exe"
    if sys.platform == "darwin":  # the .app bundle sits next to the onedir folder
        return app_dir.parent / f"{APP_NAME}.app" / "Contents" / "MacOS" / "metricscape"
    return app_dir / "metricscape"


def folder_size(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink())


def largest_parts(app_dir: Path, count: int = 6) -> dict[str, float]:
    """Megabytes per top-level entry of the bundle, largest first: where the size goes."""
    internal = app_dir / "_internal"
    base = internal if internal.is_dir() else app_dir
    sizes = {p.name: (folder_size(p) if p.is_dir() else p.stat().st_size)
             for p in base.iterdir() if not p.is_symlink()}
    top = sorted(sizes.items(), key=lambda item: -item[1])[:count]
    return {name: round(size / 1e6, 1) for name, size in top}


def check_contents(app_dir: Path) -> list[str]:
    problems = []
    package = next(app_dir.rglob("metricscape/resources"), None)
    if package is None:
        return [f"the bundle has no metricscape/resources folder (looked in {app_dir})"]
    for relative in REQUIRED_DATA:
        if not (package.parent / relative).exists():
            problems.append(f"the bundle lacks metricscape/{relative}")
    for relative in REQUIRED_LIBRARY_DATA:
        if not (package.parent.parent / relative).exists():
            problems.append(f"the bundle lacks {relative}")
    for module in EXCLUDED_QT_MODULES:
        name = module.split(".")[1]
        if any(app_dir.rglob(f"{name}.*.so")) or any(app_dir.rglob(f"{name}.pyd")):
            problems.append(f"the bundle contains the excluded Qt module {name}")
    if sys.platform.startswith("linux"):
        problems += missing_qt_libraries(app_dir)
        problems += invalid_desktop_entry(app_dir)
    return problems


def invalid_desktop_entry(app_dir: Path) -> list[str]:
    """desktop-file-validate's complaints about the menu entry (when desktop-file-utils is there)."""
    entry = app_dir / "share" / "applications" / "metricscape.desktop"
    validator = shutil.which("desktop-file-validate")
    if validator is None or not entry.exists():
        return []
    result = subprocess.run([validator, str(entry)], capture_output=True, text=True, check=False)
    return [f"menu entry: {line}" for line in (result.stdout + result.stderr).splitlines() if line.strip()]


def missing_qt_libraries(app_dir: Path) -> list[str]:
    """Qt libraries that a bundled library needs but the bundle lacks (ldd: 'not found').

    System libraries such as libwayland-cursor are left to the target desktop, as are
    libGL/libEGL; a missing libQt6* means a file was dropped that something still needs.
    """
    if shutil.which("ldd") is None:
        return []
    missing: set[str] = set()
    for library in app_dir.rglob("*.so*"):
        result = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            if "not found" in line and "libQt6" in line:
                missing.add(f"{library.name} needs {line.split()[0]}, which the bundle lacks")
    return sorted(missing)


def check_version(executable: Path, problems: list[str]) -> str:
    result = subprocess.run([str(executable), "--version"], capture_output=True, text=True, timeout=60,
                            check=False)
    output = (result.stdout + result.stderr).strip()
    expected = f"metricscape {importlib.metadata.version('metricscape')}"
    if result.returncode != 0 or output != expected:
        problems.append(f"--version printed {tail(output)!r} (exit {result.returncode}); expected {expected!r}")
    return output


def run_self_test(executable: Path, problems: list[str]) -> bool:
    log("running the frozen app's --self-test")
    try:
        result = subprocess.run([str(executable), "--self-test"], capture_output=True, text=True,
                                timeout=SELF_TEST_TIMEOUT_S, env=offscreen_env(), check=False)
    except subprocess.TimeoutExpired:
        problems.append(f"--self-test did not finish within {SELF_TEST_TIMEOUT_S} s")
        return False
    sys.stderr.write(result.stdout + result.stderr)
    if result.returncode != 0:
        problems.append(f"--self-test failed (exit {result.returncode}); its report is above")
    return result.returncode == 0


def measure_startup(executable: Path, folder: Path, problems: list[str],
                    model: Path | None = None) -> list[float]:
    """Seconds from launch until the first window has been painted (with ``model`` open).

    ``--screenshot OUT.png`` makes the app grab its first window and quit; the file
    appearing marks the moment. (It includes writing the PNG: a slight overestimate.)
    """
    folder.mkdir(parents=True, exist_ok=True)
    times = []
    for run_number in range(STARTUP_RUNS):
        shot = folder / f"first-window-{run_number}.png"
        shot.unlink(missing_ok=True)
        started = time.perf_counter()
        command = [str(executable), *([str(model)] if model else []), "--screenshot", str(shot)]
        process = subprocess.Popen(command, env=offscreen_env(folder / "home"),
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        while not shot.exists() and process.poll() is None and time.perf_counter() - started < 30:
            time.sleep(0.005)
        elapsed = time.perf_counter() - started
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        if not shot.exists():
            problems.append(f"startup: --screenshot wrote no image (exit {process.returncode}): {tail(output)}")
            return []
        times.append(round(elapsed, 2))
    return times


def tail(output: str, lines: int = 3) -> str:
    """The end of a program's output: where the error message is."""
    return " | ".join(output.strip().splitlines()[-lines:])


def offscreen_env(home: Path | None = None) -> dict[str, str]:
    """The environment for running the frozen app headless.

    With ``home``, settings and logs go there (Linux), so that measuring start-up does not
    add a temporary file to the build machine's recent-files list.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)  # the frozen app must find everything in itself
    if home is not None:
        env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_STATE_HOME=str(home / "state"))
    return env


def run(command: list[str], what: str) -> None:
    """Run a build step; its output goes to stderr so that stdout carries only the JSON."""
    result = subprocess.run(command, cwd=ROOT, stdout=sys.stderr, check=False)
    if result.returncode != 0:
        raise BuildFailed(f"{what} failed (exit {result.returncode})")


def log(message: str) -> None:
    print(f"[build] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
