"""Text from a model file made safe for every export format.

A model's names, units and notes may hold any character JSON allows, including ones XML 1.0
forbids (C0 controls other than tab and line breaks, U+FFFE, U+FFFF, lone surrogates): written
into a PPTX or SVG they make the file unreadable (lxml refuses to build it, browsers refuse to
open it). They carry no meaning a reader could see, so every writer turns each into a space
(words stay apart: "break<BEL>bell" reads "break bell") at its text entry point through this
one function.
"""

from __future__ import annotations

import re

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with a space for each character XML 1.0 forbids (tab, line feed and carriage return stay)."""
    return _XML_FORBIDDEN.sub(" ", text)
