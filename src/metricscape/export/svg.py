"""Slide-shaped SVG files, written from the slide layout engine without Qt.

A ``viewBox`` and no physical size, so the drawing scales to its container. Centred text is
anchored at its centre (``text-anchor="middle"``), so even a viewer that ignores the embedded
font keeps every line inside its card (cards are sized for the widest fallback font). With
``SvgText.OUTLINE`` every glyph is a path: identical everywhere, but no longer selectable text.
The subset of Inter the slides use is embedded with fontTools (Inter is under the SIL Open Font
License, which allows embedding; the subset keeps its name table and licence).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from xml.sax.saxutils import escape

# fontTools ships no type hints
from fontTools import subset  # type: ignore[import-untyped]
from fontTools.pens.svgPathPen import SVGPathPen  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from metricscape.model import LinkKind, MetricTree

from .options import MAX_IMAGE_FILES, ExportOptions, ImageShape, SvgText, image_cap_note
from .slides import Box, Line, Slide, build_deck
from .slides.content import PAD_X
from .slides.geometry import LINE_HEIGHT
from .slides.text import clean, slide_text

FAMILY = "Inter"
FALLBACKS = "'Inter', Arial, 'Helvetica Neue', 'DejaVu Sans', sans-serif"
_FONT_FILES = {False: "Inter-Regular.ttf", True: "Inter-Bold.ttf"}
_DASH = {LinkKind.FORMULA: "", LinkKind.INFLUENCE: ' stroke-dasharray="5 3"', LinkKind.GUARD: ' stroke-dasharray="1.5 2.5"'}
_LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF")  # ligatures, kerning and their glyph classes
BASELINE = 0.97       # Inter's ascent in em: where the baseline sits below the top of a line's glyphs


def slide_paths(path: Path, count: int) -> list[Path]:
    """tree.svg, tree-2.svg, ... for a deck of ``count`` slides."""
    return [path] + [path.with_name(f"{path.stem}-{n}{path.suffix}") for n in range(2, count + 1)]


def write_svg(tree: MetricTree, path: Path, options: ExportOptions) -> None:
    deck = build_deck(tree, options, fit=options.image_shape is ImageShape.FIT)
    options.warnings.extend(deck.warnings)
    outline = options.svg_text is SvgText.OUTLINE
    css = "" if outline else font_face_css("".join(_all_text(deck.slides[:MAX_IMAGE_FILES])))
    slides = deck.slides[:MAX_IMAGE_FILES]
    paths = slide_paths(path, len(slides))
    for slide, target in zip(slides, paths, strict=True):
        target.write_text(slide_svg(slide, css, outline=outline, transparent=options.transparent), encoding="utf-8")
    if len(paths) > 1:
        options.warnings.append(f"The tree is on {len(paths)} slides so every name stays readable: wrote "
                                f"{paths[0].name} (the overview) to {paths[-1].name}.")
    if len(deck.slides) > MAX_IMAGE_FILES:
        options.warnings.append(image_cap_note(len(deck.slides)))


def _all_text(slides: Iterable[Slide]) -> Iterable[str]:
    for slide in slides:
        for line in _lines(slide):
            yield line.text


def _lines(slide: Slide) -> Iterable[Line]:
    for card in slide.cards:
        yield from card.lines
    for label in (slide.title, slide.subtitle, *slide.labels):
        if label is not None:
            yield from label.lines


def slide_svg(slide: Slide, font_css: str = "", *, outline: bool = False, transparent: bool = False) -> str:
    title = escape(slide_text(slide.title.lines[0].text if slide.title.lines else "Metric tree"))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {slide.width:g} {slide.height:g}" role="img">',
           f"<title>{title}</title><desc>{escape(clean(slide.alt_text))}</desc>",
           f"<style>{font_css}text{{font-family:{FALLBACKS};white-space:pre}}</style>", _markers(slide)]
    if not transparent:
        out.append(f'<rect width="{slide.width:g}" height="{slide.height:g}" fill="{slide.background}"/>')
    text = _Text(outline)
    for c in slide.connectors:
        points = " ".join(f"{x:.2f},{y:.2f}" for x, y in c.points)
        out.append(f'<polyline points="{points}" fill="none" stroke="{c.colour}" stroke-width="{c.width:g}"'
                   f'{_DASH[c.kind]} marker-end="url(#end-{c.kind.value}-{c.colour[1:]})"/>')
    for card in slide.cards:
        out.append(_rect(card.box, card.fill, card.border, card.border_width, min(card.box.w, card.box.h) * 0.1))
        out.append(text.lines(card.lines, card.box, "ctr", middle=True))
    for label in (slide.title, slide.subtitle, *slide.labels):
        if label is None:
            continue
        if label.fill is not None:
            out.append(_rect(label.box, label.fill, label.border or label.fill, 0.75, label.box.h * 0.3))
        out.append(text.lines(label.lines, label.box, label.align, middle=label.fill is not None))
    for swatch in slide.swatches:
        b = swatch.box
        if swatch.kind is not None:
            example = next((c for c in slide.cards if c.kind is swatch.kind), None)
            if example is not None:
                out.append(_rect(b, example.fill, example.border, 1.0, 2.0))
        elif swatch.link is not None:
            colour = next((c.colour for c in slide.connectors if c.kind is swatch.link), "#888888")
            out.append(f'<polyline points="{b.x:.2f},{b.cy:.2f} {b.right:.2f},{b.cy:.2f}" fill="none" '
                       f'stroke="{colour}" stroke-width="1.25"{_DASH[swatch.link]} '
                       f'marker-end="url(#end-{swatch.link.value}-{colour[1:]})"/>')
    out.append(text.defs())
    out.append("</svg>")
    return "\n".join(part for part in out if part) + "\n"


def _rect(box: Box, fill: str, stroke: str, width: float, radius: float) -> str:
    return (f'<rect x="{box.x:.2f}" y="{box.y:.2f}" width="{box.w:.2f}" height="{box.h:.2f}" rx="{radius:.2f}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{width:g}"/>')


def _markers(slide: Slide) -> str:
    """Arrowheads (a dot for guard links) in each colour the slide's links use."""
    seen = {(c.kind, c.colour) for c in slide.connectors}
    seen |= {(s.link, next((c.colour for c in slide.connectors if c.kind is s.link), "#888888"))
             for s in slide.swatches if s.link is not None}
    parts = []
    for kind, colour in sorted(seen, key=lambda kc: (kc[0].value, kc[1])):
        shape = ('<circle cx="3" cy="3" r="2.6"' if kind is LinkKind.GUARD
                 else '<path d="M0,0 L7,3 L0,6 z"')
        ref = "3" if kind is LinkKind.GUARD else "6"
        parts.append(f'<marker id="end-{kind.value}-{colour[1:]}" viewBox="0 0 7 6" markerWidth="7" markerHeight="6" '
                     f'refX="{ref}" refY="3" orient="auto" markerUnits="userSpaceOnUse">{shape} fill="{colour}"/>'
                     "</marker>")
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


