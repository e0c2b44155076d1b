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

from pptx.dml.color import RGBColor
from pptx.oxml import parse_xml

from .text import xml_safe

NAMESPACES = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_ATTR = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def text(value: str) -> str:
    return escape(xml_safe(value))


def attr(value: str) -> str:
    return escape(xml_safe(value), _ATTR)


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def colour(hex_colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_colour.lstrip("#").upper()}"/></a:solidFill>'


@dataclass(frozen=True)
class Run:
    text: str
    size_pt: float
    colour: str
    bold: bool = False


def paragraph(runs: list[Run], font: str, align: str = "ctr", line_pt: float | None = None) -> str:
    body = "".join(
        f'<a:r><a:rPr lang="en-US" sz="{round(r.size_pt * 100)}" b="{int(r.bold)}" dirty="0">{colour(r.colour)}'
        f'<a:latin typeface="{attr(font)}"/><a:cs typeface="{attr(font)}"/></a:rPr><a:t>{text(r.text)}</a:t></a:r>'
        for r in runs)
    spacing = (f'<a:lnSpc><a:spcPts val="{round(line_pt * 100)}"/></a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef>'
               f'<a:spcAft><a:spcPts val="0"/></a:spcAft>' if line_pt else "")
    return f'<a:p><a:pPr algn="{align}">{spacing}</a:pPr>{body}</a:p>'


def card(shape_id: int, name: str, x: int, y: int, cx: int, cy: int, fill: str | None, line: str | None,
         line_emu: int, inset_emu: int | tuple[int, int], paragraphs: list[str], corner: float = 0.12,
         anchor: str = "ctr") -> str:
    """A rounded rectangle (``corner`` 0: a plain one) holding text; ``fill``/``line`` None: none drawn."""
    ix, iy = inset_emu if isinstance(inset_emu, tuple) else (inset_emu, inset_emu)
    inset = f'lIns="{ix}" tIns="{iy}" rIns="{ix}" bIns="{iy}"'
    fill_xml = colour(fill) if fill else "<a:noFill/>"
    line_xml = f'<a:ln w="{line_emu}">{colour(line)}</a:ln>' if line else "<a:ln><a:noFill/></a:ln>"
    return (f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{attr(name)}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
            f'<a:prstGeom prst="roundRect"><a:avLst><a:gd name="adj" fmla="val {round(corner * 100000)}"/>'
            f'</a:avLst></a:prstGeom>{fill_xml}{line_xml}</p:spPr>'
            f'<p:txBody><a:bodyPr wrap="square" {inset} anchor="{anchor}" rtlCol="0"><a:noAutofit/></a:bodyPr>'
            f'<a:lstStyle/>{"".join(paragraphs) or "<a:p/>"}</p:txBody></p:sp>')


def connector(shape_id: int, name: str, start: tuple[int, int], end: tuple[int, int],
              glue: tuple[int, int, int, int] | None, line: str, width_emu: int, dash: str | None,
              tail: str | None, geometry: str = "bentConnector3", vertical_first: bool = False,
              bend: float = 0.5) -> str:
    """A connector from ``start`` to ``end``; ``glue`` = (start shape id, site, end shape id, site).

    Elbow presets run horizontally first; ``vertical_first`` turns the preset a quarter (as
    PowerPoint does for its own top-down elbows) so the first run is vertical; ``bend`` is where
    a three-run elbow turns, as a fraction of the way.
    """
    (x1, y1), (x2, y2) = start, end
    left, top, width, height = min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
    rotation = ""
    if vertical_first and width and height:
        # Rotated shapes keep their unrotated box centred where the drawn one is: swap the sides.
        up = y2 < y1
        rotation = f' rot="{16200000 if up else 5400000}"'
        flip = (x2 < x1) if up else (x2 > x1)
        flips = ' flipV="1"' if flip else ""
        left, top = left + (width - height) // 2, top + (height - width) // 2
        width, height = height, width
    else:
        flips = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
    adjust = (f'<a:gd name="adj1" fmla="val {round(bend * 100000)}"/>'
              if geometry == "bentConnector3" else "")
    cxn = (f'<a:stCxn id="{glue[0]}" idx="{glue[1]}"/><a:endCxn id="{glue[2]}" idx="{glue[3]}"/>'
           if glue else "")
    dash_xml = f'<a:prstDash val="{dash}"/>' if dash else ""
    tail_xml = f'<a:tailEnd type="{tail}" w="med" len="med"/>' if tail else ""
    return (f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{attr(name)}"/><p:cNvCxnSpPr>{cxn}'
            f'</p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr><p:spPr><a:xfrm{rotation}{flips}><a:off x="{left}" '
            f'y="{top}"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
            f'<a:prstGeom prst="{geometry}"><a:avLst>{adjust}</a:avLst></a:prstGeom><a:ln w="{width_emu}">{colour(line)}'
            f"{dash_xml}{tail_xml}</a:ln></p:spPr></p:cxnSp>")


def table(rows: list[list[str]], widths: list[int], row_height: int | list[int], fills: list[str], font: str,
          text_colour: str, size_pt: float, margin_emu: int) -> str:
    """An ``a:tbl`` without a table style (a style would bring the theme's colours); row 0 is the header."""
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    heights = row_height if isinstance(row_height, list) else [row_height] * len(rows)
    body = []
    for r, cells in enumerate(rows):
        tcs = "".join(
            f'<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>'
            f'{paragraph([Run(cell, size_pt, text_colour, bold=r == 0 or c == 0)], font, align="l")}</a:txBody>'
            f'<a:tcPr marL="{margin_emu}" marR="{margin_emu}" marT="{margin_emu // 2}" marB="{margin_emu // 2}">'
            f"{colour(fills[r])}</a:tcPr></a:tc>"
            for c, cell in enumerate(cells))
        body.append(f'<a:tr h="{heights[r]}">{tcs}</a:tr>')
    return f'<a:tbl {NAMESPACES}><a:tblPr firstRow="1"/><a:tblGrid>{grid}</a:tblGrid>{"".join(body)}</a:tbl>'


def append_shapes(sp_tree: Any, fragments: list[str]) -> None:
    """Parse the shapes in one go and add them to a slide's shape tree."""
    if not fragments:
        return
    parsed = parse_xml(f"<p:spTree {NAMESPACES}>{''.join(fragments)}</p:spTree>")
    for element in list(parsed):
        sp_tree.append(element)
