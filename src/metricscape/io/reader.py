"""Reading model files: bytes -> text -> JSON -> envelope -> migrations -> validated MetricTree.

Every failure along the way becomes one LoadError naming the file, where (JSON path or line)
and what to fix. Hostile or broken input must never escape as another exception.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from metricscape.model import CycleError, MetricscapeError, MetricTree

from . import envelope, migrations
from .atomic import sweep_stale_temporaries
from .errors import LoadError
from .fingerprint import Fingerprint
from .problems import describe

MAX_BYTES = 20 * 1024 * 1024  # the largest real model is a few MB; beyond this it is not a model
# Real models hold tens to hundreds of metrics. Every command is measured up to these counts
# (benchmarks/hostile_corpus.py); beyond them a file is refused before any work is spent on it.
MAX_COUNTS = {"metrics": 10_000, "links": 50_000, "scenarios": 1_000}


@dataclass(frozen=True)
class LoadedModel:
    tree: MetricTree
    path: Path
    fingerprint: Fingerprint
    upgraded_from: int | None = None  # the file's older schema version, when it was migrated on load
    notes: tuple[str, ...] = ()  # things the user should know about the file, e.g. it is from a newer version


def load(path: str | os.PathLike[str]) -> LoadedModel:
    """Open a model file. Raises LoadError for anything that is not a valid, current-or-older model."""
    path = Path(path)
    source = str(path)
    content, stat = _read_bytes(path, source)
    tree, version = _parse(content, source)
    sweep_stale_temporaries(path)  # leftovers of saves that were killed (issue 16, item 8)
    current = migrations.CHAIN.current
    notes = (envelope.newer_minor_note(version, tree.schema_minor),) if tree.schema_minor > envelope.SCHEMA_MINOR else ()
    return LoadedModel(tree=tree, path=path, fingerprint=Fingerprint.of(stat, content),
                       upgraded_from=version if version < current else None, notes=notes)


def loads(text: str | bytes, source: str = "<text>") -> MetricTree:
    """Parse a model from text (or raw bytes). ``source`` names it in error messages."""
    if isinstance(text, str):
        if len(text) > MAX_BYTES:
            raise LoadError(source, _too_big(len(text)))
        text = text.encode("utf-8", errors="surrogatepass")
    elif len(text) > MAX_BYTES:
        raise LoadError(source, _too_big(len(text)))
    return _parse(text, source)[0]


# --- the pipeline ----------------------------------------------------------------------------

def _read_bytes(path: Path, source: str) -> tuple[bytes, os.stat_result]:
    if path.is_dir():  # Windows reports opening a folder as a permission problem
        raise LoadError(source, "this is a folder, not a model file")
    try:
        with open(path, "rb") as f:
            stat = os.fstat(f.fileno())
            if stat.st_size > MAX_BYTES:
                raise LoadError(source, _too_big(stat.st_size))
            content = f.read(MAX_BYTES + 1)  # the size may grow while we read
    except FileNotFoundError:
        raise LoadError(source, "there is no such file — check the name and the folder") from None
    except IsADirectoryError:
        raise LoadError(source, "this is a folder, not a model file") from None
    except PermissionError:
        raise LoadError(source, "you do not have permission to read this file") from None
    except OSError as exc:
        raise LoadError(source, f"the file could not be read ({exc.strerror or exc})") from None
    if len(content) > MAX_BYTES:
        raise LoadError(source, _too_big(len(content)))
    return content, stat


def _parse(content: bytes, source: str) -> tuple[MetricTree, int]:
    with _gc_paused():
        document, version = _upgrade(_decode_json(content, source), source)
        minor = document.get("schema_minor", 0)
        if version == migrations.CHAIN.current and minor > envelope.SCHEMA_MINOR:
            # A newer minor only adds optional fields: keep what we do not know, and say so.
            return _validate(document["model"], source, extra="allow").with_schema_minor(minor), version
        return _validate(document["model"], source), version


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Reading allocates ~100,000 objects that form no cycles; the cyclic collector would walk them
    again and again (measured: a third of the load time of a 5,000-metric model). Pause it meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _upgrade(document: Any, source: str) -> tuple[dict[str, Any], int]:
    chain = migrations.CHAIN
    try:
        version = envelope.read_version(document, chain.current)
        envelope.read_minor(document)
        return chain.upgrade(document), version
    except ValueError as exc:
        raise LoadError(source, str(exc)) from None


def _validate(model: dict[str, Any], source: str, extra: Literal["allow", "forbid"] = "forbid") -> MetricTree:
    _check_counts(model, source)
    try:
        return MetricTree.model_validate(model, extra=extra)
    except ValidationError as exc:
        problems = describe(exc, model)
        count = "a problem" if len(problems) == 1 else "problems"
        raise LoadError(source, f"the model has {count}:\n  " + "\n  ".join(problems), problems) from None
    except MetricscapeError as exc:  # e.g. CycleError, raised whole by the tree's own check
        where = "model.links" if isinstance(exc, CycleError) else "model"
        raise LoadError(source, f"{where}: {exc}", (f"{where}: {exc}",)) from None
    except (RecursionError, MemoryError):
        raise LoadError(source, "the model is nested too deeply to be a Metricscape model") from None


def _check_counts(model: dict[str, Any], source: str) -> None:
    for section, limit in MAX_COUNTS.items():
        items = model.get(section)
        if isinstance(items, list) and len(items) > limit:
            message = (f"model.{section}: the model has {len(items):,} {section}; Metricscape works with up to "
                       f"{limit:,} — split it into several models")
            raise LoadError(source, message, (message,))


class _ForbiddenConstant(ValueError):
    pass


def _reject_constant(name: str) -> None:
    raise _ForbiddenConstant(name)


def _check_unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A merge gone wrong can leave a field twice; json would silently keep the last one."""
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


