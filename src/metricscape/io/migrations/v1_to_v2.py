"""Format 1 -> 2: a formula's dependencies are stored once, in the formula; actuals gain sources.

Format 1 wrote every dependency twice: in the formula text (``listeners * hours``) and again as a
``"kind": "formula"`` link. The two could disagree after a hand edit or a git merge (the reader then
refused the file), and every formula edit changed two places of the diff. Format 2 keeps a formula
link in the file only when it carries something of its own (a rationale, a confidence); the plain
ones follow from the formulas on load. The new ``actuals`` fields (sources, per-metric settings,
definition labels) are optional, so nothing else needs rewriting.
"""

from __future__ import annotations

from typing import Any

from . import CHAIN, Document

_LINK_ENDS = {"source", "target", "kind"}


def is_plain_formula_link(link: Any) -> bool:
    """A formula link with nothing but its ends: the formula already says all of it."""
    return isinstance(link, dict) and link.get("kind") == "formula" and set(link) <= _LINK_ENDS


@CHAIN.step(1)
def upgrade(document: Document) -> Document:
    model = dict(document["model"])
    links = model.get("links")
    if isinstance(links, list):  # anything else is left for validation to report
        kept = [link for link in links if not is_plain_formula_link(link)]
        if kept:
            model["links"] = kept
        else:
            model.pop("links")
    return {**document, "schema_version": 2, "model": model}
