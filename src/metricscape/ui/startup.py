"""What runs before the app's window: logging, the crash dialog, and ``--self-test``.

``metricscape.cli.gui.run_gui`` calls ``run`` here; everything else is ``ui.app.run``'s job.
"""

from __future__ import annotations

import logging
import platform
import sys
from collections.abc import Sequence

from metricscape import __version__

SELF_TEST_FLAG = "--self-test"
# The Linux menu entry's file name (packaging/linux/metricscape.desktop, without ".desktop"):
# Wayland compositors match windows to it for the task bar icon and name.
DESKTOP_FILE_NAME = "metricscape"


def run(argv: Sequence[str]) -> int:
    args = list(argv)
    if SELF_TEST_FLAG in args:
        from .selftest import main

        return main(args)
    # The Qt-free layers (numpy, pydantic, the model, the engine) load before Qt: once PySide6 is
    # imported, its import hook reads the source of every module imported after it (looking for
    # ``__feature__`` switches), which costs ~0.06 s for these.
    import metricscape.derived  # noqa: F401

    # isort: split
    from PySide6.QtGui import QGuiApplication

    from . import crash

    crash.install()
    # The first line a support person reads in a log: which build, on what.
    logging.getLogger("metricscape").info(
        "Metricscape %s starting (%s, Python %s, %s)", __version__,
        "installed app" if getattr(sys, "frozen", False) else "from source",
        platform.python_version(), platform.platform())
    QGuiApplication.setDesktopFileName(DESKTOP_FILE_NAME)
    from .app import run as run_app

    return run_app(args)
