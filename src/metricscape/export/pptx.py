"""An editable PowerPoint deck: the tree slides of the slide layout engine as native shapes glued
by connectors, then the tornado chart, "why it moved", the metric table and the evidence.

Every fill, line and font is set explicitly so no theme colour leaks in. Connectors are glued to
the cards (``stCxn``/``endCxn``, what python-pptx's begin_connect/end_connect write; sites 0 top,
1 left, 2 bottom, 3 right): moving a card in PowerPoint keeps its arrows attached. Sizes come from
the layout engine in points, so text is never smaller than 12 pt (names) and 10 pt (details).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.util import Emu

from metricscape.model import LinkKind, MetricTree

from . import pptx_xml as xml
from .charts_pptx import table_slides, tornado_slide
from .options import ExportOptions
from .palette import Palette
from .slides import Deck, Label, Slide, build_deck
from .slides.content import PAD_X, PAD_Y
from .slides.geometry import LINE_HEIGHT, Line
from .slides.text import clean
from .values import MetricValues, compute_values

EMU_PER_PT = 12700
MAX_TREE_SLIDES = 200  # no one presents more; python-pptx takes ~15 ms and 0.25 MB per slide
FONT_FAMILY = "Arial"        # on every PowerPoint machine; the layout measures text for wider fonts
_DASH = {LinkKind.FORMULA: None, LinkKind.INFLUENCE: "dash", LinkKind.GUARD: "sysDot"}
_TAIL = {LinkKind.FORMULA: "triangle", LinkKind.INFLUENCE: "triangle", LinkKind.GUARD: "oval"}
_GEOMETRY = {2: "straightConnector1", 3: "bentConnector2", 4: "bentConnector3"}


def emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def to_pptx(tree: MetricTree, path: str | Path | io.BytesIO, options: ExportOptions | None = None) -> list[str]:
    """Write the deck; returns plain-language notes for the user (e.g. how the tree was split)."""
    options = options or ExportOptions()
    values = deck_values(tree, options)
    deck = build_deck(tree, options, values)
    prs = Presentation()
    width, height = deck.slides[0].width, deck.slides[0].height
    prs.slide_width, prs.slide_height = Emu(emu(width)), Emu(emu(height))
    for slide in deck.slides[:MAX_TREE_SLIDES]:
        write_tree_slide(prs, slide)
    notes = deck.warnings + _split_note(deck)
    if len(deck.slides) > MAX_TREE_SLIDES:
        notes.append(f"The tree needs {len(deck.slides):,} slides; the deck holds the first {MAX_TREE_SLIDES} "
                     "(the overview and the branches nearest the north star). Collapse branches you do not "
                     "present, or show less on each card, for a deck that covers everything.")
    for section in _after_the_tree(tree, options, values):
        section.write(prs, deck.palette, (width, height), notes)
    prs.save(str(path) if isinstance(path, Path) else path)
    return notes


@dataclass(frozen=True)
class _Section:
    """Slides the deck adds after the tree's."""

    words: str  # what the export preview calls it
    write: Callable[[Any, Palette, tuple[float, float], list[str]], None]  # (deck, palette, size, notes)


def deck_values(tree: MetricTree, options: ExportOptions) -> MetricValues:
    """The numbers a deck shows, the tornado's included when the deck has one (as ``to_pptx`` reads them)."""
    return compute_values(tree, options.scenario, with_tornado=options.include_tornado)


def after_the_tree(tree: MetricTree, options: ExportOptions, values: MetricValues) -> list[str]:
    """What the deck adds after the tree slides (``values`` from ``deck_values``), in the export
    preview's words (it draws the tree slides only). The same list ``to_pptx`` writes from, so the
    two cannot disagree."""
    return [section.words for section in _after_the_tree(tree, options, values)]


def _after_the_tree(tree: MetricTree, options: ExportOptions, values: MetricValues) -> list[_Section]:
    from .evidence_slide import (  # the evidence slides (issue 13)
        add_evidence_slides,
        has_evidence_slides,
    )

    sections = []
    if options.include_tornado and values.tornado:
        sections.append(_Section("the tornado chart", lambda prs, palette, size, notes:
                                 tornado_slide(prs, tree, values, palette, size)))
    if options.explain:  # "Why it moved" (issue 12)
        explain = options.explain

        def write_explain(prs: Any, palette: Palette, size: tuple[float, float], notes: list[str]) -> None:
            from .explain_choice import explanation_for
            from .explain_slide import add_explain_slide

            add_explain_slide(prs, tree, explanation_for(tree, explain), palette)

        sections.append(_Section("why it moved", write_explain))
    if options.include_table and tree.metrics:
        sections.append(_Section("the metric table", lambda prs, palette, size, notes:
                                 notes.extend(table_slides(prs, tree, values, palette, size))))
    if has_evidence_slides(tree):
        sections.append(_Section("the evidence for each link", lambda prs, palette, size, notes:
                                 add_evidence_slides(prs, tree, palette, notes)))
    return sections


