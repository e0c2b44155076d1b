"""Compare the open model with another file or with the version on disk."""

from .compare_dialog import CompareDialog

__all__ = ["CompareDialog"]
