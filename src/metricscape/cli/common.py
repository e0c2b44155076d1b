"""Helpers shared by the subcommands: load a file or exit cleanly, print without crashing on odd consoles."""

from __future__ import annotations

import sys
from typing import TextIO

from metricscape.io import LoadError, load
from metricscape.model import MetricTree
from metricscape.terminal import terminal_safe


def load_or_exit(path: str) -> MetricTree:
    """The model in ``path``; on any problem, the plain message on stderr and exit code 1."""
    try:
        loaded = load(path)
    except LoadError as exc:
        say(str(exc), stream=sys.stderr)
        raise SystemExit(1) from None
    for note in loaded.notes:  # e.g. the file comes from a newer minor version: it opens, with a word
        say(f"Note: {path}: {note}", stream=sys.stderr)
    return loaded.tree


def say(text: str, stream: TextIO | None = None) -> None:
    """print() that survives a console that cannot show ✓ or → (e.g. a legacy Windows code page) and
    never passes a file's control characters to the terminal."""
    stream = sys.stdout if stream is None else stream
    text = terminal_safe(text)
    try:
        print(text, file=stream)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        print(text.encode(encoding, errors="replace").decode(encoding), file=stream)
