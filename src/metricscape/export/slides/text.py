"""Text on slides: the one cleaning function every slide writer sends text through, and text widths.

Widths come from the bundled Inter's glyph advances (read once with Pillow, a python-pptx
dependency), times a safety factor: PowerPoint draws the slides in Arial and LibreOffice here in
DejaVu Sans, which runs up to 15 % wider than Inter; sized for the widest, text never overflows.
"""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from ..diagram import printable
from ..text import xml_safe

SAFETY = 1.16          # the widest fallback font (DejaVu Sans Bold) against Inter Bold
_EM = 1000             # glyph advances are read at this size, then scaled

if TYPE_CHECKING:
    from PIL import ImageFont


def clean(text: str) -> str:
    """Text without what XML (PPTX, SVG) cannot hold. Every slide writer sends its text through
    this one function."""
    return xml_safe(printable(text))


def slide_text(text: str) -> str:
    """User text as a slide shows it: clean, on one line, single spaces."""
    return " ".join(clean(text).split())


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    from PIL import ImageFont  # on the first width asked for: the app's first window measures none

    name = "Inter-Bold.ttf" if bold else "Inter-Regular.ttf"
    with (files("metricscape") / "resources" / "fonts" / name).open("rb") as handle:
        return ImageFont.truetype(io.BytesIO(handle.read()), _EM)


@cache
def _advance(char: str, bold: bool) -> float:
    # Per-glyph advances without kerning: a few dict lookups per string instead of a shaping call
    # (77 µs each), which would cost seconds on a 1,000-metric deck. The safety factor covers kerning.
    if not char.isprintable():  # a control or separator character draws as a space (the shaper refuses some)
        char = " "
    return float(_font(bold).getlength(char))


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """The width of ``text`` in points at ``size_pt``, for the widest font a slide may be shown in."""
    return sum(_advance(c, bold) for c in text) * size_pt / _EM * SAFETY


def wrap(text: str, width: float, size_pt: float, bold: bool = False) -> list[str]:
    """Greedy word wrap to ``width`` points; a word longer than a line is split between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size_pt, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word, size_pt, bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], size_pt, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


def ellipsize(text: str, width: float, size_pt: float, bold: bool = False) -> str:
    """One line no wider than ``width``; cut with an ellipsis (only for secondary text, never names)."""
    if text_width(text, size_pt, bold) <= width:
        return text
    while text and text_width(text + "…", size_pt, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"
