"""PNG files from 8-bit RGB or RGBA pixel rows, with the standard zlib and no filtering.

Written by hand because the encoders at hand spend most of a slide export choosing row filters:
Qt's (libpng) and Pillow's try all five PNG filters on every row. Slides are flat colour, text
and lines, which deflate compresses well as they are: on the 24 slides of a 1,000-metric export
(3200 × 1800 px each) Qt took 3.4 s of CPU for 9.5 MB, Pillow at level 1 1.6 s for 9.9 MB, and
unfiltered rows at zlib level 3 0.6 s for 8.5 MB. The pixels are the same (PNG is lossless).
Rows longer than deflate's 32 KB window (fit-content pictures over about 10,000 px wide) cannot
refer to the row above: such files come out up to a third larger than Qt's, still in less time.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 3          # zlib levels 1-3 cost the same here; 4 and up match lazily, twice the time for 15 % less
_RGB, _RGBA = 2, 6  # PNG colour types
_ROWS_PER_BLOCK = 256       # about 2.5 MB of a 3200-pixel-wide slide
_COMPRESS_TEXT_OVER = 200  # bytes: a slide's description (every name on it) is worth deflating, a title is not


def encode_png(pixels: bytes | bytearray | memoryview, width: int, height: int, stride: int, *, alpha: bool,
               texts: Mapping[str, str] | None = None, dots_per_metre: int | None = None) -> bytes:
    """A PNG of ``height`` rows of ``width`` pixels, each row starting ``stride`` bytes after the last.

    Pixels are R, G, B (and A, not premultiplied, with ``alpha``) bytes. ``texts`` become iTXt
    chunks (UTF-8: any name survives); ``dots_per_metre`` a pHYs chunk (the size a viewer shows).
    """
    channels = 4 if alpha else 3
    row = width * channels
    view = memoryview(pixels).cast("B")
    if width < 1 or height < 1 or stride < row or len(view) < stride * (height - 1) + row:
        raise ValueError(f"{len(view)} bytes hold no {width} × {height} image with rows {stride} bytes apart")
    header = struct.pack(">IIBBBBB", width, height, 8, _RGBA if alpha else _RGB, 0, 0, 0)
    chunks = [_chunk(b"IHDR", header)]
    if dots_per_metre:
        chunks.append(_chunk(b"pHYs", struct.pack(">IIB", dots_per_metre, dots_per_metre, 1)))
    chunks += [_text_chunk(key, text) for key, text in (texts or {}).items()]
    chunks += [_chunk(b"IDAT", _deflate_rows(view, row, height, stride)), _chunk(b"IEND", b"")]
    return SIGNATURE + b"".join(chunks)


def _deflate_rows(view: memoryview, row: int, height: int, stride: int) -> bytes:
    # Blocks of rows keep memory low on a huge picture, and each zlib call long enough to be worth
    # releasing the GIL for (other slides draw meanwhile).
    deflate = zlib.compressobj(LEVEL)
    parts = []
    for first in range(0, height, _ROWS_PER_BLOCK):
        count = min(_ROWS_PER_BLOCK, height - first)
        block = bytearray(count * (row + 1))  # each row starts with its filter type: 0, none (zero-filled)
        for y in range(count):
            source = (first + y) * stride
            block[y * (row + 1) + 1:(y + 1) * (row + 1)] = view[source:source + row]
        parts.append(deflate.compress(block))
    parts.append(deflate.flush())
    return b"".join(parts)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))


def _text_chunk(key: str, text: str) -> bytes:
    # iTXt: keyword, NUL, compression flag and method, empty language and translated keyword, text.
    # The text may hold no NUL; a lone surrogate (valid in a str, not in UTF-8) becomes "?".
    data = text.replace("\x00", " ").encode("utf-8", "replace")
    compressed = len(data) > _COMPRESS_TEXT_OVER
    if compressed:
        data = zlib.compress(data)
    return _chunk(b"iTXt", key.encode("latin-1") + b"\x00" + bytes([compressed, 0]) + b"\x00\x00" + data)
