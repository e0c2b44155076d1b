"""The fixed document palettes of exports (not the UI theme): colours as '#rrggbb' strings."""

from __future__ import annotations

from dataclasses import dataclass

from metricscape.model import LinkKind, MetricKind, Severity

from .options import Theme


@dataclass(frozen=True)
class KindColours:
    fill: str
    border: str


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    muted: str
    good: str
    bad: str
    kinds: dict[MetricKind, KindColours]
    links: dict[LinkKind, str]
    risks: dict[Severity, str]

    def kind(self, kind: MetricKind) -> KindColours:
        return self.kinds[kind]


LIGHT = Palette(
    background="#ffffff", text="#1f2933", muted="#5b6770", good="#1e7b34", bad="#c5221f",
    kinds={
        MetricKind.NORTH_STAR: KindColours("#fff3d1", "#c98a00"),
        MetricKind.INPUT: KindColours("#e8f1fd", "#3b76c4"),
        MetricKind.PROXY: KindColours("#efe9fb", "#7356c0"),
        MetricKind.GUARDRAIL: KindColours("#fdecec", "#c23b3b"),
    },
    links={LinkKind.FORMULA: "#44505c", LinkKind.INFLUENCE: "#7a8691", LinkKind.GUARD: "#c23b3b"},
    risks={Severity.LOW: "#8a939b", Severity.MEDIUM: "#d98200", Severity.HIGH: "#c5221f"},
)

DARK = Palette(
    background="#1d2126", text="#e8ecef", muted="#a5b0b9", good="#6fcf86", bad="#ff8a80",
    kinds={
        MetricKind.NORTH_STAR: KindColours("#4a3b12", "#f2c14e"),
        MetricKind.INPUT: KindColours("#1f3550", "#6fa6e8"),
        MetricKind.PROXY: KindColours("#342a52", "#a98ff0"),
        MetricKind.GUARDRAIL: KindColours("#4d2323", "#f07b7b"),
    },
    links={LinkKind.FORMULA: "#c3ccd4", LinkKind.INFLUENCE: "#8d99a4", LinkKind.GUARD: "#f07b7b"},
    risks={Severity.LOW: "#a5b0b9", Severity.MEDIUM: "#f0a93a", Severity.HIGH: "#ff6b60"},
)


def palette_for(theme: Theme) -> Palette:
    return DARK if theme is Theme.DARK else LIGHT


LINK_LABELS = {LinkKind.FORMULA: "formula", LinkKind.INFLUENCE: "influence", LinkKind.GUARD: "guards"}
