"""The canvas scene, built headless for an export: the same cards and links the app paints.

Cards sit where ``export.diagram`` put them, so the title, legend and PowerPoint slide agree
with the picture; the dot grid, handles and the canvas background stay out of the export.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QPainter

from metricscape.derived import CardState, Source
from metricscape.export.diagram import Diagram, printable
from metricscape.model import Document, MetricTree, Position
from metricscape.model.visibility import visibility
from metricscape.ui.canvas import style
from metricscape.ui.canvas.scene import MetricScene


class ExportScene(MetricScene):
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        pass  # the page paints its own background (white, dark or transparent)


def export_scene(tree: MetricTree, diagram: Diagram) -> ExportScene:
    # Metrics a collapsed card hides are not in the diagram; the scene hides them the same way.
    corners = {m.id: (0.0, 0.0) for m in tree.metrics} | {card.metric_id: (card.x, card.y) for card in diagram.cards}
    options = diagram.options
    # model_copy/model_construct skip re-validation: only positions change, the tree was valid.
    # Names on one line, as the diagram's title, legend and slide show them.
    metrics = tuple(m.model_copy(update={"position": Position.model_construct(x=corners[m.id][0], y=corners[m.id][1]),
                                         "name": " ".join(printable(m.name).split()) or m.id,
                                         "collapsed": m.collapsed and not options.include_collapsed})
                    for m in tree.metrics)
    placed = MetricTree.model_construct(info=tree.info, metrics=metrics, links=tree.links,
                                        scenarios=tree.scenarios, simulation=tree.simulation)
    card_options = style.CardOptions(show_values=options.show_values, show_owners=options.show_owners,
                                     show_badges=options.show_risks, show_handles=False)
    scene = ExportScene(Document(placed), style.palette_named(options.theme.value), card_options)
    scene.grid_visible = False
    scene.show_cards(_card_states(placed, diagram))
    return scene


def _card_states(tree: MetricTree, diagram: Diagram) -> dict[str, CardState]:
    """What each card shows: the diagram's numbers, hidden as the canvas hides them (one rule)."""
    values, seen = diagram.values, visibility(tree)
    states = {m.id: CardState(value=values.baseline.get(m.id, m.baseline), source=Source.BASELINE,
                              visible=seen.shows(m.id), hidden_drivers=seen.hidden_drivers.get(m.id, 0))
              for m in tree.metrics}
    for card in diagram.cards:
        if card.delta:
            states[card.metric_id] = replace(states[card.metric_id], value=values.what_if.get(card.metric_id),
                                             source=Source.SCENARIO, delta=card.delta, delta_good=card.delta_good)
    return states
