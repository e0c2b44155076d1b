"""What the bundle leaves out and what it must contain; shared by the spec, build.py and tests."""

from __future__ import annotations

import re

# Qt modules the app never imports. PyInstaller's hooks only collect what is imported,
# so this is a guard against a stray import (or a library's optional one) pulling in
# a few hundred MB (QtWebEngine alone is ~200 MB). tests/packaging checks that nothing
# in src/ imports one of these.
EXCLUDED_QT_MODULES = [
    "PySide6." + name for name in (
        "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
        "QtBluetooth", "QtCanvasPainter", "QtConcurrent", "QtDataVisualization",
        "QtDesigner", "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation",
        "QtMultimedia", "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc",
        "QtPdf", "QtPdfWidgets", "QtPositioning", "QtQml", "QtQuick",
        "QtQuick3D", "QtQuickControls2", "QtQuickTest", "QtQuickWidgets", "QtRemoteObjects",
        "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql",
        "QtStateMachine", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
        "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets",
        "QtWebView", "QtXml",
    )
]

# Development tools and heavy libraries that are installed in the venv but not used by
# the app (SALib and matplotlib are test oracles only). pandas stays: statsmodels needs it
# (the evidence statistics); pyarrow, which pandas only uses when present, does not.
EXCLUDED_OTHER_MODULES = [
    "tkinter", "_tkinter", "matplotlib", "pyarrow", "SALib", "IPython", "pytest", "_pytest",
    "pytestqt", "hypothesis", "importlinter", "grimp", "PyInstaller", "pypdf",
    # Optional parts of libraries we do use: python-pptx needs lxml.etree and Pillow's
    # PNG/JPEG support, not lxml.objectify nor Pillow's AVIF/WebP codecs (~9 MB);
    # Pillow skips image plugins that fail to import.
    "lxml.objectify", "PIL.AvifImagePlugin", "PIL._avif", "PIL.WebPImagePlugin", "PIL._webp",
    "PIL.ImageTk", "PIL._imagingtk",
]

EXCLUDED_MODULES = EXCLUDED_QT_MODULES + EXCLUDED_OTHER_MODULES

# Data the app loads at run time, relative to the bundled ``metricscape`` package.
REQUIRED_DATA = (
    "resources/examples",
    "resources/fonts/Inter-Regular.ttf",
    "resources/fonts/Inter-LICENSE.txt",
    "resources/icons/metricscape.svg",
    "io/schema",
)
# The same for other packages' data files (relative to the bundle's package folders).
REQUIRED_LIBRARY_DATA = (
    "pptx/templates/default.pptx",  # python-pptx starts every deck from it
)

# Files PyInstaller's Qt hooks collect that this app has no use for, matched against the
# file's name in the bundle (lower case, any platform's spelling: libQt6Quick.so.6 on
# Linux, Qt6Quick.dll on Windows). Dropping them saves about 40 MB.
DROPPED_QT_FILE_PATTERNS = (
    # The on-screen keyboard input plugin (for touch kiosks) drags in QtQuick and QML.
    r"qtvirtualkeyboardplugin", r"qt6virtualkeyboard", r"qt6quick", r"qt6qml",
    # The image plugin that reads PDFs drags in QtPdf; we write PDFs, never read them.
    r"/imageformats/(lib)?qpdf\.", r"qt6pdf",
    # Embedded-device screen back ends (no window system); desktops use xcb or wayland.
    r"/egldeviceintegrations/", r"/platforms/libq(eglfs|linuxfb|vnc|vkkhrdisplay|minimalegl)\.",
    r"qt6eglfs",
    # TUIO touch input over the network (touch tables); it needs QtNetwork.
    r"qtuiotouchplugin",
    # Qt's own translations: the app is English only and installs no QTranslator.
    r"/translations/",
    # QtNetwork's plugins (the module itself is excluded above).
    r"/tls/", r"/networkinformation/", r"qt6network",
)


def is_dropped(dest: str) -> bool:
    """Whether the bundled file at ``dest`` (a path inside the bundle) is left out."""
    name = "/" + dest.replace("\\", "/").lower()
    return any(re.search(pattern, name) for pattern in DROPPED_QT_FILE_PATTERNS)
