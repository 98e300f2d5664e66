"""The subscription form: the address, the events, and (for the coordinator) whose events."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from learninglab.core.errors import DomainError
from learninglab.projects.models import Partner
from learninglab.webhooks.models import SUBSCRIBABLE, EventName, Subscription
from learninglab.webhooks.services import DESCRIPTION_MAX_LENGTH
from learninglab.webhooks.targets import URL_MAX_LENGTH, target_parse


class SubscriptionForm(forms.Form):
    target_url = forms.CharField(
        label=_("Address"),
        max_length=URL_MAX_LENGTH,
        help_text=_("Where the events are posted, e.g. https://crm.example.org/hooks/learning-lab"),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        help_text=_("What receives the events, for whoever reads this list later."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(name.value, name.label) for name in EventName if name in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )
    partner = forms.ModelChoiceField(
        label=_("Whose events"),
        queryset=Partner.objects.none(),
        required=False,
        empty_label=_("Every partner's"),
    )
    is_active = forms.BooleanField(
        label=_("Active: send the events"),
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        partners: QuerySet[Partner],
        all_partners: bool,
        subscription: Subscription | None = None,
        **kwargs: Any,
    ) -> None:
        if subscription is not None:
            kwargs.setdefault(
                "initial",
                {
                    "target_url": subscription.target_url,
                    "description": subscription.description,
                    "events": subscription.events,
                    "is_active": subscription.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        if subscription is not None or not all_partners:
            # Whose events a subscription hears is chosen once; partner staff hear their own.
            del self.fields["partner"]
        else:
            partner_field = self.fields["partner"]
            assert isinstance(partner_field, forms.ModelChoiceField)
            partner_field.queryset = partners
        if subscription is None:
            del self.fields["is_active"]

    def clean_target_url(self) -> str:
        url = self.cleaned_data["target_url"].strip()
        try:
            target_parse(url)
        except DomainError as error:
            raise forms.ValidationError(str(error), code=error.code) from None
        return url

    def values(self) -> dict[str, Any]:
        """Return the cleaned values, as the services take them."""
        return {
            key: self.cleaned_data[key]
            for key in ("target_url", "description", "events", "is_active")
            if key in self.fields
        }
