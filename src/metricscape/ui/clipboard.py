"""Copy and paste of metrics with the links among them, within and between windows.

The clipboard carries JSON under our own MIME type (and the names as plain text for other apps).
Pasting gives every metric a fresh id when its id is taken, rewrites formulas to the new ids,
drops formula references to metrics that were not copied, and never adds a second north star.
"""

from __future__ import annotations

import atexit
import json
import re
from typing import Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QClipboard, QGuiApplication

from metricscape.model import (
    Document,
    FormulaError,
    Link,
    LinkKind,
    Metric,
    MetricKind,
    Position,
    slugify,
)
from metricscape.model.edits import Compound, Edit, SetLink, SetMetric
from metricscape.model.tree import parsed_formula

MIME_TYPE = "application/x-metricscape-fragment+json"
PASTE_OFFSET = 40.0


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


def paste_edit(doc: Document, data: dict[str, Any], offset: float = PASTE_OFFSET) -> tuple[Edit, list[str]]:
    """One undoable edit that adds the fragment's metrics and links; also the new ids, in order."""
    taken = set(doc.ids())
    has_star = any(m.kind is MetricKind.NORTH_STAR for m in doc.metrics())
    renamed: dict[str, str] = {}
    plain: list[Metric] = []
    formulas: dict[str, str] = {}
    for raw in data["metrics"]:
        metric = Metric.model_validate(raw)
        new_id = slugify(metric.name, taken) if metric.id in taken else metric.id
        taken.add(new_id)
        renamed[metric.id] = new_id
        changes: dict[str, Any] = {"id": new_id, "formula": None,
                                   "position": Position(x=metric.position.x + offset, y=metric.position.y + offset)}
        if metric.kind is MetricKind.NORTH_STAR:
            if has_star:
                changes["kind"] = MetricKind.INPUT
            has_star = True
        if metric.formula:
            formulas[new_id] = metric.formula
        plain.append(metric.model_copy(update=changes))
    plain = [m.model_copy(update={"gaming_risks": tuple(
        r.model_copy(update={"counter_metric": renamed.get(r.counter_metric or "")}) for r in m.gaming_risks)})
        for m in plain]
    parts: list[Edit] = [SetMetric(None, m) for m in plain]
    by_id = {m.id: m for m in plain}
    for raw in data.get("links", []):
        link = Link.model_validate(raw)
        if link.kind is LinkKind.FORMULA or link.source not in renamed or link.target not in renamed:
            continue  # formula links follow from the formulas below
        parts.append(SetLink(None, link.model_copy(update={"source": renamed[link.source],
                                                            "target": renamed[link.target]})))
    for new_id, formula in formulas.items():
        rewritten = _rewrite(formula, renamed)
        if rewritten is None:
            continue  # it used metrics that were not copied: keep the card, drop the formula
        parts.append(SetMetric(by_id[new_id], by_id[new_id].with_changes(formula=rewritten)))
        for ref in parsed_formula(rewritten).refs:
            parts.append(SetLink(None, Link(source=ref, target=new_id, kind=LinkKind.FORMULA)))
    count = len(plain)
    text = f"Paste ‘{plain[0].name}’" if count == 1 else f"Paste {count} metrics"
    return Compound(text, parts), [m.id for m in plain]


def _rewrite(formula: str, renamed: dict[str, str]) -> str | None:
    try:
        refs = parsed_formula(formula).refs
    except FormulaError:
        return None
    if any(ref not in renamed for ref in refs):
        return None
    return re.sub(r"\b[a-z_][a-z0-9_]*\b", lambda m: renamed.get(m.group(0), m.group(0)), formula)
