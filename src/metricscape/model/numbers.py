"""Numbers as a PM reads them on a card or a slide: 1.2M, 34.5 %, $4.20, +2.3 %, +1.5 pp.

Convention: a metric with unit "%" stores a fraction (0.345 is shown as 34.5 %). Currency
symbols in the unit ("$", "€", "£", "¥") are written before the number; any other unit after it.
"""

from __future__ import annotations

import math

CURRENCIES = ("$", "€", "£", "¥", "USD", "EUR", "GBP")
_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
# Beyond a thousand trillion, or below a millionth, a number is shown in scientific notation
# ("1.2e+18"): fixed notation would print hundreds of digits, or round a real value to "0".
_LARGEST_FIXED = 1e15
_SMALLEST_FIXED = 1e-6


def is_rate(unit: str) -> bool:
    return unit.strip() == "%"


def _compact(value: float, digits: int = 3) -> str:
    """Three significant digits, with k/M/B/T above ten thousand."""
    magnitude = abs(value)
    if magnitude >= _LARGEST_FIXED:
        return _scientific(value, digits)
    for scale, suffix in _SUFFIXES:
        if magnitude >= scale * (10 if scale == 1e3 else 1):
            return f"{_significant(value / scale, digits)}{suffix}"
    return _significant(value, digits if magnitude >= 1 else max(digits, 2))


def _significant(value: float, digits: int) -> str:
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return "n/a"
    if not _SMALLEST_FIXED <= abs(value) < _LARGEST_FIXED:
        return _scientific(value, digits)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{min(decimals, 6)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _scientific(value: float, digits: int) -> str:
    return f"{value:.{digits}g}"


def _percent(fraction: float) -> str:
    """A fraction as a percentage number, without overflowing near the largest float (1.8e308 × 100)."""
    if abs(fraction) < 1e300:
        return _significant(fraction * 100, 3)
    mantissa, exponent = f"{fraction:.2e}".split("e")
    return f"{float(mantissa):.3g}e{int(exponent) + 2:+03d}"


def format_value(value: float | None, unit: str = "") -> str:
    """A value with its unit, compact and readable: '1.2M users', '34.5 %', '$4.20', '—' if unknown."""
    if value is None:
        return "—"
    if not math.isfinite(value):
        return "n/a"
    unit = unit.strip()
    if is_rate(unit):
        return f"{_percent(value)} %"
    currency = next((c for c in CURRENCIES if unit == c or unit.startswith((c + "/", c + " "))), None)
    if currency:
        rest = unit[len(currency):].strip()
        number = f"{abs(value):,.2f}" if 0.01 <= abs(value) < 1000 or value == 0 else _compact(abs(value))
        sign = "-" if value < 0 else ""
        symbol = currency if len(currency) == 1 else currency + " "
        separator = "" if rest.startswith("/") else " "
        return f"{sign}{symbol}{number}" + (f"{separator}{rest}" if rest else "")
    number = _compact(value)
    return f"{number} {unit}" if unit else number


def format_change(old: float | None, new: float | None, unit: str = "") -> str:
    """The change from old to new: '+2.3 %' for most metrics, '+1.5 pp' for rates."""
    if old is None or new is None or not (math.isfinite(old) and math.isfinite(new)):
        return ""
    if is_rate(unit):
        points = (new - old) * 100
        if not math.isfinite(points):  # the difference of two huge rates overflows
            return "a change too large to show in pp"
        if abs(points) >= _LARGEST_FIXED:
            return f"{points:+.3g} pp"
        return f"{points:+.1f} pp" if abs(points) >= 0.05 else "±0 pp"
    if old == 0:
        return format_value(new - old, unit) if new != old else "±0 %"
    pct = (new - old) / abs(old) * 100
    if not math.isfinite(pct):  # a change from a subnormal or to a huge number
        return "a change too large to show in %"
    if abs(pct) < 0.05:
        return "±0 %"
    if abs(pct) >= _LARGEST_FIXED:
        return f"{pct:+.3g} %"
    return f"{pct:+.1f} %" if abs(pct) < 100 else f"{pct:+,.0f} %"


def change_is_good(old: float | None, new: float | None, higher_is_better: bool = True) -> bool | None:
    """Whether a change moves a metric in its desired direction; None when it did not move."""
    if old is None or new is None or new == old or not (math.isfinite(old) and math.isfinite(new)):
        return None
    return (new > old) == higher_is_better


def target_gap(value: float | None, target: float | None, unit: str, higher_is_better: bool
               ) -> tuple[str, bool | None]:
    """'Target 40 % · +5.5 pp to go' (or '· met') and whether the target is met; the canvas card
    and the slides both say it this way."""
    if target is None:
        return "", None
    shown = format_value(target, unit)
    if value is None:
        return f"Target {shown}", None
    met = value >= target if higher_is_better else value <= target
    if met:
        return f"Target {shown} · met", True
    return f"Target {shown} · {format_change(value, target, unit)} to go", False
