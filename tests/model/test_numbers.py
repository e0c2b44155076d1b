import math

import pytest

from metricscape.model.numbers import change_is_good, format_change, format_value


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (1_234_567, "users", "1.23M users"),
    (0.345, "%", "34.5 %"),
    (4.2, "$", "$4.20"),
    (12_500, "", "12.5k"),
    (9_999, "", "9,999"),
    (3.14159, "hours", "3.14 hours"),
    (0.0123, "", "0.0123"),
    (1e10, "$", "$10B"),
    (-5, "€/user", "-€5.00/user"),
    (None, "users", "—"),
    (math.nan, "users", "n/a"),
    (0, "users", "0 users"),
])
def test_format_value_reads_like_a_card(value, unit, expected):
    assert format_value(value, unit) == expected


@pytest.mark.parametrize(("old", "new", "unit", "expected"), [
    (100, 102.3, "", "+2.3 %"),
    (0.30, 0.315, "%", "+1.5 pp"),
    (1, 1, "", "±0 %"),
    (100, 50, "users", "-50.0 %"),
    (10, 100, "", "+900 %"),
    (None, 1, "", ""),
])
def test_format_change_uses_points_for_rates(old, new, unit, expected):
    assert format_change(old, new, unit) == expected


def test_change_is_good_respects_direction():
    assert change_is_good(1, 2, higher_is_better=True) is True
    assert change_is_good(1, 2, higher_is_better=False) is False
    assert change_is_good(1, 1) is None


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (1e307, "%", "1e+309 %"),  # value × 100 overflowed to infinity (issue 16, item 1)
    (1.7976931348623157e308, "%", "1.8e+310 %"),
    (-1.7976931348623157e308, "$", "-$1.8e+308"),
    (1.7976931348623157e308, "users", "1.8e+308 users"),
    (10**30, "", "1e+30"),
    (5e-324, "", "4.94e-324"),  # the smallest subnormal is not "0"
    (5e-324, "%", "4.94e-322 %"),
    (2.2e-308, "$", "$2.2e-308"),
])
def test_format_value_survives_the_float_range(value, unit, expected):
    assert format_value(value, unit) == expected


@pytest.mark.parametrize(("old", "new", "unit", "expected"), [
    (-1.7976931348623157e308, 1.7976931348623157e308, "%", "a change too large to show in pp"),
    (5e-324, 1.0, "", "a change too large to show in %"),
    (1, 1e20, "", "+1e+22 %"),
    (0, 1e300, "%", "+1e+302 pp"),
])
def test_format_change_survives_the_float_range(old, new, unit, expected):
    assert format_change(old, new, unit) == expected
