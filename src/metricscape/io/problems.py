"""Turn pydantic's validation errors into a few plain sentences with JSON paths.

``model.metrics[3].baseline (metric 'wau'): should be a number, not "12k"``
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

MAX_PROBLEMS = 5

# pydantic error type -> plain words (``{input}`` is the offending value, shortened)
_PLAIN: dict[str, str] = {
    "missing": "this field is required but missing",
    "extra_forbidden": "unknown field — check its spelling, or remove it",
    "float_type": "should be a number, not {input}",
    "float_parsing": "should be a number, not {input}",
    "finite_number": "should be a finite number (NaN and Infinity are not allowed)",
    "int_type": "should be a whole number, not {input}",
    "int_parsing": "should be a whole number, not {input}",
    "int_from_float": "should be a whole number, not {input}",
    "string_type": "should be text in double quotes, not {input}",
    "bool_type": "should be true or false, not {input}",
    "bool_parsing": "should be true or false, not {input}",
    "list_type": "should be a list [...], not {input}",
    "tuple_type": "should be a list [...], not {input}",
    "model_type": "should be an object {{...}}, not {input}",
    "model_attributes_type": "should be an object {{...}}, not {input}",
    "dict_type": "should be an object {{...}}, not {input}",
    "date_from_datetime_parsing": "should be a date written as YYYY-MM-DD, not {input}",
    "date_parsing": "should be a date written as YYYY-MM-DD, not {input}",
    "date_type": "should be a date written as YYYY-MM-DD, not {input}",
    "date_from_datetime_inexact": "should be a date written as YYYY-MM-DD, not {input}",
    "greater_than_equal": "should be at least {ge}, not {input}",
    "less_than_equal": "should be at most {le}, not {input}",
    "greater_than": "should be more than {gt}, not {input}",
    "less_than": "should be less than {lt}, not {input}",
    "string_too_long": "is too long: at most {max_length} characters",
    "too_long": "has too many items: at most {max_length}",
}
_ID_FIELDS = {"id", "source", "target", "metric", "counter_metric", "a", "b"}
_PATH_IN_MESSAGE = re.compile(r"^((?:metrics|links|scenarios|simulation|info)\S*?)(?=[\s:])")


def describe(error: ValidationError, raw_model: Any, prefix: str = "model") -> tuple[str, ...]:
    """Up to ``MAX_PROBLEMS`` sentences (plus a count of the rest), one per problem."""
    problems = [_describe_one(item, raw_model, prefix) for item in error.errors(include_url=False)]
    unique = list(dict.fromkeys(problems))
    if len(unique) > MAX_PROBLEMS:
        rest = len(unique) - MAX_PROBLEMS
        unique = unique[:MAX_PROBLEMS] + [f"… and {rest} more problem{'s' if rest > 1 else ''}"]
    return tuple(unique)


def json_path(loc: tuple[int | str, ...], prefix: str = "model") -> str:
    path = prefix
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _describe_one(item: Mapping[str, Any], raw_model: Any, prefix: str) -> str:
    loc = tuple(item.get("loc", ()))
    kind = item.get("type", "")
    reason = _reason(kind, item)
    if not loc:
        # A whole-tree rule (duplicate id, unknown reference...): its message starts with the path.
        match = _PATH_IN_MESSAGE.match(reason)
        if match:
            return f"{prefix}.{reason}"
        return f"{prefix}: {reason}"
    where = json_path(loc, prefix)
    metric = _metric_id(loc, raw_model)
    if metric:
        where += f" (metric '{metric}')"
    return f"{where}: {reason}"


def _reason(kind: str, item: Mapping[str, Any]) -> str:
    template = _PLAIN.get(kind)
    context = item.get("ctx") or {}
    if template is not None:
        try:
            return template.format(input=_short(item.get("input")), **context)
        except (KeyError, IndexError, ValueError):
            pass  # a context pydantic did not give: fall back to its own words
    if kind == "string_too_short":
        minimum = context.get("min_length", 1)
        return "should not be empty" if minimum == 1 else f"should have at least {minimum} characters"
    message = str(item.get("msg", "is not valid"))
    for noise in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(noise)
    message = re.sub(r"^(Input|String|List|Tuple|Value) should", "should", message)
    if kind == "string_pattern_mismatch" and item.get("loc", ())[-1:] and item["loc"][-1] in _ID_FIELDS:
        return (f"{_short(item.get('input'))} is not a valid id: use lowercase letters, digits and "
                "underscores, starting with a letter (for example weekly_active_users)")
    if kind == "enum":
        return f"{_short(item.get('input'))} is not allowed; {message[0].lower() + message[1:]}"
    return message[0].lower() + message[1:] if message else "is not valid"


def _metric_id(loc: tuple[int | str, ...], raw_model: Any) -> str | None:
    if len(loc) >= 2 and loc[0] == "metrics" and isinstance(loc[1], int):
        try:
            candidate = raw_model["metrics"][loc[1]]["id"]
        except (KeyError, IndexError, TypeError):
            return None
        if isinstance(candidate, str) and len(candidate) <= 64:
            return candidate
    return None


def _short(value: Any, limit: int = 40) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
