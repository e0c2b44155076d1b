"""What an export shows and how it looks: one options object shared by every writer, app and CLI."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, TypeVar

_E = TypeVar("_E", bound=StrEnum)


class Theme(StrEnum):
    LIGHT = "light"
    DARK = "dark"


class PageSize(StrEnum):
    A4 = "a4"
    LETTER = "letter"
    WIDE = "16:9"


class SlideShape(StrEnum):
    """The page of slide-shaped exports (PowerPoint, images); PDF pages follow ``PageSize``."""

    WIDE = "16:9"
    STANDARD = "4:3"


class Detail(StrEnum):
    """How much each card says on a slide."""

    NAMES = "names"
    VALUES = "values"
    FULL = "full"


class ImageShape(StrEnum):
    SLIDE = "slide"      # slide-shaped pages, the tree centred, split when it does not fit
    FIT = "fit"          # one picture exactly as large as the whole tree


class SvgText(StrEnum):
    EMBED = "embed"      # text stays text, with the subset of Inter it uses embedded
    OUTLINE = "outline"  # text drawn as shapes: identical everywhere, not selectable


# What ``--hide`` accepts, mapped to the option it switches off.
HIDEABLE: dict[str, str] = {
    "values": "show_values",
    "deltas": "show_deltas",
    "owners": "show_owners",
    "risks": "show_risks",
    "legend": "show_legend",
    "title": "show_title",
}

MIN_SCALE, MAX_SCALE = 1.0, 4.0
MIN_LEVELS, MAX_LEVELS = 2, 6
MIN_PIXEL_WIDTH, MAX_PIXEL_WIDTH = 320, 7680


class OptionsError(ValueError):
    """An option a user typed that we cannot honour; the message says what to type instead."""


@dataclass(frozen=True)
class ExportOptions:
    show_values: bool = True
    scenario: str | None = None          # name or id; deltas are shown against the baseline
    show_deltas: bool = True
    show_owners: bool = True
    show_risks: bool = True              # a badge with the highest gaming-risk severity
    show_legend: bool = True
    show_title: bool = True
    theme: Theme = Theme.LIGHT
    scale: float = 2.0                   # PNG pixels per diagram unit
    transparent: bool = False            # PNG background
    page_size: PageSize = PageSize.A4    # PDF, always landscape
    include_tornado: bool = True         # PowerPoint: extra slides when there is data for them
    include_table: bool = True
    title: str | None = None             # defaults to the model name
    keep_arrangement: bool = False       # the canvas positions instead of the tidy layout
    include_collapsed: bool = False      # draw the drivers of collapsed metrics too
    slide_shape: SlideShape = SlideShape.WIDE
    detail: Detail = Detail.FULL
    levels: int | None = None            # levels of the tree per slide; None: as many as fit
    image_shape: ImageShape = ImageShape.SLIDE
    pixel_width: int = 1600              # slide-shaped images, before the HiDPI scale
    svg_text: SvgText = SvgText.EMBED
    explain: str | None = None           # "FROM..TO": add "Why it moved" (PPTX slide, Markdown section)
    warnings: list[str] = field(default_factory=list, compare=False)

    def with_changes(self, **changes: Any) -> ExportOptions:
        return replace(self, **changes)

    def __post_init__(self) -> None:
        # Qt widgets hand enum members back as plain strings: accept both.
        object.__setattr__(self, "theme", parse_theme(str(self.theme)))
        object.__setattr__(self, "page_size", parse_page_size(str(self.page_size)))
        object.__setattr__(self, "slide_shape", _choice(SlideShape, self.slide_shape, "slide shape"))
        object.__setattr__(self, "detail", _choice(Detail, self.detail, "detail"))
        object.__setattr__(self, "image_shape", _choice(ImageShape, self.image_shape, "image shape"))
        object.__setattr__(self, "svg_text", _choice(SvgText, self.svg_text, "SVG text"))
        if self.levels is not None and not MIN_LEVELS <= self.levels <= MAX_LEVELS:
            raise OptionsError(f"levels per slide must be between {MIN_LEVELS} and {MAX_LEVELS} (got {self.levels})")
        if not MIN_PIXEL_WIDTH <= self.pixel_width <= MAX_PIXEL_WIDTH:
            raise OptionsError(f"the image width must be between {MIN_PIXEL_WIDTH} and {MAX_PIXEL_WIDTH} pixels "
                               f"(got {self.pixel_width})")
        if not MIN_SCALE <= self.scale <= MAX_SCALE:
            raise OptionsError(f"the scale must be between {MIN_SCALE:g} and {MAX_SCALE:g} (got {self.scale:g})")


def hide(options: ExportOptions, names: str) -> ExportOptions:
    """Apply a comma-separated ``--hide`` list such as ``values,owners``."""
    changes: dict[str, bool] = {}
    for raw in names.split(","):
        name = raw.strip().lower()
        if not name:
            continue
        if name not in HIDEABLE:
            raise OptionsError(f"cannot hide '{raw.strip()}': choose from {', '.join(HIDEABLE)}")
        changes[HIDEABLE[name]] = False
    return options.with_changes(**changes)


def parse_theme(text: str) -> Theme:
    try:
        return Theme(text.strip().lower())
    except ValueError:
        raise OptionsError(f"unknown theme '{text}': choose light or dark") from None


def parse_page_size(text: str) -> PageSize:
    aliases = {"a4": PageSize.A4, "letter": PageSize.LETTER, "16:9": PageSize.WIDE, "wide": PageSize.WIDE}
    try:
        return aliases[text.strip().lower()]
    except KeyError:
        raise OptionsError(f"unknown page size '{text}': choose A4, Letter or 16:9") from None


def _choice(kind: type[_E], value: object, what: str) -> _E:
    try:
        return kind(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise OptionsError(f"unknown {what} '{value}': choose {choices}") from None


MAX_IMAGE_FILES = 24  # a split tree writes one image per slide; beyond this a PPTX or PDF serves better


def image_cap_note(slides: int) -> str:
    """What to tell the user when a deck of ``slides`` was cut to ``MAX_IMAGE_FILES`` images."""
    return (f"The tree needs {slides:,} slides; images were written for the first {MAX_IMAGE_FILES}. Export a "
            "PPTX or PDF for all of them, or choose “Fit content” for one large picture.")
