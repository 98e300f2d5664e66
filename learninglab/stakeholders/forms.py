"""Forms of the stakeholder pages. They clean input; services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from learninglab.projects.models import Partner
from learninglab.stakeholders.models import (
    ConsentMethod,
    ConsentPurpose,
    Organisation,
    OrganisationType,
    Stakeholder,
)
from learninglab.stakeholders.normalize import normalize_email, normalize_name, normalize_phone
from learninglab.stakeholders.services.organisation import NewOrganisation
from learninglab.stakeholders.services.stakeholder import StakeholderData


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("All partners"),
        to_field_name="slug",
    )
    type = forms.ChoiceField(
        label=_("Organisation type"),
        choices=[("", _("All types")), *OrganisationType.choices],
        required=False,
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False, choices=[])
    consent = forms.ChoiceField(
        label=_("Consent to invitations"),
        required=False,
        choices=[
            ("", _("Any")),
            ("yes", _("Given")),
            ("no", _("Withdrawn")),
            ("unknown", _("Not asked yet")),
        ],
    )

    def __init__(self, *args: Any, partners: Any, tags: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = partners
        tag_choices = [("", _("All tags")), *[(t, t) for t in tags]]
        cast(forms.ChoiceField, self.fields["tag"]).choices = tag_choices
        if partners.count() <= 1:
            del self.fields["partner"]


class StakeholderForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Any common format: 0731 540 977, +40 256 592 111."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— none, or a new one below —"),
    )
    new_organisation = forms.CharField(
        label=_("New organisation"),
        max_length=200,
        required=False,
        help_text=_("Fill in to add an organisation that is not in the list yet."),
    )
    new_organisation_type = forms.ChoiceField(
        label=_("Type of the new organisation"),
        choices=OrganisationType.choices,
        required=False,
    )
    position = forms.CharField(label=_("Role in the organisation"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.STAKEHOLDER_LANGUAGES, initial="ro"
    )
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, partner: Partner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner = partner
        organisations = Organisation.objects.filter(partner=partner)
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = organisations
        self.fields["language"].initial = partner.main_language

    @classmethod
    def initial_from(cls, person: Stakeholder) -> dict[str, Any]:
        return {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "organisation": person.organisation_id,
            "position": person.position,
            "language": person.language,
            "tags": ", ".join(t.name for t in person.tags.all()),
            "notes": person.notes,
        }

    def clean_first_name(self) -> str:
        return normalize_name(self.cleaned_data["first_name"])

    def clean_last_name(self) -> str:
        return normalize_name(self.cleaned_data["last_name"])

    def clean_email(self) -> str:
        try:
            return normalize_email(self.cleaned_data["email"])
        except ValidationError:
            raise ValidationError(_("Enter a valid e-mail address.")) from None

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"], country=self.partner.country)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("organisation") and data.get("new_organisation"):
            self.add_error(
                "new_organisation",
                _("Choose an organisation from the list or type a new one, not both."),
            )
        return data

    def stakeholder_data(self) -> StakeholderData:
        """Return the person as typed in, with the organisation chosen from the list."""
        data = self.cleaned_data
        return StakeholderData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            organisation=data["organisation"],
            position=normalize_name(data["position"]),
            language=data["language"],
            notes=data["notes"].strip(),
            tags=[t.strip() for t in data["tags"].split(",") if t.strip()],
        )

    def organisation_to_add(self) -> NewOrganisation | None:
        """Return the organisation typed in by name, if one was."""
        name = self.cleaned_data["new_organisation"]
        if not name:
            return None
        return NewOrganisation(name=name, type=self.cleaned_data["new_organisation_type"] or None)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    given = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Consent given")), ("0", _("Consent withdrawn"))],
        coerce=lambda v: v == "1",
    )
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices)
    text_version = forms.CharField(
        label=_("Version of the consent text"),
        max_length=40,
        required=False,
        help_text=_("For example “2019-10 privacy notice”."),
    )


class PersonChoiceField(forms.ModelChoiceField):
    """Offer people by name, e-mail and organisation, so that namesakes can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.full_name} — {obj.email or _('no e-mail')}"
        return label + (f" — {obj.organisation.name}" if obj.organisation_id else "")


class MergeForm(forms.Form):
    duplicate = PersonChoiceField(
        label=_("Duplicate to merge into this person"), queryset=Stakeholder.objects.none()
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["duplicate"]).queryset = candidates


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type ERASE to confirm"),
        max_length=10,
    )

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip()
        if value.upper() not in {"ERASE", str(_("ERASE")).upper()}:
            raise ValidationError(_("Type ERASE to confirm."))
        return value
