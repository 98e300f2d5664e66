"""What the transfer box of a practice page offers the person reading it."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import template

from learninglab.core.permissions import has_perm
from learninglab.practices.forms import TransferForm
from learninglab.practices.models import GoodPractice, PracticeTransfer
from learninglab.practices.selectors import transfer_partners

register = template.Library()


@dataclasses.dataclass(frozen=True)
class TransferBox:
    """The form to record an entry (None when the reader may not), and the entries of
    the log the reader may remove."""

    form: TransferForm | None
    removable: list[PracticeTransfer]

    @property
    def is_shown(self) -> bool:
        return self.form is not None or bool(self.removable)


@register.simple_tag(takes_context=True)
def transfer_box(context: dict[str, Any], practice: GoodPractice) -> TransferBox:
    """Return the transfer box of ``practice`` for the request's user: empty for visitors
    and for the staff of the practice's own partner (who learn from the others')."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return TransferBox(form=None, removable=[])
    partners = transfer_partners(user, practice)
    removable = [
        entry for entry in practice.transfers.all() if has_perm(user, "practices.transfer", entry)
    ]
    return TransferBox(
        form=TransferForm(partners=partners) if partners else None, removable=removable
    )
