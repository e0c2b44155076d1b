"""Graphviz DOT text: ``dot -Tsvg tree.dot`` lays the tree out bottom-up, the north star on top."""

from __future__ import annotations

from metricscape.model import LinkKind, MetricTree

from .diagram import FONT_FAMILY, Diagram, build_diagram
from .options import ExportOptions
from .text import xml_safe


def quote(text: str) -> str:
    """A DOT double-quoted string. Backslashes first, so a user's ``\\n`` stays literal text."""
    flat = " ".join(xml_safe(text).split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(lines: list[str]) -> str:
    # Each piece is escaped on its own; the line breaks between them are DOT's centred "\n".
    return "\\n".join(quote(line)[1:-1] for line in lines if line)


def to_dot(tree: MetricTree, options: ExportOptions | None = None, diagram: Diagram | None = None) -> str:
    diagram = diagram or build_diagram(tree, options)
    palette = diagram.palette
    font = quote(FONT_FAMILY)
    out = [
        "digraph metric_tree {",
        (f"    graph [rankdir=BT, labelloc=t, fontsize=20, fontname={font}, label={quote(diagram.title)}, "
         f'bgcolor="{palette.background}", fontcolor="{palette.text}"];'),
        (f'    node [shape=box, style="rounded,filled", fontname={font}, fontsize=11, '
         f'fontcolor="{palette.text}", width=2.3];'),
        f"    edge [fontname={font}, fontsize=9, arrowsize=0.7];",
    ]
    for card in diagram.cards:
        colours = palette.kind(card.kind)
        detail = " ".join(p for p in (card.value, card.delta) if p)
        label = _label([card.name, detail, card.owner])
        out.append(f'    {card.key} [label="{label}", fillcolor="{colours.fill}", color="{colours.border}", '
                   f"tooltip={quote(card.metric_id)}];")
    links = {(link.source, link.target): link for link in tree.links}
    ids = {card.key: card.metric_id for card in diagram.cards}
    for connector in diagram.connectors:
        link = links[(ids[connector.source], ids[connector.target])]
        colour = palette.links[link.kind]
        attrs = [f'color="{colour}"']
        if link.kind is LinkKind.INFLUENCE:
            attrs.append("style=dashed")
            if link.elasticity is not None:
                attrs.append(f'label="{link.elasticity:g}", fontcolor="{palette.muted}"')
        elif link.kind is LinkKind.GUARD:
            attrs += ["style=dotted", "constraint=false", 'arrowhead=odot']
        out.append(f"    {connector.source} -> {connector.target} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"
