"""Split one formula's change between two sets of input values among its inputs, exactly.

A weighted sum splits by differences; a product or ratio by LMDI-I over its factors (a factor that
is a part of the formula passes its share on to its own inputs); anything else, and any product
whose logarithms fail (a factor at zero or changing sign), by exact Shapley values. Pure: the
caller supplies the values and the display names the notes use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from metricscape.model.formula import Formula
from metricscape.model.tree import parsed_formula

from ..compile import Compiled, compile_formula
from .forms import Factor, Linear, Product, linear_form, names_in, product_form
from .lmdi import linear_split, lmdi_shares
from .result import Method
from .shapley import shapley_split

Values = Mapping[str, float]


@dataclass(frozen=True)
class FormulaSplit:
    shares: dict[str, float] | None  # input id -> its share of the change; None when it cannot be split
    method: Method
    notes: tuple[str, ...] = ()


@lru_cache(maxsize=8192)
def evaluator(text: str) -> Compiled:
    """A formula compiled over its own inputs, in the order of its ``refs``: pure, so shared."""
    formula = parsed_formula(text)
    return compile_formula(formula, {ref: i for i, ref in enumerate(formula.refs)})


def split_formula(formula: Formula, start: Values, end: Values, y0: float, y1: float, owner: str,
                  names: Mapping[str, str]) -> FormulaSplit:
    """``y0``/``y1`` are the formula's values on ``start``/``end``; ``owner`` names the metric in notes."""
    linear, product = _shape(formula.text)
    if linear is not None:
        return FormulaSplit(linear_split(linear.weights, start, end), Method.SUM)
    notes: list[str] = []
    if product.is_product:
        shares = _split_product(formula, product, start, end, y0, y1, owner, names)
        if shares is not None:
            return FormulaSplit(shares, Method.LMDI)
        notes.append(_no_logs_note(product, start, end, owner, names))
    shapley, shapley_notes = _shapley(evaluator(formula.text), list(formula.refs), start, end, owner, names)
    return FormulaSplit(shapley, Method.SHAPLEY, (*notes, *shapley_notes))


@lru_cache(maxsize=8192)
def _shape(text: str) -> tuple[Linear | None, Product]:
    """The formula read as a weighted sum (when it is one) and as a product: pure, so read once."""
    tree = parsed_formula(text).tree
    return linear_form(tree), product_form(tree)


def _split_product(formula: Formula, product: Product, start: Values, end: Values, y0: float, y1: float,
                   owner: str, names: Mapping[str, str]) -> dict[str, float] | None:
    """LMDI over the factors; a factor that is a part of the formula passes its share on to its inputs
    in proportion to how they split the factor's own change. None where logarithms fail."""
    factor_values = [_factor_values(formula.text, k, factor, start, end) for k, factor in enumerate(product.factors)]
    shares = lmdi_shares([f.power for f in product.factors], factor_values, y0, y1)
    if shares is None:
        return None
    split = dict.fromkeys(formula.refs, 0.0)
    for k, (factor, (v0, v1), share) in enumerate(zip(product.factors, factor_values, shares, strict=True)):
        if factor.ref is not None:
            split[factor.ref] += share
            continue
        if v1 == v0:
            continue  # an unchanged factor has no share (ln 1 = 0) to pass on
        inner = _split_part(formula.text, k, factor, start, end, owner, names)
        if inner is None:
            return None
        for ref, part in inner.items():
            split[ref] += share * part / (v1 - v0)
    return split


def _factor_values(text: str, k: int, factor: Factor, start: Values, end: Values) -> tuple[float, float]:
    if factor.ref is not None:
        return start[factor.ref], end[factor.ref]
    refs, evaluate = _part_function(text, k)
    return float(evaluate([start[r] for r in refs])), float(evaluate([end[r] for r in refs]))


def _split_part(text: str, k: int, factor: Factor, start: Values, end: Values, owner: str,
                names: Mapping[str, str]) -> dict[str, float] | None:
    """How the inputs of one factor (a part of the formula) split that factor's change."""
    linear = linear_form(factor.node)
    if linear is not None:
        return linear_split(linear.weights, start, end)
    refs, evaluate = _part_function(text, k)
    shares, _ = _shapley(evaluate, list(refs), start, end, owner, names)
    return shares


@lru_cache(maxsize=8192)
def _part_function(text: str, k: int) -> tuple[tuple[str, ...], Compiled]:
    """Factor ``k`` of a product formula as a function of its own inputs (in the order returned)."""
    node = _shape(text)[1].factors[k].node
    refs = names_in(node)
    part = Formula(text=text, tree=node, refs=refs)
    return refs, compile_formula(part, {ref: i for i, ref in enumerate(refs)})


def _shapley(evaluate: Compiled, refs: list[str], start: Values, end: Values, owner: str,
             names: Mapping[str, str]) -> tuple[dict[str, float] | None, list[str]]:
    shapley = shapley_split(evaluate, refs, [start[r] for r in refs], [end[r] for r in refs])
    if shapley is None:
        mixed = (f"The formula of '{owner}' is not a number for some mix of the two periods' inputs "
                 "(a division by zero?), so its change is not split.")
        return None, [mixed]
    notes = []
    if shapley.pooled:
        pooled = ", ".join(names.get(r, r) for r in shapley.pooled)
        notes.append(f"The formula of '{owner}' has {len(refs)} inputs; the {len(shapley.pooled)} with the "
                     f"smallest effect ({pooled}) were split as one group, in proportion to their own effects.")
    return shapley.values, notes


def _no_logs_note(product: Product, start: Values, end: Values, owner: str, names: Mapping[str, str]) -> str:
    at_zero = [names.get(f.ref, f.ref) for f in product.factors
               if f.ref is not None and start[f.ref] * end[f.ref] <= 0]
    what = (f"'{', '.join(dict.fromkeys(at_zero))}' is zero or changes sign" if at_zero
            else f"'{owner}' or a part of its formula is zero or changes sign")
    return (f"{what[0].upper()}{what[1:]} between the periods, where logarithms fail, so the change of "
            f"'{owner}' is split by Shapley values instead of the log-mean Divisia index.")
