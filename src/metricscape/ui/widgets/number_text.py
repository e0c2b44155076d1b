"""Reading and writing numbers the way PMs type them: 1,200 · 1.2k · 3.4M · 34.5 % · $4.20."""

from __future__ import annotations

import math
import re

_SUFFIXES = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_NUMBER = re.compile(r"^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?)\s*(k|mm|m|bn|b)?\s*(%)?$")


class NumberTextError(ValueError):
    """The text is not a number; the message says what to type."""


def parse_number(text: str, *, percent: bool = False) -> float | None:
    """The value typed in ``text``; empty text is ``None``.

    A field whose unit is % shows and reads percentages (34.5) while the model stores fractions
    (0.345); a trailing % sign means a percentage in any field.
    """
    cleaned = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    for currency in "$€£¥":
        cleaned = cleaned.replace(currency, "")
    if not cleaned:
        return None
    match = _NUMBER.match(cleaned.lower())
    if not match:
        raise NumberTextError(f"‘{text.strip()}’ is not a number: type something like 1200, 1.2k, 3.5M or 12.5 %")
    number, suffix, percent_sign = match.groups()
    value = float(number) * (_SUFFIXES[suffix] if suffix else 1.0)
    if percent or percent_sign:
        value /= 100.0
    if not math.isfinite(value):
        raise NumberTextError(f"‘{text.strip()}’ is too large")
    return value


def format_number(value: float | None, *, percent: bool = False) -> str:
    """Full precision for editing, with thousands separators and a % sign where they help reading;
    ``parse_number`` reads it back exactly. ``None`` is empty."""
    if value is None:
        return ""
    shown = value * 100.0 if percent else value
    text = f"{shown:,.12g}" if abs(shown) >= 1e4 else f"{shown:.12g}"  # 34,150,000 reads at a glance
    if "e" in text and 1e-4 <= abs(shown) < 1e15:
        text = f"{shown:,f}".rstrip("0").rstrip(".")
    return text + (" %" if percent else "")