class _Text:
    """Lines of runs as ``<text>`` (or, outlined, as glyph paths defined once and reused)."""

    def __init__(self, outline: bool) -> None:
        self.outline = outline
        self.glyphs: dict[tuple[bool, str], str] = {}
        self.ids: dict[tuple[bool, str], str] = {}

    def lines(self, lines: tuple[Line, ...], box: Box, align: str, *, middle: bool) -> str:
        total = sum(line.size * LINE_HEIGHT for line in lines)
        top = box.y + (box.h - total) / 2 if middle else box.y
        out = []
        for line in lines:
            height = line.size * LINE_HEIGHT
            baseline = top + (height - line.size * 1.21) / 2 + line.size * BASELINE
            anchor_x = box.cx if align == "ctr" else box.x + (0.0 if not middle else PAD_X)
            if self.outline:
                out.append(self._outlined(line, anchor_x, baseline, centred=align == "ctr"))
            else:
                spans = "".join(f'<tspan font-size="{r.size:g}" font-weight="{700 if r.bold else 400}" '
                                f'fill="{r.colour}">{escape(clean(r.text))}</tspan>' for r in line.runs)
                anchor = ' text-anchor="middle"' if align == "ctr" else ""
                out.append(f'<text x="{anchor_x:.2f}" y="{baseline:.2f}"{anchor}>{spans}</text>')
            top += height
        return "\n".join(out)

    def _outlined(self, line: Line, x: float, baseline: float, *, centred: bool) -> str:
        widths = [_advance(r.text, r.bold) * r.size for r in line.runs]
        x = x - sum(widths) / 2 if centred else x
        out = []
        for run, width in zip(line.runs, widths, strict=True):
            font = _ttfont(run.bold)
            scale = run.size / font["head"].unitsPerEm
            cmap = font.getBestCmap()
            pen_x = x
            uses = []
            for char in run.text:
                name = cmap.get(ord(char), ".notdef")
                key = (run.bold, name)
                if key not in self.glyphs:
                    self.glyphs[key] = _glyph_path(run.bold, name)
                    self.ids[key] = f"g{len(self.ids)}"
                if self.glyphs[key]:
                    uses.append(f'<use href="#{self.ids[key]}" transform="translate({pen_x:.2f} {baseline:.2f}) '
                                f'scale({scale:.5f} {-scale:.5f})"/>')
                pen_x += font["hmtx"][name][0] * scale
            out.append(f'<g fill="{run.colour}">{"".join(uses)}</g>')
            x += width
        return "".join(out)

    def defs(self) -> str:
        if not self.glyphs:
            return ""
        paths = "".join(f'<path id="{self.ids[key]}" d="{d}"/>' for key, d in self.glyphs.items() if d)
        return f"<defs>{paths}</defs>"