class _DuplicateKey(ValueError):
    pass


def _decode_json(content: bytes, source: str) -> Any:
    if not content.strip():
        raise LoadError(source, "the file is empty")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content.count(b"\n", 0, exc.start) + 1
        raise LoadError(source, f"line {line}: this is not a text file (byte {exc.start + 1} is not valid "
                                "UTF-8); a model file is JSON text") from None
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_check_unique_keys)
    except json.JSONDecodeError as exc:
        raise LoadError(source, f"line {exc.lineno}, column {exc.colno}: {_plain_json_error(exc, text)}") from None
    except _ForbiddenConstant as exc:
        raise LoadError(source, f"{_line_of_constant(text, str(exc))}{exc} is not a number a file may hold; "
                                "write a number, or null for 'unknown'") from None
    except _DuplicateKey as exc:
        raise LoadError(source, f"the field \"{exc}\" appears twice in the same object; keep only one") from None
    except RecursionError:
        raise LoadError(source, "the JSON is nested too deeply to be a Metricscape model") from None
    except (ValueError, MemoryError) as exc:  # e.g. an integer with more than 4,300 digits
        raise LoadError(source, f"the JSON holds a value that cannot be read ({exc})") from None


def _plain_json_error(exc: json.JSONDecodeError, text: str) -> str:
    if exc.pos >= len(text.rstrip()):
        return "the file ends too early — it may have been cut off while copying or saving"
    hints = {
        "Expecting value": "a value is missing or is not valid JSON (text needs double quotes)",
        "Expecting ',' delimiter": "a comma is missing between two items",
        "Expecting ':' delimiter": "a colon is missing after a field name",
        "Expecting property name enclosed in double quotes":
            "a field name must be in double quotes (or there is a comma before a closing brace)",
        "Extra data": "there is more text after the end of the model",
        "Invalid control character at": "a line break or tab inside text must be written as \\n or \\t",
    }
    for prefix, plain in hints.items():
        if exc.msg.startswith(prefix):
            return f"the JSON is broken: {plain}"
    return f"the JSON is broken: {exc.msg}"


def _line_of_constant(text: str, name: str) -> str:
    # A value position (after ':' '[' or ','), so a word inside a note does not count.
    match = re.search(r"[:\[,]\s*-?" + re.escape(name.lstrip("-")), text)
    if match is None:
        return ""
    return f"line {text.count(chr(10), 0, match.end()) + 1}: "


def _too_big(size: int) -> str:
    return (f"the file is {size / 1024 / 1024:.1f} MB; Metricscape opens models up to "
            f"{MAX_BYTES // 1024 // 1024} MB, so this is probably not a model file")
