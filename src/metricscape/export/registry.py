"""Export formats: each is one registry entry (extension, label, writer, the options it reads).

The command line (its help and ``metricscape export``), the export dialog (format list, enabled
options, preview), the save dialog's filters and the menus all read this registry, so a new format
is one ``register(ExportFormat(...))`` call and nothing else (see docs/extending.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from metricscape.model import MetricTree

from .options import ExportOptions, OptionsError

Writer = Callable[[MetricTree, Path, ExportOptions], None]
TextWriter = Callable[[MetricTree, ExportOptions], str]


class ExportError(Exception):
    """An export that could not be written: the message says what to do."""


class Preview(StrEnum):
    SLIDES = "slides"      # the dialog shows the slides as they will come out
    PICTURE = "picture"    # one picture of the whole tree
    TEXT = "text"          # the text itself


@dataclass(frozen=True)
class ExportFormat:
    extension: str                          # ".pptx": what the file name ends with
    label: str                              # "PowerPoint slides": what the user picks
    writer: Writer                          # writes the file; adds notes for the user to options.warnings
    options: frozenset[str] = frozenset()   # the ExportOptions fields it reads beyond the common ones
    aliases: tuple[str, ...] = ()           # other extensions that mean the same format (".gv")
    preview: Preview = Preview.SLIDES
    rank: int = 50                          # place in menus and lists (pictures first, text last)
    text: TextWriter | None = field(default=None, compare=False)   # text formats: the text, for the preview

    @property
    def filter(self) -> str:
        """The save dialog's filter, e.g. 'PowerPoint slides (*.pptx)'."""
        patterns = " ".join(f"*{ext}" for ext in (self.extension, *self.aliases))
        return f"{self.label} ({patterns})"


_FORMATS: dict[str, ExportFormat] = {}


def register(fmt: ExportFormat) -> ExportFormat:
    """Add (or replace) a format; returns it, so a module can keep a handle."""
    if not fmt.extension.startswith(".") or fmt.extension != fmt.extension.lower():
        raise ValueError(f"an export extension is lower case and starts with a dot (got {fmt.extension!r})")
    _FORMATS[fmt.extension] = fmt
    return fmt


def unregister(extension: str) -> None:
    _FORMATS.pop(extension, None)


def formats() -> list[ExportFormat]:
    """Every registered format, pictures and slides first, then text."""
    return sorted(_FORMATS.values(), key=lambda fmt: fmt.rank)


def format_of(path: str | Path) -> ExportFormat:
    suffix = Path(path).suffix.lower()
    for fmt in _FORMATS.values():
        if suffix == fmt.extension or suffix in fmt.aliases:
            return fmt
    choices = ", ".join(fmt.extension for fmt in formats())
    what = f"'{suffix}'" if suffix else "a file name without an extension"
    raise ExportError(f"Cannot export to {what}: end the file name with one of {choices}.")


def write(tree: MetricTree, path: str | Path, options: ExportOptions | None = None) -> list[str]:
    """Write ``path`` in the format its extension names; returns notes for the user.

    A failed export leaves no half-written file behind.
    """
    options = options or ExportOptions()
    fmt = format_of(path)
    target = Path(path)
    existed = target.exists()
    try:
        fmt.writer(tree, target, options)
    except OptionsError as exc:
        raise ExportError(str(exc)) from None
    except OSError as exc:
        _remove(target, existed)
        raise ExportError(f"Could not write {path}: {exc.strerror or exc}. "
                          "Check that the folder exists and that the file is not open in another program.") from None
    except ExportError:
        _remove(target, existed)
        raise
    return list(options.warnings)


def _remove(target: Path, existed: bool) -> None:
    if not existed:
        target.unlink(missing_ok=True)