@cache
def _ttfont(bold: bool) -> TTFont:
    with (files("metricscape") / "resources" / "fonts" / _FONT_FILES[bold]).open("rb") as handle:
        return TTFont(io.BytesIO(handle.read()))


def _advance(text: str, bold: bool) -> float:
    """Width of ``text`` in em, from the font's advances."""
    font = _ttfont(bold)
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    return float(sum(metrics[cmap.get(ord(c), ".notdef")][0] for c in text) / font["head"].unitsPerEm)


@cache
def _glyph_path(bold: bool, name: str) -> str:
    glyphs = _ttfont(bold).getGlyphSet()
    pen = SVGPathPen(glyphs)
    glyphs[name].draw(pen)
    return str(pen.getCommands())


def font_face_css(text: str) -> str:
    """@font-face rules for regular and bold Inter, holding only the characters of ``text``."""
    return _css("".join(sorted(set(text) | set("0123456789"))))


@cache
def _css(chars: str) -> str:
    rules = []
    for bold, name in _FONT_FILES.items():
        encoded = base64.b64encode(_subset(name, chars)).decode("ascii")
        rules.append(f"@font-face{{font-family:'{FAMILY}';font-weight:{700 if bold else 400};"
                     f"src:url(data:font/ttf;base64,{encoded}) format('truetype')}}")
    return "".join(rules)


def _subset(name: str, chars: str) -> bytes:
    with (files("metricscape") / "resources" / "fonts" / name).open("rb") as handle:
        font = TTFont(io.BytesIO(handle.read()))
    for tag in _LAYOUT_TABLES:  # dropped below, but fontTools would first parse them all (0.25 s a font)
        if tag in font:
            del font[tag]
    options = subset.Options()
    options.name_IDs = ["*"]  # keep the family name and the licence
    # Without kerning, ligature and hinting tables the subset is half the size and twice as fast to
    # make; lines are anchored at their centre, so kerning would not move anything anyway.
    options.layout_features = []
    options.drop_tables += list(_LAYOUT_TABLES)
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
