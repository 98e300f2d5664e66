"""Labs, a lab's invitations with their answers, its check-ins and its ideas."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView, RetrieveAPIView

from learninglab.api.filters import query_filters
from learninglab.api.permissions import StaffView
from learninglab.api.serializers import (
    CheckInFilters,
    CheckInSerializer,
    IdeaSerializer,
    InvitationFilters,
    InvitationSerializer,
    LabFilters,
    LabSerializer,
)
from learninglab.cocreation.selectors.session import lab_ideas_shown, live_lab_get
from learninglab.labs.models import Lab
from learninglab.labs.selectors import checkin_people, lab_get, lab_invitations, labs_for


@extend_schema(tags=["labs"], parameters=[LabFilters])
class LabList(StaffView, ListAPIView):
    """The labs you may see, the latest first."""

    permission = "labs.view"
    serializer_class = LabSerializer
    ordering_fields = ["starts_at", "updated_at", "round_number"]

    def get_queryset(self) -> QuerySet[Lab]:
        filters = query_filters(self.request, LabFilters)
        labs = labs_for(self.request.user)
        for name, lookup in (
            ("status", "status"),
            ("kind", "kind"),
            ("partner", "partner__slug"),
            ("starts_after", "starts_at__gte"),
            ("updated_since", "updated_at__gte"),
        ):
            if name in filters:
                labs = labs.filter(**{lookup: filters[name]})
        return labs


@extend_schema(tags=["labs"])
class LabDetail(StaffView, RetrieveAPIView):
    """One lab; another partner's is not found."""

    permission = "labs.view"
    serializer_class = LabSerializer

    def get_object(self) -> Lab:
        return lab_get(self.request.user, self.kwargs["slug"])


class LabPart(StaffView):
    """A list of what belongs to one lab, the lab looked up with ``permission``."""

    def lab(self) -> Lab:
        return lab_get(self.request.user, self.kwargs["slug"], permission=self.permission)  # type: ignore[attr-defined]


@extend_schema(tags=["labs"], parameters=[InvitationFilters])
class InvitationList(LabPart, ListAPIView):
    """The lab's invitations and their answers, by name."""

    permission = "labs.rsvp.view"
    serializer_class = InvitationSerializer
    ordering_fields = ["responded_at", "created_at"]

    def get_queryset(self) -> QuerySet:
        filters = query_filters(self.request, InvitationFilters)
        return lab_invitations(
            self.lab(), response=filters.get("response", ""), query=filters.get("q", "")
        )


@extend_schema(tags=["labs"], parameters=[CheckInFilters])
class CheckInList(LabPart, ListAPIView):
    """The people expected at the lab's door, by name, and when each arrived."""

    permission = "labs.checkin"
    serializer_class = CheckInSerializer
    ordering_fields = ["checkin__checked_in_at"]

    def get_queryset(self) -> QuerySet:
        filters = query_filters(self.request, CheckInFilters)
        people = checkin_people(self.lab(), query=filters.get("q", ""))
        if "arrived" in filters:
            people = people.filter(checkin__isnull=not filters["arrived"])
        return people


@extend_schema(tags=["labs"])
class IdeaList(StaffView, ListAPIView):
    """The ideas on the lab's live wall, question by question, most votes first."""

    permission = "cocreation.run"
    serializer_class = IdeaSerializer
    ordering_fields = ["created_at"]

    def get_queryset(self) -> QuerySet:
        return lab_ideas_shown(live_lab_get(self.request.user, self.kwargs["slug"]))
