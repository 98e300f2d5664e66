"""Keep each person's consent ledger: entries are only ever appended."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.stakeholders.models import Consent, ConsentMethod, ConsentPurpose, Stakeholder


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    stakeholder: Stakeholder,
    purpose: str,
    given: bool,
    method: str,
    text_version: str = "",
    at: datetime.datetime | None = None,
    via: str = Via.WEB,
) -> Consent:
    """Append an entry to the person's consent ledger; the newest entry per purpose counts."""
    if stakeholder.is_erased:
        raise DomainError("erased", _("This person's data was erased."))
    if purpose not in ConsentPurpose.values or method not in ConsentMethod.values:
        raise DomainError("consent_invalid", _("Unknown consent purpose or method."))
    consent = Consent.objects.create(
        stakeholder=stakeholder,
        purpose=purpose,
        given=given,
        at=at or timezone.now(),
        method=method,
        text_version=text_version,
        recorded_by=acting_user(actor),
    )
    consent_states_refresh(stakeholder_ids=[stakeholder.pk])
    # A caller saving the person afterwards must not write the state back as it was.
    stakeholder.refresh_from_db(fields=["invitation_consent"])
    audit_record(
        actor=actor,
        action="stakeholders.consent.given" if given else "stakeholders.consent.withdrawn",
        obj=stakeholder,
        after={"purpose": purpose, "given": given, "method": method, "text_version": text_version},
        via=via,
    )
    return consent


def consents_give(
    *,
    actor: Actor,
    stakeholder: Stakeholder,
    purposes: Iterable[str],
    method: str,
    text_version: str,
    at: datetime.datetime | None = None,
    via: str = Via.WEB,
) -> list[Consent]:
    """Record each of ``purposes`` as given, in one way and in the same words (a form's
    tick boxes); return the ledger's new entries, in the order of the purposes' names."""
    return [
        consent_record(
            actor=actor,
            stakeholder=stakeholder,
            purpose=purpose,
            given=True,
            method=method,
            text_version=text_version,
            at=at,
            via=via,
        )
        for purpose in sorted(purposes)
    ]


def consent_states_refresh(*, stakeholder_ids: Iterable[int]) -> None:
    """Store each person's newest consent to invitations from their ledger, in one UPDATE.

    The one writer of ``Stakeholder.invitation_consent``: whatever adds to, moves or
    empties a ledger calls it, so that the lists, which read the stored state, agree with
    the ledger.
    """
    newest = Consent.objects.filter(
        stakeholder=OuterRef("pk"), purpose=ConsentPurpose.INVITATIONS
    ).order_by("-at", "-id")
    Stakeholder.objects.filter(pk__in=list(stakeholder_ids)).update(
        invitation_consent=Subquery(newest.values("given")[:1])
    )
