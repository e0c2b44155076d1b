"""The formula language: spreadsheet-like arithmetic over metric ids, parsed without ever executing it.

Written by hand over Python's ``ast`` because every off-the-shelf evaluator we measured either
builds on ``eval`` (numexpr, sympy), has had sandbox escapes (asteval, simpleeval) or fails on
numpy arrays. The whitelist below admits numbers, metric ids, ``+ - * / ^ **``, unary minus,
comparisons (for ``if``) and a fixed table of functions; everything else is refused with a
message that names the column. The text is bounded *before* ``ast.parse``, which itself can
exhaust memory or recursion on hostile input.

Spreadsheet spellings are rewritten on the token stream first: ``^`` is power, ``5%`` is 0.05,
``if(c, a, b)`` is a function. A column map keeps error positions in the user's own text.
"""

from __future__ import annotations

import ast
import difflib
import io
import math
import re
import tokenize
import warnings
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from .errors import FormulaError

MAX_LENGTH = 1000
MAX_NODES = 500
MAX_DEPTH = 50

# name -> (min args, max args or None for any, one-line help)
FUNCTIONS: dict[str, tuple[int, int | None, str]] = {
    "min": (2, None, "smallest of its arguments"),
    "max": (2, None, "largest of its arguments"),
    "abs": (1, 1, "absolute value"),
    "sqrt": (1, 1, "square root"),
    "log": (1, 1, "natural logarithm"),
    "ln": (1, 1, "natural logarithm"),
    "log10": (1, 1, "base-10 logarithm"),
    "exp": (1, 1, "e to the power of x"),
    "round": (1, 2, "round(x) or round(x, digits)"),
    "floor": (1, 1, "round down"),
    "ceil": (1, 1, "round up"),
    "clip": (3, 3, "clip(x, low, high)"),
    "if": (3, 3, "if(condition, value if true, value if false)"),
}

_BINARY = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_UNARY = (ast.USub, ast.UAdd)
_COMPARE = (ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)
_IF_NAME = "if_"  # `if` is a Python keyword; rewritten so ast can parse it
# No ^ % # quotes, newlines or leading spaces: Python reads such text as is, without rewriting.
_PLAIN = re.compile(r"[A-Za-z0-9_.+\-*/(),<>=!][A-Za-z0-9_.+\-*/(), <>=!]*")


@dataclass(frozen=True)
class Formula:
    """A parsed, whitelisted formula. ``tree`` is safe to walk; nothing in it is ever executed."""

    text: str
    tree: ast.expr
    refs: tuple[str, ...]  # referenced metric ids, in order of first appearance
    columns: tuple[int, ...] = ()  # 1-based column of each ref's first appearance

    def check_refs(self, known: Collection[str], owner: str | None = None) -> None:
        """Raise FormulaError for the first id that is not a metric (with a suggestion)."""
        for ref, column in zip(self.refs, self.columns, strict=True):
            if ref not in known:
                raise FormulaError(_unknown_message(ref, known), column=column, formula=self.text)
        if owner is not None and owner in self.refs:
            raise FormulaError(f"the formula of '{owner}' uses '{owner}' itself", formula=self.text)


def function_name(call: ast.Call) -> str:
    name = call.func.id  # type: ignore[attr-defined]  # the whitelist admits only calls by name
    return "if" if name == _IF_NAME else name


def parse(text: str, known: Collection[str] | None = None, owner: str | None = None) -> Formula:
    """Parse and whitelist ``text``; with ``known``, also check that every id exists."""
    if not isinstance(text, str):
        raise FormulaError("a formula must be text")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"the formula is {len(text)} characters long; the limit is {MAX_LENGTH}")
    if not text.strip():
        raise FormulaError("the formula is empty")
    if _PLAIN.fullmatch(text) and "if" not in text:
        rewritten, columns = text, list(range(len(text)))  # nothing to rewrite: skip the tokenizer
    else:
        rewritten, columns = _rewrite(text)
    try:
        with warnings.catch_warnings():  # "1a" warns before it fails; the user gets our message instead
            warnings.simplefilter("ignore", SyntaxWarning)
            expression = ast.parse(rewritten, mode="eval")
    except SyntaxError as exc:
        raise _syntax_error(text, rewritten, columns, exc) from None
    except (MemoryError, RecursionError, ValueError):
        raise FormulaError("the formula is too deeply nested", formula=text) from None
    _remap_columns(expression, columns)
    refs = _Whitelist(text).check(expression.body)
    formula = Formula(text=text, tree=expression.body, refs=tuple(refs), columns=tuple(refs.values()))
    if known is not None:
        formula.check_refs(known, owner)
    return formula


