"""Set up and run a live session: open and close it, ask its prompts one at a time.

Every change a facilitator makes is audited. Every change the wall shows ends with
``wall_changed``, which moves the session's ``version`` on: the projector's cue to fetch
the wall again.

Rows are locked in one order, so that two transactions never wait for each other: a
participant, then ideas (by id), then the session. The session is locked last, and only
for the commit, by everything that changes ideas or votes; the services here, which
change no idea, lock it first."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.cocreation.models import (
    MAX_VOTE_BUDGET,
    PROMPT_MAX_LENGTH,
    LiveSession,
    Prompt,
    PromptStatus,
    new_join_code,
)
from learninglab.cocreation.services.wall import (
    lock_session,
    wall_changed,
)
from learninglab.core.audit import Actor, audit_changes, audit_record, snapshot
from learninglab.core.errors import DomainError
from learninglab.core.models import Via
from learninglab.labs.models import Lab

SETTINGS_FIELDS = ("is_moderated", "vote_budget", "allow_stacking")


_CODE_ATTEMPTS = 10


@transaction.atomic
def live_session_create(*, actor: Actor, lab: Lab, via: str = Via.WEB) -> LiveSession:
    """Give the lab its live session, closed, with a join code no other session has."""
    if LiveSession.objects.filter(lab=lab).exists():
        raise DomainError("session_exists", _("This lab already has a live session."))
    for _attempt in range(_CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                session = LiveSession.objects.create(lab=lab, join_code=new_join_code())
        except IntegrityError:
            if LiveSession.objects.filter(lab=lab).exists():
                raise DomainError(
                    "session_exists", _("This lab already has a live session.")
                ) from None
            continue  # the code was taken: draw another
        audit_record(
            actor=actor,
            action="cocreation.session.created",
            obj=session,
            after={"lab": lab.slug},
            via=via,
        )
        return session
    raise DomainError("no_code", _("No free join code was found; try again."))


@transaction.atomic
def live_session_configure(
    *,
    actor: Actor,
    session: LiveSession,
    is_moderated: bool,
    vote_budget: int,
    allow_stacking: bool,
) -> LiveSession:
    """Change moderation and the voting rules.

    The voting rules (budget, stacking) cannot change while a prompt is open: the votes
    already cast were counted against the old ones.
    """
    session = lock_session(session)
    if not 1 <= vote_budget <= MAX_VOTE_BUDGET:
        raise DomainError(
            "budget_invalid",
            _("Give each person between 1 and %(max)s votes.") % {"max": MAX_VOTE_BUDGET},
        )
    voting_changes = (vote_budget, allow_stacking) != (session.vote_budget, session.allow_stacking)
    if voting_changes and session.prompts.filter(status=PromptStatus.OPEN).exists():
        raise DomainError(
            "voting_under_way",
            _("Close the open question before you change the votes per person or stacking."),
        )
    before = snapshot(session, SETTINGS_FIELDS)
    session.is_moderated, session.vote_budget = is_moderated, vote_budget
    session.allow_stacking = allow_stacking
    session.save(update_fields=[*SETTINGS_FIELDS, "updated_at"])
    if audit_changes(
        actor=actor, action="cocreation.session.configured", obj=session, before=before
    ):
        wall_changed(session.pk)
    return session


@transaction.atomic
def live_session_open(
    *,
    actor: Actor,
    session: LiveSession,
    now: datetime.datetime | None = None,
    via: str = Via.WEB,
) -> LiveSession:
    """Let people join and take part, from ``now`` (the present unless given)."""
    session = lock_session(session)
    if session.is_open:
        return session
    _open(actor, session, now or timezone.now(), via=via)
    wall_changed(session.pk)
    return session


def _open(actor: Actor, session: LiveSession, now: datetime.datetime, *, via: str) -> None:
    """Open the locked ``session`` and audit it; the caller says the wall changed."""
    session.is_open, session.opened_at, session.closed_at = True, now, None
    session.save(update_fields=["is_open", "opened_at", "closed_at", "updated_at"])
    audit_record(actor=actor, action="cocreation.session.opened", obj=session, via=via)


@transaction.atomic
def live_session_close(
    *,
    actor: Actor,
    session: LiveSession,
    now: datetime.datetime | None = None,
    via: str = Via.WEB,
) -> LiveSession:
    """Stop the session: its open prompt closes, nobody can post or vote any more.

    Both are closed at ``now``, the present unless given.
    """
    session = lock_session(session)
    if not session.is_open:
        return session
    now = now or timezone.now()
    for prompt in session.prompts.filter(status=PromptStatus.OPEN):
        _close(actor, prompt, session, now, via=via)
    session.is_open, session.closed_at = False, now
    session.save(update_fields=["is_open", "closed_at", "updated_at"])
    audit_record(actor=actor, action="cocreation.session.closed", obj=session, via=via)
    wall_changed(session.pk)
    return session


def _clean_texts(text: dict[str, str]) -> dict[str, str]:
    texts = {code: " ".join(value.split()) for code, value in text.items() if value.strip()}
    if not texts:
        raise DomainError("prompt_empty", _("Write the question in at least one language."))
    if any(len(value) > PROMPT_MAX_LENGTH for value in texts.values()):
        raise DomainError(
            "prompt_too_long",
            _("Keep the question under %(max)s characters.") % {"max": PROMPT_MAX_LENGTH},
        )
    return texts


@transaction.atomic
def prompt_create(
    *,
    actor: Actor,
    session: LiveSession,
    text: dict[str, str],
    now: datetime.datetime | None = None,
    via: str = Via.WEB,
) -> Prompt:
    """Add a question at the end of the session's list, not yet asked, written at ``now``."""
    session = lock_session(session)
    last = session.prompts.aggregate(last=Max("position"))["last"]
    prompt = Prompt.objects.create(
        session=session,
        text=_clean_texts(text),
        position=0 if last is None else last + 1,
        created_at=now or timezone.now(),
    )
    audit_record(
        actor=actor,
        action="cocreation.prompt.created",
        obj=prompt,
        after={"text": prompt.text},
        via=via,
    )
    return prompt