def _split_note(deck: Deck) -> list[str]:
    if len(deck.slides) == 1:
        return []
    return [(f"The tree is on {len(deck.slides)} slides (an overview, then one per branch) so every name stays "
             "readable; for fewer slides, show less on each card or collapse the branches you do not present.")]


def blank_slide(prs: Any, background: str) -> Any:
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # the "Blank" layout: no placeholders
    fill = slide.background.fill
    fill.solid()
    fill.fore_color.rgb = xml.rgb(background)
    return slide


def _paragraphs(lines: tuple[Line, ...], align: str) -> list[str]:
    return [xml.paragraph([xml.Run(clean(r.text), r.size, r.colour, r.bold)
                           for r in line.runs], FONT_FAMILY, align=align, line_pt=line.size * LINE_HEIGHT)
            for line in lines]


def label_xml(shape_id: int, label: Label) -> str:
    b = label.box
    return xml.card(shape_id, label.name, emu(b.x), emu(b.y), emu(b.w), emu(b.h), label.fill, label.border,
                    emu(0.75), (0, 0), _paragraphs(label.lines, label.align), corner=0.3 if label.fill else 0.0,
                    anchor="ctr" if label.fill else "t")


def write_tree_slide(prs: Any, slide: Slide) -> None:
    out = blank_slide(prs, slide.background)
    next_id = max((s.shape_id for s in out.shapes), default=1) + 1
    fragments = [label_xml(next_id, slide.title)]
    next_id += 1
    if slide.subtitle is not None:
        fragments.append(label_xml(next_id, slide.subtitle))
        next_id += 1
    ids: dict[str, int] = {}
    for card in slide.cards:
        ids[card.metric_id] = next_id
        b = card.box
        fragments.append(xml.card(next_id, f"Card {card.metric_id}", emu(b.x), emu(b.y), emu(b.w), emu(b.h),
                                  card.fill, card.border, emu(card.border_width), (emu(PAD_X), emu(PAD_Y)),
                                  _paragraphs(card.lines, "ctr"), corner=0.1))
        next_id += 1
    for link in slide.connectors:
        start, end = link.points[0], link.points[-1]
        glue = (ids[link.source], link.start_site, ids[link.target], link.end_site)
        fragments.append(xml.connector(
            next_id, f"Link {link.source} to {link.target}", (emu(start[0]), emu(start[1])),
            (emu(end[0]), emu(end[1])), glue, link.colour, emu(link.width), _DASH[link.kind], _TAIL[link.kind],
            geometry=_GEOMETRY[len(link.points)], vertical_first=link.vertical_first, bend=link.bend))
        next_id += 1
    for label in slide.labels:
        fragments.append(label_xml(next_id, label))
        next_id += 1
    fragments += _swatches(slide, next_id)
    xml.append_shapes(out.shapes._spTree, fragments)
    out.notes_slide.notes_text_frame.text = clean(slide.notes)


def _swatches(slide: Slide, next_id: int) -> list[str]:
    fragments: list[str] = []
    palette_links = {c.kind: c.colour for c in slide.connectors}
    for swatch in slide.swatches:
        b = swatch.box
        if swatch.kind is not None:
            card = next((c for c in slide.cards if c.kind is swatch.kind), None)
            fill, border = (card.fill, card.border) if card else ("#ffffff", "#888888")
            fragments.append(xml.card(next_id, f"Legend swatch {swatch.kind.label}", emu(b.x), emu(b.y), emu(b.w),
                                      emu(b.h), fill, border, emu(1), 0, [], corner=0.2))
        elif swatch.link is not None:
            mid = emu(b.cy)
            fragments.append(xml.connector(next_id, f"Legend swatch {swatch.link.value}", (emu(b.x), mid),
                                           (emu(b.right), mid), None, palette_links.get(swatch.link, "#888888"),
                                           emu(1.25), _DASH[swatch.link], _TAIL[swatch.link],
                                           geometry="straightConnector1"))
        next_id += 1
    return fragments
