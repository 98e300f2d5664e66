"""What the indicator pages show, drawn from a ``selectors.Dashboard``: the cards, the
charts with their tables, and the per-partner comparison."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from learninglab.indicators.charts import Bar, bar_chart
from learninglab.indicators.selectors import (
    BREAKDOWN_BY_KEY,
    BY_KEY,
    INDICATORS,
    Dashboard,
    Indicator,
    Number,
    Tally,
)

# The figures the per-partner comparison draws, one chart each.
COMPARED = ("participants", "ideas", "actions", "funds_mobilised")


def figure_text(value: Number, unit: str) -> str:
    """Return a figure as people read it: "1,250", "45 %", "EUR 200,000", "—" for none."""
    if value is None:
        return "—"
    if unit == "percent":
        return _("%(share)s %%") % {"share": value}
    if unit == "eur":
        # A no-break space: the currency stays with its amount.
        return _("EUR %(amount)s") % {
            "amount": number_format(Decimal(value), decimal_pos=0, force_grouping=True)
        }
    return number_format(value, force_grouping=True)


def rows_url(key: str, query: str) -> str:
    # Reversed once per key, URL conf and prefix: the dashboard links to each many times.
    cache_key = (get_urlconf(), get_script_prefix(), key)
    url = _ROWS_URLS.get(cache_key)
    if url is None:
        url = _ROWS_URLS[cache_key] = reverse("indicators:rows", args=[key])
    return f"{url}?{query}" if query else url


_ROWS_URLS: dict[tuple[str | None, str, str], str] = {}


def _joined(query: str, extra: str) -> str:
    return "&".join(part for part in (query, extra) if part)


@dataclasses.dataclass(frozen=True)
class Card:
    indicator: Indicator
    text: str
    url: str


@dataclasses.dataclass(frozen=True)
class ChartRow:
    label: str
    text: str
    url: str


@dataclasses.dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: str
    rows: list[ChartRow]
    column: str  # the header of the table's figure column
    is_empty: bool = False  # nothing counted: no bars to draw


def cards(tally: Tally, query: str) -> list[Card]:
    return [
        Card(
            indicator=indicator,
            text=figure_text(value, indicator.unit),
            url=rows_url(indicator.rows, _joined(query, indicator.rows_filter)),
        )
        for indicator, value in tally.figures()
    ]


def _chart(key: str, title: str, rows: list[tuple[str, float, str, str]], column: str) -> Chart:
    if not any(value for _label, value, _text, _url in rows):
        return Chart(key=key, title=title, svg="", rows=[], column=column, is_empty=True)
    bars = [Bar(label=label, value=value, text=text) for label, value, text, _url in rows]
    description = "; ".join(f"{label}: {text}" for label, _value, text, _url in rows)
    return Chart(
        key=key,
        title=title,
        svg=bar_chart(key=key, title=title, description=description, bars=bars),
        rows=[ChartRow(label=label, text=text, url=url) for label, _v, text, url in rows],
        column=column,
    )


# The filter of the rows behind one part of a breakdown.
_PART_FILTER = {
    "events_by_kind": "kind",
    "organisations_by_helix": "helix",
    "actions_by_status": "status",
    "funds_planned_by_source": "kind",
    "funds_mobilised_by_source": "kind",
}


def breakdown_charts(tally: Tally, query: str) -> list[Chart]:
    charts = []
    for key, breakdown in BREAKDOWN_BY_KEY.items():
        rows = [
            (
                str(label),
                float(figure or 0),
                figure_text(figure, breakdown.unit),
                rows_url(breakdown.rows, _joined(query, f"{_PART_FILTER[key]}={value}")),
            )
            for value, label, figure in tally.split(key)
            # Nine kinds of funding, most of them empty: the chart shows those with money.
            if figure or breakdown.unit != "eur"
        ]
        charts.append(_chart(key, str(breakdown.label), rows, _("Figure")))
    return charts


def comparison_charts(dashboard: Dashboard, query_of: Any) -> list[Chart]:
    """Return a chart per compared figure, a bar per partner (when there are several)."""
    if len(dashboard.partners) < 2:
        return []
    charts = []
    for key in COMPARED:
        indicator = BY_KEY[key]
        rows = [
            (
                tally.name,
                float(tally.values.get(key) or 0),
                figure_text(tally.values.get(key), indicator.unit),
                rows_url(indicator.rows, query_of(tally)),
            )
            for tally in dashboard.partners
        ]
        title = _("%(figure)s, by partner") % {"figure": indicator.label}
        charts.append(_chart(f"compare-{key}", title, rows, str(indicator.label)))
    return charts


@dataclasses.dataclass(frozen=True)
class ComparisonRow:
    indicator: Indicator
    figures: list[tuple[str, str]]  # (the figure, the address of its rows)


def comparison_table(dashboard: Dashboard, query_of: Any) -> list[ComparisonRow]:
    """Return every figure of every partner the user may see, then the project's, each
    with the address of the rows it counts."""
    tallies = dashboard.tallies()
    return [
        ComparisonRow(
            indicator=indicator,
            figures=[
                (
                    figure_text(t.values.get(indicator.key), indicator.unit),
                    rows_url(indicator.rows, _joined(query_of(t), indicator.rows_filter)),
                )
                for t in tallies
            ],
        )
        for indicator in INDICATORS
    ]
