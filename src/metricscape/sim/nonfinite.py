"""Finding where values stop being numbers, so a PM sees the one formula to fix."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from .plan import Plan
from .results import NonFinite


def count_nonfinite(value: Any) -> int:
    if isinstance(value, float):  # numpy's float64 too: the common case of a single evaluation
        return 0 if math.isfinite(value) else 1
    array = np.asarray(value)
    return int(array.size - np.count_nonzero(np.isfinite(array)))


def nonfinite_origins(plan: Plan, values: Sequence[Any], check: Iterable[int] | None = None,
                      names: dict[str, str] | None = None) -> list[NonFinite]:
    """The metrics that introduce non-finite values (more than any of their drivers has).

    ``check`` limits the search to these metrics and what feeds them (summaries only pay for
    what is shown); by default every metric is checked.
    """
    positions = range(len(plan)) if check is None else sorted(
        set().union(*({i} | plan.upstream(i) for i in check)) if check else set())
    counts = {i: count_nonfinite(values[i]) for i in positions}
    found: list[NonFinite] = []
    for i in positions:
        n = counts[i]
        if n == 0 or any(counts.get(d, 0) >= n for d in plan.drivers(i)):
            continue
        step = plan.steps[i]
        name = (names or {}).get(step.metric_id, step.metric_id)
        size = int(np.asarray(values[i]).size)
        from_zero = [inf for inf in step.influences if inf.child_base == 0 and count_nonfinite(values[inf.child]) < n]
        if step.formula is None and np.isnan(step.base):
            # influence links scale a baseline: without one there is nothing to scale
            message = f"'{name}' has no baseline value: enter one, or give it a formula"
        elif from_zero:
            driver = (names or {}).get(plan.ids[from_zero[0].child], plan.ids[from_zero[0].child])
            message = (f"'{name}' is not a number: it is influenced by '{driver}', whose baseline is 0, and "
                       f"'{driver}' has moved away from 0, an infinite relative change. Give '{driver}' a "
                       "baseline other than 0, or write the relation as a formula")
        else:
            share = "" if size == 1 else f" in {n:,} of {size:,} samples"
            message = (f"'{name}' is not a number{share}: its {step.explain()} divides by zero, takes the log "
                       "or square root of a negative number, or overflows; check it and its inputs")
        found.append(NonFinite(metric=step.metric_id, name=name, calculation=step.explain(), count=n, of=size,
                               message=message))
    return found
