"""The "why it moved" overlay, without Qt: each card shows its share of the explained metric's change,
coloured by direction, drills into a driver, and leaves the cards as they were when cleared."""

from __future__ import annotations

from typing import Any

from metricscape.derived import Attribution, AttributionOverlay, DerivedState, Source
from metricscape.model import Document, MetricTree
from metricscape.model.actuals import Actuals, Series
from metricscape.model.periods import Grain
from metricscape.sim.explain import Window

W1, W2 = Window("2026-W01", "2026-W01", Grain.WEEK), Window("2026-W02", "2026-W02", Grain.WEEK)


def tree(direction: str = "higher", **series: list[float]) -> MetricTree:
    """total = paid + free; paid = users * conversion (a product: its share is split by LMDI)."""
    metrics: list[dict[str, Any]] = [
        {"id": "total", "name": "Total hours", "kind": "north_star", "unit": "hours", "formula": "paid + free",
         "direction": direction},
        {"id": "paid", "name": "Paid hours", "unit": "hours", "formula": "users * per_user"},
        {"id": "free", "name": "Free hours", "unit": "hours", "baseline": 100.0},
        {"id": "users", "name": "Paying users", "unit": "users", "baseline": 10.0},
        {"id": "per_user", "name": "Hours per user", "unit": "hours/user", "baseline": 2.0},
    ]
    values = {"free": [100.0, 130.0], "users": [10.0, 20.0], "per_user": [2.0, 2.0], **series}
    actuals = Actuals(series=tuple(Series(metric=m, start="2026-W01", values=tuple(v)) for m, v in values.items()))
    return MetricTree.model_validate({"metrics": metrics, "actuals": actuals})


def test_each_card_shows_its_share_of_the_change_and_the_explained_metric_its_change() -> None:
    # total: 120 -> 170 (+50): free +30, paid +20 (users double, hours per user flat: all of it is users')
    state = DerivedState(Document(tree()))
    state.set_overlay(AttributionOverlay(W1, W2))
    cards = state.cards
    assert cards["total"].source is Source.ATTRIBUTION and cards["total"].value == 170.0
    assert cards["total"].delta == "+50 hours" and cards["total"].delta_good is True
    assert cards["free"].delta == "+30 hrs of +50" and cards["free"].value == 130.0
    assert cards["paid"].delta == "+20 hrs of +50"
    assert cards["users"].delta == "+20 hrs of +50" and cards["users"].value == 20.0
    assert cards["per_user"].delta == "±0 hrs of +50" and cards["per_user"].delta_good is None
    assert any("+30 hours of the +50 hours change of Total hours" in note for note in cards["free"].notes)
    detail = state.detail("attribution")
    assert isinstance(detail, Attribution) and detail.shown is detail.root and detail.root.change == 50.0


def test_a_share_is_red_when_it_moved_the_metric_the_wrong_way() -> None:
    lower_is_better = tree(direction="lower")
    state = DerivedState(Document(lower_is_better))
    state.set_overlay(AttributionOverlay(W1, W2))
    assert state.cards["total"].delta_good is False and state.cards["free"].delta_good is False
    falling = tree(free=[100.0, 90.0])  # free -10, paid +20: total +10
    state = DerivedState(Document(falling))
    state.set_overlay(AttributionOverlay(W1, W2))
    assert state.cards["free"].delta == "-10 hrs of +10" and state.cards["free"].delta_good is False
    assert state.cards["paid"].delta_good is True


def test_drilling_into_a_driver_shows_shares_of_that_drivers_change() -> None:
    state = DerivedState(Document(tree()))
    state.set_overlay(AttributionOverlay(W1, W2, path=("paid",)))
    detail = state.detail("attribution")
    assert isinstance(detail, Attribution) and detail.path == ("paid",) and detail.shown.metric == "paid"
    assert state.cards["paid"].delta == "+20 hours"
    assert state.cards["users"].delta == "+20 hrs of +20"
    assert "free" not in {k for k, v in state.cards.items() if v.source is Source.ATTRIBUTION}


def test_the_cards_go_back_when_the_overlay_is_cleared_or_kept_off_the_cards() -> None:
    state = DerivedState(Document(tree()))
    before = dict(state.cards)
    state.set_overlay(AttributionOverlay(W1, W2, on_cards=False))
    assert state.cards == before and isinstance(state.detail("attribution"), Attribution)
    state.set_overlay(AttributionOverlay(W1, W2))
    assert state.cards != before
    state.clear_overlay("attribution")
    assert state.cards == before


def test_a_model_without_actuals_says_so_instead_of_marking_anything() -> None:
    bare = tree().model_copy(update={"actuals": Actuals()})
    state = DerivedState(Document(bare))
    failures: list[tuple[str, str]] = []
    state.overlay_failed.connect(lambda name, message: failures.append((name, message)))
    before = dict(state.cards)
    state.set_overlay(AttributionOverlay(W1, W2))
    assert failures and failures[0][0] == "attribution" and "no actuals" in failures[0][1]
    assert state.cards == before


def test_the_overlay_follows_an_edit_and_the_actuals_survive_it() -> None:
    doc = Document(tree())
    state = DerivedState(doc)
    state.set_overlay(AttributionOverlay(W1, W2))
    doc.apply(doc.plan.update_metric("free", name="Free listening"))
    assert doc.tree.actuals == tree().actuals
    assert state.cards["free"].delta == "+30 hrs of +50"
    assert any("change of Total hours" in note for note in state.cards["free"].notes)


def test_over_ranges_a_card_keeps_its_own_value_and_shows_only_its_share() -> None:
    four = tree(free=[100.0, 100.0, 130.0, 130.0], users=[10.0, 10.0, 20.0, 20.0], per_user=[2.0] * 4)
    state = DerivedState(Document(four))
    before = dict(state.cards)
    state.set_overlay(AttributionOverlay(Window("2026-W01", "2026-W02", Grain.WEEK),
                                         Window("2026-W03", "2026-W04", Grain.WEEK)))
    # totals over two weeks: 240 -> 340; free +60, paid +40
    assert state.cards["free"].delta == "+60 hrs of +100"
    assert state.cards["total"].delta == "+100 hours"
    for metric_id in ("free", "total", "users"):
        assert state.cards[metric_id].value == before[metric_id].value
        assert state.cards[metric_id].source is before[metric_id].source
