"""The progress/cancel hook of long runs: ``progress(fraction) -> keep_going``.

The app runs analyses off the GUI thread; it passes a callable that updates a progress bar and
returns False once the user presses Cancel. The engine then raises ``Cancelled``.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import Cancelled

Progress = Callable[[float], bool]


def report(progress: Progress | None, fraction: float) -> None:
    if progress is not None and progress(min(max(fraction, 0.0), 1.0)) is False:
        raise Cancelled()
