"""``metricscape --self-test``: prove that this installation can do its job, then exit 0 or 1.

Built for the frozen app, where a missing plugin, font or data file only shows at run time:
open a bundled example offscreen, render it, export PNG/SVG/PDF/PowerPoint to a temporary
folder, check that text really was drawn (a missing font draws nothing and raises nothing)
and that every file reads back. Each check prints one line; a failed check says what broke.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import tempfile
import time
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import as_file, files
from pathlib import Path
from typing import TextIO

from metricscape import __version__

PREFERRED_EXAMPLE = "music-streaming.json"
BUNDLED_FONT = "Inter"
DARK = 110                 # a pixel darker than this (0-255 luminance) counts as ink
MIN_INK_FRACTION = 0.002   # of the title band: a title is a few thousand dark pixels at 2x


class CheckFailed(Exception):
    """A check found something wrong; the message says what, in plain words."""


@dataclass
class Outcome:
    name: str
    passed: bool
    detail: str


@dataclass
class SelfTest:
    """The checks share what earlier ones produced (the tree, the picture, the files)."""

    folder: Path
    out: TextIO | None
    outcomes: list[Outcome] = field(default_factory=list)
    state: dict[str, object] = field(default_factory=dict)

    def check(self, name: str, step: Callable[[SelfTest], str], *, needs: tuple[str, ...] = ()) -> None:
        missing = [n for n in needs if n not in self.state]
        if missing:
            self._record(Outcome(name, False, "not run: an earlier check failed"))
            return
        started = time.perf_counter()
        # Errors inside Qt callbacks (slots, paint events) never reach the step: PySide6
        # hands them to sys.excepthook. Collect them, so they fail the check too.
        callback_errors: list[BaseException] = []
        previous_hook = sys.excepthook
        sys.excepthook = lambda _type, exc, _tb: callback_errors.append(exc)
        try:
            detail = step(self)
        except CheckFailed as exc:
            self._record(Outcome(name, False, str(exc)))
        except Exception as exc:  # noqa: BLE001 - a bug or a broken bundle: report it, check the rest
            self._record(Outcome(name, False, describe(exc)))
        else:
            if callback_errors:
                self._record(Outcome(name, False, f"an error inside Qt: {describe(callback_errors[0])}"))
            else:
                self._record(Outcome(name, True, f"{detail} ({time.perf_counter() - started:.1f} s)"))
        finally:
            sys.excepthook = previous_hook

    @property
    def passed(self) -> bool:
        return bool(self.outcomes) and all(o.passed for o in self.outcomes)

    def _record(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        _say(self.out, f"  {'ok  ' if outcome.passed else 'FAIL'}  {outcome.name}: {outcome.detail}")


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``--self-test``: runs offscreen whatever the desktop is."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from .app import application

    application()  # made as the app makes it: names, high-DPI policy, the bundled font
    with tempfile.TemporaryDirectory(prefix="metricscape-self-test-") as folder:
        result = run_self_test(Path(folder), sys.stdout)
    return 0 if result.passed else 1


def describe(exc: BaseException) -> str:
    """``Type: message (file.py:line)``: enough to find the bug, short enough for one line."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def run_self_test(folder: Path, out: TextIO | None = None) -> SelfTest:
    """Run every check, writing files into ``folder``; needs a QApplication."""
    from PySide6.QtCore import qVersion

    frozen = "frozen" if getattr(sys, "frozen", False) else "not frozen"
    _say(out, f"Metricscape {__version__} self-test (Qt {qVersion()}, Python "
              f"{platform.python_version()}, {platform.system()}, {frozen})")
    test = SelfTest(folder, out)
    test.check("bundled example", _open_example)
    test.check("bundled font", _font_loaded)
    test.check("main window", _whole_window, needs=("tree",))
    test.check("render", _render, needs=("tree",))
    test.check("title text drawn", _title_has_ink, needs=("image", "diagram"))
    test.check("PNG export", _export_png, needs=("picture",))
    test.check("SVG export", _export_svg, needs=("picture", "diagram"))
    test.check("PDF export", _export_pdf, needs=("picture",))
    test.check("PowerPoint export", _export_pptx, needs=("tree", "diagram"))
    test.check("Monte Carlo (turned Sobol' points, precision mode)", _monte_carlo, needs=("tree",))
    test.check("actuals import (DuckDB)", _import_actuals, needs=("tree",))
    test.check("evidence statistics", _evidence, needs=("tree",))
    test.check("why it moved", _why_it_moved, needs=("tree",))
    failed = sum(not o.passed for o in test.outcomes)
    _say(out, "Self-test passed." if test.passed else f"Self-test FAILED: {failed} check(s) failed.")
    return test


def example_files() -> list:
    """The bundled example models (importlib.resources: the same code works frozen)."""
    folder = files("metricscape") / "resources" / "examples"
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".json")),
                  key=lambda f: (f.name != PREFERRED_EXAMPLE, f.name))


