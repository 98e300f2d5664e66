"""The registration form of an open lab's public page.

Against bots it carries a field people never see (``website``: filled in, the form is
refused) and the signed moment the form was drawn (``drawn``: sent back faster than a
person could fill it in, or a day later, it is refused). No third-party CAPTCHA.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from learninglab.labs.forms.questions import answers_cleaned, field_name, question_fields
from learninglab.labs.models import Lab
from learninglab.labs.selectors import lab_questions
from learninglab.labs.services.registration import REGISTRATION_CONSENTS, RegistrationData
from learninglab.stakeholders.models import OrganisationType

_SALT = "learninglab.labs.registration-form"
# Later than this, the page was left open (sooner than REGISTRATION_FORM_MIN_SECONDS,
# nobody has read the consents).
FORM_VALID = datetime.timedelta(days=1)


def drawn_now(*, at: datetime.datetime | None = None) -> str:
    """Return the signed moment a registration form is drawn (``at``, else now)."""
    return signing.dumps((at or timezone.now()).timestamp(), salt=_SALT)


class RegistrationForm(forms.Form):
    first_name = forms.CharField(
        label=pgettext_lazy("stakeholder", "First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=pgettext_lazy("stakeholder", "Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=pgettext_lazy("stakeholder", "E-mail address"),
        help_text=pgettext_lazy(
            "stakeholder",
            "We send a link to this address: your registration counts once you open it.",
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation_name = forms.CharField(
        label=pgettext_lazy("stakeholder", "Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_type = forms.ChoiceField(
        label=pgettext_lazy("stakeholder", "Type of organisation"),
        choices=[("", "—"), *OrganisationType.choices],
        required=False,
    )
    language = forms.ChoiceField(
        label=pgettext_lazy("stakeholder", "Language for our e-mails"),
        choices=settings.STAKEHOLDER_LANGUAGES,
    )
    # Never shown to people: hidden from sight, from screen readers and from the tab order.
    website = forms.CharField(
        label=pgettext_lazy("stakeholder", "Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    drawn = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, lab: Lab, language: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"language": language, "drawn": drawn_now()})
        super().__init__(*args, **kwargs)
        self.lab = lab
        self.questions = lab_questions(lab)
        self.fields.update(question_fields(self.questions, language=language))
        partner = lab.partner.institution
        for purpose, text in REGISTRATION_CONSENTS.items():
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=text % {"partner": partner}, required=False
            )

    def clean_website(self) -> str:
        if self.cleaned_data["website"]:
            raise ValidationError(
                pgettext_lazy(
                    "stakeholder",
                    "This field must stay empty: it is there to stop automatic registrations. "
                    "Empty it and send the form again.",
                )
            )
        return ""

    def clean_drawn(self) -> str:
        drawn: str = self.cleaned_data["drawn"]
        try:
            at = signing.loads(drawn, salt=_SALT, max_age=FORM_VALID)
        except signing.BadSignature:
            fresh = cast(QueryDict, self.data).copy()
            fresh["drawn"] = drawn_now()  # the form sent again is a fresh one
            self.data = fresh
            raise ValidationError(
                pgettext_lazy(
                    "stakeholder",
                    "This form was open for too long. Check your details and send it again.",
                )
            ) from None
        if timezone.now().timestamp() - float(at) < settings.REGISTRATION_FORM_MIN_SECONDS:
            raise ValidationError(
                pgettext_lazy(
                    "stakeholder",
                    "The form was sent too quickly after it opened. Check your details and send "
                    "it again.",
                )
            )
        return drawn

    def registration_data(self) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            language=data["language"],
            organisation_name=data["organisation_name"],
            organisation_type=data["organisation_type"],
            consents=frozenset(p for p in REGISTRATION_CONSENTS if data[f"consent_{p}"]),
            answers=answers_cleaned(self.questions, data),
        )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[field_name(question)] for question in self.questions]

    def consent_fields(self) -> list[forms.BoundField]:
        return [self[f"consent_{purpose}"] for purpose in REGISTRATION_CONSENTS]

    def person_fields(self) -> list[forms.BoundField]:
        """Return the fields about the person, before the questions and the consents."""
        names = ("first_name", "last_name", "email", "organisation_name", "organisation_type")
        return [self[name] for name in (*names, "language")]
