"""Take a plan through its life: submit it, withdraw the submission, record its
endorsement, open a revision, and submit and endorse the revision again.

    draft ──submit──▶ submitted ──endorse──▶ endorsed ──revise──▶ revised
      ▲                  │  ▲                                        │
      └────withdraw──────┘  └──────────────submit────────────────────┘

A withdrawn submission goes back to where it came from: a draft, or a revision under
way if the plan was endorsed before. Every submission and endorsement keeps a
``PlanVersion`` (numbered 1, 2, ...) with a copy of the plan as it then was
(``versions.plan_snapshot``); an endorsement's version also keeps the signed document.
Every step is in the audit log.
"""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from learninglab.actionplans.limits import limit
from learninglab.actionplans.models import ActionPlan, PlanStatus, PlanVersion
from learninglab.actionplans.versions import plan_snapshot
from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.uploads import DOCUMENT, check_upload

PDF = "application/pdf"


def plan_missing(plan: ActionPlan) -> list[str]:
    """Return what ``plan`` still lacks before it can be submitted, one line each, in
    the order of the programme's template; an empty list when nothing is missing."""
    missing = []
    if not plan.organisation:
        missing.append(gettext("Part I: the partner organisation"))
    if not plan.nuts2:
        missing.append(gettext("Part I: the NUTS 2 region"))
    if not plan.contact_name:
        missing.append(gettext("Part I: the contact person"))
    if not plan.improvement:
        missing.append(gettext("Part II: how the plan improves the policy instrument"))
    if plan.language != "en" and not plan.summary.get("en"):
        missing.append(gettext("Part II: the English summary of the actions"))
    elif not plan.summary:
        missing.append(gettext("Part II: the summary of the actions"))
    actions = list(plan.actions.order_by("position", "pk"))
    if not actions:
        missing.append(gettext("Part III: at least one action"))
    for action in actions:
        lacks = []
        if not action.description:
            lacks.append(gettext("what will be done"))
        if not (action.starts_on and action.ends_on):
            lacks.append(gettext("its start and end"))
        if lacks:
            missing.append(
                gettext("Part III: action %(number)s lacks %(what)s")
                % {"number": action.number, "what": ", ".join(lacks)}
            )
    return missing


def _locked(plan_pk: int) -> ActionPlan:
    return ActionPlan.objects.select_for_update().select_related("partner").get(pk=plan_pk)


def _wrong_status(plan: ActionPlan) -> DomainError:
    return DomainError(
        "wrong_status",
        _("This plan is %(status)s now: that step is not open to it.")
        % {"status": plan.get_status_display().lower()},
    )


def _note_checked(note: str) -> str:
    note = note.strip()
    if len(note) > limit("version_note"):
        raise DomainError(
            "too_long",
            _("The note is longer than %(limit)s characters.") % {"limit": limit("version_note")},
            field="note",
        )
    return note


def _version_add(
    *, actor: Actor, plan: ActionPlan, note: str, signed_document: Any = None
) -> PlanVersion:
    last = plan.versions.aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion(
        plan=plan,
        number=last + 1,
        status=plan.status,
        content=plan_snapshot(plan),
        note=note,
        created_at=timezone.now(),
        created_by=acting_user(actor),
    )
    if signed_document is not None:
        version.signed_document.save(PurePath(signed_document.name).name, signed_document, False)
    try:
        version.save()
    except BaseException:
        if version.signed_document:
            version.signed_document.delete(save=False)
        raise
    return version


@transaction.atomic
def plan_submit(
    *, actor: Actor, plan: ActionPlan, note: str = "", via: str = Via.WEB
) -> PlanVersion:
    """Submit a draft or a revision for endorsement; return the version it makes.

    Refuse a plan that is not a draft or a revision (``wrong_status``) and one that
    lacks a required part (``incomplete``, with ``missing``: what ``plan_missing``
    lists). The plan is then locked until the submission is withdrawn or endorsed.
    """
    plan = _locked(plan.pk)
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.REVISED):
        raise _wrong_status(plan)
    note = _note_checked(note)
    missing = plan_missing(plan)
    if missing:
        raise DomainError(
            "incomplete",
            _("The plan cannot be submitted yet: %(missing)s.") % {"missing": "; ".join(missing)},
            missing=missing,
        )
    before = plan.status
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    version = _version_add(actor=actor, plan=plan, note=note)
    audit_record(
        actor=actor,
        action="actionplans.plan.submitted",
        obj=plan,
        before={"status": before},
        after={"status": plan.status, "version": version.number},
        via=via,
    )
    return version


