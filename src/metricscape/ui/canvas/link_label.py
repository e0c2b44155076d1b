"""The short label on a link: the role the driver plays in its parent's formula (×, +, ÷...)."""

from __future__ import annotations

import ast

from metricscape.model import FormulaError, Link, LinkKind
from metricscape.model.formula import function_name
from metricscape.model.tree import parsed_formula

_ROLE = {ast.Mult: "×", ast.Add: "+", ast.Sub: "−", ast.Pow: "^"}


def formula_role(formula: str | None, source: str) -> str:
    """'×' when ``source`` is a factor, '+' a term, '÷' a divisor; 'ƒ' when it sits deeper."""
    if not formula:
        return "ƒ"
    try:
        tree = parsed_formula(formula).tree
    except FormulaError:  # a formula being typed may not parse yet: a neutral label will do
        return "ƒ"
    if isinstance(tree, ast.Name):
        return "="
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp):
            for side, operand in (("left", node.left), ("right", node.right)):
                if isinstance(operand, ast.UnaryOp):
                    operand = operand.operand
                if isinstance(operand, ast.Name) and operand.id == source:
                    if isinstance(node.op, ast.Div):
                        return "÷" if side == "right" else "×"
                    if isinstance(node.op, ast.Sub) and side == "left":
                        return "+"
                    return _ROLE.get(type(node.op), "ƒ")
        elif isinstance(node, ast.Call) and any(isinstance(a, ast.Name) and a.id == source for a in node.args):
            return function_name(node)
    return "ƒ"


def link_label(link: Link, parent_formula: str | None) -> str:
    if link.kind is LinkKind.FORMULA:
        return formula_role(parent_formula, link.source)
    if link.kind is LinkKind.INFLUENCE:
        return f"ε {link.elasticity:g}" if link.elasticity is not None else "ε ?"
    return "guards"


def link_tooltip(link: Link, source_name: str, target_name: str) -> str:
    if link.kind is LinkKind.FORMULA:
        return f"‘{target_name}’ is computed from ‘{source_name}’ by its formula"
    if link.kind is LinkKind.INFLUENCE:
        return (f"Influence: a 1 % rise in ‘{source_name}’ moves ‘{target_name}’ "
                f"about {link.elasticity:g} %")
    return f"Guardrail: ‘{source_name}’ watches ‘{target_name}’ for gaming"
