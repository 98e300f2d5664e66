"""What the public pages show, without a token: published good practices, and the action
plans whose progress is public with their actions and progress."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny

from learninglab.actionplans.models import ActionPlan
from learninglab.actionplans.monitoring import (
    PublicPlanRow,
    public_plan,
    public_plans,
    public_rollup,
)
from learninglab.api.filters import query_filters
from learninglab.api.serializers import (
    PlanDetailSerializer,
    PlanSerializer,
    PracticeDetailSerializer,
    PracticeFilters,
    PracticeSerializer,
)
from learninglab.practices.models import GoodPractice
from learninglab.practices.selectors import public_practice, published


class PublicView:
    """An endpoint anyone may read, token or not (the document marks it so)."""

    permission_classes = [AllowAny]


@extend_schema(tags=["public"], parameters=[PracticeFilters])
class PracticeList(PublicView, ListAPIView):
    """The published good practices, the latest published first."""

    serializer_class = PracticeSerializer
    ordering_fields = ["published_at", "updated_at", "country"]

    def get_queryset(self) -> QuerySet[GoodPractice]:
        filters = query_filters(self.request, PracticeFilters)
        practices = published().select_related("partner").prefetch_related("topics")
        for name, lookup in (
            ("partner", "partner__slug"),
            ("topic", "topics__topic"),
            ("updated_since", "updated_at__gte"),
        ):
            if name in filters:
                practices = practices.filter(**{lookup: filters[name]})
        if "country" in filters:
            practices = practices.filter(country=filters["country"].upper())
        return practices.order_by("-published_at", "pk")


@extend_schema(tags=["public"])
class PracticeDetail(PublicView, RetrieveAPIView):
    """One published good practice, as its public page shows it."""

    serializer_class = PracticeDetailSerializer

    def get_object(self) -> GoodPractice:
        return public_practice(self.kwargs["slug"])


@extend_schema(tags=["public"])
class PlanList(PublicView, ListAPIView):
    """The action plans whose progress is public, each with its progress."""

    serializer_class = PlanSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> list[PublicPlanRow]:  # type: ignore[override]
        return public_plans()


@extend_schema(tags=["public"])
class PlanDetail(PublicView, RetrieveAPIView):
    """A public action plan with its actions, their status, progress and milestones."""

    serializer_class = PlanDetailSerializer

    def get_object(self) -> ActionPlan:
        plan = public_plan(self.kwargs["slug"])
        rollup = public_rollup(plan)
        plan.progress = rollup.progress  # type: ignore[attr-defined]
        plan.monitored_actions = [item.action for item in rollup.actions]  # type: ignore[attr-defined]
        return plan
