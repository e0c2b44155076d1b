"""Qt-rendered exports (PNG, SVG, PDF), the clipboard copy and the export dialog."""
