"""The programme indicators, computed: each partner's you may see, and the project's."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from learninglab.actionplans.periods import Period, PeriodError
from learninglab.api.filters import query_filters
from learninglab.api.permissions import StaffView
from learninglab.api.serializers import IndicatorFilters, IndicatorsSerializer
from learninglab.indicators.selectors import INDICATORS, Tally, dashboard, projects_for


def _tally(tally: Tally) -> dict[str, Any]:
    """Return the figures of one partner (or of the project) by indicator key."""
    values = {indicator.key: figure for indicator, figure in tally.figures()}
    return {"slug": tally.slug, "name": tally.name, "values": values}


@extend_schema(tags=["indicators"])
class Indicators(StaffView, APIView):
    permission = "indicators.view"

    @extend_schema(parameters=[IndicatorFilters], responses=IndicatorsSerializer)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The indicators of a project, over all time or one reporting period."""
        filters = query_filters(request, IndicatorFilters)
        projects = projects_for(request.user)
        if "project" in filters:
            projects = projects.filter(acronym=filters["project"])
        project = projects.first()
        if project is None:
            raise NotFound(_("No such project of yours."))
        try:
            period = Period.parse(filters["period"]) if "period" in filters else None
        except PeriodError as error:
            raise ValidationError({"period": [str(error)]}) from error
        figures = dashboard(request.user, project=project, period=period)
        return Response(
            IndicatorsSerializer(
                {
                    "project": project,
                    "period": str(period) if period else None,
                    "indicators": INDICATORS,
                    "partners": [_tally(tally) for tally in figures.partners],
                    "total": _tally(figures.total),
                }
            ).data
        )
