"""The rules of a session and its prompts: one open prompt at a time, audited changes."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from learninglab.cocreation.models import (
    JOIN_CODE_ALPHABET,
    LiveSession,
    PromptStatus,
)
from learninglab.cocreation.services.session import (
    live_session_close,
    live_session_configure,
    live_session_create,
    live_session_open,
    prompt_close,
    prompt_create,
    prompt_open,
)
from learninglab.cocreation.tests.factories import (
    LiveSessionFactory,
    PromptFactory,
    VoteFactory,
)
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry, Via
from learninglab.labs.tests.factories import LabFactory

pytestmark = pytest.mark.django_db


def version(session: LiveSession) -> int:
    return LiveSession.objects.get(pk=session.pk).version


def test_a_new_session_is_closed_with_a_readable_unique_code(facilitator, partner):
    lab = LabFactory(partner=partner)
    session = live_session_create(actor=facilitator, lab=lab)

    assert len(session.join_code) == 6
    assert set(session.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set(session.join_code) & set("0O1IL")
    assert (session.is_open, session.vote_budget, session.allow_stacking) == (False, 3, False)
    assert not session.is_moderated
    entry = AuditEntry.objects.get(action="cocreation.session.created")
    assert (entry.actor, entry.partner_id) == (facilitator, partner.pk)


def test_a_lab_has_one_session(facilitator):
    session = LiveSessionFactory()
    with pytest.raises(DomainError) as refused:
        live_session_create(actor=facilitator, lab=session.lab)
    assert refused.value.code == "session_exists"


def test_a_taken_code_is_drawn_again(facilitator, monkeypatch):
    LiveSessionFactory(join_code="AAAAAA")
    codes = iter(["AAAAAA", "AAAAAA", "BBBBBB"])
    monkeypatch.setattr(
        "learninglab.cocreation.services.session.new_join_code", lambda: next(codes)
    )

    session = live_session_create(actor=facilitator, lab=LabFactory())

    assert session.join_code == "BBBBBB"


def test_opening_a_prompt_closes_the_one_open_before(facilitator):
    session = LiveSessionFactory()
    first = PromptFactory(session=session, status=PromptStatus.DRAFT)
    second = PromptFactory(session=session, status=PromptStatus.DRAFT)

    prompt_open(actor=facilitator, prompt=first)
    prompt_open(actor=facilitator, prompt=second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PromptStatus.CLOSED, PromptStatus.OPEN)
    assert first.closed_at is not None and second.opened_at is not None
    actions = list(
        AuditEntry.objects.filter(action__startswith="cocreation.prompt.")
        .order_by("id")
        .values_list("action", "object_id")
    )
    assert actions == [
        ("cocreation.prompt.opened", str(first.pk)),
        ("cocreation.prompt.closed", str(first.pk)),
        ("cocreation.prompt.opened", str(second.pk)),
    ]


def test_a_closed_prompt_can_be_opened_again(facilitator):
    prompt = PromptFactory(status=PromptStatus.CLOSED)
    prompt_open(actor=facilitator, prompt=prompt)
    prompt.refresh_from_db()
    assert prompt.status == PromptStatus.OPEN and prompt.closed_at is None


def test_the_database_allows_one_open_prompt_per_session():
    session = LiveSessionFactory()
    PromptFactory(session=session, status=PromptStatus.OPEN)
    with pytest.raises(IntegrityError):
        PromptFactory(session=session, status=PromptStatus.OPEN)


def test_opening_a_prompt_opens_its_session_in_the_same_step(facilitator):
    prompt = PromptFactory(session__is_open=False, status=PromptStatus.DRAFT)
    prompt_open(actor=facilitator, prompt=prompt)

    prompt.refresh_from_db()
    prompt.session.refresh_from_db()
    assert prompt.status == PromptStatus.OPEN
    assert prompt.session.is_open and prompt.session.opened_at is not None
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["cocreation.session.opened", "cocreation.prompt.opened"]


def test_closing_the_session_closes_its_prompt(facilitator):
    prompt = PromptFactory()
    live_session_close(actor=facilitator, session=prompt.session)

    prompt.refresh_from_db()
    prompt.session.refresh_from_db()
    assert prompt.status == PromptStatus.CLOSED
    assert not prompt.session.is_open and prompt.session.closed_at is not None


def test_prompts_are_added_at_the_end_with_their_texts_cleaned(facilitator):
    session = LiveSessionFactory()
    first = prompt_create(actor=facilitator, session=session, text={"en": "  One  "})
    second = prompt_create(
        actor=facilitator, session=session, text={"en": "Two", "ro": "Două", "it": " "}
    )

    assert (first.position, second.position) == (0, 1)
    assert first.text == {"en": "One"}
    assert second.text == {"en": "Two", "ro": "Două"}
    assert first.status == PromptStatus.DRAFT


@pytest.mark.parametrize("text", [{}, {"en": "  "}, {"en": "x" * 301}])
def test_a_prompt_needs_a_text_of_reasonable_length(facilitator, text):
    with pytest.raises(DomainError):
        prompt_create(actor=facilitator, session=LiveSessionFactory(), text=text)


def test_voting_rules_change_only_while_no_prompt_is_open(facilitator):
    prompt = PromptFactory()
    session = prompt.session
    with pytest.raises(DomainError) as refused:
        live_session_configure(
            actor=facilitator,
            session=session,
            is_moderated=False,
            vote_budget=5,
            allow_stacking=False,
        )
    assert refused.value.code == "voting_under_way"

    # Moderation may be switched at any time.
    live_session_configure(
        actor=facilitator, session=session, is_moderated=True, vote_budget=3, allow_stacking=False
    )
    prompt_close(actor=facilitator, prompt=prompt)
    live_session_configure(
        actor=facilitator, session=session, is_moderated=True, vote_budget=5, allow_stacking=True
    )
    session.refresh_from_db()
    assert (session.is_moderated, session.vote_budget, session.allow_stacking) == (True, 5, True)
    entries = AuditEntry.objects.filter(action="cocreation.session.configured").order_by("id")
    assert [e.changes["after"] for e in entries] == [
        {"is_moderated": True},
        {"vote_budget": 5, "allow_stacking": True},
    ]


@pytest.mark.parametrize("budget", [0, 21])
def test_the_budget_stays_in_bounds(facilitator, budget):
    with pytest.raises(DomainError):
        live_session_configure(
            actor=facilitator,
            session=LiveSessionFactory(),
            is_moderated=False,
            vote_budget=budget,
            allow_stacking=False,
        )


def test_every_change_the_wall_shows_moves_the_version_on(facilitator):
    session = LiveSessionFactory(is_open=False)
    seen = [version(session)]
    live_session_open(actor=facilitator, session=session)
    seen.append(version(session))
    prompt = prompt_create(actor=facilitator, session=session, text={"en": "Q"})
    seen.append(version(session))  # a draft is not on the wall: no change
    prompt_open(actor=facilitator, prompt=prompt)
    seen.append(version(session))
    prompt_close(actor=facilitator, prompt=prompt)
    seen.append(version(session))

    assert seen == [0, 1, 1, 2, 3]


def test_closing_a_prompt_keeps_its_votes(facilitator):
    vote = VoteFactory()
    prompt_close(actor=facilitator, prompt=vote.idea.prompt)
    assert vote.idea.votes.count() == 1


def test_a_session_played_on_another_day_is_dated_by_the_clock_given(facilitator):
    day = timezone.now() - datetime.timedelta(days=30)
    session = live_session_create(actor=facilitator, lab=LabFactory(), via=Via.CLI)
    prompt = prompt_create(
        actor=facilitator, session=session, text={"en": "Q"}, now=day, via=Via.CLI
    )
    opened = day + datetime.timedelta(minutes=45)
    live_session_open(actor=facilitator, session=session, now=opened, via=Via.CLI)
    asked = opened + datetime.timedelta(minutes=2)
    prompt_open(actor=facilitator, prompt=prompt, now=asked, via=Via.CLI)
    ended = asked + datetime.timedelta(minutes=30)
    live_session_close(actor=facilitator, session=session, now=ended, via=Via.CLI)

    session.refresh_from_db()
    prompt.refresh_from_db()
    assert (session.opened_at, session.closed_at) == (opened, ended)
    assert (prompt.created_at, prompt.opened_at, prompt.closed_at) == (day, asked, ended)
    entries = AuditEntry.objects.filter(action__startswith="cocreation.")
    assert entries.count() == 6
    assert set(entries.values_list("via", flat=True)) == {Via.CLI}
