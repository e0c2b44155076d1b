"""Rename id: every reference follows, the tree stays valid, undo gives back the same file; and the
rule by which a new metric's id follows its name."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metricscape.io import dumps, load
from metricscape.model import Document, LinkKind, MetricTree
from metricscape.model.errors import ModelError
from metricscape.model.metric import slugify
from metricscape.model.sources import Source, SourceFormat, SourceShape
from metricscape.model.tree import parsed_formula

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "src" / "metricscape" / "resources" / "examples")
                  .glob("*.json"))
TREES = {p.stem: load(p).tree for p in EXAMPLES}

new_ids = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)


def references(tree: MetricTree) -> list[str]:
    """Every metric id the tree refers to, wherever (in a stable order)."""
    refs: list[str] = []
    for m in tree.metrics:
        refs.append(m.id)
        if m.formula:
            refs += parsed_formula(m.formula).refs
        refs += [r.counter_metric for r in m.gaming_risks if r.counter_metric]
    refs += [end for link in tree.links for end in link.key]
    refs += [c.metric for s in tree.scenarios for c in s.changes]
    refs += [end for c in tree.simulation.correlations for end in (c.a, c.b)]
    refs += [s.metric for s in tree.actuals.series]
    refs += [m.metric for m in tree.actuals.metric_sources]
    refs += [d.metric for d in tree.actuals.definitions]
    refs += [v for s in tree.actuals.sources for v in s.names.values()]
    refs += [lift.metric for e in tree.experiments for lift in e.lifts]
    return refs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(TREES)), pick=st.integers(min_value=0), new_id=new_ids)
def test_rename_id_moves_every_reference_and_undo_restores_the_file(name: str, pick: int, new_id: str) -> None:
    doc = Document(TREES[name])
    old_id = doc.metrics()[pick % len(doc.metrics())].id
    if new_id in doc.ids() or new_id == old_id:
        with pytest.raises(ModelError):
            doc.plan.rename_id(old_id, new_id)
        return
    try:
        edit = doc.plan.rename_id(old_id, new_id)
    except ValueError:  # a reserved word such as 'min' or 'if_'; the message says so
        assert new_id != slugify(new_id)
        return
    before_text = dumps(doc.tree)
    before_refs = references(doc.tree)
    doc.apply(edit)
    after = MetricTree.model_validate(doc.tree.model_dump())  # validates every reference
    assert references(after) == [new_id if r == old_id else r for r in before_refs]
    assert old_id not in references(after)
    doc.revert(edit)
    assert dumps(doc.tree) == before_text


def test_rename_id_rewrites_formulas_by_token_not_by_text() -> None:
    doc = Document(TREES["marketplace"])
    star = doc.tree.north_star
    assert star is not None and star.formula
    ref = parsed_formula(star.formula).refs[0]
    doc.apply(doc.plan.rename_id(ref, "renamed_driver"))
    formula = doc.metric(star.id).formula or ""
    assert "renamed_driver" in parsed_formula(formula).refs and ref not in parsed_formula(formula).refs
    assert doc.link("renamed_driver", star.id) is not None and doc.link(ref, star.id) is None


def test_rename_id_follows_actuals_source_names() -> None:
    tree = TREES["music-streaming"]
    series_metric = tree.actuals.series[0].metric
    source = Source(path="data/x.csv", format=SourceFormat.CSV, shape=SourceShape.WIDE, table="x",
                    period_column="week", names={"Weekly listeners": series_metric})
    doc = Document(tree.model_copy(update={"actuals": tree.actuals.model_copy(update={"sources": (source,)})}))
    doc.apply(doc.plan.rename_id(series_metric, "listeners"))
    assert doc.actuals.sources[0].names == {"Weekly listeners": "listeners"}
    assert doc.actuals.series[0].metric == "listeners"


def test_rename_id_refuses_a_bad_or_taken_id_in_plain_words() -> None:
    doc = Document(TREES["marketplace"])
    first, second = doc.metrics()[0].id, doc.metrics()[1].id
    with pytest.raises(ModelError, match="taken by"):
        doc.plan.rename_id(first, second)
    with pytest.raises(ModelError, match="lower-case letters"):
        doc.plan.rename_id(first, "Bad Id")


def test_new_metrics_id_follows_its_name_and_formulas_follow_the_id() -> None:
    doc = Document(TREES["marketplace"])
    saved = set(doc.ids())
    star = doc.tree.north_star
    assert star is not None
    fresh = doc.plan.new_metric("New input")
    doc.apply(doc.plan.add_metric(fresh))
    doc.apply(doc.plan.connect(fresh.id, star.id, LinkKind.FORMULA, operator="*"))
    before = dumps(doc.tree)
    edit = doc.plan.rename(fresh.id, "Cancellation rate", saved_ids=saved)
    assert edit.text == "Rename ‘New input’ to ‘Cancellation rate’"
    doc.apply(edit)
    assert doc.metric("cancellation_rate").name == "Cancellation rate" and not doc.has_metric(fresh.id)
    assert "cancellation_rate" in parsed_formula(doc.metric(star.id).formula or "").refs
    doc.revert(edit)
    assert dumps(doc.tree) == before


def test_id_stays_once_saved_or_chosen_by_hand() -> None:
    doc = Document(TREES["marketplace"])
    star = doc.tree.north_star
    assert star is not None
    doc.apply(doc.plan.rename(star.id, "Something else", saved_ids=doc.ids()))
    assert doc.metric(star.id).name == "Something else"  # in the saved file: the id stays
    fresh = doc.plan.new_metric("New input")
    doc.apply(doc.plan.add_metric(fresh))
    doc.apply(doc.plan.rename_id(fresh.id, "cancels"))  # chosen by hand
    doc.apply(doc.plan.rename("cancels", "Cancellations", saved_ids=frozenset()))
    assert doc.metric("cancels").name == "Cancellations"


def test_an_untitled_model_takes_its_north_stars_name_until_named() -> None:
    from metricscape.model import Metric, MetricKind
    doc = Document(MetricTree())
    doc.apply(doc.plan.add_metric(doc.plan.new_metric("North star", kind=MetricKind.NORTH_STAR)))
    edit = doc.plan.rename("north_star", "Orders delivered")
    doc.apply(edit)
    assert doc.info.name == "Orders delivered" and doc.has_metric("orders_delivered")
    doc.apply(doc.plan.rename("orders_delivered", "Weekly orders delivered"))
    assert doc.info.name == "Weekly orders delivered"  # it keeps following while it was the star's
    doc.apply(doc.plan.update_info(name="Food delivery"))
    doc.apply(doc.plan.rename("weekly_orders_delivered", "Orders"))
    assert doc.info.name == "Food delivery"
    doc.apply(doc.plan.add_metric(Metric(id="x", name="Input")))
    doc.apply(doc.plan.rename("x", "Food delivery 2"))
    assert doc.info.name == "Food delivery"


def test_a_formula_of_rates_makes_a_unitless_metric_a_rate() -> None:
    from metricscape.model import Metric
    doc = Document(MetricTree(metrics=(
        Metric(id="success", name="Delivery success rate"),
        Metric(id="cancel", name="Cancellation rate", unit="%", baseline=0.04),
        Metric(id="couriers", name="Courier availability", unit="%", baseline=0.92),
        Metric(id="orders", name="Orders", baseline=100.0),
        Metric(id="placed", name="Orders placed"))))
    edit = doc.plan.update_metric("success", formula="(1 - cancel) * couriers")
    doc.apply(edit)
    assert doc.metric("success").unit == "%"
    doc.revert(edit)
    assert doc.metric("success").unit == ""
    doc.apply(doc.plan.update_metric("placed", formula="orders * cancel"))  # a count times a rate: a count
    assert doc.metric("placed").unit == ""
