"""Writing model files: deterministic, short, git-friendly JSON, saved atomically.

Key order is the declaration order of the pydantic models, not sorted: ``id``, ``name`` and
``kind`` come first, so a diff or a glance at the file reads like the model. It is just as
stable as sorted keys because the declaration order only changes with the schema. Fields equal
to their defaults are left out to keep files short, except the ones a reader needs to find their
way (``id``, ``name``, ``kind``; a link's ends and kind; a change's metric, mode and value).
No timestamps: saving the same model twice gives identical bytes.

Formula links that carry nothing of their own are not written: the formulas say the same (format 2).
Each actuals series is written on one line, so a refresh that adds a week changes one line per
series in a diff, and a 30-metric, two-year snapshot stays a few dozen kilobytes.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

from metricscape.model import MetricTree

from . import envelope, migrations
from .atomic import atomic_write
from .errors import FileChangedError, SaveError
from .fingerprint import Fingerprint, fingerprint_file

_ALWAYS = {
    "metrics": ("id", "name", "kind"),
    "links": ("source", "target", "kind"),
}


def to_document(tree: MetricTree) -> dict[str, Any]:
    """The file's content as plain JSON values, in on-disk order."""
    model = tree.model_dump(mode="json", exclude_defaults=True)
    full = {"metrics": tree.metrics, "links": tree.links}
    for section, keys in _ALWAYS.items():
        if section in model:
            model[section] = [_with_keys(item, full_item, keys)
                              for item, full_item in zip(model[section], full[section], strict=True)]
    if "links" in model:
        model["links"] = [link for link in model["links"] if not _follows_from_formula(link)]
        if not model["links"]:
            del model["links"]
    for series in model.get("actuals", {}).get("series", ()):
        series["values"] = [_compact_number(v) for v in series["values"]]
    for s, scenario in enumerate(model.get("scenarios", ())):
        if "changes" in scenario:
            scenario["changes"] = [change.model_dump(mode="json") for change in tree.scenarios[s].changes]
    return envelope.wrap(model, migrations.CHAIN.current)


def dumps(tree: MetricTree) -> str:
    document = to_document(tree)
    one_line: list[str] = []
    actuals = document["model"].get("actuals", {})
    if actuals.get("series"):
        # Each series becomes a unique placeholder string, swapped for its one-line JSON afterwards.
        token = f"series-{uuid.uuid4().hex}"
        one_line = [json.dumps(series, ensure_ascii=False, allow_nan=False) for series in actuals["series"]]
        actuals["series"] = [f"{token}-{i}" for i in range(len(one_line))]
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False)
    if one_line:
        text = re.sub(f'"{token}-(\\d+)"', lambda match: one_line[int(match.group(1))], text)
    return text + "\n"


def save(tree: MetricTree, path: str | os.PathLike[str], *,
         expected_fingerprint: Fingerprint | None = None) -> Fingerprint:
    """Save atomically, keeping the previous file as ``NAME.json.bak``; return the new fingerprint.

    With ``expected_fingerprint`` (from ``load`` or the last ``save``), refuse with FileChangedError
    when the file on disk is no longer the one we know: someone else saved over it.
    """
    path = Path(path)
    content = dumps(tree).encode("utf-8")
    if expected_fingerprint is not None:
        _check_unchanged(path, expected_fingerprint)
    try:
        if path.is_dir():
            raise SaveError(str(path), "there is a folder with this name")
        if not path.parent.is_dir():
            raise SaveError(str(path), f"the folder {path.parent} does not exist")
        stat = atomic_write(path, content)
    except PermissionError:
        raise SaveError(str(path), "you do not have permission to write there") from None
    except OSError as exc:
        raise SaveError(str(path), exc.strerror or str(exc)) from None
    return Fingerprint.of(stat, content)


def _check_unchanged(path: Path, expected: Fingerprint) -> None:
    try:
        current = fingerprint_file(path)
    except OSError as exc:
        raise SaveError(str(path), f"could not check whether the file changed ({exc.strerror or exc})") from None
    if current is None:
        raise FileChangedError(str(path), "the file was moved or deleted since you opened it")
    if not current.same_content(expected):
        raise FileChangedError(str(path))


def _with_keys(dumped: dict[str, Any], full: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    head = {key: dumped[key] if key in dumped else _json_value(getattr(full, key)) for key in keys}
    return head | {key: value for key, value in dumped.items() if key not in head}


def _follows_from_formula(link: dict[str, Any]) -> bool:
    return link["kind"] == "formula" and set(link) <= {"source", "target", "kind"}


def _compact_number(value: float | None) -> float | int | None:
    """Whole numbers without '.0': counts are most of a snapshot, and read back as the same float."""
    if value is not None and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _json_value(value: Any) -> Any:
    return getattr(value, "value", value)  # enums are written by value
