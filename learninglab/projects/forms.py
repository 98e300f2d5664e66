"""Forms about partners."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from learninglab.projects.models import Partner


class PartnerChoiceForm(forms.Form):
    """Choose one of ``partners``, by slug; ``label`` says what is being made for it."""

    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), to_field_name="slug")

    def __init__(self, *args: Any, partners: QuerySet[Partner], label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["partner"])
        field.queryset = partners
        field.label = label
