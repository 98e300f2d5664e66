"""Forms of the check-in page: a person arriving without an invitation, a typed code."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from learninglab.labs.models import Lab
from learninglab.labs.services.checkin import DEVICE_MAX_LENGTH, WALK_IN_CONSENTS, WalkIn
from learninglab.stakeholders.models import OrganisationType


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", "—"), *OrganisationType.choices],
        required=False,
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Someone of the stakeholder group with this address is found, not added."),
    )
    consent_invitations = forms.BooleanField(required=False)
    consent_photos = forms.BooleanField(required=False)
    device = forms.CharField(max_length=DEVICE_MAX_LENGTH, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, lab: Lab, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "walk-in-%s")
        super().__init__(*args, **kwargs)
        partner = lab.partner.institution
        for purpose, text in WALK_IN_CONSENTS.items():
            self.fields[f"consent_{purpose}"].label = text % {"partner": partner}

    def walk_in(self) -> WalkIn:
        data = self.cleaned_data
        return WalkIn(
            first_name=data["first_name"],
            last_name=data["last_name"],
            organisation_name=data["organisation_name"],
            organisation_type=data["organisation_type"],
            email=data["email"],
        )

    def consents(self) -> set[str]:
        return {purpose for purpose in WALK_IN_CONSENTS if self.cleaned_data[f"consent_{purpose}"]}


class CodeForm(forms.Form):
    """A check-in code typed from the e-mail, when the camera cannot read it."""

    code = forms.CharField(label=_("Check-in code"), max_length=200)
    device = forms.CharField(max_length=DEVICE_MAX_LENGTH, required=False, widget=forms.HiddenInput)
