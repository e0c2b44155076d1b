"""What a card shows of a metric's actuals, as plain values (the actuals overlay fills it in)."""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.model.actuals import ALL_SEGMENTS
from metricscape.model.periods import Grain

NEW_DEFINITION = "new definition"
GRAIN_WORDS = {Grain.DAY: ("day", "the day before"), Grain.WEEK: ("wk", "the week before"),
               Grain.MONTH: ("mo", "the month before"), Grain.QUARTER: ("qtr", "the quarter before")}


@dataclass(frozen=True)
class Change:
    text: str           # "+2.3 %", "+1.5 pp", "new definition", or "" when there is nothing to compare
    good: bool | None   # moved in the metric's desired direction; None when unknown or unmoved
    period: str         # the period compared with


@dataclass(frozen=True)
class ActualLine:
    """What a card shows of its actuals (``missing``: the chosen segment has no data for this metric)."""

    period: str = ""
    value: float | None = None
    value_text: str = ""
    previous: Change | None = None
    year: Change | None = None
    spark: tuple[float | None, ...] = ()
    segment: str = ALL_SEGMENTS
    grain: Grain = Grain.WEEK
    missing: bool = False

    @property
    def headline(self) -> str:
        """'W47 · 34.2M hours' (or the segment's words when it has no data)."""
        if self.missing:
            return f"No ‘{self.segment}’ data"
        return f"{short_period(self.period)}: {self.value_text}"

    @property
    def changes(self) -> str:
        """'+2.1 % wk · +8.0 % yr' (only the comparisons there are)."""
        if self.missing:
            return "baseline is for all users"
        word = GRAIN_WORDS[self.grain][0]
        parts = [change_words(c, label) for c, label in ((self.previous, word), (self.year, "yr")) if c and c.text]
        return " · ".join(parts) or "first period"

    def note(self, metric_name: str) -> str:
        """The tooltip line: every figure in full words."""
        who = f" ({self.segment})" if self.segment else ""
        if self.missing:
            return (f"Actuals{who}: no data for this segment; the value shown is the baseline for all users")
        lines = [f"Actual{who} {self.period}: {self.value_text}"]
        for change, words in ((self.previous, GRAIN_WORDS[self.grain][1]), (self.year, "a year earlier")):
            if change is None:
                continue
            if change.text == NEW_DEFINITION:
                lines.append(f"vs {words} ({change.period}): not comparable, {metric_name} was measured under "
                             "another definition then")
            elif change.text:
                lines.append(f"{change.text} vs {words} ({change.period})")
        return " · ".join(lines)


def change_words(change: Change, label: str) -> str:
    """'+2.1 % wk', or 'yr: new definition' when the two periods measure different things."""
    return f"{label}: {change.text}" if change.text == NEW_DEFINITION else f"{change.text} {label}"


def short_period(label: str) -> str:
    """'2026-W47' -> 'W47'; months and quarters keep the year ('2026-03')."""
    return label[5:] if "-W" in label else label
