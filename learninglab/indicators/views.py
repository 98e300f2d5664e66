"""The indicator pages: the dashboard, the rows behind a figure, and the download.

Every page reads its filters (project, partner, period) from the address, so it works
without JavaScript and every view of the figures can be linked and bookmarked.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learninglab.actionplans.models import ActionStatus, FundingKind
from learninglab.core.permissions import permission_required
from learninglab.indicators import contexts
from learninglab.indicators.exports import indicators_file
from learninglab.indicators.forms import FilterForm
from learninglab.indicators.selectors import (
    ROWS,
    Dashboard,
    Tally,
    dashboard,
    indicator_rows,
    may_view_partner,
    partners_of,
    projects_for,
)
from learninglab.labs.models import LabKind
from learninglab.projects.models import Partner, Project
from learninglab.stakeholders.models import Helix, OrganisationType

ROWS_PER_PAGE = 50
# The filters a figure's rows may be narrowed by.
NARROWING = ("status", "kind", "helix", "type", "endorsed", "improved", "validated", "structural")


def _narrowed(narrow: dict[str, str]) -> list[str]:
    """Return what a figure's own filter says, in words: "Delayed", "Structural Funds"."""
    choices: dict[str, Any] = {
        "status": ActionStatus,
        "helix": Helix,
        "type": OrganisationType,
    }
    words = []
    for name, value in narrow.items():
        if name in choices and value in choices[name].values:
            words.append(str(choices[name](value).label))
        elif name == "kind" and value in LabKind.values:
            words.append(str(LabKind(value).label))
        elif name == "kind" and value in FundingKind.values:
            words.append(str(FundingKind(value).label))
        elif name in FLAGS:
            words.append(str(FLAGS[name]))
    return words


FLAGS = {
    "endorsed": gettext_lazy("endorsed"),
    "improved": gettext_lazy("instrument improved"),
    "validated": gettext_lazy("validated by the programme's experts"),
    "structural": gettext_lazy("Structural Funds"),
}


@dataclasses.dataclass(frozen=True)
class Filters:
    form: FilterForm
    project: Project
    partner: Partner | None

    @property
    def query(self) -> str:
        return self.form.query()


def _filters(request: HttpRequest) -> Filters:
    """Bind the filters of the address; 404 when the user may read no project."""
    projects = list(projects_for(request.user))
    if not projects:
        raise Http404(_("No project to show."))
    chosen = {str(p.pk): p for p in projects}.get(request.GET.get("project", ""), projects[0])
    partners = [p for p in partners_of(chosen) if may_view_partner(request.user, p)]
    form = FilterForm(request.GET or None, projects=projects, project=chosen, partners=partners)
    return Filters(form=form, project=chosen, partner=form.chosen_partner())


def _dashboard(request: HttpRequest, filters: Filters) -> Dashboard:
    return dashboard(
        request.user,
        project=filters.project,
        partner=filters.partner,
        period=filters.form.chosen_period(),
    )


@permission_required("indicators.view")
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Show the figures of the partner chosen (or the project), per partner, and mapped
    to the programme's common indicators."""
    filters = _filters(request)
    figures = _dashboard(request, filters)
    query = filters.query

    def query_of(tally: Tally) -> str:
        return filters.form.query(partner=tally.slug)

    context = {
        "form": filters.form,
        "dashboard": figures,
        "selected": figures.selected,
        "query": query,
        "cards": contexts.cards(figures.selected, query),
        "charts": contexts.breakdown_charts(figures.selected, query),
        "comparison_charts": contexts.comparison_charts(figures, query_of),
        "comparison": contexts.comparison_table(figures, query_of),
        "common": [
            (common, contexts.figure_text(common.figure, "count")) for common in figures.common()
        ],
    }
    return render(request, "indicators/dashboard.html", context)


@permission_required("indicators.view")
def rows_view(request: HttpRequest, key: str) -> HttpResponse:
    """List the rows a figure counts, as far as the user may see them."""
    if key not in ROWS:
        raise Http404(_("No such figure."))
    filters = _filters(request)
    narrow = {name: request.GET[name] for name in NARROWING if request.GET.get(name)}
    found = indicator_rows(
        request.user,
        key,
        project=filters.project,
        partner=filters.partner,
        period=filters.form.chosen_period(),
        narrow=narrow,
    )
    page = Paginator(found.items, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "form": filters.form,
        "key": key,
        "title": ROWS[key],
        "rows": found,
        "page": page,
        "narrow": narrow,
        "narrowed": _narrowed(narrow),
        "query": filters.query,
        "project": filters.project,
        "partner": filters.partner,
        "period": filters.form.chosen_period(),
    }
    return render(request, f"indicators/rows_{key}.html", context)


@permission_required("indicators.view")
def export_view(request: HttpRequest) -> HttpResponse:
    """Download every figure of the dashboard, with the same filters, as a workbook."""
    filters = _filters(request)
    figures = _dashboard(request, filters)
    response = HttpResponse(
        indicators_file([figures], "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = "-".join(
        part
        for part in (
            "indicators",
            filters.project.acronym,
            filters.partner.slug if filters.partner else "",
            str(figures.period) if figures.period else "",
        )
        if part
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
