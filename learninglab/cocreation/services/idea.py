"""Ideas: a participant posts one; the facilitator approves, hides or merges it.

A participant's idea is not audited (participants are anonymous, and the ideas are
themselves the record); the rate limit holds however many app processes run, because
posting locks the participant's row first and only then counts what they already posted.
What the facilitator does is audited. Ideas are locked in the order of their ids, before
the session (see ``services.wall``), as a vote locks its idea.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from learninglab.cocreation.models import (
    IDEA_MAX_LENGTH,
    Idea,
    IdeaStatus,
    LiveSession,
    Participant,
    Prompt,
    Vote,
)
from learninglab.cocreation.services.wall import (
    check_open,
    lock_ideas,
    lock_participant,
    wall_changed,
)
from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.core.text import clean_spaces

# At most this many ideas per person in any window of this length.
IDEA_RATE_LIMIT = 5


IDEA_RATE_WINDOW = datetime.timedelta(minutes=1)


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
    participant = lock_participant(participant)
    session = participant.session
    prompt = Prompt.objects.get(pk=prompt.pk)
    check_open(session, prompt)
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


@transaction.atomic
def idea_approve(*, actor: Actor, idea: Idea) -> Idea:
    """Show a waiting (or hidden) idea on the wall."""
    [idea] = lock_ideas(idea)
    if idea.merged_into_id is not None:
        raise DomainError("idea_merged", _("This idea was merged into another."))
    if idea.status == IdeaStatus.VISIBLE:
        return idea
    before = idea.status
    idea.status = IdeaStatus.VISIBLE
    idea.wall_version = wall_changed(idea.prompt.session_id)
    idea.save(update_fields=["status", "wall_version"])
    audit_record(
        actor=actor,
        action="cocreation.idea.approved",
        obj=idea,
        before={"status": before},
        after={"status": idea.status},
    )
    return idea


@transaction.atomic
def idea_hide(*, actor: Actor, idea: Idea) -> Idea:
    """Take an idea off the wall; its votes go back to the people who gave them."""
    [idea] = lock_ideas(idea)
    if idea.status == IdeaStatus.HIDDEN:
        return idea
    before = idea.status
    idea.status = IdeaStatus.HIDDEN
    idea.wall_version = wall_changed(idea.prompt.session_id)
    idea.save(update_fields=["status", "wall_version"])
    returned, _by_model = idea.votes.all().delete()
    audit_record(
        actor=actor,
        action="cocreation.idea.hidden",
        obj=idea,
        before={"status": before},
        after={"status": idea.status},
        extra={"votes_returned": returned},
    )
    return idea


@transaction.atomic
def idea_merge(*, actor: Actor, idea: Idea, into: Idea, via: str = Via.WEB) -> Idea:
    """Merge a duplicate ``idea`` into the idea kept, ``into``; return the idea kept.

    The duplicate's votes move to the idea kept. Nobody ends with more votes than before:
    without stacking, a person who voted for both keeps one vote and gets the other back.
    Ideas merged earlier into the duplicate now point at the idea kept, which also takes
    the duplicate's theme when it has none.
    """
    if idea.pk == into.pk:
        raise DomainError("merge_self", _("Choose another idea to merge into."))
    idea, into = lock_ideas(idea, into)
    if idea.prompt_id != into.prompt_id:
        raise DomainError("merge_elsewhere", _("Only ideas of the same question can be merged."))
    if idea.merged_into_id is not None or into.merged_into_id is not None:
        raise DomainError("idea_merged", _("This idea was merged into another."))
    session = LiveSession.objects.get(pk=idea.prompt.session_id)
    moved, returned = _move_votes(idea, into, stacking=session.allow_stacking)
    idea.duplicates.update(merged_into=into)
    idea.merged_into = into
    idea.wall_version = wall_changed(session.pk)
    idea.save(update_fields=["merged_into", "wall_version"])
    if into.theme_id is None and idea.theme_id is not None:
        into.theme_id = idea.theme_id
        into.save(update_fields=["theme"])
    audit_record(
        actor=actor,
        action="cocreation.idea.merged",
        obj=idea,
        after={"merged_into": into.pk},
        extra={"votes_moved": moved, "votes_returned": returned},
        via=via,
    )
    return into


def _move_votes(idea: Idea, into: Idea, *, stacking: bool) -> tuple[int, int]:
    """Move the votes of ``idea`` onto ``into``; return how many moved and were given back."""
    kept_stacks = dict(
        into.votes.values("participant_id")
        .annotate(last=Max("stack"))
        .values_list("participant_id", "last")
    )
    by_person: dict[int, list[Vote]] = defaultdict(list)
    for vote in idea.votes.order_by("participant_id", "stack"):
        by_person[vote.participant_id].append(vote)
    moved, returned = 0, 0
    for person, votes in by_person.items():
        last = kept_stacks.get(person, 0)
        # Without stacking a person keeps one vote on the idea kept, at most.
        keep = len(votes) if stacking else max(0, 1 - last)
        for n, vote in enumerate(votes):
            if n < keep:
                vote.idea, vote.stack = into, last + n + 1
                vote.save(update_fields=["idea", "stack"])
                moved += 1
            else:
                vote.delete()
                returned += 1
    return moved, returned
