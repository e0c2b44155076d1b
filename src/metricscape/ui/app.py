"""``run(argv)``: start the desktop app, or render a screenshot of a model and exit.

    metricscape [FILE...] [--screenshot OUT.png] [--size WxH] [--theme light|dark] [--select METRIC_ID]
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from metricscape import io
from metricscape.terminal import terminal_safe

from . import dock_sizes, first_paint, responsive, settings, theme
from .autosave import Autosaver
from .canvas import style
from .clipboard import release_clipboard
from .main_window import MainWindow

UI_POINT_SIZE = 10
ANALYSES_WAIT_S = 60  # a screenshot waits this long at most for the levers and the outlook  # Inter at 10 pt reads like the platforms' own 9-10 pt UI fonts


def new_window(autosaver: Autosaver | None, theme_name: str = "light", remember_files: bool = True) -> MainWindow:
    """The main window (the only module that builds it; others see it as a ``shell.Shell``)."""
    return MainWindow(autosaver, theme_name=theme_name, remember_files=remember_files)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"‘{text}’ is not a size: write it as WIDTHxHEIGHT, e.g. 1600x1000") from None
    if not (200 <= w <= 8000 and 200 <= h <= 8000):
        raise argparse.ArgumentTypeError("the size must be between 200 and 8000 pixels each way")
    return w, h


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="metricscape", description="Open the Metricscape app.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="model files to open")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="render the window with the model to a PNG and exit, once the north star's "
                        f"analyses have finished (at most {ANALYSES_WAIT_S} s)")
    parser.add_argument("--size", type=_size, default=(1600, 1000), metavar="WxH", help="window size (1600x1000)")
    parser.add_argument("--theme", choices=theme.THEMES, help="override the theme preference")
    parser.add_argument("--why", nargs="?", const="previous", metavar="COMPARISON",
                        choices=["previous", "previous_range", "year_ago", "year_ago_range"],
                        help="open the “Why it moved” view, comparing the last period with the one before "
                        "(or: previous_range, year_ago, year_ago_range)")
    parser.add_argument("--select", metavar="METRIC_ID",
                        help="select this metric, so the inspector and the analyses show it (e.g. in a screenshot); "
                             "SOURCE->TARGET selects a link")
    return parser.parse_args(argv)


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, created once, with the names QSettings and the state folder use."""
    QCoreApplication.setOrganizationName("Metricscape")
    QCoreApplication.setApplicationName("Metricscape")
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationDisplayName("Metricscape")
    # The bundled Inter for the whole UI, so panels and canvas cards share one typeface on every machine
    app.setFont(QFont(style.font_family(), UI_POINT_SIZE))
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """The app's icon from the bundled SVG (importlib.resources: same in a frozen build)."""
    data = (files("metricscape") / "resources" / "icons" / "metricscape.svg").read_bytes()
    pixmap = QPixmap()
    pixmap.loadFromData(data, "SVG")
    return QIcon(pixmap)


def run(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return screenshot(args)
    app = application()
    responsive.install(app)
    app.aboutToQuit.connect(release_clipboard)
    resolved = theme.apply(app, args.theme or settings.theme_choice())
    first_paint.hold_analyses()  # the models' analyses start once the window is on screen
    window = MainWindow(Autosaver(), theme_name=resolved)
    restored = window.restore_layout()
    window.show()
    window.offer_recovery()
    for path in args.files:  # before the first paint: the window appears with its models, not the welcome page
        window.open_path(path)
    if not restored:
        app.processEvents()  # docks only take sizes once laid out
        lay_out_docks(window, show_analyses=False)  # a first run opens on the canvas
    if args.why:
        window.why.show(args.why)
    if args.select and not window.select_metric(args.select):
        window.statusBar().showMessage(f"There is no metric with the id ‘{args.select}’ in this model", 10_000)
    first_paint.release_after_paint(window)
    return app.exec()




def lay_out_docks(window: MainWindow, show_analyses: bool = True) -> None:
    """First-run dock sizes: the canvas first, the side panels narrow (see ``dock_sizes``)."""
    whatif = window.whatif
    dock_sizes.apply_first_run(window, whatif.panel_dock, window.inspector_dock, whatif.analyses_dock,
                               show_analyses=show_analyses)


class ScreenshotError(Exception):
    """Why a screenshot could not be made, in words for the command line."""


def screenshot_window(args: argparse.Namespace) -> MainWindow:
    """The main window with the models open, laid out, the metric selected and the analyses finished."""
    app = application()
    resolved = theme.apply(app, args.theme or "light")
    window = MainWindow(autosaver=None, theme_name=resolved, remember_files=False)
    width, height = args.size
    window.resize(width, height)
    for path in args.files:
        try:  # no one is there to click a dialog away: report on stderr instead
            io.load(path)
        except (io.LoadError, OSError) as exc:
            _discard(window)
            raise ScreenshotError(f"Could not open {path}: {exc}") from None
        window.open_path(path)
    window.show()
    app.processEvents()
    lay_out_docks(window)
    app.processEvents()
    if args.select and "->" in args.select:  # a link: its evidence in the inspector
        source, _, target = args.select.partition("->")
        window.evidence.wait_until_settled(ANALYSES_WAIT_S * 1000)
        if not window.evidence.select_link(source.strip(), target.strip()):
            _discard(window)
            raise ScreenshotError(f"--select: there is no link ‘{args.select}’ in this model")
    elif args.select and not window.select_metric(args.select):
        session = window.current_session
        known = ", ".join(m.id for m in session.doc.metrics()) if session is not None else ""
        _discard(window)
        raise ScreenshotError(f"--select: there is no metric with the id ‘{args.select}’"
                              + (f". The ids in this model are: {known}" if known else " (no model is open)"))
    if args.why:
        window.why.show(args.why)
        app.processEvents()
    window.evidence.wait_until_settled(ANALYSES_WAIT_S * 1000)
    if not window.whatif.wait_until_settled(ANALYSES_WAIT_S * 1000):
        print(f"The analyses were still running after {ANALYSES_WAIT_S} s: the screenshot shows them unfinished",
              file=sys.stderr)
    tab = window.current_tab
    if tab is not None:
        tab.view.open_readable()
        tab.overview.refit()
    app.processEvents()
    return window


def screenshot(args: argparse.Namespace) -> int:
    """Render the main window with the given models offscreen into a PNG (docs, tests, bug reports)."""
    try:
        window = screenshot_window(args)
    except ScreenshotError as exc:
        print(terminal_safe(str(exc)), file=sys.stderr)  # it may quote the file: names, ids
        return 1
    image = window.grab()
    out = Path(args.screenshot)
    out.parent.mkdir(parents=True, exist_ok=True)
    saved = image.save(str(out), "PNG")
    _discard(window)
    if not saved:
        print(f"Could not write the screenshot to {out}", file=sys.stderr)
        return 1
    return 0


def _discard(window: MainWindow) -> None:
    """Close without asking: nothing was edited by a person."""
    window.setWindowModified(False)
    for session in window.sessions:
        session.undo_stack.setClean()
    window.close()
