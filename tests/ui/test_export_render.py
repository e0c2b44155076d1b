"""PNG, SVG and PDF exports read back with real readers: QImage, an XML parser, pypdf."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage

from metricscape.export.options import ExportOptions, PageSize, Theme
from metricscape.io import load
from metricscape.ui.export.files import export_file
from metricscape.ui.export.render import MAX_SIDE, image, picture

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


@pytest.fixture(scope="module")
def sample():
    return load(GOLDEN / "sample-model.json").tree


@pytest.fixture(scope="module")
def hostile():
    return load(GOLDEN / "hostile-model.json").tree


def ink(img: QImage, x0: int, y0: int, x1: int, y1: int, background: QColor) -> int:
    """How many pixels in the box differ from the background: text and shapes were drawn."""
    count = 0
    for y in range(y0, y1, 2):
        for x in range(x0, x1, 2):
            if img.pixelColor(x, y).rgb() != background.rgb():
                count += 1
    return count


def test_png_is_drawn_at_the_chosen_scale_with_visible_text(qapp, sample, tmp_path):
    out = tmp_path / "tree.png"
    export_file(sample, out, ExportOptions(scale=3))
    img = QImage(str(out))
    pic = picture(sample)
    assert (img.width(), img.height()) == (round(pic.diagram.width * 3), round(pic.diagram.height * 3))
    assert img.pixelColor(2, 2) == QColor("#ffffff")
    # the title line (top left, below the margin) has glyph pixels: fonts really rendered
    assert ink(img, 90, 70, 900, 140, QColor("#ffffff")) > 200


def test_png_background_can_be_transparent(qapp, sample, tmp_path):
    out = tmp_path / "tree.png"
    export_file(sample, out, ExportOptions(scale=1, transparent=True))
    img = QImage(str(out))
    assert img.hasAlphaChannel() and img.pixelColor(1, 1).alpha() == 0


def test_dark_theme_paints_a_dark_page(qapp, sample):
    img = image(picture(sample, ExportOptions(theme=Theme.DARK, scale=1)))
    assert img.pixelColor(1, 1).lightness() < 60


def test_huge_trees_are_drawn_smaller_with_a_note(qapp, sample):
    options = ExportOptions(scale=4)
    pic = picture(sample, options)
    object.__setattr__(pic.diagram, "width", 9000.0)  # pretend the tree is very wide
    img = image(pic)
    assert img.width() <= MAX_SIDE and options.warnings and "SVG or PDF" in options.warnings[0]


def svg_texts(path: Path) -> tuple[ET.Element, str]:
    root = ET.parse(path).getroot()  # raises on any unescaped markup
    return root, " ".join("".join(e.itertext()) for e in root.iter() if e.tag.endswith("text"))


def test_svg_is_valid_xml_with_size_viewbox_and_every_name(qapp, hostile, tmp_path):
    out = tmp_path / "tree.svg"
    export_file(hostile, out)
    root, text = svg_texts(out)
    diagram = picture(hostile).diagram
    assert root.get("viewBox") == f"0 0 {diagram.width:g} {diagram.height:g}"
    assert root.get("width") and root.get("height")
    assert not any(e.tag.endswith("script") for e in root.iter())
    flat = text.replace(" ", "")
    for metric in hostile.metrics:
        # cards elide long names; what is shown starts exactly like the name
        assert " ".join(metric.name.split())[:12].replace(" ", "") in flat
    assert 'Hostile "model" <b>&</b>' in text


def test_pdf_is_one_landscape_page_with_the_names_as_text(qapp, sample, tmp_path):
    out = tmp_path / "tree.pdf"
    export_file(sample, out, ExportOptions(page_size=PageSize.LETTER))
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(792, abs=2) and float(box.height) == pytest.approx(612, abs=2)
    text = " ".join(reader.pages[0].extract_text().split())  # Qt places words one by one
    for metric in sample.metrics:
        assert metric.name[:10] in text
    assert "Streaming: weekly listening hours" in text


@pytest.mark.parametrize("size, ratio", [(PageSize.A4, 297 / 210), (PageSize.WIDE, 16 / 9)])
def test_pdf_page_sizes(qapp, sample, tmp_path, size, ratio):
    out = tmp_path / "tree.pdf"
    export_file(sample, out, ExportOptions(page_size=size))
    box = PdfReader(out).pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(ratio, rel=0.01)


@pytest.mark.parametrize("ext", ["png", "svg", "pdf", "pptx", "mmd", "dot", "md", "csv"])
def test_hostile_names_export_to_every_format(qapp, hostile, tmp_path, ext):
    out = tmp_path / f"hostile.{ext}"
    export_file(hostile, out, ExportOptions(scenario='Push "a" <up>'))
    assert out.stat().st_size > 200


def test_pdf_text_of_hostile_names_reads_back(qapp, hostile, tmp_path):
    out = tmp_path / "hostile.pdf"
    export_file(hostile, out)
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert 'North "star" <scri' in text  # elided on the card, but the characters are the user's
    # Qt's PDF text layer drops a "<" that follows "&" (the drawing is right); the rest reads back
    assert "O'Brien &" in text and "Sons>" in text and "end" in text


def test_collapsed_branches_stay_hidden_in_the_svg(qapp, sample, tmp_path):
    folded = sample.model_copy(update={"metrics": tuple(
        m.model_copy(update={"collapsed": m.id == "wau"}) for m in sample.metrics)})
    out = tmp_path / "folded.svg"
    export_file(folded, out)
    _, text = svg_texts(out)
    assert "Weekly active users" in text and "+3 hidden" in text
    assert "New users" not in text and "Retained users" not in text
