"""Whole numbers beyond 2^53 written back with the digits the user typed.

A baseline such as ``9007199254740993`` (2^53 + 1) has no exact float: stored as one, a re-save
would silently write ``9007199254740992``. Every calculation works on floats, so the value stays
a float, but one that remembers the integer it was read from; the file writer puts that integer
back. Only whole numbers a float cannot hold are wrapped; every other number is a plain float.
"""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import PlainSerializer, SerializationInfo, ValidatorFunctionWrapHandler, WrapValidator

_EXACT_LIMIT = 2**53  # every whole number up to this is exactly a float


class ExactInt(float):
    """A float that also holds the exact whole number it stands for."""

    whole: int

    def __new__(cls, whole: int) -> Self:
        value = super().__new__(cls, whole)  # OverflowError beyond ±1.8e308: validated before
        value.whole = whole
        return value

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle keep the digits
        return (ExactInt, (self.whole,))


def _keep_digits(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    if isinstance(value, ExactInt):
        return value
    number = handler(value)  # refuses text, NaN and numbers beyond the float range as before
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _EXACT_LIMIT:
        return ExactInt(value)
    return number


def _as_written(value: float, info: SerializationInfo) -> float | int:
    return value.whole if isinstance(value, ExactInt) and info.mode_is_json() else value


ExactNumber = Annotated[float, WrapValidator(_keep_digits), PlainSerializer(_as_written)]
