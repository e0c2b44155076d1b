"""DrawingML for cards, connectors and tables, written as text and parsed once per slide.

python-pptx builds shapes attribute by attribute (about 5 ms per card with its fonts and fills);
a 1,000-metric slide would take many seconds. The XML here is what python-pptx itself writes for
a rounded rectangle, an elbow connector glued with stCxn/endCxn, and a table, minus the
``p:style`` theme references: every fill, line and font is explicit, so no theme colour appears.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from pptx.oxml import parse_xml

NAMESPACES = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_ATTR = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def text(value: str) -> str:
    return escape(value)


def attr(value: str) -> str:
    return escape(value, _ATTR)


def colour(hex_colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_colour.lstrip("#").upper()}"/></a:solidFill>'


@dataclass(frozen=True)
class Run:
    text: str
    size_pt: float
    colour: str
    bold: bool = False


def paragraph(runs: list[Run], font: str, align: str = "ctr") -> str:
    body = "".join(
        f'<a:r><a:rPr lang="en-US" sz="{round(r.size_pt * 100)}" b="{int(r.bold)}" dirty="0">{colour(r.colour)}'
        f'<a:latin typeface="{attr(font)}"/><a:cs typeface="{attr(font)}"/></a:rPr><a:t>{text(r.text)}</a:t></a:r>'
        for r in runs)
    return f'<a:p><a:pPr algn="{align}"/>{body}</a:p>'


def card(shape_id: int, name: str, x: int, y: int, cx: int, cy: int, fill: str, line: str, line_emu: int,
         inset_emu: int, paragraphs: list[str], corner: float = 0.12) -> str:
    inset = f'lIns="{inset_emu}" tIns="{inset_emu}" rIns="{inset_emu}" bIns="{inset_emu}"'
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{attr(name)}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {round(corner * 100000)}"/>'
            f'</a:avLst></a:prstGeom>{colour(fill)}<a:ln w="{line_emu}">{colour(line)}</a:ln></p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" {inset} anchor="ctr" rtlCol="0"><a:noAutofit/></a:bodyPr>'
            f'<a:lstStyle/>{"".join(paragraphs) or "<a:p/>"}</p:txBody></p:sp>')


def connector(shape_id: int, name: str, start: tuple[int, int], end: tuple[int, int],
              glue: tuple[int, int, int, int] | None, line: str, width_emu: int, dash: str | None,
              tail: str | None, geometry: str = "bentConnector3") -> str:
    """A connector from ``start`` to ``end``; ``glue`` = (start shape id, site, end shape id, site)."""
    (x1, y1), (x2, y2) = start, end
    flips = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
    cxn = (f'<a:stCxn id="{glue[0]}" idx="{glue[1]}"/><a:endCxn id="{glue[2]}" idx="{glue[3]}"/>'
           if glue else "")
    dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
    tail_xml = f'<a:tailEnd type="{tail}" w="med" len="med"/>' if tail else ""
    return (f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{attr(name)}"/><p:cNvCxnSpPr>{cxn}'
            f'</p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr><p:spPr><a:xfrm{flips}><a:off x="{min(x1, x2)}" '
            f'y="{min(y1, y2)}"/><a:ext cx="{abs(x2 - x1)}" cy="{abs(y2 - y1)}"/></a:xfrm>'
            f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom><a:ln w="{width_emu}">{colour(line)}'
            f"{dash_xml}{tail_xml}</a:ln></p:spPr></p:cxnSp>")


def table(rows: list[list[str]], widths: list[int], row_height: int, fills: list[str], font: str,
          text_colour: str, size_pt: float, margin_emu: int) -> str:
    """An ``a:tbl`` without a table style (a style would bring the theme's colours); row 0 is the header."""
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    body = []
    for r, cells in enumerate(rows):
        tcs = "".join(
            f'<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>'
            f'{paragraph([Run(cell, size_pt, text_colour, bold=r == 0 or c == 0)], font, align="l")}</a:txBody>'
            f'<a:tcPr marL="{margin_emu}" marR="{margin_emu}" marT="{margin_emu // 2}" marB="{margin_emu // 2}">'
            f"{colour(fills[r])}</a:tcPr></a:tc>"
            for c, cell in enumerate(cells))
        body.append(f'<a:tr h="{row_height}">{tcs}</a:tr>')
    return f'<a:tbl {NAMESPACES}><a:tblPr firstRow="1"/><a:tblGrid>{grid}</a:tblGrid>{"".join(body)}</a:tbl>'


def append_shapes(sp_tree: Any, fragments: list[str]) -> None:
    """Parse the shapes in one go and add them to a slide's shape tree."""
    if not fragments:
        return
    parsed = parse_xml(f"<p:spTree {NAMESPACES}>{''.join(fragments)}</p:spTree>")
    for element in list(parsed):
        sp_tree.append(element)
