"""The slide layout engine shared by the PowerPoint, PDF, PNG and SVG slide exports."""

from .deck import Deck, build_deck, page_size
from .geometry import Box, Card, Connector, Label, Line, Run, Slide, Swatch

__all__ = ["Box", "Card", "Connector", "Deck", "Label", "Line", "Run", "Slide", "Swatch", "build_deck", "page_size"]
