"""The worker: results reach the GUI thread, a cancel stops a long run, stale results are dropped."""

from __future__ import annotations

import threading

import pytest

from metricscape.sim import Engine, SimulationError
from metricscape.sim.synthetic import generated_tree
from metricscape.ui.whatif.worker import SimulationRunner


@pytest.fixture
def runner(qapp):
    runner = SimulationRunner()
    yield runner
    runner.shutdown()


def test_a_result_arrives_on_the_gui_thread(qtbot, runner) -> None:
    tree = generated_tree(40)
    seen_threads = []

    def task(progress):
        seen_threads.append(threading.current_thread())
        return Engine(tree).monte_carlo(samples=2000, seed=1, progress=progress)

    with qtbot.waitSignal(runner.finished, timeout=20_000) as blocker:
        runner.submit("distribution", task)
    kind, result = blocker.args
    assert kind == "distribution" and result.samples == 2000
    assert seen_threads and seen_threads[0] is not threading.main_thread()
    assert not runner.busy


def test_cancel_stops_a_long_run(qtbot, qapp, runner) -> None:
    tree = generated_tree(300)
    finished = []
    runner.finished.connect(lambda kind, result: finished.append(kind))

    def long_run(progress):
        return Engine(tree).monte_carlo(samples=200_000, seed=3, progress=progress)

    with qtbot.waitSignal(runner.progressed, timeout=20_000):
        runner.submit("distribution", long_run)
    with qtbot.waitSignal(runner.cancelled, timeout=5_000) as blocker:
        runner.cancel()
    assert blocker.args == ["distribution"]
    assert runner.wait(20_000), "the worker stopped at its next progress check"
    qapp.processEvents()  # deliver anything the worker queued: it must be dropped
    assert finished == []
    assert not runner.busy


def test_a_newer_request_replaces_the_one_running(qtbot, runner) -> None:
    release = threading.Event()
    results = []
    runner.finished.connect(lambda kind, result: results.append(result))

    def slow(progress):
        release.wait(10)
        progress(0.5)
        return "old"

    runner.submit("tornado", slow)
    with qtbot.waitSignal(runner.finished, timeout=20_000):
        runner.submit("tornado", lambda progress: "new")
        release.set()
    assert results == ["new"]


def test_a_problem_in_the_model_arrives_as_a_plain_message(qtbot, runner) -> None:
    def refuse(progress):
        raise SimulationError("this model has no north star: choose the metric to analyse")

    with qtbot.waitSignal(runner.failed, timeout=5_000) as blocker:
        runner.submit("sobol", refuse)
    assert blocker.args == ["sobol", "This model has no north star: choose the metric to analyse"]


def test_an_unexpected_error_never_escapes(qtbot, runner) -> None:
    with qtbot.waitSignal(runner.failed, timeout=5_000) as blocker:
        runner.submit("sobol", lambda progress: 1 / 0)
    assert blocker.args[1].startswith("The analysis could not run")


def test_a_result_for_an_older_model_version_is_dropped(qtbot, qapp) -> None:
    version = [1]
    runner = SimulationRunner(version=lambda: version[0])
    try:
        release = threading.Event()
        results: list[object] = []
        runner.finished.connect(lambda kind, result: results.append(result))

        def computed_for_version_1(progress):
            release.wait(10)
            return "stale"

        with qtbot.waitSignal(runner.busy_changed, timeout=20_000, check_params_cb=lambda busy: not busy):
            runner.submit("compare", computed_for_version_1)
            version[0] = 2  # the model's numbers changed meanwhile
            release.set()
        assert results == [] and not runner.busy
        with qtbot.waitSignal(runner.finished, timeout=20_000):
            runner.submit("compare", lambda progress: "fresh")
        assert results == ["fresh"]
    finally:
        runner.shutdown()
