"""What participants do from their phones: join, post ideas, vote and take a vote back.

The limits hold whatever the number of app processes: each write locks the participant's
row first (``select_for_update``; on SQLite, whose transactions begin IMMEDIATE, one writer
at a time) and only then counts what the person already did. Votes are also guarded by a
unique constraint (see ``Vote``). Nothing here is audited: participants are anonymous and
their ideas and votes are themselves the record.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from learninglab.cocreation.models import (
    DISPLAY_NAME_MAX_LENGTH,
    IDEA_MAX_LENGTH,
    Idea,
    IdeaStatus,
    LiveSession,
    Participant,
    Prompt,
    PromptStatus,
    Vote,
)
from learninglab.cocreation.services import wall_changed
from learninglab.core.errors import DomainError
from learninglab.core.text import clean_spaces

# At most this many ideas per person in any window of this length.
IDEA_RATE_LIMIT = 5
IDEA_RATE_WINDOW = datetime.timedelta(minutes=1)


def _not_open() -> DomainError:
    return DomainError(
        "session_closed", pgettext_lazy("stakeholder", "This live session is not open.")
    )


def participant_join(
    *,
    session: LiveSession,
    token: str,
    language: str,
    display_name: str = "",
    now: datetime.datetime | None = None,
) -> Participant:
    """Return the browser's participant in the session, created on its first visit.

    A second visit with the same token changes the name and language it gave. A new
    participant joined at ``now``, the present unless given.
    """
    if not session.is_open:
        raise _not_open()
    display_name = clean_spaces(display_name)[:DISPLAY_NAME_MAX_LENGTH]
    with transaction.atomic():
        participant, created = Participant.objects.get_or_create(
            session=session,
            token=token,
            defaults={
                "display_name": display_name,
                "language": language,
                "created_at": now or timezone.now(),
            },
        )
        if created:
            wall_changed(session.pk)  # the projector counts the people taking part
        elif (participant.display_name, participant.language) != (display_name, language):
            participant.display_name, participant.language = display_name, language
            participant.save(update_fields=["display_name", "language"])
    return participant


def participant_set_language(*, participant: Participant, language: str) -> Participant:
    participant.language = language
    participant.save(update_fields=["language"])
    return participant


def _lock(participant: Participant) -> Participant:
    locked = Participant.objects.select_for_update(of=("self",)).select_related("session")
    return locked.get(pk=participant.pk)


def _check_open(session: LiveSession, prompt: Prompt) -> None:
    if not session.is_open:
        raise _not_open()
    if prompt.session_id != session.pk:
        raise DomainError(
            "wrong_session",
            pgettext_lazy("stakeholder", "This question belongs to another session."),
        )
    if prompt.status != PromptStatus.OPEN:
        raise DomainError("prompt_closed", pgettext_lazy("stakeholder", "This question is closed."))


def _clean_idea(text: str) -> str:
    text = clean_spaces(text)
    if not text:
        raise DomainError("idea_empty", pgettext_lazy("stakeholder", "Write your idea first."))
    if len(text) > IDEA_MAX_LENGTH:
        raise DomainError(
            "idea_too_long",
            pgettext_lazy("stakeholder", "Keep your idea under %(max)s characters.")
            % {"max": IDEA_MAX_LENGTH},
        )
    return text


@transaction.atomic
def idea_submit(
    *, participant: Participant, prompt: Prompt, text: str, now: datetime.datetime | None = None
) -> Idea:
    """Post an idea in answer to the open prompt, at ``now`` (the present unless given).

    With moderation on, it waits for a facilitator's approval before anyone sees it.
    A person may post ``IDEA_RATE_LIMIT`` ideas per ``IDEA_RATE_WINDOW``.
    """
    text = _clean_idea(text)
    participant = _lock(participant)
    session = participant.session
    prompt = Prompt.objects.get(pk=prompt.pk)
    _check_open(session, prompt)
    now = now or timezone.now()
    since = now - IDEA_RATE_WINDOW
    if participant.ideas.filter(created_at__gt=since).count() >= IDEA_RATE_LIMIT:
        raise DomainError(
            "rate_limited",
            pgettext_lazy(
                "stakeholder",
                "You have posted many ideas in a short time; wait a minute, then post again.",
            ),
        )
    status = IdeaStatus.PENDING if session.is_moderated else IdeaStatus.VISIBLE
    version = wall_changed(session.pk)
    return Idea.objects.create(
        prompt=prompt,
        participant=participant,
        text=text,
        status=status,
        wall_version=version,
        created_at=now,
    )


def _lock_idea(idea: Idea) -> Idea:
    locked = Idea.objects.select_for_update(of=("self",)).select_related("prompt")
    return locked.get(pk=idea.pk)


@transaction.atomic
def vote_cast(
    *, participant: Participant, idea: Idea, now: datetime.datetime | None = None
) -> Vote:
    """Give one of the person's votes to an idea on the wall.

    Refused when the person's budget for the prompt is spent, or, without stacking, when
    they already voted for this idea. The vote is cast at ``now``, the present unless given.
    """
    participant = _lock(participant)
    session = participant.session
    idea = _lock_idea(idea)  # a hide or merge of the idea waits for this vote, or it for them
    _check_open(session, idea.prompt)
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
    participant = _lock(participant)
    idea = _lock_idea(idea)
    _check_open(participant.session, idea.prompt)
    vote = Vote.objects.filter(idea=idea, participant=participant).order_by("-stack").first()
    if vote is None:
        raise DomainError(
            "no_vote", pgettext_lazy("stakeholder", "You have not voted for this idea.")
        )
    vote.delete()
    wall_changed(participant.session_id)
