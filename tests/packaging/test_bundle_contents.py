"""What the bundle leaves out must be something the app never uses."""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "metricscape"


def qt_modules_imported_by_the_app():
    found = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module else [])
            found |= {name for name in names if name.startswith("PySide6.")}
    return found


def test_no_excluded_qt_module_is_imported_anywhere_in_the_app(contents_module):
    imported = qt_modules_imported_by_the_app()

    assert {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets"} <= imported  # the scan works
    assert imported.isdisjoint(contents_module.EXCLUDED_QT_MODULES)


def test_the_data_the_bundle_must_contain_exists_in_the_source(contents_module):
    for relative in contents_module.REQUIRED_DATA:
        assert (SRC / relative).exists(), relative


@pytest.mark.parametrize("path", [
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6\\Qt6Quick.dll",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6\\plugins\\imageformats\\qpdf.dll",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
])
def test_unused_qt_files_are_dropped(contents_module, path):
    assert contents_module.is_dropped(path)


@pytest.mark.parametrize("path", [
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6\\Qt6Gui.dll",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6\\plugins\\platforms\\qwindows.dll",
    "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "metricscape/resources/examples/marketplace.json",
])
def test_what_the_app_needs_is_kept(contents_module, path):
    assert not contents_module.is_dropped(path)
