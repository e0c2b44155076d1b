"""Mermaid flowchart text: paste into GitHub, Notion, Confluence or any Mermaid renderer.

Ids are generated (n1, n2...) so no metric can collide with a keyword such as ``end``; every
label is double-quoted with Mermaid's entity codes for the characters that could break out.
"""

from __future__ import annotations

import json

from metricscape.model import LinkKind, MetricKind, MetricTree
from metricscape.model.numbers import format_value

from .diagram import Diagram, build_diagram
from .options import ExportOptions
from .slides.structure import operators
from .text import xml_safe

_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}
_CLASS = {MetricKind.NORTH_STAR: "northStar", MetricKind.INPUT: "input", MetricKind.PROXY: "proxy",
          MetricKind.GUARDRAIL: "guardrail"}


def escape(text: str) -> str:
    """Text safe inside a double-quoted Mermaid label: one line, entity-coded specials."""
    flat = " ".join(xml_safe(text).split())
    return "".join(_ENTITIES.get(ch, ch) for ch in flat)


def to_mermaid(tree: MetricTree, options: ExportOptions | None = None, diagram: Diagram | None = None) -> str:
    diagram = diagram or build_diagram(tree, options)
    lines = ["---", f"title: {json.dumps(diagram.title, ensure_ascii=False)}", "---", "flowchart BT"]
    metrics = tree.metrics_by_id()
    for card in diagram.cards:
        parts = [escape(card.name)]
        detail = " ".join(p for p in (card.value, card.delta) if p)
        if detail:
            parts.append(escape(detail))
        target = metrics[card.metric_id].target
        if target is not None and diagram.options.show_values:
            parts.append(escape(f"Target {format_value(target, metrics[card.metric_id].unit)}"))
        if card.owner:
            parts.append(escape(card.owner))
        lines.append(f'    {card.key}["{"<br/>".join(parts)}"]')
    tree_links = {(link.source, link.target): link for link in tree.links}
    ids = {card.key: card.metric_id for card in diagram.cards}
    joins = {m.id: operators(m.formula) for m in tree.metrics if m.formula}
    guard_links: list[int] = []
    for n, connector in enumerate(diagram.connectors):
        link = tree_links[(ids[connector.source], ids[connector.target])]
        symbol = joins.get(link.target, {}).get(link.source, "")
        lines.append(f"    {connector.source} {_arrow(link.kind, link.elasticity, symbol)} {connector.target}")
        if link.kind is LinkKind.GUARD:
            guard_links.append(n)
    palette = diagram.palette
    if guard_links:  # guard links in their own red, dotted: they watch, they do not drive
        indexes = ",".join(str(n) for n in guard_links)
        lines.append(f"    linkStyle {indexes} stroke:{palette.links[LinkKind.GUARD]},stroke-width:2px,"
                     "stroke-dasharray:3 3,color:" + palette.links[LinkKind.GUARD])
    for kind, name in _CLASS.items():
        colours = palette.kind(kind)
        lines.append(f"    classDef {name} fill:{colours.fill},stroke:{colours.border},color:{palette.text}")
    for kind, name in _CLASS.items():
        keys = [c.key for c in diagram.cards if c.kind is kind]
        if keys:
            lines.append(f"    class {','.join(keys)} {name}")
    return "\n".join(lines) + "\n"


def _arrow(kind: LinkKind, elasticity: float | None, operator: str = "") -> str:
    if kind is LinkKind.FORMULA:
        return f'-->|"{escape(operator)}"|' if operator else "-->"
    if kind is LinkKind.GUARD:
        return '-.->|"guards"|'
    return f'-.->|"elasticity {elasticity:g}"|' if elasticity is not None else "-.->"