@transaction.atomic
def prompt_update(*, actor: Actor, prompt: Prompt, text: dict[str, str]) -> Prompt:
    """Change a question's wording."""
    session = lock_session(prompt.session)
    prompt = session.prompts.get(pk=prompt.pk)
    before = snapshot(prompt, ["text"])
    prompt.text = _clean_texts(text)
    prompt.save(update_fields=["text"])
    if audit_changes(actor=actor, action="cocreation.prompt.updated", obj=prompt, before=before):
        wall_changed(session.pk)
    return prompt


def _close(
    actor: Actor, prompt: Prompt, session: LiveSession, now: datetime.datetime, *, via: str
) -> None:
    prompt.status, prompt.closed_at = PromptStatus.CLOSED, now
    prompt.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, action="cocreation.prompt.closed", obj=prompt, via=via)


@transaction.atomic
def prompt_open(
    *,
    actor: Actor,
    prompt: Prompt,
    now: datetime.datetime | None = None,
    via: str = Via.WEB,
) -> Prompt:
    """Ask the question now; the question open before it closes.

    One step lets phones post: a closed session opens with its question (and both
    openings are audited). A closed question may be opened again, to take more ideas or
    votes. ``now``, when given, is taken for the present.
    """
    session = lock_session(prompt.session)
    prompt = session.prompts.get(pk=prompt.pk)
    if prompt.is_open and session.is_open:
        return prompt
    now = now or timezone.now()
    if not session.is_open:
        _open(actor, session, now, via=via)
    # Closed first: the database allows one open prompt per session.
    for previous in session.prompts.filter(status=PromptStatus.OPEN):
        _close(actor, previous, session, now, via=via)
    prompt.status, prompt.opened_at, prompt.closed_at = PromptStatus.OPEN, now, None
    prompt.save(update_fields=["status", "opened_at", "closed_at"])
    audit_record(actor=actor, action="cocreation.prompt.opened", obj=prompt, via=via)
    wall_changed(session.pk)
    return prompt


@transaction.atomic
def prompt_close(*, actor: Actor, prompt: Prompt) -> Prompt:
    """Stop taking ideas and votes for the question; its results stay."""
    session = lock_session(prompt.session)
    prompt = session.prompts.get(pk=prompt.pk)
    if not prompt.is_open:
        return prompt
    _close(actor, prompt, session, timezone.now(), via=Via.WEB)
    wall_changed(session.pk)
    return prompt
