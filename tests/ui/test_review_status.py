"""The inspector's review line at the ends of the calendar (issue 16, item 2: far dates)."""

from __future__ import annotations

import datetime as dt

from metricscape.model import Metric
from metricscape.ui.inspector.review_section import review_status


def test_a_review_due_after_the_year_9999_is_explained_not_a_crash() -> None:
    metric = Metric(id="a", name="A", last_review=dt.date(9999, 12, 31), review_cadence_days=30)
    assert review_status(metric, today=dt.date(2026, 11, 30)) == (
        "The next review falls after the year 9999: check the date of the last review.")


def test_a_review_due_in_the_calendar_still_counts_the_days() -> None:
    metric = Metric(id="a", name="A", last_review=dt.date(2026, 11, 1), review_cadence_days=30)
    assert review_status(metric, today=dt.date(2026, 11, 30)) == "Next review due 01 Dec 2026 (in 1 day)."
