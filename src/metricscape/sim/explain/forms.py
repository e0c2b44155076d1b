"""The shape of a formula, read from its parsed tree: a weighted sum, a product of powers, or other.

Sums split a change exactly by differences and products by log-mean Divisia weights; everything
else (min, max, if, a product inside a sum) needs Shapley values. Reading the shape once from the
whitelisted ``ast`` (never executing it) also folds constants: ``x / 7`` is the sum ``x/7``,
``2 * a * b`` the product ``2·a·b``, and a metric used twice combines (``a * a`` is ``a²``).
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass

from metricscape.model.formula import function_name


@dataclass(frozen=True)
class Linear:
    """constant + Σ weight·input"""

    constant: float
    weights: dict[str, float]


@dataclass(frozen=True)
class Product:
    """factor · Π input^power"""

    factor: float
    powers: dict[str, float]


def linear_form(node: ast.expr) -> Linear | None:
    if isinstance(node, ast.Constant):
        return Linear(_number(node), {})
    if isinstance(node, ast.Name):
        return Linear(0.0, {node.id: 1.0})
    if isinstance(node, ast.UnaryOp):
        inner = linear_form(node.operand)
        return inner if inner is None or isinstance(node.op, ast.UAdd) else _scaled(inner, -1.0)
    if not isinstance(node, ast.BinOp):
        return None
    left, right = linear_form(node.left), linear_form(node.right)
    if left is None or right is None:
        return None
    if isinstance(node.op, (ast.Add, ast.Sub)):
        sign = 1.0 if isinstance(node.op, ast.Add) else -1.0
        weights = dict(left.weights)
        for ref, weight in right.weights.items():
            weights[ref] = weights.get(ref, 0.0) + sign * weight
        return Linear(left.constant + sign * right.constant, weights)
    if isinstance(node.op, ast.Mult):
        if not left.weights:
            return _scaled(right, left.constant)
        return _scaled(left, right.constant) if not right.weights else None
    if isinstance(node.op, ast.Div) and not right.weights and right.constant != 0:
        return _scaled(left, 1.0 / right.constant)
    if isinstance(node.op, ast.Pow) and not left.weights and not right.weights:
        value = _power(left.constant, right.constant)
        return None if value is None else Linear(value, {})
    return None


def _number(node: ast.Constant) -> float:
    value = node.value
    assert isinstance(value, (int, float))  # the formula whitelist admits no other constant
    return float(value)


def _scaled(form: Linear, by: float) -> Linear:
    return Linear(form.constant * by, {ref: w * by for ref, w in form.weights.items()})


def product_form(node: ast.expr) -> Product | None:
    if isinstance(node, ast.Constant):
        return Product(_number(node), {})
    if isinstance(node, ast.Name):
        return Product(1.0, {node.id: 1.0})
    if isinstance(node, ast.UnaryOp):
        inner = product_form(node.operand)
        if inner is None or isinstance(node.op, ast.UAdd):
            return inner
        return Product(-inner.factor, inner.powers)
    if isinstance(node, ast.Call) and function_name(node) == "sqrt":
        inner = product_form(node.args[0])
        return None if inner is None else _raised(inner, 0.5)
    if not isinstance(node, ast.BinOp):
        return None
    if isinstance(node.op, ast.Pow):
        exponent = linear_form(node.right)
        base = product_form(node.left)
        if base is None or exponent is None or exponent.weights:
            return None
        return _raised(base, exponent.constant)
    if not isinstance(node.op, (ast.Mult, ast.Div)):
        constant = linear_form(node)  # (1 + 2) is a constant too
        return Product(constant.constant, {}) if constant is not None and not constant.weights else None
    left, right = product_form(node.left), product_form(node.right)
    if left is None or right is None:
        return None
    sign = 1.0 if isinstance(node.op, ast.Mult) else -1.0
    if sign < 0 and right.factor == 0:
        return None
    powers = dict(left.powers)
    for ref, power in right.powers.items():
        powers[ref] = powers.get(ref, 0.0) + sign * power
    factor = left.factor * right.factor if sign > 0 else left.factor / right.factor
    return Product(factor, powers)


def _raised(form: Product, exponent: float) -> Product | None:
    factor = _power(form.factor, exponent)
    if factor is None:
        return None
    return Product(factor, {ref: p * exponent for ref, p in form.powers.items()})


def _power(base: float, exponent: float) -> float | None:
    """A real power of two constants, or None (a negative base with a fractional exponent)."""
    if base < 0 and not float(exponent).is_integer():
        return None
    try:
        value = base ** exponent
    except (OverflowError, ZeroDivisionError):
        return None
    return value if isinstance(value, float) and math.isfinite(value) else None
