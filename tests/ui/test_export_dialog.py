"""The export dialog and the clipboard, driven as a user would."""

from pathlib import Path

from pptx import Presentation
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication

from metricscape.io import load
from metricscape.ui.export.clipboard import SVG_MIME
from metricscape.ui.export.dialog import ExportDialog

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "golden"


def make_dialog(qtbot, path_to_write=None):
    tree = load(GOLDEN / "sample-model.json").tree
    dialog = ExportDialog(tree, suggested_path="tree.png")
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    if path_to_write is not None:
        dialog.ask_path = lambda fmt: str(path_to_write)
    return dialog


def thumbnails(dialog):
    return [dialog.slides.item(i).icon().pixmap(300, 169).toImage() for i in range(dialog.slides.count())]


def test_present_preview_shows_the_slides_and_follows_the_options(qtbot):
    dialog = make_dialog(qtbot)
    assert dialog.preview.currentWidget() is dialog.slides
    first = thumbnails(dialog)
    assert len(first) == 1 and not first[0].isNull()
    assert dialog.slides.item(0).text().startswith("1. Streaming: weekly listening hours")
    with qtbot.waitSignal(dialog.preview_updated):
        box = dialog.toggles["show_legend"]
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))  # on the tick box
    assert dialog.options().show_legend is False
    assert thumbnails(dialog) != first


def test_split_and_detail_choices_change_the_slides(qtbot):
    dialog = make_dialog(qtbot)
    with qtbot.waitSignal(dialog.preview_updated):
        dialog.levels.setCurrentIndex(dialog.levels.findData(2))
    assert dialog.slides.count() == 3  # the overview, then the two branches with drivers below them
    assert "3 slides" in dialog.status.text()
    with qtbot.waitSignal(dialog.preview_updated):
        dialog.format.setCurrentIndex(dialog.format.findData(".pptx"))
    assert dialog.status.text().startswith("3 slides: an overview, then one per branch. After them the file adds")
    with qtbot.waitSignal(dialog.preview_updated):
        dialog.format.setCurrentIndex(dialog.format.findData(".png"))
    with qtbot.waitSignal(dialog.preview_updated):
        dialog.detail.setCurrentIndex(dialog.detail.findData("names"))
    assert dialog.options().detail == "names"
    with qtbot.waitSignal(dialog.preview_updated):
        dialog.format.setCurrentIndex(dialog.format.findData(".mmd"))
    assert not dialog.detail.isEnabled() and not dialog.levels.isEnabled()


def test_a_powerpoint_preview_says_which_slides_the_file_adds_after_the_tree(qtbot):
    dialog = make_dialog(qtbot)
    with qtbot.waitSignal(dialog.preview_updated):
        dialog.format.setCurrentIndex(dialog.format.findData(".pptx"))
    assert dialog.status.text() == ("One slide. After it the file adds the tornado chart and the metric table, "
                                    "not drawn here.")
    with qtbot.waitSignal(dialog.preview_updated):
        dialog.format.setCurrentIndex(dialog.format.findData(".pdf"))
    assert dialog.status.text() == "One slide."  # a PDF holds the tree slides only


def test_text_formats_preview_their_text(qtbot):
    dialog = make_dialog(qtbot)
    with qtbot.waitSignal(dialog.preview_updated):
        dialog.format.setCurrentIndex(dialog.format.findData(".mmd"))
    assert dialog.preview_text.toPlainText().startswith("---\ntitle:")
    assert dialog.preview.currentWidget() is dialog.preview_text
    assert not dialog.scale.isEnabled()


def test_export_writes_the_chosen_format_with_the_scenario(qtbot, tmp_path):
    out = tmp_path / "deck.pptx"
    dialog = make_dialog(qtbot, out)
    dialog.format.setCurrentIndex(dialog.format.findData(".pptx"))
    dialog.scenario.setCurrentIndex(dialog.scenario.findText("Onboarding revamp"))
    with qtbot.waitSignal(dialog.exported) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(out)]
    texts = [s.text_frame.text for s in Presentation(out).slides[0].shapes if s.has_text_frame]
    assert any("+8.0 %" in t for t in texts)
    assert "Saved deck.pptx" in dialog.status.text()


