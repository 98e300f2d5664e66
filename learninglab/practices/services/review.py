"""Move a practice through its review, one step per function.

Draft (or returned) → submitted by its partner → the coordinator asks for more
information (back to the partner, with a comment), approves it (it is published) or
declines it → a published practice may be validated by the programme's experts, with
their opinion, or taken off the catalogue again. Each step is kept in the practice's
history (``PracticeEvent``), audited, and e-mailed through the outbox: to the author
when the coordinator acts, to the coordinators when a partner submits (unless
``notify=False``: a script recording steps taken long ago tells nobody). A step the
practice is not ready for is refused with a ``DomainError`` that says why.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.core.audit import Actor, acting_user, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.multilingual import Multilingual
from learninglab.practices.emails import review_step_notify
from learninglab.practices.limits import limit
from learninglab.practices.models import EventKind, GoodPractice, PracticeEvent, PracticeStatus
from learninglab.practices.services.practice import practice_missing

_FROM: dict[str, tuple[str, ...]] = {
    EventKind.SUBMITTED: (PracticeStatus.DRAFT, PracticeStatus.RETURNED),
    EventKind.RETURNED: (PracticeStatus.SUBMITTED,),
    EventKind.APPROVED: (PracticeStatus.SUBMITTED,),
    EventKind.DECLINED: (PracticeStatus.SUBMITTED,),
    EventKind.VALIDATED: (PracticeStatus.PUBLISHED,),
    EventKind.UNPUBLISHED: (PracticeStatus.PUBLISHED,),
}
_TO: dict[str, str] = {
    EventKind.SUBMITTED: PracticeStatus.SUBMITTED,
    EventKind.RETURNED: PracticeStatus.RETURNED,
    EventKind.APPROVED: PracticeStatus.PUBLISHED,
    EventKind.DECLINED: PracticeStatus.DECLINED,
    EventKind.VALIDATED: PracticeStatus.PUBLISHED,
    EventKind.UNPUBLISHED: PracticeStatus.RETURNED,
}


def steps_open(practice: GoodPractice) -> list[str]:
    """Return the steps (``EventKind`` values) the practice's status allows now, whoever
    takes them; who may take which is the permission layer's question."""
    return [kind for kind, statuses in _FROM.items() if practice.status in statuses]


def _locked(practice: GoodPractice) -> GoodPractice:
    return GoodPractice.objects.select_for_update().select_related("partner").get(pk=practice.pk)


def _step(
    *,
    actor: Actor,
    practice: GoodPractice,
    kind: str,
    comment: str = "",
    now: datetime.datetime | None = None,
    via: str = Via.WEB,
    notify: bool = True,
    **fields: object,
) -> GoodPractice:
    current = _locked(practice)
    if current.status not in _FROM[kind]:
        raise DomainError(
            "wrong_status",
            _("“%(step)s” is not possible while the practice is “%(status)s”.")
            % {"status": current.get_status_display(), "step": EventKind(kind).label},
        )
    comment = (comment or "").strip()
    if len(comment) > limit("comment"):
        raise DomainError(
            "too_long",
            _("The comment is longer than %(limit)s characters.") % {"limit": limit("comment")},
        )
    now = now or timezone.now()
    before = current.status
    current.status = _TO[kind]
    for name, value in fields.items():
        setattr(current, name, value)
    if kind == EventKind.SUBMITTED:
        current.submitted_at = now
    elif kind == EventKind.APPROVED:
        current.published_at = now
    elif kind == EventKind.UNPUBLISHED:
        current.published_at = None
        current.expert_validated_at = None
    current.save()
    event = PracticeEvent.objects.create(
        practice=current, kind=kind, comment=comment, by=acting_user(actor), at=now
    )
    audit_record(
        actor=actor,
        action=f"practices.practice.{kind}",
        obj=current,
        before={"status": before},
        after={"status": current.status, "comment": comment},
        via=via,
    )
    if notify:
        review_step_notify(event)
    return current


@transaction.atomic
def practice_submit(
    *,
    actor: Actor,
    practice: GoodPractice,
    comment: str = "",
    via: str = Via.WEB,
    notify: bool = True,
) -> GoodPractice:
    """Submit ``practice`` for review; refused while it lacks what ``practice_missing``
    lists. The coordinators are told by e-mail."""
    missing = practice_missing(practice)
    if missing:
        raise DomainError(
            "incomplete",
            _("Before submitting, add: %(missing)s.") % {"missing": "; ".join(missing)},
        )
    return _step(
        actor=actor,
        practice=practice,
        kind=EventKind.SUBMITTED,
        comment=comment,
        via=via,
        notify=notify,
    )


def _comment_required(comment: str, message: Any) -> None:
    if not (comment or "").strip():
        raise DomainError("comment_required", message)


@transaction.atomic
def practice_return(
    *,
    actor: Actor,
    practice: GoodPractice,
    comment: str,
    via: str = Via.WEB,
    notify: bool = True,
) -> GoodPractice:
    """Send a submitted practice back to its partner, saying what more is needed."""
    _comment_required(comment, _("Say what more information the partner should add."))
    return _step(
        actor=actor,
        practice=practice,
        kind=EventKind.RETURNED,
        comment=comment,
        via=via,
        notify=notify,
    )


@transaction.atomic
def practice_approve(
    *,
    actor: Actor,
    practice: GoodPractice,
    comment: str = "",
    via: str = Via.WEB,
    notify: bool = True,
) -> GoodPractice:
    """Approve a submitted practice: it is published in the public catalogue."""
    return _step(
        actor=actor,
        practice=practice,
        kind=EventKind.APPROVED,
        comment=comment,
        via=via,
        notify=notify,
    )


@transaction.atomic
def practice_decline(
    *,
    actor: Actor,
    practice: GoodPractice,
    comment: str,
    via: str = Via.WEB,
    notify: bool = True,
) -> GoodPractice:
    """Decline a submitted practice, saying why; it stays out of the catalogue."""
    _comment_required(comment, _("Say why the practice is declined."))
    return _step(
        actor=actor,
        practice=practice,
        kind=EventKind.DECLINED,
        comment=comment,
        via=via,
        notify=notify,
    )


@transaction.atomic
def practice_validate(
    *,
    actor: Actor,
    practice: GoodPractice,
    opinion: Mapping[str, str],
    via: str = Via.WEB,
    notify: bool = True,
) -> GoodPractice:
    """Record that the programme's experts validated a published practice, with their
    opinion (in English at least, the language they write in)."""
    opinion = Multilingual.of(opinion)
    if not opinion.get("en"):
        raise DomainError("opinion_required", _("Write the experts' opinion in English."))
    if any(len(text) > limit("expert_opinion") for text in opinion.values()):
        raise DomainError(
            "too_long",
            _("The opinion is longer than %(limit)s characters.")
            % {"limit": limit("expert_opinion")},
        )
    now = timezone.now()
    return _step(
        actor=actor,
        practice=practice,
        kind=EventKind.VALIDATED,
        now=now,
        via=via,
        notify=notify,
        expert_validated_at=now,
        expert_opinion=opinion,
    )


@transaction.atomic
def practice_unpublish(
    *,
    actor: Actor,
    practice: GoodPractice,
    comment: str,
    via: str = Via.WEB,
    notify: bool = True,
) -> GoodPractice:
    """Take a published practice off the catalogue and back to its partner, saying why."""
    _comment_required(comment, _("Say why the practice is taken off the catalogue."))
    return _step(
        actor=actor,
        practice=practice,
        kind=EventKind.UNPUBLISHED,
        comment=comment,
        via=via,
        notify=notify,
    )
