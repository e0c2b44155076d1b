"""Text from a model file made harmless for a terminal (used by the CLI and the app's stderr messages).

A shared file can hold any character in a name or a unit. Printed raw, ``ESC[2J`` clears the
screen, ``ESC]...`` retitles the window, and a right-to-left override makes ``fees`` display as
``seef`` (the "Trojan source" trick). Every line the CLI prints goes through ``terminal_safe``:
such characters are shown as ``\\u001b``-style escapes, which are also valid inside JSON strings,
so ``--json`` output stays parseable.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, the bidirectional formatting characters
# (embeddings, overrides, isolates, marks) and the Unicode line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with every control and bidi character written as a visible ``\\uXXXX`` escape."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
