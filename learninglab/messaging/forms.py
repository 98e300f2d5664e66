"""The outbox's filter form."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy

from learninglab.messaging.models import MessageKind, MessageState


def _kind_label(kind: str) -> str:
    # A kind no longer known is shown as it is stored.
    return str(MessageKind(kind).label) if kind in MessageKind.values else kind


class OutboxFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Recipient or subject"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        required=False,
        choices=[("", gettext_lazy("All states")), *MessageState.choices],
    )
    kind = forms.ChoiceField(label=gettext_lazy("Type"), required=False, choices=[])

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("", gettext_lazy("All kinds")),
            *[(kind, _kind_label(kind)) for kind in kinds],
        ]
