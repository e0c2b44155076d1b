"""Compile a parsed formula into a closure over numpy ufuncs.

The closure reads its inputs from a list of values indexed by plan position, so the same code runs
on floats (the baseline) and on arrays of samples. Only the whitelisted ast of
``metricscape.model.formula.parse`` is accepted; nothing is ever executed with ``eval``.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from functools import reduce
from typing import Any

import numpy as np

from metricscape.model.formula import Formula, function_name

Values = Sequence[Any]
Compiled = Callable[[Values], Any]

_BINARY: dict[type, Callable[..., Any]] = {
    ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide, ast.Pow: np.power,
}
_COMPARE: dict[type, Callable[..., Any]] = {
    ast.Lt: np.less, ast.LtE: np.less_equal, ast.Gt: np.greater, ast.GtE: np.greater_equal,
    ast.Eq: np.equal, ast.NotEq: np.not_equal,
}
_UNARY_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": np.abs, "sqrt": np.sqrt, "log": np.log, "ln": np.log, "log10": np.log10, "exp": np.exp,
    "floor": np.floor, "ceil": np.ceil,
}


def compile_formula(formula: Formula, position: Mapping[str, int]) -> Compiled:
    """A function of the value list that computes ``formula``; comparisons give 1.0 or 0.0."""
    body = _compile(formula.tree, position)
    if isinstance(formula.tree, ast.Compare):
        return lambda v: np.multiply(body(v), 1.0)
    return body


def _compile(node: ast.expr, position: Mapping[str, int]) -> Compiled:
    if isinstance(node, ast.Constant):
        constant = float(node.value)  # type: ignore[arg-type]  # the whitelist admits only numbers here
        return lambda v: constant
    if isinstance(node, ast.Name):
        i = position[node.id]
        return lambda v: v[i]
    if isinstance(node, ast.BinOp):
        op = _BINARY[type(node.op)]
        left, right = _compile(node.left, position), _compile(node.right, position)
        left_fresh, right_fresh = _fresh(node.left), _fresh(node.right)
        if not (left_fresh or right_fresh):
            return lambda v: op(left(v), right(v))
        return _reusing(op, left, right, left_fresh, right_fresh)
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand, position)
        if isinstance(node.op, ast.USub):
            return lambda v: np.negative(operand(v))
        return operand
    if isinstance(node, ast.Compare):
        op = _COMPARE[type(node.ops[0])]
        left, right = _compile(node.left, position), _compile(node.comparators[0], position)
        return lambda v: op(left(v), right(v))
    if isinstance(node, ast.Call):
        return _compile_call(function_name(node), [_compile(a, position) for a in node.args])
    raise TypeError(f"unexpected formula node {type(node).__name__}")  # parse() never lets one through


def _fresh(node: ast.expr) -> bool:
    """Whether the node's value is a new temporary that the formula may overwrite (never a metric's
    stored value, which ``Name`` returns)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd):
        return _fresh(node.operand)
    return isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Call))


INPLACE_MIN = 8192  # below this, allocating is cheaper than checking


def _reusing(op: Callable[..., Any], left: Compiled, right: Compiled, left_fresh: bool, right_fresh: bool
             ) -> Compiled:
    """A binary operation that writes into a temporary operand's buffer instead of allocating:
    large sample arrays then cost one allocation per metric, not one per operator."""
    def run(v: Values) -> Any:
        a, b = left(v), right(v)
        if left_fresh and _reusable(a, b):
            return op(a, b, out=a)
        if right_fresh and _reusable(b, a):
            return op(a, b, out=b)
        return op(a, b)

    return run


def _reusable(buffer: Any, other: Any) -> bool:
    return (type(buffer) is np.ndarray and buffer.dtype == np.float64 and buffer.size >= INPLACE_MIN
            and (np.ndim(other) == 0 or np.shape(other) == buffer.shape))


def _compile_call(name: str, args: list[Compiled]) -> Compiled:
    if name in _UNARY_FUNCTIONS:
        fn, (arg,) = _UNARY_FUNCTIONS[name], args
        return lambda v: fn(arg(v))
    if name in ("min", "max"):
        fn = np.minimum if name == "min" else np.maximum
        return lambda v: reduce(fn, (a(v) for a in args))
    if name == "clip":
        x, low, high = args
        return lambda v: np.minimum(np.maximum(x(v), low(v)), high(v))
    if name == "if":
        cond, yes, no = args
        return lambda v: np.where(cond(v), yes(v), no(v))
    if name == "round":
        return _compile_round(args)
    raise TypeError(f"unexpected function {name}")


def _compile_round(args: list[Compiled]) -> Compiled:
    # Half away from zero, as spreadsheets round (numpy alone rounds half to even).
    x = args[0]
    digits = args[1] if len(args) > 1 else (lambda v: 0.0)

    def rounded(v: Values) -> Any:
        scale = np.power(10.0, np.floor(digits(v)))
        value = x(v)
        return np.copysign(np.floor(np.abs(value) * scale + 0.5), value) / scale

    return rounded
