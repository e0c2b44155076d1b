"""Copy and paste of metrics with the links among them, within and between windows.

The clipboard carries JSON under our own MIME type (and the names as plain text for other apps).
Pasting is the planner's (``doc.plan.paste``): it gives every metric a fresh id when its id is
taken, rewrites formulas to the new ids, drops formulas that use metrics that were not copied, and
never adds a second north star.
"""

from __future__ import annotations

import atexit
import json
from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

from metricscape.model import (
    Document,
)

MIME_TYPE = "application/x-metricscape-fragment+json"


def fragment(doc: Document, metric_ids: list[str]) -> dict[str, Any]:
    """The chosen metrics and the links among them, as JSON-ready data."""
    chosen = set(metric_ids)
    metrics = [doc.metric(i).model_dump(mode="json") for i in metric_ids]
    links = [link.model_dump(mode="json") for link in doc.links() if link.source in chosen and link.target in chosen]
    return {"metrics": metrics, "links": links}


def to_mime(data: dict[str, Any]) -> QMimeData:
    mime = QMimeData()
    mime.setData(MIME_TYPE, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    mime.setText("\n".join(m["name"] for m in data["metrics"]))
    return mime


def from_mime(mime: QMimeData | None) -> dict[str, Any] | None:
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        data = json.loads(bytes(mime.data(MIME_TYPE).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("metrics"), list) else None


def copy_to(clipboard: QClipboard, doc: Document, metric_ids: list[str]) -> None:
    global _cleanup_registered
    clipboard.setMimeData(to_mime(fragment(doc, metric_ids)))
    if not _cleanup_registered:
        atexit.register(release_clipboard)
        _cleanup_registered = True


_cleanup_registered = False


def release_clipboard() -> None:
    """Drop our data from the clipboard before Qt shuts down.

    Seen with PySide6 6.11 (offscreen): exiting while the clipboard holds mime data set from
    Python, after it was replaced at least once, ends in a segmentation fault.
    """
    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(MIME_TYPE):
        clipboard.clear()
