"""PySide6 6.12.0 aborts on Python 3.11 after ~5,000 void calls (none_dealloc); 6.11.3 survives.

Keep this loop in the suite so that unpinning PySide6 is a deliberate decision (see notes.md).
"""

from __future__ import annotations


def test_twenty_thousand_items_with_set_pos_do_not_crash(qapp) -> None:
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

    scene = QGraphicsScene()
    for i in range(20_000):
        item = QGraphicsRectItem(0, 0, 10, 10)
        item.setPos(i % 200 * 12, i // 200 * 12)
        scene.addItem(item)
    assert len(scene.items()) == 20_000
    assert scene.itemsBoundingRect().width() > 2000