def references(text: str) -> tuple[str, ...]:
    return parse(text).refs


# --- rewriting references (rename, remove a term, add a term) --------------------------------------
# On the token stream, never with regular expressions: ids inside longer names, numbers such as
# 1e-3, function names and the user's own spacing and spellings (^, 5%) all stay as they were.

_OPERAND_END = {tokenize.NAME, tokenize.NUMBER}


def _ref_tokens(text: str) -> list[tokenize.TokenInfo]:
    """The tokens of ``text`` (which must parse), one line, columns as in ``text``."""
    parse(text)
    return list(_tokens(text))


def _is_call(tokens: list[tokenize.TokenInfo], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].string == "("


def rename_refs(text: str, mapping: Mapping[str, str]) -> str:
    """``text`` with every reference to a key of ``mapping`` replaced by its value; function
    names, numbers, spacing and spreadsheet spellings are kept. Raises FormulaError when ``text``
    is not a formula."""
    tokens = _ref_tokens(text)
    out, pos = [], 0
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.NAME and tok.string in mapping and not _is_call(tokens, i):
            out += [text[pos:tok.start[1]], mapping[tok.string]]
            pos = tok.end[1]
    out.append(text[pos:])
    return "".join(out)


def remove_ref(text: str, metric_id: str) -> str | None:
    """``text`` without one term ``metric_id`` and its operator, when the term can go without
    changing what the rest means: an operand of a flat chain of + - (its value becomes 0) or of
    * / (its value becomes 1), e.g. ``a * b + c`` less ``b`` is ``a + c``. "" when the formula
    was that id alone; None when the id is woven in deeper (``a - b * c``, ``b ^ 2``, ``max(a, b)``).
    """
    tokens = _ref_tokens(text)
    if len(tokens) == 1 and tokens[0].string == metric_id:
        return ""
    for i, tok in enumerate(tokens):
        if tok.type != tokenize.NAME or tok.string != metric_id or _is_call(tokens, i):
            continue
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1].string if i + 1 < len(tokens) else ")"
        binary_before = before is not None and before.string in "+-*/" and i > 1 and \
            (tokens[i - 2].type in _OPERAND_END or tokens[i - 2].string in (")", "%"))
        if binary_before and before is not None:
            follows_ok = after in (")", ",") or (after in "+-" if before.string in "+-" else after in "+-*/")
            if follows_ok:
                cut = (tokens[i - 2].end[1], tok.end[1])  # the spaces before the operator go too
                return _checked(text, cut, metric_id)
        opens_group = before is None or before.string in ("(", ",")
        if opens_group and after in ("+", "*") and i + 2 < len(tokens):
            cut = (tok.start[1], tokens[i + 2].start[1])
            return _checked(text, cut, metric_id)
    return None


def _checked(text: str, cut: tuple[int, int], metric_id: str) -> str | None:
    candidate = (text[:cut[0]] + text[cut[1]:]).strip()
    try:
        parse(candidate)
    except FormulaError:
        return None
    return candidate


def append_term(text: str | None, operator: str, metric_id: str) -> str:
    """``text`` extended by ``operator metric_id`` (``metric_id`` alone when there is no formula);
    a sum is put in brackets before it is multiplied or divided."""
    if not text:
        return metric_id
    if operator in "*/" and any(t.type == tokenize.OP and t.string in "+-" for t in _ref_tokens(text)):
        return f"({text}) {operator} {metric_id}"
    return f"{text} {operator} {metric_id}"


# --- rewriting spreadsheet spellings -------------------------------------------------------------

