"""The one error the data layer raises: which file, where in it, and what to fix."""

from __future__ import annotations


class DataError(ValueError):
    def __init__(self, file: str, message: str, where: str = "") -> None:
        self.file, self.where, self.message = file, where, message
        super().__init__(f"{file}: {where + ': ' if where else ''}{message}")
