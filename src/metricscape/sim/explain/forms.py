"""The shape of a formula, read from its parsed tree: a weighted sum, a product of powers, or other.

Sums split a change exactly by differences and products by log-mean Divisia weights over their
factors; everything else (min, max, if, a product inside a sum) needs Shapley values. A factor of
a product may itself be any part of the formula (``(1 - cancellation_rate)``): it takes its LMDI
share, which its own inputs then split. Reading the shape from the whitelisted ``ast`` (never
executing it) also folds constants: ``x / 7`` is the sum ``x/7``, ``2 * a / b`` the product
``2 · a · b⁻¹``.
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
class Factor:
    """One factor of a product, raised to a constant power: a metric, or any other part of the formula
    (``1 - cancellation_rate``, ``min(a, b)``) whose share is then passed on to its own inputs."""

    node: ast.expr
    power: float
    ref: str | None = None  # the metric id when the factor is a metric itself


@dataclass(frozen=True)
class Product:
    """constant · Π factor^power"""

    constant: float
    factors: tuple[Factor, ...]

    @property
    def is_product(self) -> bool:
        """More than a single plain term: worth splitting by factors."""
        return len(self.factors) > 1 or (len(self.factors) == 1 and self.factors[0].ref is not None)


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


def product_form(node: ast.expr) -> Product:
    """The formula as constant × Π factors (a formula that is not a product is one factor)."""
    if isinstance(node, ast.Constant):
        return Product(_number(node), ())
    if isinstance(node, ast.Name):
        return Product(1.0, (Factor(node, 1.0, node.id),))
    if isinstance(node, ast.UnaryOp):
        inner = product_form(node.operand)
        return inner if isinstance(node.op, ast.UAdd) else Product(-inner.constant, inner.factors)
    if isinstance(node, ast.Call) and function_name(node) == "sqrt":
        raised = _raised(product_form(node.args[0]), 0.5)
        if raised is not None:
            return raised
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        exponent = linear_form(node.right)
        if exponent is not None and not exponent.weights:
            raised = _raised(product_form(node.left), exponent.constant)
            if raised is not None:
                return raised
    elif isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        left, right = product_form(node.left), product_form(node.right)
        if isinstance(node.op, ast.Mult):
            return Product(left.constant * right.constant, left.factors + right.factors)
        if right.constant != 0:
            inverse = tuple(Factor(f.node, -f.power, f.ref) for f in right.factors)
            return Product(left.constant / right.constant, left.factors + inverse)
    constant = linear_form(node)
    if constant is not None and not constant.weights:  # (1 + 2) is a constant, not a factor
        return Product(constant.constant, ())
    return Product(1.0, (Factor(node, 1.0),))


def _raised(form: Product, exponent: float) -> Product | None:
    constant = _power(form.constant, exponent)
    if constant is None:
        return None
    return Product(constant, tuple(Factor(f.node, f.power * exponent, f.ref) for f in form.factors))


def names_in(node: ast.expr) -> tuple[str, ...]:
    """The metric ids a part of a formula reads, in order of first appearance (not function names)."""
    functions = {id(n.func) for n in ast.walk(node) if isinstance(n, ast.Call)}
    found = (n.id for n in ast.walk(node) if isinstance(n, ast.Name) and id(n) not in functions)
    return tuple(dict.fromkeys(found))


def _power(base: float, exponent: float) -> float | None:
    """A real power of two constants, or None (a negative base with a fractional exponent)."""
    if base < 0 and not float(exponent).is_integer():
        return None
    try:
        value = base ** exponent
    except (OverflowError, ZeroDivisionError):
        return None
    return value if isinstance(value, float) and math.isfinite(value) else None
