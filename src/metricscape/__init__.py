"""Metricscape: model your north star metric and the input metrics that drive it."""

# The single source of the version: pyproject.toml reads it (``[tool.setuptools.dynamic]``), so
# ``--version`` needs no importlib.metadata (which alone costs ~90 ms at every start).
__version__ = "0.2.0"
