"""Ordering by the fields a list names (``?ordering=-updated_at``), and nothing else."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.serializers import Serializer


class Ordering(OrderingFilter):
    """Order by the view's ``ordering_fields``; an unknown field is a validation error,
    and without ``?ordering`` the selector's own order stays."""

    def get_ordering(self, request: Request, queryset: QuerySet, view: Any) -> list[str] | None:
        asked = request.query_params.get(self.ordering_param, "").strip()
        if not asked:
            return None
        allowed = set(getattr(view, "ordering_fields", None) or ())
        fields = [field.strip() for field in asked.split(",") if field.strip()]
        unknown = [field for field in fields if field.lstrip("-") not in allowed]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Order by one of: %(fields)s.") % {"fields": ", ".join(sorted(allowed))}
                    ]
                }
            )
        return [*fields, "pk"]


def query_filters(request: Request, serializer_class: type[Serializer]) -> dict[str, Any]:
    """Return the list's filters from the query string, checked by ``serializer_class``;
    a wrong value is a validation error that names the parameter."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return {
        key: value for key, value in serializer.validated_data.items() if value not in ("", None)
    }
