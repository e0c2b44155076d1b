"""Turn validation errors into one plain sentence a PM can act on (never a traceback)."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from metricscape.model.errors import FormulaError, MetricscapeError

# pydantic error type -> how to finish the sentence "<Field> ..."
_ENDINGS: dict[str, str] = {
    "greater_than_equal": "must be {ge} or more",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be {le} or less",
    "less_than": "must be less than {lt}",
    "string_too_long": "is too long: keep it under {max_length} characters",
    "string_too_short": "cannot be empty",
    "string_pattern_mismatch": "may only use lowercase letters, digits and _",
    "float_parsing": "must be a number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "date_parsing": "must be a date such as 2025-01-31",
    "date_from_datetime_parsing": "must be a date such as 2025-01-31",
    "finite_number": "must be an ordinary number",
    "enum": "must be one of the listed choices",
    "missing": "is required",
}


def plain_error(exc: BaseException, labels: Mapping[str, str] | None = None) -> str:
    """One readable message; ``labels`` maps field names to the words shown on screen."""
    labels = labels or {}
    if isinstance(exc, ValidationError):
        sentences: list[str] = []
        for error in exc.errors():
            sentence = _sentence(error, labels)
            if sentence not in sentences:
                sentences.append(sentence)
        return " ".join(sentences)
    if isinstance(exc, FormulaError):
        where = f"At column {exc.column}: " if exc.column else ""
        return where + _capitalised(exc.message)
    if isinstance(exc, MetricscapeError):
        return _capitalised(_with_labels(str(exc), labels))
    return _capitalised(str(exc))


def _sentence(error: Mapping, labels: Mapping[str, str]) -> str:
    if error["type"] == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return _full_stop(_capitalised(_with_labels(message, labels)))
    names = [str(part) for part in error["loc"] if not isinstance(part, int)]
    field = labels.get(names[-1], names[-1].replace("_", " ")) if names else "This value"
    ending = _ENDINGS.get(error["type"])
    context = {key: f"{value:g}" if isinstance(value, float) else value
               for key, value in error.get("ctx", {}).items()}
    text = ending.format(**context) if ending else error["msg"].lower()
    return _full_stop(f"{_capitalised(field)} {text}")


def _with_labels(message: str, labels: Mapping[str, str]) -> str:
    # Model messages quote field names ('low'); show the label the user sees instead.
    for name, label in labels.items():
        message = message.replace(f"'{name}'", f"‘{label}’")
    return message


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _full_stop(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."
