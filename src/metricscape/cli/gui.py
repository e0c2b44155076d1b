"""``metricscape [FILE...] [--screenshot OUT.png] [--size WxH] [--self-test]``: the desktop app."""

from __future__ import annotations

from collections.abc import Sequence


def run_gui(argv: Sequence[str]) -> int:
    from metricscape.ui.startup import run  # logging, crash dialog, --self-test; then ui.app.run

    return run(list(argv))
