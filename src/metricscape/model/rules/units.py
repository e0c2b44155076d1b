"""A small unit algebra over the units a model declares, to catch formulas whose units do not combine.

A unit is a product of base words with integer or fractional powers: "sessions/user" is
session¹·user⁻¹, "%" is a dimensionless fraction. The parser is forgiving because PMs write
units loosely: plurals and "per" are understood, a multi-word factor keeps its last word
("new users" and "returning users" are both users), and reporting periods in a denominator
("/week", "per month") are dropped because all metrics of a tree share a reporting period.
An empty or unreadable unit is unknown, and anything touching an unknown unit is not checked.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache

from ..formula import Formula, function_name

DIMENSIONLESS_WORDS = frozenset({"%", "percent", "pct", "fraction", "ratio", "rate", "share", "probability",
                                 "1", "x", "×"})
PERIODS = frozenset({"day", "week", "month", "quarter", "year"})
SYNONYMS = {
    "$": "$", "usd": "$", "dollar": "$", "€": "€", "eur": "€", "euro": "€", "£": "£", "gbp": "£",
    "h": "hour", "hr": "hour", "hrs": "hour", "min": "minute", "mins": "minute", "s": "second",
    "sec": "second", "secs": "second", "people": "person", "persons": "person",
}
_WORD = re.compile(r"[a-z][a-z0-9_'-]*|[$€£¥%#]")


@dataclass(frozen=True)
class Unit:
    """Base words and their powers, sorted; no powers means a dimensionless number."""

    powers: tuple[tuple[str, Fraction], ...] = ()

    @staticmethod
    def of(powers: Mapping[str, Fraction | int]) -> Unit:
        return Unit(tuple(sorted((w, Fraction(p)) for w, p in powers.items() if p != 0)))

    @property
    def dimensionless(self) -> bool:
        return not self.powers

    def __mul__(self, other: Unit) -> Unit:
        return _merge(self.powers + other.powers)

    def __truediv__(self, other: Unit) -> Unit:
        return self * other ** -1

    def __pow__(self, exponent: Fraction | float) -> Unit:
        return Unit.of({w: p * Fraction(exponent).limit_denominator(12) for w, p in self.powers})

    @property
    def degree(self) -> Fraction:
        """How many count words it multiplies, net: users × nights/booking has degree 1."""
        return sum((p for _, p in self.powers), Fraction(0))

    def same_dimension(self, other: Unit) -> bool:
        """Equal once seconds, minutes and hours are one dimension (a '/ 60' converts between them)."""
        return _time_as_one(self) == _time_as_one(other)

    def convertible_to(self, other: Unit) -> bool:
        """What a rate may have turned one count into another with (subscribers × habit rate = learners):
        the same number of count words, and the same money and time."""
        return self.same_dimension(other) or (
            self.degree == other.degree and _special(self).same_dimension(_special(other)))

    def is_simple_ratio(self) -> bool:
        """One count over another ("buyers/visitors"): a rate, acceptable where a % is declared."""
        return sorted(p for _, p in self.powers) == [-1, 1]

    def __str__(self) -> str:
        if self.dimensionless:
            return "a plain number or %"
        top = [_show(w, p, plural=True) for w, p in self.powers if p > 0]
        bottom = [_show(w, -p, plural=False) for w, p in self.powers if p < 0]
        text = " × ".join(top) or "1"
        return text + "".join(f"/{b}" for b in bottom)


DIMENSIONLESS = Unit()
TIME_WORDS = frozenset({"second", "minute", "hour"})
MONEY = frozenset({"$", "€", "£", "¥"})


def _special(unit: Unit) -> Unit:
    """Only the money and time in a unit: what no conversion rate can create."""
    return Unit(tuple((w, p) for w, p in unit.powers if w in MONEY or w in TIME_WORDS))


def _time_as_one(unit: Unit) -> Unit:
    return _merge((("time" if w in TIME_WORDS else w), p) for w, p in unit.powers)


def _merge(pairs: Iterable[tuple[str, Fraction]]) -> Unit:
    merged: dict[str, Fraction] = {}
    for word, power in pairs:
        merged[word] = merged.get(word, Fraction(0)) + power
    return Unit.of(merged)


def _show(word: str, power: Fraction, plural: bool) -> str:
    name = word + "s" if plural and len(word) > 1 and not word.endswith("s") else word
    return name if power == 1 else f"{name}^{power}"


def _singular(word: str) -> str:
    if word in SYNONYMS:
        return SYNONYMS[word]
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return SYNONYMS.get(word, word)


@lru_cache(maxsize=4096)
def parse_unit(text: str | None) -> Unit | None:
    """The unit a metric declares, or None when it is empty or cannot be read (then nothing is checked)."""
    if text is None or not text.strip():
        return None
    normalized = re.sub(r"\bper\b", "/", text.strip().lower())
    parts = normalized.split("/")
    if any(not part.strip() for part in parts):
        return None
    unit = DIMENSIONLESS
    for index, part in enumerate(parts):
        factor = _factor(part, in_denominator=index > 0)
        if factor is None:
            return None
        unit = unit * factor if index == 0 else unit / factor
    return unit


def _factor(part: str, in_denominator: bool) -> Unit | None:
    unit = DIMENSIONLESS
    for chunk in re.split(r"[*×·]|\bx\b", part):
        words = _WORD.findall(chunk)
        if not words:
            if chunk.strip():
                return None
            continue
        word = _singular(_head_noun(words))
        if word in DIMENSIONLESS_WORDS or (in_denominator and word in PERIODS):
            continue
        unit = unit * Unit.of({word: 1})
    return unit


def _head_noun(words: list[str]) -> str:
    """The noun of a factor: the last word ("active projects"), past a trailing participle ("nights booked")."""
    nouns = [w for w in words if not (len(w) > 3 and w.endswith("ed"))]
    return (nouns or words)[-1]


# --- inferring a formula's unit ------------------------------------------------------------------

@dataclass(frozen=True)
class _Inferred:
    unit: Unit | None  # None: unknown, not checked further
    free: bool = False  # a bare number: fits any unit in a sum (1 - churn_rate)
    converted: bool = False  # a count times a rate: may now count something else


_UNKNOWN = _Inferred(None)
_FREE = _Inferred(DIMENSIONLESS, free=True)


@dataclass(frozen=True)
class UnitProblem:
    message: str
    column: int | None = None


@dataclass
class UnitCheck:
    """The unit a formula yields (None if unknown) and the places where units do not combine."""

    unit: Unit | None
    problems: list[UnitProblem] = field(default_factory=list)
    converts: bool = False  # multiplies a count by a rate, which may turn one count into another


def infer_unit(formula: Formula, unit_of: Callable[[str], Unit | None]) -> UnitCheck:
    """Walk the whitelisted formula tree; ``unit_of(metric_id)`` gives each input's declared unit."""
    walker = _Walker(formula.text, unit_of)
    result = walker.visit(formula.tree)
    return UnitCheck(result.unit, walker.problems, walker.converts)


