"""The verdict on a stated elasticity, and the sentence that says it.

supports      the stated elasticity (or some of its stated range) lies in the 90 % interval, and the
              interval excludes 0;
contradicts   the stated elasticity (its whole range) lies outside the interval;
inconclusive  the interval is too wide, or it includes 0 while the stated elasticity is not 0;
no_data       fewer periods than the estimate needs.

"Too wide" means wider than 1 elasticity unit, or than the stated elasticity itself when that is
larger: such an interval cannot tell a weak link (0.2) from a strong one (1.2), so neither
agreeing nor disagreeing with it means much.
"""

from __future__ import annotations

from metricscape.model.periods import Grain

from .results import Verdict

TOO_WIDE = 1.0
STRONG_LEVELS = 0.7     # a level correlation above this is what a chart would "show"
UNRELATED_CHANGES = 0.2  # a change correlation below this is no relation worth the name

_STEP = {Grain.DAY: "day-to-day", Grain.WEEK: "week-to-week", Grain.MONTH: "month-to-month",
         Grain.QUARTER: "quarter-to-quarter"}
_NOUN = {Grain.DAY: "day", Grain.WEEK: "week", Grain.MONTH: "month", Grain.QUARTER: "quarter"}


def is_too_wide(low: float, high: float, stated: float | None) -> bool:
    return high - low > max(TOO_WIDE, abs(stated or 0.0))


def judge(stated: float | None, stated_low: float | None, stated_high: float | None, low: float,
          high: float) -> Verdict:
    if is_too_wide(low, high, stated):
        return Verdict.INCONCLUSIVE
    excludes_zero = low > 0 or high < 0
    if stated is None:  # nothing stated (a path the model cannot compute): only whether there is a link
        return Verdict.SUPPORTS if excludes_zero else Verdict.INCONCLUSIVE
    lo, hi = (stated_low, stated_high) if stated_low is not None and stated_high is not None else (stated, stated)
    if hi < low or lo > high:
        return Verdict.CONTRADICTS
    if not excludes_zero and stated != 0:
        return Verdict.INCONCLUSIVE
    return Verdict.SUPPORTS


def periods_word(n: int, grain: Grain) -> str:
    return f"{n} {_NOUN[grain]}{'' if n == 1 else 's'}"


def _num(v: float) -> str:
    return f"{v:.2f}".replace("-0.00", "0.00")


def sentence(verdict: Verdict, *, driver: str, target: str, stated: float | None, estimate: float | None,
             low: float | None, high: float | None, periods: int, grain: Grain, periods_needed: int = 0,
             reason: str = "") -> str:
    said = "" if stated is None else f" (stated {_num(stated)})"
    if verdict is Verdict.NO_DATA:
        return (f"Not enough data yet: {reason}; {periods_word(periods_needed, grain)} more with both "
                f"{driver} and {target} are needed.")
    assert estimate is not None and low is not None and high is not None
    over = f"over {periods_word(periods, grain)}"
    interval = f"90 % interval {_num(low)} to {_num(high)}"
    if verdict is Verdict.SUPPORTS:
        return (f"The data support it: a 1 % rise in {driver} went with a {_num(estimate)} % change in "
                f"{target}{said}, {interval}, {over}.")
    if verdict is Verdict.CONTRADICTS:
        return (f"The data contradict the stated elasticity{said}: they put it at {_num(estimate)} "
                f"({interval}), {over}.")
    if is_too_wide(low, high, stated):
        return (f"Inconclusive: the data put the elasticity anywhere from {_num(low)} to {_num(high)}, "
                f"too wide to confirm or refute it{said}, {over}.")
    return (f"Inconclusive: the data cannot tell this link from no link ({interval} includes 0){said}, "
            f"{over}.")


def levels_sentence(level_corr: float | None, change_corr: float | None, verdict: Verdict, grain: Grain,
                    x_rise: bool, y_rise: bool) -> str:
    """Words for the trap a level chart sets: levels that move together while the changes do not."""
    if level_corr is None or abs(level_corr) < STRONG_LEVELS or verdict is Verdict.SUPPORTS:
        return ""
    if change_corr is not None and abs(change_corr) >= UNRELATED_CHANGES:
        return ""
    if x_rise == y_rise:
        trend = f"both trend {'up' if x_rise else 'down'}"
    else:
        trend = "one trends up and the other down"
    return (f"Their levels correlate ({level_corr:.2f}), but that is not evidence: {trend}; their "
            f"{_STEP[grain]} changes are unrelated.")
