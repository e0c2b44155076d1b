"""Slide-shaped PNG and PDF exports read back with real readers: QImage, Pillow, pypdf."""

from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage
from wide_trees import wide_tree

from metricscape.export.options import ExportOptions, ImageShape, PageSize, Theme
from metricscape.export.slides import build_deck
from metricscape.io import load
from metricscape.ui.export.files import export_file
from metricscape.ui.export.slide_files import slide_image

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


@pytest.fixture(scope="module")
def sample():
    return load(GOLDEN / "sample-model.json").tree


@pytest.fixture(scope="module")
def hostile():
    return load(GOLDEN / "hostile-model.json").tree


def ink(img: QImage, x0: int, y0: int, x1: int, y1: int, background: QColor) -> int:
    """How many pixels in the box differ from the background: text and shapes were drawn."""
    return sum(1 for y in range(y0, y1, 2) for x in range(x0, x1, 2)
               if img.pixelColor(x, y).rgb() != background.rgb())


def test_png_is_a_16_9_slide_at_the_chosen_width_and_scale(qapp, sample, tmp_path):
    out = tmp_path / "tree.png"
    export_file(sample, out, ExportOptions(pixel_width=1200, scale=2))
    img = QImage(str(out))
    assert (img.width(), img.height()) == (2400, 1350)
    assert img.pixelColor(2, 2) == QColor("#ffffff")
    assert ink(img, 60, 40, 1200, 110, QColor("#ffffff")) > 200  # the title: fonts really rendered
    # the tree is centred: as much empty page left of the drawing as right of it
    columns = [x for x in range(0, img.width(), 4) if ink(img, x, 200, x + 1, 1100, QColor("#ffffff"))]
    assert abs(columns[0] - (img.width() - columns[-1])) < 0.1 * img.width()


def test_png_names_every_metric_in_its_description(qapp, sample, tmp_path):
    out = tmp_path / "tree.png"
    export_file(sample, out)
    description = Image.open(out).info["Description"]
    for metric in sample.metrics:
        assert metric.name in description


def test_a_tree_too_big_for_one_slide_writes_one_png_per_slide(qapp, tmp_path):
    out = tmp_path / "tree.png"
    options = ExportOptions(scale=1)
    notes = export_file(wide_tree(60), out, options)
    pages = sorted(tmp_path.glob("tree*.png"))
    assert len(pages) > 1 and (tmp_path / "tree-2.png").exists()
    assert notes and f"on {len(pages)} slides" in notes[-1]
    described = " ".join(Image.open(p).info["Description"] for p in pages)
    assert all(f"Metric number {i}" in described for i in range(1, 60))


def test_slides_drawn_in_worker_threads_match_slides_drawn_one_by_one(qapp, tmp_path):
    tree, options = wide_tree(60), ExportOptions(scale=1)
    export_file(tree, tmp_path / "tree.png", options)
    slides = build_deck(tree, options).slides
    assert len(slides) > 2
    for n, slide in enumerate(slides, start=1):
        written = QImage(str(tmp_path / ("tree.png" if n == 1 else f"tree-{n}.png")))
        alone = slide_image(slide, options)  # in this (the GUI) thread
        assert not written.hasAlphaChannel()  # an opaque page needs none
        assert written.convertToFormat(QImage.Format.Format_RGB32) == alone


def test_fit_content_draws_the_whole_tree_on_one_picture(qapp, tmp_path):
    out = tmp_path / "tree.png"
    export_file(wide_tree(60), out, ExportOptions(image_shape=ImageShape.FIT, scale=1))
    assert not (tmp_path / "tree-2.png").exists()
    assert QImage(str(out)).width() > 1600


def test_png_background_can_be_transparent(qapp, sample, tmp_path):
    out = tmp_path / "tree.png"
    export_file(sample, out, ExportOptions(scale=1, transparent=True))
    img = QImage(str(out))
    assert img.hasAlphaChannel() and img.pixelColor(1, 1).alpha() == 0


def test_dark_theme_paints_a_dark_page(qapp, sample, tmp_path):
    out = tmp_path / "tree.png"
    export_file(sample, out, ExportOptions(theme=Theme.DARK, scale=1))
    assert QImage(str(out)).pixelColor(1, 1).lightness() < 60


def pdf_text(path: Path) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_pdf_pages_are_slides_with_every_name_as_text(qapp, tmp_path):
    tree = wide_tree(60)
    out = tmp_path / "tree.pdf"
    export_file(tree, out, ExportOptions(page_size=PageSize.LETTER))
    reader = PdfReader(out)
    assert len(reader.pages) > 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(792, abs=1) and float(box.height) == pytest.approx(612, abs=1)
    text = pdf_text(out)
    for metric in tree.metrics:
        assert "".join(metric.name.split()) in text


@pytest.mark.parametrize("size, ratio", [(PageSize.A4, 842 / 595), (PageSize.WIDE, 16 / 9)])
def test_pdf_page_sizes(qapp, sample, tmp_path, size, ratio):
    out = tmp_path / "tree.pdf"
    export_file(sample, out, ExportOptions(page_size=size))
    box = PdfReader(out).pages[0].mediabox
    assert float(box.width) / float(box.height) == pytest.approx(ratio, rel=0.01)


def test_pdf_keeps_the_signs_of_changes_in_its_text(qapp, sample, tmp_path):
    out = tmp_path / "tree.pdf"
    export_file(sample, out, ExportOptions(scenario="Onboarding revamp"))
    assert "+1.6%" in pdf_text(out)  # Inter's alternates for '+' beside digits would drop it


@pytest.mark.parametrize("ext", ["png", "svg", "pdf", "pptx", "mmd", "dot", "md", "csv"])
def test_hostile_names_export_to_every_format(qapp, hostile, tmp_path, ext):
    out = tmp_path / f"hostile.{ext}"
    export_file(hostile, out, ExportOptions(scenario='Push "a" <up>'))
    assert out.stat().st_size > 200


def test_pdf_text_of_hostile_names_reads_back(qapp, hostile, tmp_path):
    out = tmp_path / "hostile.pdf"
    export_file(hostile, out)
    text = pdf_text(out)
    assert 'North"star"<script>alert(1)</script>' in text
    # (this machine has no emoji or CJK font for Qt to fall back on: those glyphs are blanks here)
    assert "Emoji" in text and "andČeština" in text and "secondline" in text


def test_collapsed_branches_stay_hidden(qapp, sample, tmp_path):
    folded = sample.model_copy(update={"metrics": tuple(
        m.model_copy(update={"collapsed": m.id == "wau"}) for m in sample.metrics)})
    out = tmp_path / "folded.pdf"
    export_file(folded, out)
    text = pdf_text(out)
    assert "Weeklyactiveusers" in text and "+3collapsed" in text
    assert "Newusers" not in text and "Retainedusers" not in text


def test_a_huge_fit_content_picture_is_drawn_smaller_with_a_note(qapp, tmp_path):
    out = tmp_path / "tree.png"
    options = ExportOptions(image_shape=ImageShape.FIT, scale=4)
    notes = export_file(wide_tree(300), out, options)
    img = QImage(str(out))
    assert img.width() <= 16_000 and img.width() * img.height() <= 40_000_000
    assert any("too large" in note for note in notes)