def _rewrite(text: str) -> tuple[str, list[int]]:
    """Rewrite ``^``, ``N%`` and ``if`` into Python; return the text and, per output character,
    the 0-based column of the user's character it came from."""
    out: list[str] = []
    columns: list[int] = []
    pos = 0

    def emit(piece: str, column: int) -> None:
        out.append(piece)
        columns.extend([column] * len(piece))

    def copy_until(end: int) -> None:
        nonlocal pos
        for i in range(pos, end):
            emit(text[i], i)
        pos = end

    tokens = list(_tokens(text))
    pos = len(text) - len(text.lstrip())  # leading spaces would read as a Python indent
    for i, tok in enumerate(tokens):
        start, end = tok.start[1], tok.end[1]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.type == tokenize.NUMBER and following is not None and following.string == "%":
            copy_until(start)  # "5%" becomes "(5*0.01)", binding tighter than any operator
            emit("(", start)
            copy_until(end)
            emit("*0.01)", following.start[1])
            pos = following.end[1]
        elif tok.type == tokenize.OP and tok.string == "%":
            if start >= pos:
                raise FormulaError("'%' must follow a number, as in 5%", column=start + 1, formula=text)
        elif tok.type == tokenize.OP and tok.string == "^":
            copy_until(start)
            emit("**", start)
            pos = end
        elif tok.type == tokenize.NAME and tok.string == "if":
            copy_until(start)
            emit(_IF_NAME, start)
            pos = end
    copy_until(len(text))
    return "".join(out), columns


def _tokens(text: str) -> Iterable[tokenize.TokenInfo]:
    if "\n" in text or "\r" in text:
        raise FormulaError("a formula must fit on one line", formula=text)
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT,
                            tokenize.DEDENT, tokenize.COMMENT):
                if tok.type == tokenize.COMMENT:
                    raise FormulaError("'#' is not allowed in a formula", column=tok.start[1] + 1, formula=text)
                continue
            if tok.type == tokenize.STRING:
                raise FormulaError("text in quotes is not allowed in a formula", column=tok.start[1] + 1,
                                   formula=text)
            if tok.type == tokenize.ERRORTOKEN and not tok.string.isspace():
                raise FormulaError(f"unexpected character '{tok.string}'", column=tok.start[1] + 1, formula=text)
            yield tok
    except tokenize.TokenError:
        message, column = _bracket_problem(text)
        raise FormulaError(message, column=column, formula=text) from None
    except IndentationError:
        raise FormulaError("unexpected spaces at the start of the formula", column=1, formula=text) from None


