"""./dev.sh installs only when pyproject.toml changed: a second launch starts at once."""

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fake_checkout(tmp_path: Path) -> Path:
    """dev.sh and pyproject.toml, with a .venv whose python logs each pip call instead of running it."""
    shutil.copy(ROOT / "dev.sh", tmp_path / "dev.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name, body in {"python": 'echo "$@" >> "$(dirname "$0")/../../pip.log"',
                       "metricscape": "exit 0", "lint-imports": "exit 0", "pytest": "exit 0",
                       "mypy": "exit 0", "ruff": "exit 0"}.items():
        script = bin_dir / name
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)
    return tmp_path


def launches(checkout: Path, *args: str) -> list[str]:
    log = checkout / "pip.log"
    log.unlink(missing_ok=True)
    subprocess.run(["bash", str(checkout / "dev.sh"), *args], check=True, capture_output=True, timeout=60,
                   env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return log.read_text().splitlines() if log.exists() else []


def test_second_app_launch_skips_the_install(tmp_path):
    checkout = fake_checkout(tmp_path)
    assert any("install" in line for line in launches(checkout, "app"))
    assert launches(checkout, "app") == []


def test_a_changed_pyproject_or_new_extras_install_again(tmp_path):
    checkout = fake_checkout(tmp_path)
    launches(checkout, "app")
    assert any("-e .[test]" in line for line in launches(checkout, "test"))  # test extras are new
    assert launches(checkout, "app") == []  # the test install covers the app
    (checkout / "pyproject.toml").write_text((checkout / "pyproject.toml").read_text() + "\n# changed\n")
    assert any("install" in line for line in launches(checkout, "app"))


def test_pyproject_uses_an_spdx_license_string():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert isinstance(project["license"], str)  # a table is deprecated and makes pip print warnings
