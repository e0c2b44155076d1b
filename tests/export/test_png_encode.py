"""The PNG encoder, read back by an independent decoder (Pillow): pixels, texts and resolution."""

import io
import random

import pytest
from PIL import Image

from metricscape.export.png_encode import encode_png


def padded_rows(pixels: bytes, row: int, stride: int) -> bytes:
    """``pixels`` laid out with ``stride - row`` junk bytes after each row, as Qt's images are."""
    return b"".join(pixels[i:i + row] + b"\xab" * (stride - row) for i in range(0, len(pixels), row))


@pytest.mark.parametrize(("mode", "alpha"), [("RGB", False), ("RGBA", True)])
@pytest.mark.parametrize(("width", "height"), [(37, 23), (5, 600)])  # 600 rows: deflated in several blocks
def test_pixels_read_back_exactly_whatever_the_row_padding(mode, alpha, width, height):
    channels = len(mode)
    rng = random.Random(7)
    pixels = bytes(rng.randrange(256) for _ in range(width * height * channels))
    stride = width * channels + 5
    data = encode_png(padded_rows(pixels, width * channels, stride), width, height, stride, alpha=alpha)
    decoded = Image.open(io.BytesIO(data))
    assert (decoded.mode, decoded.size) == (mode, (width, height))
    assert decoded.tobytes() == pixels


def test_flat_slides_compress_well():
    width, height = 800, 450
    white = b"\xff" * (width * height * 3)
    data = encode_png(white, width, height, width * 3, alpha=False)
    assert len(data) < len(white) / 100
    assert Image.open(io.BytesIO(data)).getextrema() == ((255, 255), (255, 255), (255, 255))


def test_texts_and_resolution_read_back_in_any_script():
    description = "Weekly listeners · Skip rate ≤ 5 % · Čeština 日本語 " * 20  # long: stored compressed
    data = encode_png(b"\x00\x80\xff", 1, 1, 3, alpha=False, dots_per_metre=7559,
                      texts={"Title": "North star \U0001f680", "Description": description})
    decoded = Image.open(io.BytesIO(data))
    assert decoded.info["Title"] == "North star \U0001f680"
    assert decoded.info["Description"] == description
    assert decoded.info["dpi"] == pytest.approx((192, 192), abs=0.1)  # 7,559 dots per metre is 2 × 96 dpi


def test_characters_a_png_text_cannot_hold_are_replaced_not_fatal():
    data = encode_png(b"\x00\x00\x00", 1, 1, 3, alpha=False, texts={"Title": "a\x00b \ud800c"})
    assert Image.open(io.BytesIO(data)).info["Title"] == "a b ?c"


@pytest.mark.parametrize(("size", "stride"), [(2 * 2 * 3 - 1, 6), (100, 5)])  # short; rows overlap
def test_too_few_bytes_for_the_image_is_refused(size, stride):
    with pytest.raises(ValueError, match="2 × 2"):
        encode_png(bytes(size), 2, 2, stride, alpha=False)