def _bracket_problem(text: str) -> tuple[str, int]:
    """The message and the 1-based column it names, so the two never disagree."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return f"unmatched ')' at column {i + 1}", i + 1
    if depth > 0:
        return f"missing ')' at column {len(text) + 1}", len(text) + 1
    return "the formula ends unexpectedly", len(text) + 1


def _syntax_error(text: str, rewritten: str, columns: list[int], exc: SyntaxError) -> FormulaError:
    offset = (exc.offset or 1) - 1
    column = (columns[offset] if offset < len(columns) else len(text)) + 1
    msg = (exc.msg or "").lower()
    depth = 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return FormulaError(f"unmatched ')' at column {i + 1}", column=i + 1, formula=text)
    if depth > 0:
        return FormulaError(f"missing ')' at column {len(text) + 1}", column=len(text) + 1, formula=text)
    if "too many nested" in msg or "too complex" in msg:
        return FormulaError("the formula is too deeply nested", formula=text)
    if "forgot a comma" in msg:
        return FormulaError(f"two values stand side by side near column {column}: put an operator such as "
                            "* or + between them", column=column, formula=text)
    if rewritten.rstrip()[-1:] in "+-*/(,<>=":
        return FormulaError("the formula ends unexpectedly: something is missing after the last operator",
                            column=len(text.rstrip()) + 1, formula=text)
    near = text[column - 1:column + 9].strip() or "the end"
    return FormulaError(f"cannot read the formula near '{near}' at column {column}", column=column, formula=text)


def _remap_columns(tree: ast.AST, columns: list[int]) -> None:
    for node in ast.walk(tree):
        if hasattr(node, "col_offset"):
            offset = node.col_offset
            node.col_offset = columns[offset] if offset < len(columns) else offset


# --- the whitelist -------------------------------------------------------------------------------

class _Whitelist:
    def __init__(self, text: str) -> None:
        self.text = text
        self.nodes = 0
        self.refs: dict[str, int] = {}

    def fail(self, message: str, node: ast.AST) -> FormulaError:
        column = getattr(node, "col_offset", None)
        return FormulaError(message, column=None if column is None else column + 1, formula=self.text)

    def check(self, node: ast.expr) -> dict[str, int]:
        self.visit(node, 1)
        return self.refs

    def visit(self, node: ast.AST, depth: int) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise FormulaError(f"the formula has more than {MAX_NODES} parts; split it into helper metrics",
                               formula=self.text)
        if depth > MAX_DEPTH:
            raise FormulaError(f"the formula is nested more than {MAX_DEPTH} levels deep", formula=self.text)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise self.fail("only numbers and metric ids may appear in a formula", node)
            if isinstance(node.value, int) and abs(node.value) > 10**15:
                raise self.fail("the number is too large", node)
            if isinstance(node.value, float) and not math.isfinite(node.value):  # 1e400 reads as infinity
                raise self.fail("the number is too large", node)
        elif isinstance(node, ast.Name):
            if node.id == _IF_NAME or node.id in FUNCTIONS:
                raise self.fail(f"'{function_name_of(node.id)}' is a function: write it with brackets, "
                                f"as in {function_name_of(node.id)}(...)", node)
            self.refs.setdefault(node.id, node.col_offset + 1)
        elif isinstance(node, ast.BinOp):
            if not isinstance(node.op, _BINARY):
                raise self.fail(f"the operator {_op_symbol(node.op)} is not available; use + - * / ^", node)
            # A flat chain (a + b + c + ...) nests to the left in the ast; it is not deep for a reader.
            chained = isinstance(node.left, ast.BinOp)
            self.visit(node.left, depth if chained else depth + 1)
            self.visit(node.right, depth + 1)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, _UNARY):
                raise self.fail("only '-' and '+' may stand before a value", node)
            self.visit(node.operand, depth + 1)
        elif isinstance(node, ast.Compare):
            if len(node.ops) != 1 or not isinstance(node.ops[0], _COMPARE):
                raise self.fail("compare two values at a time with < <= > >= == !=", node)
            self.visit(node.left, depth + 1)
            self.visit(node.comparators[0], depth + 1)
        elif isinstance(node, ast.Call):
            self.visit_call(node, depth)
        elif isinstance(node, ast.Attribute):
            raise self.fail("'.' is only allowed inside numbers; metric ids use '_'", node)
        elif isinstance(node, ast.Subscript):
            raise self.fail("square brackets are not allowed in a formula", node)
        else:
            raise self.fail("this is not allowed in a formula: use numbers, metric ids, + - * / ^, "
                            "brackets and functions such as min(), max(), if()", node)

    def visit_call(self, node: ast.Call, depth: int) -> None:
        if not isinstance(node.func, ast.Name):
            raise self.fail("only the built-in functions can be called", node)
        name = function_name_of(node.func.id)
        if name not in FUNCTIONS:
            hint = difflib.get_close_matches(name, FUNCTIONS, n=1)
            suggestion = f" — did you mean '{hint[0]}'?" if hint else ""
            available = ", ".join(sorted(FUNCTIONS))
            raise self.fail(f"function '{name}' is not available{suggestion} (available: {available})", node)
        if node.keywords:
            raise self.fail(f"{name}() takes its arguments by position, without names", node)
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise self.fail(f"'*' cannot be used in the arguments of {name}()", node)
        low, high, usage = FUNCTIONS[name]
        n = len(node.args)
        if n < low or (high is not None and n > high):
            if high == low:
                expected = f"exactly {low}"
            elif high is None:
                expected = f"at least {low}"
            else:
                expected = f"{low} to {high}"
            raise self.fail(f"{name}() takes {expected} argument{'s' if (high or low) != 1 else ''}, "
                            f"not {n} ({usage})", node)
        for arg in node.args:
            self.visit(arg, depth + 1)


def function_name_of(identifier: str) -> str:
    return "if" if identifier == _IF_NAME else identifier


def _op_symbol(op: ast.operator) -> str:
    return {ast.Mod: "'%' (remainder)", ast.FloorDiv: "'//'", ast.BitXor: "'^'", ast.BitAnd: "'&'",
            ast.BitOr: "'|'", ast.LShift: "'<<'", ast.RShift: "'>>'", ast.MatMult: "'@'"}.get(type(op), "this")


def _unknown_message(name: str, known: Collection[str]) -> str:
    hint = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"unknown metric '{name}'" + (f" — did you mean '{hint[0]}'?" if hint else "")
