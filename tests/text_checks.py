"""Checks on text a user reads, shared by the message tests and the hostile corpus."""

from __future__ import annotations

import copy
import re
from typing import Any

_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)


def doubled_words(text: str) -> list[str]:
    """Words written twice in a row ("its its"), a sign of a template filled with a phrase that repeats it."""
    return [match.group(0) for match in _DOUBLED.finditer(text)]


# Every character XML 1.0 forbids, plus a few it allows but terminals act on (ESC, C1, bidi).
XML_FORBIDDEN = "".join(map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])) + "\ufffe\uffff"
HOSTILE_TEXT = "\x1b[2J" + XML_FORBIDDEN + "\x85\u202e"


def with_control_characters(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a model file's JSON with hostile characters appended to every text of every metric,
    scenario and the model info (ids stay valid)."""
    document = copy.deepcopy(document)
    model = document["model"]
    texts = ("name", "definition", "owner", "segment", "baseline_source", "notes", "rationale")
    for metric in model.get("metrics", []):
        for key in texts:
            metric[key] = metric.get(key, "") + HOSTILE_TEXT
        metric["unit"] = metric.get("unit", "")[:30] + "\x1b\x00\ufffe\u202e"  # units hold 40 characters
        for risk in metric.get("gaming_risks", []):
            risk["description"] += HOSTILE_TEXT
    for scenario in model.get("scenarios", []):
        scenario["name"] += HOSTILE_TEXT
        scenario["description"] = HOSTILE_TEXT
    info = model.setdefault("info", {})
    info["name"] = info.get("name", "Model") + HOSTILE_TEXT
    info["description"] = HOSTILE_TEXT
    return document
