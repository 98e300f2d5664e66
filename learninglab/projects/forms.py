"""Forms about partners, used by the other apps, and the project's logos."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from learninglab.projects.logos import ACCEPT
from learninglab.projects.models import LogoKind, Partner


class PartnerChoiceForm(forms.Form):
    """The partner a new thing belongs to, among ``partners``, under the field label ``label``."""

    partner = forms.ModelChoiceField(queryset=Partner.objects.none(), to_field_name="slug")

    def __init__(self, *args: Any, partners: QuerySet[Partner], label: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["partner"])
        field.queryset = partners
        field.label = label


class LogoForm(forms.Form):
    """A logo file to upload; what it may be is checked by the service (``logos``)."""

    image = forms.FileField(
        label=_("Logo file"),
        help_text=_("PNG or SVG."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", kind)
        super().__init__(*args, **kwargs)
        self.fields["image"].label = LogoKind(kind).label
