"""Checks on text a user reads, shared by the message tests and the hostile corpus."""

from __future__ import annotations

import re

_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)


def doubled_words(text: str) -> list[str]:
    """Words written twice in a row ("its its"), a sign of a template filled with a phrase that repeats it."""
    return [match.group(0) for match in _DOUBLED.finditer(text)]
