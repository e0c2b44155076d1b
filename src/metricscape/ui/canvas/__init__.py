"""The canvas: a scene of metric cards and links that mirrors a Document, and the view around it."""
