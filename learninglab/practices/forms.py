"""Forms of the good-practice library. They clean input; the services decide."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.practices.limits import limit
from learninglab.practices.models import TransferStage
from learninglab.projects.models import Partner


class TransferForm(forms.Form):
    """An entry of a practice's transfer log: which partner reached which stage, when.

    ``partners`` are those the user may record for (``selectors.transfer_partners``):
    with one, the form records for it without asking; with several (the coordinator),
    it asks which; with none, it refuses.
    """

    partner = forms.TypedChoiceField(label=_("Partner that learns from it"), coerce=int)
    stage = forms.ChoiceField(
        label=_("Stage reached"), choices=TransferStage.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=limit("transfer_note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was studied, what is being changed to fit, what was adopted."),
    )

    def __init__(self, *args: Any, partners: Sequence[Partner], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.partners = {partner.pk: partner for partner in partners}
        if len(self.partners) > 1:
            choices = [(pk, str(partner)) for pk, partner in self.partners.items()]
            cast(forms.ChoiceField, self.fields["partner"]).choices = choices
        else:
            del self.fields["partner"]

    @property
    def is_available(self) -> bool:
        """Whether the user may record an entry at all."""
        return bool(self.partners)

    @property
    def only_partner(self) -> Partner | None:
        """Return the one partner the entry is recorded for, when there is no choice."""
        return next(iter(self.partners.values())) if len(self.partners) == 1 else None

    def clean_on(self) -> datetime.date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("Record a stage once it is reached: not in the future."))
        return on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.partners:
            raise forms.ValidationError(
                _("You may record only what your own partner learnt from another partner.")
            )
        return data

    def entry(self) -> dict[str, Any]:
        """Return the keyword arguments of ``transfer_record`` but the actor and practice."""
        data = self.cleaned_data
        partner = self.only_partner or self.partners[data["partner"]]
        return {"partner": partner, "stage": data["stage"], "on": data["on"], "note": data["note"]}
