"""Each command loads only its own module; the command table names every registered command."""

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

from metricscape import __version__
from metricscape.cli import COMMAND_MODULES, COMMANDS


def test_the_command_table_lists_exactly_what_each_module_registers():
    for module in COMMAND_MODULES:
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"metricscape.cli.{module}").register(subparsers)
        assert {name for name, owner in COMMANDS.items() if owner == module} == set(subparsers.choices), module


def modules_loaded_by(*args: str) -> set[str]:
    code = ("import sys\n"
            "from metricscape.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          check=False)
    return set(done.stderr.split())


def test_version_imports_no_model_code():
    loaded = modules_loaded_by("--version")
    assert not {m for m in loaded if m.startswith(("metricscape.model", "pydantic", "numpy"))}


EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "music-streaming.json"


def test_validate_needs_neither_scipy_nor_pptx_nor_qt():
    loaded = modules_loaded_by("validate", str(EXAMPLE))
    assert "metricscape.io" in loaded
    assert not {m for m in loaded if m.split(".")[0] in ("scipy", "pptx", "PySide6")}


def test_version_prints_the_package_version():
    done = subprocess.run([sys.executable, "-m", "metricscape", "--version"], capture_output=True, text=True, check=True,
                          timeout=60)
    assert done.stdout.strip() == f"metricscape {__version__}"
