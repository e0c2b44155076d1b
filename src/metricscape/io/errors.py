"""Errors of the file layer. ``str()`` of each is a complete message for a PM: which file, where, what to do."""

from __future__ import annotations

from metricscape.model.errors import MetricscapeError


class LoadError(MetricscapeError):
    """A file could not be opened as a Metricscape model.

    ``problems`` lists the individual findings (each already names its JSON path or line).
    """

    def __init__(self, source: str, message: str, problems: tuple[str, ...] = ()) -> None:
        self.source = source
        self.message = message
        self.problems = problems
        super().__init__(f"{source}: {message}")


class SaveError(MetricscapeError):
    """A model could not be written; the previous file on disk is unchanged."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"Could not save {path}: {reason}. The previous version of the file is unchanged.")


class FileChangedError(SaveError):
    """The file on disk is no longer the one that was opened: saving would overwrite someone else's work."""

    def __init__(self, path: str, reason: str = "it was changed by someone or something else since you opened it") -> None:
        self.path = path
        self.reason = reason
        MetricscapeError.__init__(
            self, f"{path} was not saved: {reason}. Reload it, or save under another name, "
                  "or save again to overwrite the other changes.")
