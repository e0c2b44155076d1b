"""Waiting, without sleeping, until the analyses in view have finished (screenshots, scripted runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QTimer

if TYPE_CHECKING:
    from . import WhatIfWorkspace


def settled(workspace: WhatIfWorkspace) -> bool:
    """Nothing is running and nothing is about to start for the model in view."""
    controller = workspace.current
    if controller is None:
        return True
    return not (controller.runner.busy or controller.quick.busy or controller.pending or workspace.analyses.pending)


def wait_until_settled(workspace: WhatIfWorkspace, timeout_ms: int) -> bool:
    """Run the event loop until ``settled`` (True) or ``timeout_ms`` has passed (False).

    Woken by the runner going idle and by the delay timers firing: a timer that starts nothing
    leaves the runner idle, so it is re-checked once its slot has run."""
    if settled(workspace):
        return True
    controller = workspace.current
    assert controller is not None
    loop = QEventLoop()

    def check() -> None:
        if settled(workspace):
            loop.quit()

    def check_later() -> None:
        QTimer.singleShot(0, check)

    deadline = QTimer(singleShot=True, interval=timeout_ms)
    deadline.timeout.connect(loop.quit)
    wakers = [(controller.runner.busy_changed, check_later), (controller.quick.busy_changed, check_later),
              (controller.mc_timer.timeout, check_later),
              (workspace.analyses.refresh_timer.timeout, check_later)]
    for signal, slot in wakers:
        signal.connect(slot)
    deadline.start()
    try:
        loop.exec()
    finally:
        deadline.stop()
        for signal, slot in wakers:
            signal.disconnect(slot)
    return settled(workspace)
