"""Rewriting formulas on the token stream: renaming references and removing a term keep every other
character of the user's formula, for any formula the language accepts."""

from __future__ import annotations

import ast
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from metricscape.model import FormulaError, parse
from metricscape.model.formula import append_term, function_name, remove_ref, rename_refs

IDS = ["a", "b", "hours", "users_2", "x9", "minutes", "if_rate"]  # "minutes" contains "min", "if_rate" "if"
NUMBERS = ["2", "0.5", "10", "5%", "1e-3", "3.25"]


def formulas() -> st.SearchStrategy[str]:
    leaves = st.sampled_from(IDS) | st.sampled_from(NUMBERS)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        op = st.sampled_from(["+", "-", "*", "/", "^", "**"])
        space = st.sampled_from(["", " "])
        return st.one_of(
            st.tuples(inner, space, op, space, inner).map("".join),
            inner.map(lambda x: f"({x})"),
            inner.map(lambda x: f"-({x})"),
            st.tuples(st.sampled_from(["max", "min"]), inner, inner).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
            st.tuples(st.sampled_from(["sqrt", "abs", "exp"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
            st.tuples(inner, inner, inner).map(lambda t: f"if({t[0]} > {t[1]}, {t[1]}, {t[2]})"),
        )

    # Flat chains of + - * / (where a term can go) as often as arbitrary nesting.
    chains = st.lists(st.tuples(st.sampled_from([" + ", " - ", " * ", " / ", "+", "*"]), st.recursive(
        leaves, extend, max_leaves=2)), min_size=1, max_size=5).flatmap(
        lambda rest: leaves.map(lambda first: first + "".join(op + term for op, term in rest)))
    return st.one_of(chains, st.recursive(leaves, extend, max_leaves=8)).filter(_accepted)


def _accepted(text: str) -> bool:
    try:
        parse(text)
    except FormulaError:
        return False
    return True


class _Renamed(ast.NodeTransformer):
    def __init__(self, mapping: dict[str, str]) -> None:
        self.mapping = mapping

    def visit_Call(self, node: ast.Call) -> ast.Call:
        node.args = [self.visit(a) for a in node.args]  # the function's own name stays
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        return ast.Name(id=self.mapping.get(node.id, node.id), ctx=node.ctx)


@settings(max_examples=300, deadline=None)
@given(text=formulas(), targets=st.permutations(["renamed_a", "r2", "new_hours", "u", "w_1", "z", "q"]))
def test_renaming_gives_the_same_formula_over_the_new_ids(text: str, targets: list[str]) -> None:
    mapping = dict(zip(IDS, targets, strict=True))
    renamed = rename_refs(text, mapping)
    expected = _Renamed(mapping).visit(parse(text).tree)
    assert ast.dump(parse(renamed).tree) == ast.dump(expected)
    assert parse(renamed).refs == tuple(mapping[r] for r in parse(text).refs)
    assert len(renamed) - len(text) == sum(len(mapping[r]) - len(r) for r in _names(text))  # nothing else moved


def _names(text: str) -> list[str]:
    return [n.id for n in ast.walk(parse(text).tree) if isinstance(n, ast.Name) and n.id in IDS]


def evaluate(node: ast.AST, values: dict[str, float]) -> float:
    """An evaluator of our own for the test: the formula's value for given inputs."""
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        value = evaluate(node.operand, values)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left, right = evaluate(node.left, values), evaluate(node.right, values)
        ops = {ast.Add: lambda: left + right, ast.Sub: lambda: left - right, ast.Mult: lambda: left * right,
               ast.Div: lambda: left / right, ast.Pow: lambda: left ** right}
        return ops[type(node.op)]()
    if isinstance(node, ast.Compare):
        return float(evaluate(node.left, values) > evaluate(node.comparators[0], values))
    if isinstance(node, ast.Call):
        name, args = function_name(node), [evaluate(a, values) for a in node.args]
        if name == "if":
            return args[1] if args[0] else args[2]
        return {"max": max, "min": min, "sqrt": math.sqrt, "abs": abs, "exp": math.exp}[name](*args)
    raise AssertionError(f"unexpected node {ast.dump(node)}")


@settings(max_examples=400, deadline=None)
@given(text=formulas(), ref=st.sampled_from(IDS),
       values=st.lists(st.floats(0.5, 3.0), min_size=len(IDS), max_size=len(IDS)))
def test_removing_a_term_leaves_the_rest_meaning_what_it_meant(text: str, ref: str, values: list[float]) -> None:
    assume(ref in parse(text).refs)
    result = remove_ref(text, ref)
    if result is None:
        return  # woven in deeper: the planner asks the PM to edit the formula
    if result == "":
        assert text.strip() == ref
        return
    assert _names(result).count(ref) == _names(text).count(ref) - 1
    if ref in _names(result):
        return  # used twice: only the value check below needs a single use
    inputs = dict(zip(IDS, values, strict=True))
    try:
        after = evaluate(parse(result).tree, inputs)
        as_zero = evaluate(parse(text).tree, inputs | {ref: 0.0})
    except (ZeroDivisionError, OverflowError, ValueError):
        as_zero = math.nan
    try:
        after = evaluate(parse(result).tree, inputs)
        as_one = evaluate(parse(text).tree, inputs | {ref: 1.0})
    except (ZeroDivisionError, OverflowError, ValueError):
        return
    assume(math.isfinite(after) and math.isfinite(as_one))
    assert math.isclose(after, as_one, rel_tol=1e-9, abs_tol=1e-12) or \
        math.isclose(after, as_zero, rel_tol=1e-9, abs_tol=1e-12)


@pytest.mark.parametrize(("text", "ref", "expected"), [
    ("a + b", "b", "a"),
    ("a + b + c", "b", "a + c"),
    ("b + a", "b", "a"),
    ("a * b + c", "b", "a + c"),
    ("b * c + a", "b", "c + a"),
    ("a - b - c", "b", "a - c"),
    ("a / b", "b", "a"),
    ("(a + b) * c", "b", "(a) * c"),
    ("minutes + min(a, b)", "a", None),   # an argument: woven in
    ("a - b * c", "b", None),             # "a * c" would change what the rest means
    ("a * b ^ 2", "b", None),
    ("a * b**2", "b", None),
    ("b - a", "b", None),
    ("b", "b", ""),
    ("a + bb + b", "b", "a + bb"),         # ids inside longer ids are left alone
])
def test_remove_ref_examples(text: str, ref: str, expected: str | None) -> None:
    assert remove_ref(text, ref) == expected


def test_rename_keeps_spellings_and_function_names() -> None:
    assert rename_refs("min(minutes, 5%) ^ 2 + if(a > 1e-3, a, 0)", {"minutes": "mins", "a": "users"}) == \
        "min(mins, 5%) ^ 2 + if(users > 1e-3, users, 0)"


def test_append_term_brackets_a_sum_before_multiplying() -> None:
    assert append_term(None, "*", "a") == "a"
    assert append_term("a + b", "*", "c") == "(a + b) * c"
    assert append_term("a * 1e-3", "*", "c") == "a * 1e-3 * c"  # the minus inside a number is no sum
    assert append_term("a + b", "+", "c") == "a + b + c"


def test_rewriting_something_that_is_not_a_formula_says_so() -> None:
    with pytest.raises(FormulaError):
        rename_refs("a +", {"a": "b"})
