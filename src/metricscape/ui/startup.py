"""What runs before the app's window: logging, the crash dialog, and ``--self-test``.

``metricscape.cli.gui.run_gui`` calls ``run`` here; everything else is ``ui.app.run``'s job.
"""

from __future__ import annotations

from collections.abc import Sequence

SELF_TEST_FLAG = "--self-test"


def run(argv: Sequence[str]) -> int:
    args = list(argv)
    if SELF_TEST_FLAG in args:
        from .selftest import main

        return main(args)
    from . import crash

    crash.install()
    from .app import run as run_app

    return run_app(args)
