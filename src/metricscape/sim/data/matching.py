"""Which metric a name in a data file means: its id or its name, ignoring case, spaces and '_'/'-'.

Hand-written because it is a dictionary lookup; ``difflib`` gives the suggestions for names that
match nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from metricscape.model import MetricTree

_IGNORED = re.compile(r"[\s_\-]+")


def normalise(name: str) -> str:
    return _IGNORED.sub("", name.casefold())


class AmbiguousName(ValueError):
    def __init__(self, name: str, metrics: list[str]) -> None:
        self.name, self.metrics = name, metrics
        super().__init__(name)


@dataclass(frozen=True)
class MetricMatcher:
    tree: MetricTree
    picks: Mapping[str, str]  # names chosen by hand (the source's ``names``): they win

    def match(self, name: str) -> str | None:
        """The metric id ``name`` means, None when none (raises AmbiguousName for two)."""
        if name in self.picks:
            return self.picks[name]
        key = normalise(name)
        found = list(dict.fromkeys(m.id for m in self.tree.metrics if key in (normalise(m.id), normalise(m.name))))
        if len(found) > 1:
            raise AmbiguousName(name, found)
        return found[0] if found else None

    def suggestions(self, name: str, limit: int = 3) -> list[str]:
        """Metric ids whose id or name looks like ``name``, best first."""
        by_key: dict[str, str] = {}
        for metric in self.tree.metrics:
            by_key.setdefault(normalise(metric.name), metric.id)
            by_key.setdefault(normalise(metric.id), metric.id)
        close = difflib.get_close_matches(normalise(name), list(by_key), n=limit * 2, cutoff=0.6)
        return list(dict.fromkeys(by_key[key] for key in close))[:limit]