@transaction.atomic
def plan_withdraw(*, actor: Actor, plan: ActionPlan, via: str = Via.WEB) -> ActionPlan:
    """Take a submitted plan back, to change it before it is endorsed.

    It becomes a draft again, or a revision under way if an earlier version was
    endorsed. The version the submission made stays in the list, as submitted.
    """
    plan = _locked(plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise _wrong_status(plan)
    was_endorsed = plan.versions.filter(status=PlanStatus.ENDORSED).exists()
    plan.status = PlanStatus.REVISED if was_endorsed else PlanStatus.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="actionplans.plan.withdrawn",
        obj=plan,
        before={"status": PlanStatus.SUBMITTED},
        after={"status": plan.status},
        via=via,
    )
    return plan


@dataclasses.dataclass
class EndorsementData:
    """What the signed endorsement says, and the signed document (a PDF upload)."""

    on: datetime.date | None
    organisation: str
    signatory: str
    position: str
    document: Any
    note: str = ""


def _endorsement_checked(data: EndorsementData) -> None:
    if data.on is None:
        raise DomainError("date_required", _("Give the date of the endorsement."), field="on")
    if data.on > timezone.localdate():
        raise DomainError(
            "date_ahead", _("The endorsement cannot be dated in the future."), field="on"
        )
    for name, value, message in (
        ("organisation", data.organisation, _("Name the organisation that endorsed the plan.")),
        ("signatory", data.signatory, _("Name the person who signed.")),
        ("position", data.position, _("Give the signatory's position.")),
    ):
        if not value.strip():
            raise DomainError(f"{name}_required", message, field=name)
        if len(value) > 200:
            raise DomainError("too_long", _("Keep it under 200 characters."), field=name)
    if data.document is None:
        raise DomainError(
            "document_required", _("Upload the signed document, as a PDF."), field="document"
        )
    try:
        file_type = check_upload(data.document, kind=DOCUMENT)
    except DomainError as error:
        raise DomainError(error.code, error.message, field="document") from None
    if file_type.content_type != PDF:
        raise DomainError(
            "wrong_type",
            _("%(name)s is not a PDF: upload the signed document as a PDF.")
            % {"name": PurePath(data.document.name or "").name},
            field="document",
        )


@transaction.atomic
def plan_endorse(
    *, actor: Actor, plan: ActionPlan, data: EndorsementData, via: str = Via.WEB
) -> PlanVersion:
    """Record that the body responsible for the instrument endorsed the submitted plan;
    return the version it makes, which keeps the signed document.

    Refuse a plan that is not submitted (``wrong_status``), a missing or future date,
    a missing organisation, signatory or position, and a document that is missing, too
    large, or not a PDF (by its name and its first bytes).
    """
    plan = _locked(plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise _wrong_status(plan)
    _endorsement_checked(data)
    note = _note_checked(data.note)
    plan.status = PlanStatus.ENDORSED
    plan.endorsed_on = data.on
    plan.endorsed_by = data.organisation.strip()
    plan.signatory = data.signatory.strip()
    plan.signatory_position = data.position.strip()
    plan.save(
        update_fields=[
            "status",
            "endorsed_on",
            "endorsed_by",
            "signatory",
            "signatory_position",
            "updated_at",
        ]
    )
    version = _version_add(actor=actor, plan=plan, note=note, signed_document=data.document)
    audit_record(
        actor=actor,
        action="actionplans.plan.endorsed",
        obj=plan,
        before={"status": PlanStatus.SUBMITTED},
        after={
            "status": plan.status,
            "version": version.number,
            "endorsed_on": plan.endorsed_on,
            "endorsed_by": plan.endorsed_by,
            "signatory": plan.signatory,
            "signatory_position": plan.signatory_position,
        },
        via=via,
    )
    return version


@transaction.atomic
def plan_revise(
    *, actor: Actor, plan: ActionPlan, note: str = "", via: str = Via.WEB
) -> ActionPlan:
    """Open a revision of an endorsed plan: its texts and actions may change again.

    The endorsed version stays as it was; submitting the revision makes the next one.
    """
    plan = _locked(plan.pk)
    if plan.status != PlanStatus.ENDORSED:
        raise _wrong_status(plan)
    note = _note_checked(note)
    plan.status = PlanStatus.REVISED
    plan.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="actionplans.plan.revision_opened",
        obj=plan,
        before={"status": PlanStatus.ENDORSED},
        after={"status": plan.status},
        extra={"note": note} if note else None,
        via=via,
    )
    return plan
