"""Dot voting: a participant casts a vote on an idea or takes it back.

The vote budget holds however many app processes run: each vote locks the participant's
row first (``select_for_update``; on SQLite, whose transactions begin IMMEDIATE, one
writer at a time) and only then counts the votes already cast. A unique constraint
guards the rest (see ``Vote``). Votes are not audited: participants are anonymous, and
the votes are themselves the record.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from learninglab.cocreation.models import (
    Idea,
    IdeaStatus,
    Participant,
    Vote,
)
from learninglab.cocreation.services.wall import (
    check_open,
    lock_idea,
    lock_participant,
    wall_changed,
)
from learninglab.core.errors import DomainError


@transaction.atomic
def vote_cast(
    *, participant: Participant, idea: Idea, now: datetime.datetime | None = None
) -> Vote:
    """Give one of the person's votes to an idea on the wall.

    Refused when the person's budget for the prompt is spent, or, without stacking, when
    they already voted for this idea. The vote is cast at ``now``, the present unless given.
    """
    participant = lock_participant(participant)
    session = participant.session
    idea = lock_idea(idea)  # a hide or merge of the idea waits for this vote, or it for them
    check_open(session, idea.prompt)
    if idea.status != IdeaStatus.VISIBLE or idea.merged_into_id is not None:
        raise DomainError(
            "idea_not_shown", pgettext_lazy("stakeholder", "This idea is no longer on the wall.")
        )
    mine = Vote.objects.filter(idea=idea, participant=participant)
    if mine.exists() and not session.allow_stacking:
        raise DomainError(
            "already_voted", pgettext_lazy("stakeholder", "You already voted for this idea.")
        )
    used = Vote.objects.filter(participant=participant, idea__prompt_id=idea.prompt_id).count()
    if used >= session.vote_budget:
        raise DomainError(
            "budget_spent",
            pgettext_lazy(
                "stakeholder", "You have used all your votes. Take one back to vote again."
            ),
        )
    stack = (mine.aggregate(last=Max("stack"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                idea=idea, participant=participant, stack=stack, created_at=now or timezone.now()
            )
    except IntegrityError:  # the locks above make this unreachable; the constraint stays
        raise DomainError(
            "already_voted", pgettext_lazy("stakeholder", "You already voted for this idea.")
        ) from None
    wall_changed(session.pk)
    return vote


@transaction.atomic
def vote_withdraw(*, participant: Participant, idea: Idea) -> None:
    """Take back the person's last vote for the idea, while its prompt is open."""
    participant = lock_participant(participant)
    idea = lock_idea(idea)
    check_open(participant.session, idea.prompt)
    vote = Vote.objects.filter(idea=idea, participant=participant).order_by("-stack").first()
    if vote is None:
        raise DomainError(
            "no_vote", pgettext_lazy("stakeholder", "You have not voted for this idea.")
        )
    vote.delete()
    wall_changed(participant.session_id)
