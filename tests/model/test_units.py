"""The unit algebra: how declared units are read, and what a formula's units combine to."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metricscape.model.formula import parse
from metricscape.model.rules.units import DIMENSIONLESS, Unit, infer_unit, parse_unit


def unit(**powers: int) -> Unit:
    return Unit.of(powers)


@pytest.mark.parametrize(("text", "expected"), [
    ("users", unit(user=1)),
    ("user", unit(user=1)),
    ("sessions/user", unit(session=1, user=-1)),
    ("sessions per user", unit(session=1, user=-1)),
    ("hours / user / week", unit(hour=1, user=-1)),        # a reporting period is dropped
    ("hours per listener per month", unit(hour=1, listener=-1)),
    ("%", DIMENSIONLESS),
    ("percent", DIMENSIONLESS),
    ("ratio", DIMENSIONLESS),
    ("$", unit(**{"$": 1})),
    ("USD/user", unit(**{"$": 1, "user": -1})),
    ("€ per order", unit(**{"€": 1, "order": -1})),
    ("new users", unit(user=1)),                             # the head noun comes last
    ("nights booked", unit(night=1)),                        # ... past a trailing participle
    ("active projects", unit(project=1)),
    ("stories", unit(story=1)),
    ("hrs", unit(hour=1)),
    ("users × sessions", unit(user=1, session=1)),
    ("", None),
    ("   ", None),
    ("sessions/", None),
    ("?!", None),
])
def test_reading_declared_units(text: str, expected: Unit | None) -> None:
    assert parse_unit(text) == expected


UNITS = {"wau": "users", "spu": "sessions/user", "hpu": "hours/user", "rate": "%", "churn": "%",
         "new": "new users", "revenue": "$", "arpu": "$/user", "minutes": "minutes", "x": "", "orders": "orders",
         "visitors": "visitors"}


@pytest.mark.parametrize(("formula", "gives", "problem"), [
    ("wau * spu", "sessions", None),                      # users × sessions/user = sessions
    ("hpu * wau", "hours", None),                         # hours/user × users = hours
    ("arpu * wau", "$", None),
    ("new + wau", "users", None),                          # counts of the same thing add up
    ("wau * rate", "users", None),                         # a % scales a count
    ("1 - churn", "a plain number or %", None),            # a bare number fits any unit in a sum
    ("rate * churn", "a plain number or %", None),
    ("wau / wau", "a plain number or %", None),
    ("orders / visitors", "orders/visitor", None),
    ("wau ^ 2", "users^2", None),
    ("wau ^ -1", "1/user", None),
    ("wau ^ 1000", None, None),                            # no sensible unit: not checked
    ("wau ^ rate", None, None),
    ("sqrt(wau ^ 2)", "users", None),
    ("max(wau, new)", "users", None),
    ("if(rate > 0.5, wau, new)", "users", None),
    ("round(wau)", "users", None),
    ("log(wau) + rate", "a plain number or %", None),      # log and exp give plain numbers
    ("minutes / 60", "minutes", None),
    ("wau * rate + orders", "users", None),                # a rate may turn users into orders
    ("wau * rate + revenue", None, "adds users (wau * rate) and $ (revenue)"),  # ... but never into money
    ("wau * rate + churn", None, "adds users (wau * rate) and a % (churn)"),
    ("wau + x", None, None),                               # an undeclared unit is not checked
    ("wau * x + rate", None, None),
    ("wau + rate", None, "adds users (wau) and a % (rate)"),  # a % added to a count
    ("wau - revenue", None, "subtracts users (wau) and $ (revenue)"),
    ("wau * spu + wau", None, "adds sessions (wau * spu) and users (wau)"),
    ("max(wau, rate)", None, "chooses between users (wau) and a % (rate)"),
    ("if(wau > rate, wau, new)", "users", "compares users (wau) and a % (rate)"),
    ("clip(wau, 0, revenue)", None, "chooses between users (wau) and $ (revenue)"),
])
def test_what_a_formula_combines_to(formula: str, gives: str | None, problem: str | None) -> None:
    check = infer_unit(parse(formula), lambda ref: parse_unit(UNITS[ref]))
    assert (str(check.unit) if check.unit is not None else None) == gives
    assert [p.message for p in check.problems if problem and problem in p.message] == (
        [p.message for p in check.problems] if problem else [])
    assert len(check.problems) == (1 if problem else 0)


def test_a_problem_points_at_the_column_of_the_operation() -> None:
    check = infer_unit(parse("2 * (wau + rate)"), lambda ref: parse_unit(UNITS[ref]))
    assert check.problems[0].column == 6


def test_seconds_minutes_and_hours_are_one_dimension_for_comparison() -> None:
    assert unit(minute=1).same_dimension(unit(hour=1))
    assert not unit(minute=1).same_dimension(unit(user=1))
    assert unit(user=1, night=1, booking=-1).degree == 1


WORDS = st.sampled_from(["user", "session", "hour", "order", "$", "night"])
UNITS_STRATEGY = st.dictionaries(WORDS, st.integers(-3, 3)).map(Unit.of)


@given(UNITS_STRATEGY, UNITS_STRATEGY, UNITS_STRATEGY)
def test_the_algebra_multiplies_like_numbers(a: Unit, b: Unit, c: Unit) -> None:
    assert a * b == b * a
    assert (a * b) * c == a * (b * c)
    assert (a * b) / b == a
    assert a / a == DIMENSIONLESS


SIMPLE_UNITS = st.dictionaries(WORDS, st.sampled_from([-1, 1])).filter(
    lambda powers: any(p > 0 for p in powers.values())).map(Unit.of)


@given(SIMPLE_UNITS)
def test_a_unit_written_out_reads_back_the_same(u: Unit) -> None:
    assert parse_unit(str(u)) == u


ATOMS = st.sampled_from([*UNITS, "2", "0.5", "5%", "1e300", "0"])
FORMULAS = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/", "^", "<"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["min", "max", "abs", "sqrt", "log", "round", "if", "clip"]),
                  st.lists(inner, min_size=1, max_size=3)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        inner.map(lambda x: f"-{x}"),
    ),
    max_leaves=12)


@given(FORMULAS)
def test_any_formula_the_parser_accepts_gets_a_unit_or_unknown_without_crashing(text: str) -> None:
    from metricscape.model.errors import FormulaError

    try:
        formula = parse(text)
    except FormulaError:
        return  # wrong argument counts and the like are the parser's business
    check = infer_unit(formula, lambda ref: parse_unit(UNITS[ref]))
    assert check.unit is None or isinstance(check.unit, Unit)
    assert all(p.message and p.column for p in check.problems)