def test_a_write_error_is_shown_in_plain_words(qtbot, tmp_path):
    dialog = make_dialog(qtbot, tmp_path / "missing-folder" / "tree.png")
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "Could not write" in dialog.status.text()


def test_copy_puts_image_svg_and_mermaid_on_the_clipboard(qtbot):
    dialog = make_dialog(qtbot)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    mime = QGuiApplication.clipboard().mimeData()
    assert mime.hasImage() and not mime.imageData().isNull()
    assert b"<svg" in bytes(mime.data(SVG_MIME)) and b"Weekly listening hours" in bytes(mime.data(SVG_MIME))
    assert mime.text().splitlines()[3] == "flowchart BT"
    assert "Copied" in dialog.status.text()


def test_a_format_registered_alone_appears_in_the_dialog_menu_and_save_filter(qtbot, tmp_path):
    from metricscape.export import ExportFormat, Preview, register, unregister
    from metricscape.ui.export.formats import export_summary

    def text(tree, options):
        return "".join(f"* {m.name}\n" for m in tree.metrics)

    def write(tree, path, options):
        path.write_text(text(tree, options), encoding="utf-8")

    register(ExportFormat(".toy", "Toy name list", write, preview=Preview.TEXT, text=text, rank=99))
    try:
        out = tmp_path / "names.toy"
        dialog = make_dialog(qtbot, out)
        filters: list[str] = []
        with qtbot.waitSignal(dialog.preview_updated):
            dialog.format.setCurrentIndex(dialog.format.findData(".toy"))
        assert dialog.format.currentText() == "Toy name list (.toy)"
        assert dialog.preview_text.toPlainText().startswith("* Weekly listening hours")
        dialog.ask_path = lambda fmt: filters.append(dialog.save_filter()) or str(out)
        with qtbot.waitSignal(dialog.exported):
            qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert filters == ["Toy name list (*.toy)"] and out.read_text(encoding="utf-8").startswith("* Weekly")
        assert "Toy name list" in export_summary()  # the File ▸ Export… tooltip
    finally:
        unregister(".toy")


def test_a_typed_extension_chooses_the_format_and_the_dialog_says_so(qtbot, tmp_path):
    out = tmp_path / "slide.png"
    dialog = make_dialog(qtbot, out)
    dialog.format.setCurrentIndex(dialog.format.findData(".pptx"))
    with qtbot.waitSignal(dialog.exported) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(out)]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and not (tmp_path / "slide.png.pptx").exists()
    assert dialog.selected_format() == ".png"
    assert "ends in .png" in dialog.status.text() and "Saved slide.png" in dialog.status.text()


def test_a_name_without_a_known_extension_gets_the_chosen_format(qtbot, tmp_path):
    dialog = make_dialog(qtbot, tmp_path / "plan.v2")
    dialog.format.setCurrentIndex(dialog.format.findData(".svg"))
    with qtbot.waitSignal(dialog.exported) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(tmp_path / "plan.v2.svg")]
    assert (tmp_path / "plan.v2.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_the_save_dialog_starts_in_the_folder_last_used(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from metricscape.ui import settings
    settings.remember_folder(tmp_path / "earlier.png")
    (tmp_path / "out").mkdir()
    dialog = make_dialog(qtbot)
    seen = {}

    def fake(parent, caption, start, filters):
        seen["start"] = start
        return str(tmp_path / "out" / "x.png"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    assert dialog.ask_path(".png") == str(tmp_path / "out" / "x.png")
    assert seen["start"] == str(tmp_path.resolve() / "tree.png")
    assert settings.last_folder() == str((tmp_path / "out").resolve())
