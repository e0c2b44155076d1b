"""The garbage collector's full collections wait for a quiet moment (``ui.responsive``)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from metricscape.ui.responsive import DUE, OVERDUE, GarbagePacer


class Node:
    """Garbage only the cycle collector can free: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.last_active = -10.0  # when an analysis last started or ended

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def paced(qapp) -> Iterator[tuple[GarbagePacer, list[bool], Clock]]:
    busy, clock = [True], Clock()
    pacer = GarbagePacer(busy=lambda: busy[0], clock=clock, since=lambda: clock.last_active)
    pacer.start()
    yield pacer, busy, clock
    pacer.stop()
    pacer.deleteLater()


def old_garbage() -> weakref.ref[Node]:
    """A cycle that has reached the oldest generation, then was dropped."""
    node = Node()
    gc.collect(1)  # survivors of the young generations move to the oldest
    return weakref.ref(node)


def pile_up(young_collections: int) -> None:
    """Allocate until the middle generation was collected ``young_collections`` more times."""
    seen: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 1:
            seen.append(1)

    gc.callbacks.append(count)
    try:
        keep: list[list[int]] = []
        while len(seen) < young_collections:
            keep.append([0])
            if len(keep) > 5_000:
                keep.clear()
    finally:
        gc.callbacks.remove(count)


def test_cpython_no_longer_starts_a_full_collection_by_itself(paced):
    garbage = old_garbage()
    pile_up(3 * DUE)  # CPython would have collected the oldest generation by now
    assert garbage() is not None


def test_a_due_collection_waits_while_an_analysis_runs_and_runs_once_quiet(paced):
    pacer, busy, clock = paced
    garbage = old_garbage()
    pile_up(DUE)
    assert not pacer.check()  # an analysis is running
    busy[0] = False
    assert not pacer.check()  # it has only just ended
    assert garbage() is not None
    clock.now += 2.0
    assert pacer.check()
    assert garbage() is None
    assert gc.get_count()[2] == 0


def test_a_quick_analysis_between_two_checks_still_counts_as_activity(paced):
    pacer, busy, clock = paced
    busy[0] = False
    garbage = old_garbage()
    pile_up(DUE)
    clock.now += 2.0
    clock.last_active = clock.now - 0.1  # started and ended since the last check
    assert not pacer.check()
    assert garbage() is not None
    clock.now += 2.0
    assert pacer.check()
    assert garbage() is None


def test_nothing_is_collected_before_it_is_due(paced):
    pacer, busy, clock = paced
    busy[0] = False
    gc.collect()
    garbage = old_garbage()
    clock.now += 2.0
    assert not pacer.check()
    assert garbage() is not None


def test_an_overdue_collection_runs_even_while_busy(paced):
    pacer, _busy, _clock = paced
    garbage = old_garbage()
    pile_up(OVERDUE)
    assert pacer.check()
    assert garbage() is None


def test_the_timer_collects_by_itself_once_quiet(paced, qtbot):
    pacer, busy, clock = paced
    garbage = old_garbage()
    pile_up(DUE)
    with qtbot.waitSignal(pacer.collected, timeout=5_000):  # the pacer's own timer notices the quiet
        busy[0] = False
        clock.now += 2.0
    assert garbage() is None


def test_stopping_gives_cpython_its_thresholds_back(qapp):
    before = gc.get_threshold()
    pacer = GarbagePacer()
    pacer.start()
    assert gc.get_threshold()[2] > before[2]
    pacer.stop()
    assert gc.get_threshold() == before
