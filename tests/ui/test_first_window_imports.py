"""The app's first window with a model loads none of the heavy libraries it does not show (issue 14,
item 15: the first window in at most a second). They load with the feature that needs them: graph
queries (networkx), statistics and analyses (scipy, statsmodels, ruptures), exports (python-pptx,
Pillow, fontTools), imports of actuals (duckdb, calamine)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "music-streaming.json"
NOT_AT_START = ("networkx", "scipy", "statsmodels", "ruptures", "pptx", "PIL", "fontTools", "duckdb",
                "python_calamine", "pandas")

# The real entry point; when it hands over to the event loop (window built, model open and laid
# out, analyses not yet let go) the child reports what it loaded and what the window shows.
CHILD = """
import json, os, sys
from PySide6.QtWidgets import QApplication

def first_turn(app):
    [window] = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]
    print(json.dumps({"modules": sorted(sys.modules), "title": window.windowTitle(),
                      "tabs": window.tabs.count(), "visible": window.isVisible()}), flush=True)
    os._exit(0)

QApplication.exec = first_turn
from metricscape.cli import main
main(sys.argv[1:])
"""


def test_the_first_window_with_a_model_loads_no_heavy_library_it_does_not_show(tmp_path: Path, qapp) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(EXAMPLE)], capture_output=True, text=True,
                          timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["visible"] and shown["tabs"] == 1
    assert "music-streaming" in shown["title"] or "Music" in shown["title"]
    loaded = {name.split(".")[0] for name in shown["modules"]}
    assert "metricscape" in loaded and "numpy" in loaded  # the window really computed the model's values
    assert not loaded & set(NOT_AT_START)
