"""The deck's "Evidence" slides: a table of every tested link with its verdict and numbers.

Only added when the model has data (see ``evidence_section`` of the brief). Built with
python-pptx's own table API, with every fill, font and colour set so no theme colour leaks in.
"""

from __future__ import annotations

from typing import Any

from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

from metricscape.model import MetricTree

from .diagram import printable
from .palette import Palette

FONT = "Arial"
ROWS_PER_SLIDE = 10
MAX_ROWS = 40
_COLUMNS = (("Link", 3.6), ("Verdict", 1.5), ("Estimate (90 %)", 2.2), ("Stated", 1.0), ("Periods", 1.0),
            ("Lag", 0.7), ("Granger p", 1.1), ("Levels r", 1.43))


def _rgb(hex_colour: str) -> RGBColor:
    value = hex_colour.lstrip("#")
    return RGBColor(int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def has_evidence_slides(tree: MetricTree) -> bool:
    """Whether the deck gets evidence slides (without testing the links: the export preview asks)."""
    from metricscape.sim.evidence.summary import tests_anything

    return tests_anything(tree)


def add_evidence_slides(deck: Any, tree: MetricTree, palette: Palette, warnings: list[str]) -> None:
    from metricscape.sim.evidence.summary import summarise  # statsmodels loads only when needed

    if not has_evidence_slides(tree):
        return
    summary = summarise(tree)
    names = {m.id: m.name for m in tree.metrics}
    rows: list[tuple[str, ...]] = [(f"{names.get(e.source, e.source)} {'⇢' if e.path else '→'} {names.get(e.target, e.target)}",
             e.verdict.label, "–" if e.estimate is None else f"{_num(e.estimate)} ({_num(e.low)} to {_num(e.high)})",
             _num(e.stated), str(e.periods), "–" if e.lag is None else str(e.lag), _num(e.granger_p, 3),
             _num(e.level_correlation), e.verdict.value) for e in summary.links]
    rows += [(f"{names.get(e.proxy, e.proxy)} ⇢ {names.get(e.north_star, e.north_star)} (past experiments)",
              "Validated" if e.validated else "Not validated",
              "–" if e.ledger_slope is None else f"{_num(e.ledger_slope)} ({_num(e.ledger_low)} to {_num(e.ledger_high)})",
              "–", f"{e.experiments} tests", "–", "–", "–", "supports" if e.validated else "inconclusive")
             for e in summary.ledgers]
    if not rows:
        return
    if len(rows) > MAX_ROWS:
        warnings.append(f"The evidence slides list the first {MAX_ROWS} of {len(rows)} links; "
                        "`metricscape evidence` lists all of them.")
        rows = rows[:MAX_ROWS]
    sources = []
    if summary.links:
        sources.append("elasticities from period-to-period changes of the actuals (Newey–West 90 % intervals; "
                       "the correlation of levels is not evidence)")
    if summary.ledgers:
        sources.append("slopes from past experiments, corrected for measurement noise (90 % intervals)")
    subtitle = "; ".join(sources)
    subtitle = subtitle[0].upper() + subtitle[1:] + "."
    pages = range(0, len(rows), ROWS_PER_SLIDE)
    for page, start in enumerate(pages, start=1):
        title = "Evidence: does the data back each link?"
        if len(pages) > 1:
            title += f" ({page} of {len(pages)})"
        chunk = rows[start:start + ROWS_PER_SLIDE]
        slide = _table_slide(deck, title, subtitle, chunk, palette)
        slide.notes_slide.notes_text_frame.text = printable(_notes(chunk))


def _notes(rows: list[tuple[str, ...]]) -> str:
    """What the slide says, in one sentence a presenter can read out."""
    counts = {verdict: sum(1 for row in rows if row[-1] == verdict)
              for verdict in ("supports", "contradicts", "inconclusive", "no_data")}
    words = {"supports": "backed by the data", "contradicts": "contradicted by it",
             "inconclusive": "not yet settled", "no_data": "waiting for more data"}
    said = ", ".join(f"{n} {words[v]}" for v, n in counts.items() if n)
    contradicted = [row[0] for row in rows if row[-1] == "contradicts"]
    tail = f" Revisit first: {'; '.join(contradicted)}." if contradicted else ""
    return f"Of the {len(rows)} links on this slide, {said}.{tail}"


def _table_slide(deck: Any, title: str, subtitle: str, rows: list[tuple[str, ...]], palette: Palette) -> Any:
    slide = deck.slides.add_slide(deck.slide_layouts[6])  # "Blank": no placeholders
    slide.background.fill.solid()
    slide.background.fill.fore_color.rgb = _rgb(palette.background)
    box = slide.shapes.add_textbox(Inches(0.4), Inches(0.25), Inches(12.5), Inches(0.8))
    box.name = "Title"
    box.text_frame.word_wrap = True
    _write(box.text_frame.paragraphs[0], title, 26, palette.text, bold=True)
    _write(box.text_frame.add_paragraph(), subtitle, 12, palette.muted)
    shape = slide.shapes.add_table(len(rows) + 1, len(_COLUMNS), Inches(0.4), Inches(1.35), Inches(12.53),
                                   Inches(0.42) * (len(rows) + 1))
    shape.name = "Evidence table"
    table = shape.table
    dark = palette.background != "#ffffff"
    header_fill, odd, even = ("#313840", "#1d2126", "#242a31") if dark else ("#e9edf1", "#ffffff", "#f6f8fa")
    verdict_colour = {"supports": palette.good, "contradicts": palette.bad}
    for c, (header, width) in enumerate(_COLUMNS):
        table.columns[c].width = Inches(width)
        _cell(table.cell(0, c), header, palette.text, header_fill, bold=True)
    for r, row in enumerate(rows, start=1):
        fill = odd if r % 2 else even
        for c, text in enumerate(row[:-1]):
            colour = verdict_colour.get(row[-1], palette.muted) if c == 1 else palette.text
            _cell(table.cell(r, c), text, colour, fill, bold=c == 1)
    return slide


def _cell(cell: Any, text: str, colour: str, fill: str, bold: bool = False) -> None:
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    frame = cell.text_frame
    frame.word_wrap = True
    _write(frame.paragraphs[0], text, 10, colour, bold=bold)


def _write(paragraph: Any, text: str, size: int, colour: str, bold: bool = False) -> None:
    run = paragraph.add_run()
    run.text = printable(text)
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    run.font.color.rgb = _rgb(colour)
