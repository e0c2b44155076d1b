"""Logging to the user's log folder: rotation, windowed builds without stdout/stderr."""

import faulthandler
import logging
import subprocess
import sys
import textwrap
import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metricscape import logs


@pytest.fixture(autouse=True)
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logging.captureWarnings(False)
    faulthandler.enable(file=sys.__stderr__)  # setup_logging pointed it at a temporary file
    if logs._native_crash_file is not None:
        logs._native_crash_file.close()
        logs._native_crash_file = None


def read(path):
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_records_go_to_the_log_file_in_the_given_folder(tmp_path):
    path = logs.setup_logging(tmp_path / "log")

    logging.getLogger("metricscape.test").info("opened %s", "plan.metricscape.json")

    assert path == tmp_path / "log" / logs.LOG_FILE_NAME
    assert logs.current_log_file() == path
    assert "INFO    metricscape.test: opened plan.metricscape.json" in read(path)


def test_the_default_folder_is_the_platform_log_folder_for_the_app():
    assert "Metricscape" in logs.log_folder().parts


def test_setting_up_twice_does_not_write_every_line_twice(tmp_path):
    logs.setup_logging(tmp_path)
    path = logs.setup_logging(tmp_path)

    logging.getLogger("metricscape.test").warning("once")

    assert read(path).count("once") == 1


def test_the_log_rotates_and_keeps_a_few_old_files(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup_logging(tmp_path)

    for number in range(400):
        logging.getLogger("metricscape.test").info("line %d %s", number, "x" * 40)

    files = sorted(p.name for p in tmp_path.glob(logs.LOG_FILE_NAME + "*"))
    assert files == [logs.LOG_FILE_NAME] + [f"{logs.LOG_FILE_NAME}.{n}" for n in range(1, logs.BACKUP_COUNT + 1)]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.glob(logs.LOG_FILE_NAME + "*"))
    assert "line 399" in read(path)


def test_an_unwritable_log_folder_does_not_stop_the_app(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")

    assert logs.setup_logging(blocker / "log") is None
    logging.getLogger("metricscape.test").error("still fine")


def test_windowed_build_without_stdout_and_stderr_logs_what_is_printed(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)

    logs.guard_missing_streams()
    path = logs.setup_logging(tmp_path)
    print("printed by a library")
    sys.stderr.write("complaint from a library\n")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("deprecated thing", DeprecationWarning, stacklevel=1)

    text = read(path)
    assert "metricscape.stdout: printed by a library" in text
    assert "metricscape.stderr: complaint from a library" in text
    assert "deprecated thing" in text
    ours = [h for h in logging.getLogger().handlers if getattr(h, logs._OWNED, False)]
    assert all(isinstance(h, logging.FileHandler) for h in ours)  # no console handler on a stand-in


def test_console_streams_are_left_alone_when_they_exist(monkeypatch):
    stdout, stderr = sys.stdout, sys.stderr

    logs.guard_missing_streams()

    assert (sys.stdout, sys.stderr) == (stdout, stderr)


@given(st.lists(st.text(alphabet="ab \n\t", max_size=12), max_size=8))
def test_log_stream_logs_each_non_blank_line_once(chunks):
    records = []
    stream = logs.LogStream("stdout", logging.INFO)
    stream._logger = type("L", (), {"log": lambda self, level, line: records.append(line)})()

    for chunk in chunks:
        assert stream.write(chunk) == len(chunk)
    stream.flush()

    assert records == [line for line in "".join(chunks).split("\n") if line.strip()]


def test_a_hard_crash_leaves_its_stack_in_the_log_folder(tmp_path):
    script = textwrap.dedent(f"""
        import faulthandler
        from pathlib import Path
        from metricscape.logs import setup_logging
        setup_logging(Path({str(tmp_path)!r}))
        faulthandler._sigsegv()
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=False)

    assert result.returncode != 0
    assert "Fatal Python error" in (tmp_path / logs.NATIVE_CRASH_FILE_NAME).read_text()


def test_a_failing_log_handler_does_not_recurse_through_the_stand_in_stderr(tmp_path, monkeypatch):
    class BrokenHandler(logging.Handler):
        def emit(self, record):  # as FileHandler does when the write fails
            try:
                raise PermissionError("the log file is locked by another instance")
            except PermissionError:
                self.handleError(record)  # prints the error to sys.stderr

    monkeypatch.setattr(sys, "stderr", None)
    logs.guard_missing_streams()
    broken = BrokenHandler()
    logging.getLogger().addHandler(broken)
    try:
        logging.getLogger("metricscape.test").error("this record cannot be written")
    finally:
        logging.getLogger().removeHandler(broken)
