"""What the inspector shows for no selection (a hint) or several items (a short summary)."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from metricscape.model.document import Document
from metricscape.model.metric import MetricKind

from ..widgets.field_box import HintLabel
from ..widgets.form_kit import title_font

PLURALS = {MetricKind.NORTH_STAR: "north stars", MetricKind.INPUT: "inputs", MetricKind.PROXY: "proxies",
           MetricKind.GUARDRAIL: "guardrails"}
NOTHING_SELECTED = ("Select a metric or a link on the canvas to see and edit its details here.\n\n"
                    "Double-click the canvas to add a metric; press Tab to add an input to the selected one.")
NO_DOCUMENT = "Open or create a model to see its metrics here."


class SelectionSummary(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setFont(title_font(self.font(), 1.15))
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = HintLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.hint)
        layout.addStretch(1)

    def show_hint(self, text: str) -> None:
        self.title.setText("Nothing selected")
        self.body.setText("")
        self.body.setVisible(False)
        self.hint.setText(text)

    def show_many(self, doc: Document, metric_ids: list[str], link_keys: list[tuple[str, str]]) -> None:
        metrics = [doc.metric(i) for i in metric_ids if doc.has_metric(i)]
        links = [link for key in link_keys if (link := doc.link(*key)) is not None]
        parts = []
        if metrics:
            parts.append(f"{len(metrics)} metric{'s' if len(metrics) != 1 else ''}")
        if links:
            parts.append(f"{len(links)} link{'s' if len(links) != 1 else ''}")
        self.title.setText(" and ".join(parts) + " selected")
        lines: list[str] = []
        if metrics:
            kinds = Counter(m.kind for m in metrics)
            lines.append(", ".join(f"{n} {PLURALS[kind] if n > 1 else kind.label.lower()}"
                                   for kind, n in kinds.items()))
            shown = [f"• {m.name}" for m in metrics[:12]]
            if len(metrics) > 12:
                shown.append(f"… and {len(metrics) - 12} more")
            lines += shown
            missing = sum(1 for m in metrics if not m.rationale.strip())
            if missing:
                lines.append(f"\n{missing} without a rationale.")
        if links:
            names = {m.id: m.name for m in doc.metrics()}
            lines += [f"• {names[link.source]} → {names[link.target]}" for link in links[:8]]
        self.body.setText("\n".join(lines))
        self.body.setVisible(True)
        self.hint.setText("Select a single metric or link to edit it.")
