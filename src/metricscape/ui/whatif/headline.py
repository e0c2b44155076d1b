"""The north star's change, always in view: today's value, the what-if value, the change, and the
uncertain outlook (P10–P90, chance of meeting the target) once the Monte Carlo has run."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from metricscape.derived.live import LiveResult
from metricscape.model import Metric, MetricKind, MetricTree
from metricscape.model.numbers import format_value
from metricscape.sim import Summary
from metricscape.sim.summaries import Z95

from ..widgets.colors import is_dark, muted_color

NO_STAR = "Mark one metric as the north star to see here how it moves."
NO_UNCERTAINTY = "No uncertainty set: <a href='ranges'>add ranges</a> to see how sure this is."


def good_bad_colours(dark: bool) -> tuple[str, str]:
    return ("#6fcf86", "#ff8a80") if dark else ("#1e7b34", "#c5221f")


class Headline(QFrame):
    add_ranges_requested = Signal()  # the "add ranges" link: show where an input's range is set

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whatifHeadline")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.value = QLabel()
        self.value.setObjectName("headlineValue")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.value.setFont(font)
        self.outlook = QLabel()
        self.outlook.setWordWrap(True)
        self.outlook.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.outlook.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.outlook.linkActivated.connect(lambda _href: self.add_ranges_requested.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        for label in (self.title, self.value, self.outlook):
            layout.addWidget(label)
        self._star: Metric | None = None
        self._live: tuple = (None, None, "Baseline")
        self._outlook: tuple = (None, False)
        self.show_live(None, None, "Baseline")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # the colours are in the text: redo it
            self.show_live(*self._live)
            self.show_outlook(*self._outlook)

    def show_live(self, star: Metric | None, result: LiveResult | None, label: str,
                  problems: list[str] | None = None) -> None:
        """``problems``: why values are not numbers, shown when the north star cannot be computed."""
        self._star, self._live = star, (star, result, label, problems)
        self._why_not = ""
        muted = muted_color(self.palette()).name()
        if star is None or result is None:
            self.title.setText(f"<span style='color:{muted}'>North star</span>")
            self.value.setText("—")
            self.outlook.setText(NO_STAR if star is None else "")
            return
        self.title.setText(f"<span style='color:{muted}'>North star · {_escape(label)}</span><br>"
                           f"<b>{_escape(star.name)}</b>")
        value = result.values.get(star.id, float("nan"))
        delta = result.deltas.get(star.id)
        text = format_value(value, star.unit)
        if delta is not None and delta.text:
            good, bad = good_bad_colours(is_dark(self.palette()))
            colour = muted if delta.good is None else (good if delta.good else bad)
            text += f"  <span style='color:{colour}'>{delta.text}</span>"
        self.value.setText(text)
        self.value.setAccessibleDescription(self.value.text())
        self._why_not = "" if math.isfinite(value) else (problems[0] if problems else "")

    def show_outlook(self, summary: Summary | None, running: bool = False) -> None:
        self._outlook = (summary, running)
        muted = muted_color(self.palette()).name()
        if self._why_not:
            self.outlook.setText(f"<span style='color:{muted}'>Not computable yet: {_escape(self._why_not)}</span>")
            return
        if summary is None:
            self.outlook.setText(f"<span style='color:{muted}'>Simulating the uncertainty…</span>" if running else "")
            return
        unit = summary.unit
        if _certain(summary):  # every input is a fixed number: "between 626k and 626k" says nothing
            link = self.palette().color(QPalette.ColorRole.Link).name()
            self.outlook.setText(f"<span style='color:{muted}'>{NO_UNCERTAINTY}</span>"
                                 .replace("<a href", f"<a style='color:{link}' href"))
            return
        between = f"80 % likely between {format_value(summary.p10, unit)} and {format_value(summary.p90, unit)}"
        parts = [between + precision_note(summary)]
        if summary.target is not None and summary.p_meet_target is not None and math.isfinite(summary.p_meet_target):
            parts.append(f"{summary.p_meet_target * 100:.0f} % chance to reach the target of "
                         f"{format_value(summary.target, unit)}")
        suffix = " <i>(updating…)</i>" if running else ""
        self.outlook.setText(f"<span style='color:{muted}'>{' · '.join(parts)}{suffix}</span>")


def precision_note(summary: Summary) -> str:
    """" (P10 ± 0.1 %, P90 ± 0.1 %)": how precise the simulated figures are (95 % sure)."""
    parts = []
    for name, value, se in (("P10", summary.p10, summary.p10_se), ("P90", summary.p90, summary.p90_se)):
        if se and math.isfinite(se) and value:
            parts.append(f"{name} ± {Z95 * se / abs(value) * 100:.1g} %")
    return f" ({', '.join(parts)})" if parts else ""


def first_input_without_range(tree: MetricTree) -> str | None:
    """Where to add a first range: a typed-in input (no formula) with no uncertainty yet."""
    for metric in tree.metrics:
        if metric.formula is None and metric.baseline is not None and metric.uncertainty is None \
                and metric.kind in (MetricKind.INPUT, MetricKind.PROXY):
            return metric.id
    return None


def _certain(summary: Summary) -> bool:
    return math.isclose(summary.p10, summary.p90, rel_tol=1e-9, abs_tol=1e-12)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
