"""A formula evaluated on plain floats, for the health check (the model layer has no numpy).

The engine compiles formulas to numpy ufuncs (``sim/compile.py``); this walk of the same
whitelisted ast follows the same rules on single values: IEEE results instead of exceptions
(x/0 is ±inf, 0/0 and log(-1) are NaN), comparisons give 1.0 or 0.0, ``round`` rounds half away
from zero. A test checks that both agree.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from typing import cast

from .formula import Formula, function_name

_NAN = float("nan")


def _divide(a: float, b: float) -> float:
    if b == 0:
        return _NAN if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _power(a: float, b: float) -> float:
    try:
        result = math.pow(a, b)
    except OverflowError:
        return math.inf
    except ValueError:  # a negative number to a fractional power, or 0 to a negative one
        return math.inf if a == 0 else _NAN
    return result


def _guard(fn: Callable[[float], float]) -> Callable[[float], float]:
    def safe(x: float) -> float:
        try:
            return fn(x)
        except OverflowError:
            return math.inf
        except ValueError:  # outside the domain (log of a negative, sqrt of a negative)
            return -math.inf if x == 0 else _NAN
    return safe


_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: _divide, ast.Pow: _power}
_COMPARE: dict[type, Callable[[float, float], bool]] = {
    ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Eq: operator.eq,
    ast.NotEq: operator.ne}
_UNARY: dict[str, Callable[[float], float]] = {
    "abs": abs, "sqrt": _guard(math.sqrt), "log": _guard(math.log), "ln": _guard(math.log),
    "log10": _guard(math.log10), "exp": _guard(math.exp),
    "floor": lambda x: float(math.floor(x)) if math.isfinite(x) else x,
    "ceil": lambda x: float(math.ceil(x)) if math.isfinite(x) else x,
}


def evaluate(formula: Formula, values: Mapping[str, float]) -> float:
    """The formula's value given each referenced metric's value (a KeyError for a missing one)."""
    return float(_eval(formula.tree, values))


def _eval(node: ast.expr, values: Mapping[str, float]) -> float:
    if isinstance(node, ast.Constant):
        return float(cast(float, node.value))  # parse() admits only int and float constants
    if isinstance(node, ast.Name):
        return float(values[node.id])
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)](_eval(node.left, values), _eval(node.right, values))
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Compare):
        left, right = _eval(node.left, values), _eval(node.comparators[0], values)
        return 1.0 if _COMPARE[type(node.ops[0])](left, right) else 0.0
    if isinstance(node, ast.Call):
        return _call(function_name(node), [_eval(arg, values) for arg in node.args])
    raise TypeError(f"unexpected formula node {type(node).__name__}")  # parse() never lets one through


def _call(name: str, args: list[float]) -> float:
    if name in _UNARY:
        return _UNARY[name](args[0])
    if name == "min":
        return _NAN if any(math.isnan(a) for a in args) else min(args)
    if name == "max":
        return _NAN if any(math.isnan(a) for a in args) else max(args)
    if name == "clip":
        x, low, high = args
        return min(max(x, low), high)
    if name == "if":
        condition, yes, no = args
        return yes if condition else no
    if name == "round":
        scale = 10.0 ** math.floor(args[1] if len(args) > 1 else 0.0)
        return math.copysign(math.floor(abs(args[0]) * scale + 0.5), args[0]) / scale
    raise TypeError(f"unexpected function {name}")
