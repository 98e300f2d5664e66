"""Forms about partners, used by the other apps."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from learninglab.projects.models import Partner


class PartnerChoiceForm(forms.Form):
    """The partner a new thing belongs to, among ``partners``, under the field label ``label``."""

    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), to_field_name="slug")

    def __init__(self, *args: Any, partners: QuerySet[Partner], label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["partner"])
        field.queryset = partners
        field.label = label
