"""What every chart shares, whichever drawer draws it: the sizes, the
formats and words of the axes, the look made from the theme (:class:`Style`),
and where chart templates are kept between builds."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.look.theme import Colours

WIDTH = 640                 # drawing width in px; the page scales it down on a phone
ROW = 22                    # px per row of a slip chart
ROADMAP_ROW = 30            # … and of the roadmap, whose milestones carry their numbers
DATE_FORMAT = "%b %Y"
MILESTONE_STATES = {"done": "Done", "done-late": "Done late", "overdue": "Overdue",
                    "due": "Due soon", "upcoming": "Upcoming"}
DEPENDENCY_KINDS = ("Dependency met", "Dependency conflict")   # a roadmap line's two kinds
MET, CONFLICT = DEPENDENCY_KINDS


BURN_SERIES = ("Planned", "Actual", "Earned value", "Forecast to completion",
               "Baseline at completion", "Forecast at completion")




class TemplateStore(Protocol):
    """Where templates are kept between builds (incremental.TemplateCache)."""

    def key(self, *parts: str) -> str: ...
    def get(self, key: str) -> bytes | None: ...
    def put(self, key: str, data: bytes) -> None: ...


@dataclass(frozen=True)
class Style:
    """What a chart's look is made of, and where its templates are kept
    (``templates``: not part of the look, but a build's store is asked once)."""

    colours: Colours
    font: str
    faces: tuple[tuple[int, str], ...]   # the font's files: (weight, file name)
    currency: str
    templates: TemplateStore | None = field(default=None, repr=False)

    def look(self) -> dict[str, Any]:
        """What :mod:`.native` draws with: the colours, the font and its files."""
        return {"colours": dict(self.colours.items()), "font": self.font,
                "faces": [list(face) for face in self.faces]}

    def config(self) -> dict[str, Any]:
        c = self.colours
        return {
            "font": self.font, "background": c.bg, "padding": 8,
            "view": {"stroke": None},
            "axis": {"labelColor": c.fg, "titleColor": c.fg, "gridColor": c.line,
                     "domainColor": c.muted, "tickColor": c.muted, "labelFontSize": 11,
                     "titleFontSize": 11, "titleFontWeight": 600, "labelLimit": 0,
                     "labelOverlap": "greedy", "labelSeparation": 8},
            "legend": {"labelColor": c.fg, "titleColor": c.fg, "labelFontSize": 11,
                       "titleFontSize": 11, "titleFontWeight": 600, "orient": "bottom",
                       "direction": "horizontal"},
            "text": {"color": c.fg, "fontSize": 11},
        }


