"""Metricscape: model your north star metric and the input metrics that drive it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("metricscape")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"
