"""Bar charts drawn on the server as SVG: no script, no library, nothing fetched.

Each chart is an image to assistive technology (``role="img"`` with its title and
description); every bar's figure is written beside it, so nothing is told by colour
alone, and the page shows the same figures in a table.
"""

from __future__ import annotations

import dataclasses

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 400
ROW = 40
LABEL_HEIGHT = 15
BAR_HEIGHT = 14
CHARACTER = 8.5  # the width of a bold figure's character at 13 px, generously


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the figure as people read it: "1,250", "45 %", "EUR 200,000"


def bar_chart(*, key: str, title: str, description: str, bars: list[Bar]) -> SafeString:
    """Return an SVG of horizontal bars, one under its label, its figure at its end;
    ``key`` names its title and description (unique on the page)."""
    number = key
    largest = max((bar.value for bar in bars), default=0) or 1
    # Room right of the longest bar for its figure, so that no figure is cut off.
    value_room = CHARACTER * max((len(bar.text) for bar in bars), default=1) + 10
    height = ROW * max(len(bars), 1) + 4
    rows = []
    for index, bar in enumerate(bars):
        top = index * ROW
        length = round((WIDTH - value_room) * bar.value / largest, 1) if bar.value else 0
        rows.append(
            (
                top + LABEL_HEIGHT - 3,
                bar.label,
                top + LABEL_HEIGHT + 2,
                max(length, 1.5),
                BAR_HEIGHT,
                length + 6,
                top + LABEL_HEIGHT + BAR_HEIGHT - 1,
                bar.text,
            )
        )
    body = format_html_join(
        "",
        '<text x="0" y="{}" class="chart-label">{}</text>'
        '<rect x="0" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" width="100%" role="img" '
        'aria-labelledby="chart-{}-title chart-{}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-{}-title">{}</title><desc id="chart-{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        number,
        number,
        number,
        title,
        number,
        description,
        body,
    )
