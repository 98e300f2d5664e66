"""The stakeholder directory: list, read, add and change people of your partner's group."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListCreateAPIView, RetrieveUpdateAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from learninglab.api.filters import query_filters
from learninglab.api.permissions import StaffView
from learninglab.api.serializers import (
    StakeholderDetailSerializer,
    StakeholderFilters,
    StakeholderSerializer,
    StakeholderWriteSerializer,
)
from learninglab.core.models import Via
from learninglab.core.permissions import require
from learninglab.projects.models import Partner
from learninglab.projects.selectors import partners_for
from learninglab.stakeholders import selectors
from learninglab.stakeholders.forms import StakeholderForm
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.services.stakeholder import stakeholder_save


def _partner(user: Any, slug: str | None) -> Partner:
    """Return the partner ``slug`` names among those ``user`` works with, else the user's."""
    partners = partners_for(user)
    if slug:
        partner = partners.filter(slug=slug).first()
        if partner is None:
            raise ValidationError({"partner": [_("No such partner of yours.")]})
        return partner
    own = getattr(user, "partner_id", None)
    partner = partners.filter(pk=own).first() if own is not None else None
    if partner is None:
        raise ValidationError({"partner": [_("Name the partner whose group the person joins.")]})
    return partner


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    """Return the API's values as the person form takes them."""
    data = {key: value for key, value in values.items() if key != "partner"}
    if isinstance(data.get("tags"), list):
        data["tags"] = ", ".join(data["tags"])
    if data.get("organisation") is None:
        data["organisation"] = ""
    return data


def _saved(
    request: Request, values: dict[str, Any], partner: Partner, person: Stakeholder | None
) -> Stakeholder:
    """Check ``values`` as the person form does, then add or change the person; the
    fields not given keep their values (a new person's language: the partner's)."""
    if person is None:
        base: dict[str, Any] = {"language": partner.main_language}
    else:
        base = StakeholderForm.initial_from(person)
    form = StakeholderForm(_form_data(base | values), partner=partner)
    if not form.is_valid():
        raise ValidationError(form.errors)
    return stakeholder_save(
        actor=request.user,
        partner=partner,
        stakeholder=person,
        data=form.stakeholder_data(),
        new_organisation=form.organisation_to_add(),
        via=Via.API,
    )


@extend_schema(tags=["stakeholders"])
class StakeholderList(StaffView, ListCreateAPIView):
    """The people of the groups you work with (your partner's), by name."""

    permission = "stakeholders.view"
    ordering_fields = ["updated_at", "created_at", "last_activity_at"]

    def get_serializer_class(self) -> Any:
        return (
            StakeholderWriteSerializer if self.request.method == "POST" else StakeholderSerializer
        )

    def get_queryset(self) -> QuerySet[Stakeholder]:
        filters = query_filters(self.request, StakeholderFilters)
        partner = _partner(self.request.user, filters["partner"]) if "partner" in filters else None
        people = selectors.stakeholder_list(
            self.request.user,
            selectors.StakeholderFilters(
                query=filters.get("q", ""),
                partner=partner,
                organisation_type=filters.get("organisation_type", ""),
                tag=filters.get("tag", ""),
                consent=filters.get("consent", ""),
            ),
        )
        if "updated_since" in filters:
            people = people.filter(updated_at__gte=filters["updated_since"])
        # The page's partners in one query: the selector leaves the join out on purpose.
        return people.prefetch_related("partner")

    @extend_schema(parameters=[StakeholderFilters])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=StakeholderWriteSerializer, responses={201: StakeholderDetailSerializer})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(request.user, "stakeholders.change")
        given = StakeholderWriteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        partner = _partner(request.user, given.validated_data.get("partner"))
        person = _saved(request, given.validated_data, partner, None)
        person = selectors.stakeholder_get(request.user, person.pk)
        return Response(StakeholderDetailSerializer(person).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["stakeholders"])
class StakeholderDetail(StaffView, RetrieveUpdateAPIView):
    """One person of your partner's group; another partner's is not found."""

    permission = "stakeholders.view"
    serializer_class = StakeholderDetailSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> Stakeholder:
        permission = "stakeholders.view" if self.request.method == "GET" else "stakeholders.change"
        return selectors.stakeholder_get(
            self.request.user, self.kwargs["pk"], permission=permission
        )

    @extend_schema(request=StakeholderWriteSerializer, responses=StakeholderDetailSerializer)
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the fields given; the others stay as they are."""
        require(request.user, "stakeholders.change")
        person = self.get_object()
        given = StakeholderWriteSerializer(data=request.data, partial=True)
        given.is_valid(raise_exception=True)
        _saved(request, given.validated_data, person.partner, person)
        person = selectors.stakeholder_get(request.user, person.pk)
        return Response(StakeholderDetailSerializer(person).data)