# --- the checks: each returns a one-line detail or raises CheckFailed -----------------------

def _open_example(test: SelfTest) -> str:
    from metricscape.io import load

    examples = example_files()
    if not examples:
        raise CheckFailed("no example models found in the bundle (resources/examples)")
    with as_file(examples[0]) as path:  # a real file even if the bundle were zipped
        tree = load(path).tree
    if not tree.metrics:
        raise CheckFailed(f"{examples[0].name} has no metrics")
    test.state.update(tree=tree, example=examples[0])
    return f"{examples[0].name}: {len(tree.metrics)} metrics, {len(tree.links)} links"


def _monte_carlo(test: SelfTest) -> str:
    """scipy.stats.qmc reads data files at run time (its Sobol' direction numbers), and each replicate
    sets its own digital shift on scipy's engine (sim/sampling.py): run what the app's outlook runs."""
    from metricscape.sim import Engine

    result = Engine(test.state["tree"]).monte_carlo(precision=0.005, seed=1)  # type: ignore[arg-type]  # set by the first check
    if not 0 < result.precision <= 0.005:
        raise CheckFailed(f"precision mode reached ±{result.precision:.2%}, not the ±0.5 % asked")
    return f"±0.5 % in {result.samples:,} samples"


def _import_actuals(test: SelfTest) -> str:
    """The example's own data file, read back through the embedded DuckDB."""
    from metricscape.sim.data import import_actuals

    example = test.state["example"]
    data = files("metricscape") / "resources" / "examples" / "data" / example.name.replace(".json", ".csv")  # type: ignore[attr-defined]
    with as_file(data) as data_path, as_file(example) as model_path:  # type: ignore[arg-type]
        result = import_actuals(test.state["tree"], data_path, model_path)  # type: ignore[arg-type]
    if not result.series:
        raise CheckFailed(f"{data_path.name} gave no series")
    return f"{result.rows:,} rows, {len(result.series)} series"


def _evidence(test: SelfTest) -> str:
    """statsmodels (regressions, HAC) and ruptures load modules by name: frozen they must be there."""
    from metricscape.model.rules import check
    from metricscape.sim.evidence.facts import data_facts
    from metricscape.sim.evidence.summary import summarise

    tree = test.state["tree"]
    summary = summarise(tree)  # type: ignore[arg-type]
    check(tree, facts=data_facts(tree))  # type: ignore[arg-type]  # the noise rule runs ruptures
    return f"{len(summary.links)} links, {len(summary.ledgers)} ledger proxies tested"


def _why_it_moved(test: SelfTest) -> str:
    from metricscape.model.periods import shift
    from metricscape.sim.explain import explain

    tree = test.state["tree"]
    star = tree.north_star  # type: ignore[attr-defined]
    series = tree.actuals.find(star.id) if star is not None else None  # type: ignore[attr-defined]
    if series is None or len(series.values) < 2:
        raise CheckFailed("the example has no actuals for its north star")
    last = series.periods()[-1]
    result = explain(tree, shift(last, series.grain, -1), last)  # type: ignore[arg-type]
    return f"{len(result.contributions)} drivers explain {result.period_from} → {result.period_to}"


def _font_loaded(test: SelfTest) -> str:
    from metricscape.ui.canvas import style

    family = style.font_family()
    if family != BUNDLED_FONT:
        raise CheckFailed(f"the bundled {BUNDLED_FONT} font did not load (using '{family}'); "
                          "check resources/fonts in the bundle")
    return f"{family} loaded"


