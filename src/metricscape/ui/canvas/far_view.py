"""Zoomed far out, thousands of cards are drawn as a few cached paths instead of item by item.

Below the detail threshold a card is a coloured box and a link a hairline: painting 10,000 such
items one Python ``paint`` call at a time costs ~100 ms; filling one path per kind costs a few.
The items stay in the scene (still clickable and draggable) but stop painting themselves
(``ItemHasNoContents``); the selected cards and their links keep painting live, so a drag
does not rebuild the cache.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from metricscape.model import LinkKind, MetricKind

from . import style
from .link_item import LinkItem
from .metric_item import MetricItem

NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents


@dataclass
class FarPaths:
    cards: dict[MetricKind, QPainterPath] = field(default_factory=dict)
    strips: dict[MetricKind, QPainterPath] = field(default_factory=dict)
    links: dict[LinkKind, QPainterPath] = field(default_factory=dict)


def build_paths(cards: Iterable[MetricItem], links: Iterable[LinkItem]) -> FarPaths:
    paths = FarPaths()
    for card in cards:
        if not card.isVisible():
            continue
        rect = card.scene_card_rect()
        kind = card.metric.kind
        paths.cards.setdefault(kind, QPainterPath()).addRect(rect)
        paths.strips.setdefault(kind, QPainterPath()).addRect(
            QRectF(rect.left(), rect.top(), style.STRIP * 3, rect.height()))
    for link in links:
        if not link.isVisible():
            continue
        path = paths.links.setdefault(link.link.kind, QPainterPath())
        path.moveTo(link.path_start())
        path.lineTo(link.path_end())
    return paths


def paint_paths(painter: QPainter, paths: FarPaths, pal: style.CanvasPalette) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    for link_kind, path in paths.links.items():
        painter.strokePath(path, QPen(pal.links[link_kind], 0))
    for kind, path in paths.cards.items():
        painter.fillPath(path, pal.kind_fill[kind] if kind is MetricKind.NORTH_STAR else pal.card)
        painter.strokePath(path, QPen(pal.card_border, 0))
    for kind, path in paths.strips.items():
        painter.fillPath(path, pal.kind_strip[kind])


class FarView:
    """The far-out rendering state of one scene."""

    def __init__(self) -> None:
        self.active = False
        self._paths: FarPaths | None = None
        self._live: set[QGraphicsItem] = set()

    def invalidate(self) -> None:
        self._paths = None

    def set_active(self, active: bool, cards: list[MetricItem], links: list[LinkItem], live: set[QGraphicsItem]) -> None:
        self.active = active
        self._live = live if active else set()
        for item in (*cards, *links):
            item.setFlag(NO_CONTENTS, active and item not in self._live)
        self.invalidate()

    def set_live(self, live: set[QGraphicsItem]) -> None:
        """Selected cards and their links paint themselves (they may be dragged); the rest is cached."""
        if not self.active or live == self._live:
            return
        for item in self._live - live:
            item.setFlag(NO_CONTENTS, True)
        for item in live - self._live:
            item.setFlag(NO_CONTENTS, False)
        self._live = live
        self.invalidate()

    def adopt(self, item: QGraphicsItem) -> None:
        """A card or link added while far out."""
        if self.active:
            item.setFlag(NO_CONTENTS, True)
            self.invalidate()

    def is_live(self, item: QGraphicsItem) -> bool:
        return item in self._live

    def paint(self, painter: QPainter, cards: list[MetricItem], links: list[LinkItem],
              pal: style.CanvasPalette) -> None:
        if self._paths is None:
            self._paths = build_paths((c for c in cards if c not in self._live),
                                      (link for link in links if link not in self._live))
        paint_paths(painter, self._paths, pal)