class _Walker:
    def __init__(self, text: str, unit_of: Callable[[str], Unit | None]) -> None:
        self.text = text
        self.unit_of = unit_of
        self.problems: list[UnitProblem] = []
        self.converts = False

    def visit(self, node: ast.expr) -> _Inferred:
        if isinstance(node, ast.Constant):
            return _FREE
        if isinstance(node, ast.Name):
            return _Inferred(self.unit_of(node.id))
        if isinstance(node, ast.UnaryOp):
            return self.visit(node.operand)
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Compare):
            self.same(node, [node.left, node.comparators[0]], "compares")
            return _FREE
        if isinstance(node, ast.Call):
            return self.call(node)
        return _UNKNOWN

    def binary(self, node: ast.BinOp) -> _Inferred:
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return self.same(node, [node.left, node.right], "adds" if isinstance(node.op, ast.Add) else "subtracts")
        left, right = self.visit(node.left), self.visit(node.right)
        if isinstance(node.op, ast.Pow):
            if left.free:
                return _FREE
            exponent = _constant(node.right)
            if exponent is not None and left.unit is not None:
                return _Inferred(left.unit ** exponent)
            return _UNKNOWN if left.unit is None or not left.unit.dimensionless else left
        if left.free and right.free:
            return _FREE
        if left.unit is None or right.unit is None:
            return _UNKNOWN
        converted = left.converted or right.converted or (
            isinstance(node.op, ast.Mult) and not (left.free or right.free)
            and left.unit.dimensionless != right.unit.dimensionless)  # searchers × booking rate = bookings
        self.converts = self.converts or converted
        unit = left.unit * right.unit if isinstance(node.op, ast.Mult) else left.unit / right.unit
        return _Inferred(unit, converted=converted)

    def same(self, node: ast.expr, operands: list[ast.expr], verb: str) -> _Inferred:
        """Operands that are added, compared or chosen between must share one unit."""
        results = [(operand, self.visit(operand)) for operand in operands]
        known = [(operand, r) for operand, r in results if not r.free]
        if not known:
            return _FREE
        if any(r.unit is None for _, r in known):
            return _UNKNOWN
        (first_node, first), *rest = known
        for other_node, other in rest:
            mine, theirs = first.unit, other.unit
            assert mine is not None and theirs is not None  # unknown units returned above
            fits = mine.convertible_to(theirs) if first.converted or other.converted else mine.same_dimension(theirs)
            if not fits:
                self.problems.append(UnitProblem(
                    f"'{_source(self.text, node)}' {verb} {_describe(first.unit)} ({_source(self.text, first_node)}) "
                    f"and {_describe(other.unit)} ({_source(self.text, other_node)}), which do not combine",
                    column=node.col_offset + 1))
                return _UNKNOWN
        return _Inferred(first.unit, converted=any(r.converted for _, r in known))

    def call(self, node: ast.Call) -> _Inferred:
        name = function_name(node)
        if name in ("min", "max", "clip"):
            return self.same(node, list(node.args), "chooses between")
        if name == "if":
            self.visit(node.args[0])
            return self.same(node, list(node.args[1:]), "chooses between")
        if name in ("abs", "round", "floor", "ceil"):
            return self.visit(node.args[0])
        if name == "sqrt":
            inner = self.visit(node.args[0])
            return inner if inner.free or inner.unit is None else _Inferred(inner.unit ** Fraction(1, 2))
        for arg in node.args:  # log, exp: the result is a plain number whatever goes in
            self.visit(arg)
        return _Inferred(DIMENSIONLESS)


def _constant(node: ast.expr) -> float | None:
    """A plain, reasonable number (2, -1, 0.5) as an exponent; None for anything else."""
    sign = 1
    while isinstance(node, ast.UnaryOp):
        sign = -sign if isinstance(node.op, ast.USub) else sign
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and abs(node.value) <= 100:
        return sign * node.value
    return None


def _describe(unit: Unit | None) -> str:
    if unit is None:
        return "an unknown unit"
    return "a %" if unit.dimensionless else str(unit)


def _source(text: str, node: ast.expr) -> str:
    """A node written back the way a user would type it (if, ^), for the message."""
    return ast.unparse(node).replace("if_(", "if(").replace("**", "^")
