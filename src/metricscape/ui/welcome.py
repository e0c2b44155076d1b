"""The welcome view: start a new model, open one, or explore a bundled example.

Examples are cards with a thumbnail of their tree and one line on what they show. Thumbnails are
drawn after the view first appears (loading four models would otherwise delay the first window).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from metricscape import io
from metricscape.model import MetricTree
from metricscape.model.layout import card_size

from .canvas import style
from .widgets.colors import is_dark, muted_color

EXAMPLE_TITLES = {
    "music-streaming": "Music streaming — weekly listening hours",
    "marketplace": "Marketplace — nights booked",
    "b2b-collaboration": "B2B collaboration — active projects per team",
    "learning-app": "Learning app — subscription learning",
}
EXAMPLE_LINES = {
    "music-streaming": "Reach × frequency × depth of listening, with guardrails that keep hours honest.",
    "marketplace": "Demand, supply and completed stays in a two-sided lodging marketplace.",
    "b2b-collaboration": "Projects teams keep working on, with onboarding and collaboration proxies.",
    "learning-app": "Learners practising three days a week, subscribers and free learners.",
}
THUMBNAIL = QSize(216, 120)
CARD_WIDTH = THUMBNAIL.width() + 20
CARD_SPACING = 12


def example_paths() -> list[Path]:
    """The bundled example models, in a stable order."""
    folder = files("metricscape") / "resources" / "examples"
    if not folder.is_dir():
        return []
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".json"))


def example_title(path: Path) -> str:
    return EXAMPLE_TITLES.get(path.stem, path.stem.replace("-", " ").capitalize())


def thumbnail(tree: MetricTree, palette: style.CanvasPalette, size: QSize = THUMBNAIL) -> QPixmap:
    """The tree's cards as coloured boxes and its links as lines, fitted into ``size``."""
    pixmap = QPixmap(size)
    pixmap.fill(palette.background)
    rects = {m.id: QRectF(m.position.x, m.position.y, *card_size(m.kind)) for m in tree.metrics}
    if not rects:
        return pixmap
    bounds = QRectF()
    for rect in rects.values():
        bounds = bounds.united(rect)
    margin = 8
    scale = min((size.width() - 2 * margin) / bounds.width(), (size.height() - 2 * margin) / bounds.height())
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate((size.width() - bounds.width() * scale) / 2, (size.height() - bounds.height() * scale) / 2)
    painter.scale(scale, scale)
    painter.translate(-bounds.topLeft())
    for link in tree.links:
        painter.setPen(palette.links[link.kind])
        painter.drawLine(rects[link.source].center(), rects[link.target].center())
    kinds = {m.id: m.kind for m in tree.metrics}
    for metric_id, rect in rects.items():
        colour = QColor(palette.kind_strip[kinds[metric_id]])
        painter.setPen(colour)
        colour.setAlpha(150)  # the pale card fills vanish at this size: tint with the kind's colour
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 12, 12)
    painter.end()
    return pixmap


class SecondClickGuard(QObject):
    """Eats the second half of a double-click for a moment after a click opened a model.

    A click on the welcome view replaces it with the canvas at once, so the second click of a
    double-click lands on the canvas as a double-click there, which adds a metric. For one
    double-click interval, an application-wide filter swallows that event."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)  # deleted with its view: Qt then drops it from the app's event filters
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.disarm)
        self._armed = False

    def arm(self) -> None:
        app = QApplication.instance()
        if app is None:
            return
        if not self._armed:
            app.installEventFilter(self)
            self._armed = True
        self._timer.start(QApplication.doubleClickInterval())

    def disarm(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if self._armed and app is not None:
            app.removeEventFilter(self)
        self._armed = False

    @property
    def armed(self) -> bool:
        return self._armed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonDblClick:
            self.disarm()
            return True
        return False


class ExampleCard(QPushButton):
    """One example: thumbnail, title and one line. A button, so Tab, Enter and Space work."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setObjectName("exampleCard")
        self.setToolTip(f"Open the example “{example_title(path)}”")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.picture = QLabel()
        self.picture.setFixedSize(THUMBNAIL)
        title = QLabel(f"<b>{example_title(path)}</b>")
        title.setWordWrap(True)
        line = QLabel(EXAMPLE_LINES.get(path.stem, ""))
        line.setWordWrap(True)
        line.setStyleSheet(f"color: {muted_color(self.palette()).name()};")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 10, 10, 10)
        for widget in (self.picture, title, line):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            column.addWidget(widget)
        column.addStretch()
        self.setFixedSize(CARD_WIDTH, 250)

    def show_thumbnail(self) -> None:
        pal = style.DARK if is_dark(self.palette()) else style.DOCUMENT
        try:
            tree = io.load(self.path).tree
        except (io.LoadError, OSError):
            return  # the card still opens the file, which explains what is wrong
        self.picture.setPixmap(thumbnail(tree, pal))


