"""Keep the transfer log: which partner studied, is adapting or adopted which practice."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.practices.limits import limit
from learninglab.practices.models import GoodPractice, PracticeTransfer, TransferStage
from learninglab.projects.models import Partner


@transaction.atomic
def transfer_record(
    *,
    actor: Actor,
    practice: GoodPractice,
    partner: Partner,
    stage: str,
    on: datetime.date,
    note: str = "",
    via: str = Via.WEB,
) -> PracticeTransfer:
    """Record that ``partner`` reached ``stage`` (studied, adapting, adopted) with
    ``practice`` on ``on``; return the entry.

    Only a published practice of another partner of the same project can be learnt
    from; each stage is recorded once per partner (recording it again changes its date
    and note).
    """
    if not practice.is_published:
        raise DomainError(
            "not_published", _("Only a published practice can be studied or adopted.")
        )
    if partner.pk == practice.partner_id:
        raise DomainError(
            "own_practice", _("A partner learns from the practices of the other partners.")
        )
    if partner.project_id != practice.partner.project_id:
        raise DomainError(
            "other_project", _("The practice belongs to a partner of another project.")
        )
    stage = TransferStage(stage)
    note = (note or "").strip()
    if len(note) > limit("transfer_note"):
        raise DomainError(
            "too_long",
            _("The note is longer than %(limit)s characters.") % {"limit": limit("transfer_note")},
        )
    try:
        with transaction.atomic():
            entry, created = PracticeTransfer.objects.update_or_create(
                practice=practice,
                partner=partner,
                stage=stage,
                defaults={"on": on, "note": note, "recorded_by": acting_user(actor)},
            )
    except IntegrityError:  # recorded at the same moment by a colleague
        entry = PracticeTransfer.objects.get(practice=practice, partner=partner, stage=stage)
        created = False
    audit_record(
        actor=actor,
        action="practices.transfer.recorded" if created else "practices.transfer.updated",
        obj=entry,
        after={"practice": practice.pk, "stage": stage.value, "on": on.isoformat(), "note": note},
        via=via,
    )
    return entry


@transaction.atomic
def transfer_remove(*, actor: Actor, entry: PracticeTransfer, via: str = Via.WEB) -> None:
    """Remove an entry of the transfer log (recorded by mistake)."""
    audit_record(
        actor=actor,
        action="practices.transfer.removed",
        obj=entry,
        before={"practice": entry.practice_id, "stage": entry.stage, "on": entry.on.isoformat()},
        via=via,
    )
    entry.delete()
