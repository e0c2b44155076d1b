"""The envelope around a model: ``{"format", "schema_version", "schema_minor", "generator", "model"}``.

``schema_version`` is the *major* version: a file of a newer major may mean something this app
would misread, so it is refused. ``schema_minor`` (optional, default 0) only ever adds optional
fields: a file of a newer minor opens, with a note, and its unknown fields are kept.

The envelope is read before anything else so that a file from a newer Metricscape, or a JSON
file that is not ours at all, is refused with a precise message instead of a wall of field errors.
"""

from __future__ import annotations

from typing import Any

from metricscape import __version__

FORMAT_TAG = "metricscape"
ENVELOPE_KEYS = ("format", "schema_version", "schema_minor", "generator", "model")
SCHEMA_MINOR = 0  # the minor version of the current major that this app reads and writes


def generator() -> str:
    return f"metricscape {__version__}"


def wrap(model: dict[str, Any], schema_version: int, schema_minor: int = SCHEMA_MINOR) -> dict[str, Any]:
    """The envelope in its fixed key order (the writer keeps this order on disk)."""
    return {"format": FORMAT_TAG, "schema_version": schema_version, "schema_minor": schema_minor,
            "generator": generator(), "model": model}


def read_minor(document: dict[str, Any]) -> int:
    """The file's minor version (0 when absent); call after ``read_version`` accepted the envelope."""
    minor = document.get("schema_minor", 0)
    if isinstance(minor, bool) or not isinstance(minor, int) or minor < 0:
        raise EnvelopeError(f"\"schema_minor\" should be a whole number such as {SCHEMA_MINOR}, not {_short(minor)}")
    return minor


def newer_minor_note(major: int, minor: int) -> str:
    return (f"This file comes from a newer Metricscape (file format {major}.{minor}; this version knows "
            f"{major}.{SCHEMA_MINOR}). It opens, and what this version does not know is kept unchanged when "
            "you save. Update Metricscape to see and edit everything in it.")


class EnvelopeError(ValueError):
    """The file is not a Metricscape model of a version we read; the reader adds the file name."""


def read_version(document: object, current: int) -> int:
    """Check the envelope of a parsed file and return its schema version (raises EnvelopeError)."""
    if not isinstance(document, dict):
        kind = _json_kind(document)
        raise EnvelopeError(f"this is not a Metricscape model: the file holds {kind}, "
                         "not an object with \"format\": \"metricscape\"")
    tag = document.get("format")
    if tag != FORMAT_TAG:
        if tag is None:
            raise EnvelopeError("this is not a Metricscape model: the top-level \"format\" field is missing "
                             "(it should be \"format\": \"metricscape\")")
        raise EnvelopeError(f"this is not a Metricscape model: \"format\" is {_short(tag)}, "
                         "it should be \"metricscape\"")
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise EnvelopeError(f"\"schema_version\" should be a whole number such as {current}, not {_short(version)}")
    if version < 1:
        raise EnvelopeError(f"\"schema_version\" {version} does not exist; the first file format is 1")
    if version > current:
        raise EnvelopeError(f"written by a newer Metricscape (file format {version}); this version reads up to "
                         f"{current} — update Metricscape")
    unknown = [key for key in document if key not in ENVELOPE_KEYS]
    newer_minor = version == current and isinstance(document.get("schema_minor"), int) \
        and document["schema_minor"] > SCHEMA_MINOR
    if unknown and not newer_minor:
        raise EnvelopeError(f"unknown top-level field {_short(unknown[0])}; a file holds only "
                         + ", ".join(f'"{k}"' for k in ENVELOPE_KEYS))
    if "model" not in document:
        raise EnvelopeError("the top-level \"model\" field is missing")
    if not isinstance(document["model"], dict):
        raise EnvelopeError(f"\"model\" should be an object, not {_json_kind(document['model'])}")
    return version


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a piece of text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null"
    return "an object"


def _short(value: object, limit: int = 40) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, float) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