class WelcomeView(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    path_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Metricscape")
        title.setStyleSheet("font-size: 28px; font-weight: 600;")
        subtitle = QLabel("Draw your north star metric and the inputs that drive it, "
                          "document why each link holds, and ask what-if.")
        subtitle.setWordWrap(True)
        new_button = QPushButton("New model")
        new_button.setToolTip("Start an empty model (Ctrl+N)")
        new_button.setDefault(True)
        new_button.clicked.connect(self.new_requested)
        open_button = QPushButton("Open…")
        open_button.setToolTip("Open a model file (Ctrl+O)")
        open_button.clicked.connect(self.open_requested)
        self.import_button = QPushButton("Import actuals…")
        self.import_button.setToolTip("Bring in measured values from a spreadsheet or CSV")
        self.import_button.hide()  # shown once actuals can be imported: see set_import_actuals
        self.import_button.clicked.connect(self._import_actuals)
        self._import_start: Callable[[], None] | None = None
        self.buttons = QHBoxLayout()
        for button in (new_button, open_button, self.import_button):
            self.buttons.addWidget(button)
        self.buttons.addStretch()
        self.second_click = SecondClickGuard(self)
        self.cards = [ExampleCard(path) for path in example_paths()]
        self.grid = QGridLayout()
        self.grid.setSpacing(CARD_SPACING)
        for card in self.cards:
            card.clicked.connect(lambda _checked=False, p=card.path: self._choose(str(p)))
        self._columns = 0
        self._reflow(len(self.cards))
        self.recent = QListWidget()
        self.recent.setMaximumHeight(180)
        self.recent.itemActivated.connect(self._open_item)
        self.recent.itemClicked.connect(self._open_item)
        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(subtitle)
        column.addSpacing(12)
        column.addLayout(self.buttons)
        column.addSpacing(20)
        column.addWidget(QLabel("<b>Start from an example</b> — a finished tree to explore and change"))
        column.addLayout(self.grid)
        column.addSpacing(16)
        column.addWidget(QLabel("<b>Recent files</b>"))
        column.addWidget(self.recent)
        column.addStretch()
        inner = QWidget()
        inner.setLayout(column)
        inner.setMaximumWidth(4 * (CARD_WIDTH + CARD_SPACING) + 24)
        page = QWidget()
        centred = QHBoxLayout(page)
        centred.addStretch()
        centred.addWidget(inner, 1)
        centred.addStretch()
        # In a scroll area: the welcome view must never set a minimum size that squeezes the docks
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.page_scroll)
        self._thumbnails_drawn = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._thumbnails_drawn:
            QTimer.singleShot(0, self.show_thumbnails)  # once the page is on screen

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.page_scroll.viewport().width() - 40
        self._reflow(max(1, min(len(self.cards), room // (CARD_WIDTH + CARD_SPACING))))

    def _reflow(self, columns: int) -> None:
        """As many example cards per row as fit (four side by side on a wide window)."""
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)

    def show_thumbnails(self) -> None:
        """Draw the examples (each is loaded: ~0.1 s for four), unless a model replaced the page
        first, as when the app starts with a file: then they are drawn when the page shows again."""
        if self._thumbnails_drawn or not self.isVisible():
            return
        self._thumbnails_drawn = True
        for card in self.cards:
            card.show_thumbnail()

    def set_import_actuals(self, start: Callable[[], None] | None) -> None:
        """Offer "Import actuals…" (for the actuals work to wire up); None hides it."""
        self._import_start = start
        self.import_button.setVisible(start is not None)

    def _import_actuals(self) -> None:
        if self._import_start is not None:
            self._import_start()

    def _open_item(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self._choose(path)

    def _choose(self, path: str) -> None:
        self.second_click.arm()
        self.path_chosen.emit(path)
        # again once the model is open: a second click that came while it was opening is still queued
        self.second_click.arm()

    def set_recent(self, paths: list[str]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{Path(path).name}   —   {Path(path).parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        if not paths:
            item = QListWidgetItem("Files you open appear here")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(item)
