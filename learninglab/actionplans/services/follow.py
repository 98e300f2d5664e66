"""Follow a public plan by e-mail: ask, confirm (double opt-in), stop; forget the unconfirmed.

A follower is personal data: an address and a language, nothing else. The answer to a
request is the same whether the address already follows or not, so that the page does
not tell who follows a plan. An address asked for is sent one confirmation per
``FOLLOW_RESEND_AFTER`` at most, so the form cannot be used to flood a mailbox. A request
not confirmed within ``FOLLOW_CONFIRM_DAYS`` days cannot be confirmed any more and is
deleted by the worker (``followers_prune``); stopping deletes the follower at once.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from learninglab.actionplans.emails import follow_confirmation_enqueue
from learninglab.actionplans.models import ActionPlan, PlanFollower
from learninglab.core import languages
from learninglab.core.audit import audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via

FOLLOW_CONFIRM_DAYS = 7
FOLLOW_RESEND_AFTER = datetime.timedelta(hours=1)


def _normalised(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(
            "email_invalid",
            pgettext_lazy("stakeholder", "Enter a valid e-mail address."),
            field="email",
        ) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def follow_request(*, plan: ActionPlan, email: str, language: str) -> None:
    """Ask to follow ``plan``: queue a confirmation e-mail, once the request is committed.

    Nothing is sent to an address that follows already, nor twice to one asked within
    ``FOLLOW_RESEND_AFTER``; the caller cannot tell these cases apart (on purpose).
    Refuses ``plan_not_public`` and ``email_invalid``.
    """
    if not plan.is_public:
        raise DomainError(
            "plan_not_public", pgettext_lazy("stakeholder", "This plan is not public.")
        )
    email = _normalised(email)
    language = languages.for_person(language)
    now = timezone.now()
    with transaction.atomic():
        follower = (
            PlanFollower.objects.select_for_update().filter(plan=plan, email__iexact=email).first()
        )
        if follower is None:
            try:
                with transaction.atomic():
                    follower = PlanFollower.objects.create(
                        plan=plan, email=email, language=language, created_at=now
                    )
            except IntegrityError:  # asked at the same moment: that request goes on
                return
        elif follower.confirmed_at is not None or now - follower.created_at < FOLLOW_RESEND_AFTER:
            return
        else:
            # A new request restarts the days allowed to confirm.
            follower.created_at, follower.language = now, language
            follower.save(update_fields=["created_at", "language"])
        audit_record(
            actor=None,
            action="actionplans.follower.asked",
            obj=plan,
            extra={"follower": follower.pk},
            via=Via.WEB,
        )
        follower.plan = plan
        transaction.on_commit(lambda: follow_confirmation_enqueue(follower))


def follower_by_token(token: str) -> PlanFollower | None:
    """Return the follower of a public plan whose link carries ``token``, or None."""
    return (
        PlanFollower.objects.select_related("plan__partner", "plan__instrument")
        .filter(token=token, plan__is_public=True)
        .first()
    )


def confirmation_expired(follower: PlanFollower, *, now: datetime.datetime | None = None) -> bool:
    """Return whether the follower's request is too old to be confirmed."""
    now = now or timezone.now()
    return follower.confirmed_at is None and now - follower.created_at > datetime.timedelta(
        days=FOLLOW_CONFIRM_DAYS
    )


@transaction.atomic
def follow_confirm(*, follower: PlanFollower) -> PlanFollower:
    """Confirm ``follower``: from now on they hear of every change of status.

    Confirming twice changes nothing. Refuses ``confirmation_expired`` after
    ``FOLLOW_CONFIRM_DAYS`` days.
    """
    if follower.confirmed_at is not None:
        return follower
    if confirmation_expired(follower):
        raise DomainError(
            "confirmation_expired",
            pgettext_lazy(
                "stakeholder", "This link is too old. Ask again to follow the plan on its page."
            ),
        )
    follower.confirmed_at = timezone.now()
    follower.save(update_fields=["confirmed_at"])
    audit_record(
        actor=None,
        action="actionplans.follower.confirmed",
        obj=follower.plan,
        extra={"follower": follower.pk},
        via=Via.WEB,
    )
    return follower


@transaction.atomic
def follow_end(*, follower: PlanFollower) -> None:
    """Stop following: the follower's address is deleted, not kept as "unsubscribed"."""
    plan, pk = follower.plan, follower.pk
    PlanFollower.objects.filter(pk=pk).delete()
    audit_record(
        actor=None,
        action="actionplans.follower.ended",
        obj=plan,
        extra={"follower": pk},
        via=Via.WEB,
    )


def followers_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete the follow requests not confirmed in time; return how many. The worker runs it."""
    now = now or timezone.now()
    stale = PlanFollower.objects.filter(
        confirmed_at__isnull=True,
        created_at__lt=now - datetime.timedelta(days=FOLLOW_CONFIRM_DAYS),
    )
    deleted, _kinds = stale.delete()
    return deleted
