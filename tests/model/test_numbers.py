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
