"""The outbox's filter form and the names of the kinds of message."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from learninglab.messaging.models import MessageState

# The kinds the labs queue, for people to read; an unknown kind is shown as it is stored.
KIND_LABELS = {
    "invitation": gettext_lazy("Invitation"),
    "confirmation": gettext_lazy("Confirmation of an answer"),
    "promotion": gettext_lazy("Seat from the waiting list"),
    "reminder": gettext_lazy("Reminder to answer"),
    "day_before": gettext_lazy("Reminder the day before"),
    "update": gettext_lazy("Change of time or place"),
    "cancellation": gettext_lazy("Cancellation"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


class OutboxFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Recipient or subject"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("All states")), *MessageState.choices],
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False, choices=[])

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", gettext_lazy("All kinds")),
            *[(kind, kind_label(kind)) for kind in kinds],
        ]