def _whole_window(test: SelfTest) -> str:
    """The real window with the example in a tab, painted offscreen: every panel must build."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from metricscape.io import load

    from .app import new_window
    from .controller import laid_out
    from .session import DocumentSession

    window = new_window(autosaver=None)
    try:
        window.resize(1280, 800)
        with as_file(test.state["example"]) as path:  # type: ignore[arg-type]  # the check this one depends on put it there
            loaded = load(path)
            # Not open_path: a self-test must not put a temporary file in the user's recent list.
            window.add_session(DocumentSession(laid_out(loaded.tree), loaded.path, loaded.fingerprint))
        window.show()
        QApplication.processEvents()
        if window.current_tab is None:
            raise CheckFailed("the example did not open in a tab")
        window.current_tab.view.fit_to_view()
        QApplication.processEvents()
        image = window.grab().toImage()
    finally:
        for session in window.sessions:
            session.undo_stack.setClean()  # nothing to save: close without asking
        window.close()
        window.deleteLater()
        # Delete it now, inside the check, so errors while tearing down count here too.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
    fraction = ink_fraction(image, 0, 0, image.width(), image.height())
    if fraction < MIN_INK_FRACTION:
        raise CheckFailed(f"the window is blank ({fraction:.3%} dark pixels)")
    return f"{image.width()} x {image.height()}, {fraction:.1%} ink"


def _render(test: SelfTest) -> str:
    from metricscape.ui.export import render

    picture = render.picture(test.state["tree"])  # type: ignore[arg-type]  # the check this one depends on put it there
    image = render.image(picture)
    if image.isNull() or image.width() < 10 or image.height() < 10:
        raise CheckFailed("the rendered picture is empty")
    test.state.update(picture=picture, diagram=picture.diagram, image=image)
    return f"{image.width()} x {image.height()} pixels"


def _title_has_ink(test: SelfTest) -> str:
    from PySide6.QtGui import QImage

    from metricscape.export.diagram import Diagram

    image, diagram = test.state["image"], test.state["diagram"]
    assert isinstance(image, QImage) and isinstance(diagram, Diagram)  # put there by the render check
    scale = image.width() / diagram.width
    band_height = min(card.y for card in diagram.cards) * scale
    if band_height < 4:
        raise CheckFailed("the picture has no title area above the cards")
    fraction = ink_fraction(image, 0, 0, image.width(), int(band_height))
    if fraction < MIN_INK_FRACTION:
        raise CheckFailed(f"the title area is blank ({fraction:.3%} dark pixels): text did not render")
    return f"{fraction:.1%} of the title area is ink"


def ink_fraction(image, left: int, top: int, width: int, height: int) -> float:
    """Share of dark pixels in a rectangle of a QImage (read as 8-bit grey)."""
    import numpy as np
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage

    grey = image.copy(QRect(left, top, width, height)).convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), dtype=np.uint8, count=grey.bytesPerLine() * grey.height())
    pixels = rows.reshape(grey.height(), grey.bytesPerLine())[:, : grey.width()]
    return float((pixels < DARK).mean()) if pixels.size else 0.0


def _export_png(test: SelfTest) -> str:
    from PySide6.QtGui import QImage

    from metricscape.ui.export import render

    path = test.folder / "tree.png"
    render.write_png(test.state["picture"], path)  # type: ignore[arg-type]  # the check this one depends on put it there
    image = QImage(str(path))
    if image.isNull():
        raise CheckFailed(f"{path.name} does not load back as an image")
    return f"{image.width()} x {image.height()}, {_size(path)}"


def _export_svg(test: SelfTest) -> str:
    from metricscape.ui.export import render

    path = test.folder / "tree.svg"
    render.write_svg(test.state["picture"], path)  # type: ignore[arg-type]  # the check this one depends on put it there
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise CheckFailed(f"{path.name} is not valid SVG/XML: {exc}") from None
    names = [card.name for card in test.state["diagram"].cards]  # type: ignore[attr-defined]  # the check this one depends on put it there
    missing = names_missing(names, " ".join(root.itertext()))
    if missing:
        raise CheckFailed(f"{path.name} lacks {len(missing)} of {len(names)} metric names, "
                          f"e.g. '{missing[0]}'")
    return f"all {len(names)} metric names found, {_size(path)}"


def names_missing(names: list[str], text: str) -> list[str]:
    """The names whose first word is not in ``text``.

    Cards wrap and shorten long names ("New listeners active in wee…"), so a whole name
    need not appear; its first word must, or the name was not drawn as text at all.
    """
    words = {word.rstrip("…") for word in text.split()}
    return [name for name in names if name.split() and name.split()[0] not in words]


PDF_PAGE = re.compile(rb"/Type\s*/Page(?![s\w])")


def _export_pdf(test: SelfTest) -> str:
    from metricscape.ui.export import render

    path = test.folder / "tree.pdf"
    render.write_pdf(test.state["picture"], path)  # type: ignore[arg-type]  # the check this one depends on put it there
    data = path.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise CheckFailed(f"{path.name} does not start like a PDF file")
    pages = len(PDF_PAGE.findall(data))
    if pages < 1:
        raise CheckFailed(f"{path.name} has no pages")
    if b"/Font" not in data:
        raise CheckFailed(f"{path.name} has no fonts: its text did not render")
    return f"{pages} page(s), {_size(path)}"


def _export_pptx(test: SelfTest) -> str:
    from pptx import Presentation

    from metricscape.export.pptx import to_pptx

    path = test.folder / "tree.pptx"
    to_pptx(test.state["tree"], path)  # type: ignore[arg-type]  # the check this one depends on put it there
    deck = Presentation(str(path))
    slides = list(deck.slides)
    if not slides:
        raise CheckFailed(f"{path.name} has no slides")
    text = " ".join(shape.text_frame.text for slide in slides for shape in slide.shapes
                    if shape.has_text_frame)
    names = [card.name for card in test.state["diagram"].cards]  # type: ignore[attr-defined]  # the check this one depends on put it there
    missing = names_missing(names, text)
    if missing:
        raise CheckFailed(f"{path.name} lacks {len(missing)} of {len(names)} metric names, e.g. '{missing[0]}'")
    return f"{len(slides)} slide(s), {_size(path)}"


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1024:.0f} KB"


def _say(out: TextIO | None, line: str) -> None:
    if out is not None:
        print(line, file=out, flush=True)
