"""Qt Charts views of the analyses: themed, values on hover, PNG/SVG export from the context menu."""
