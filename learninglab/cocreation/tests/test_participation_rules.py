"""What a participant may do: join, post within the rate limit, vote within the budget."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from learninglab.cocreation.models import Idea, IdeaStatus, Participant, PromptStatus, Vote
from learninglab.cocreation.services.idea import idea_submit
from learninglab.cocreation.services.participant import participant_join
from learninglab.cocreation.services.vote import vote_cast, vote_withdraw
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    ParticipantFactory,
    PromptFactory,
)
from learninglab.core.errors import DomainError

pytestmark = pytest.mark.django_db


def refused(code: str, call, **kwargs) -> None:
    with pytest.raises(DomainError) as error:
        call(**kwargs)
    assert error.value.code == code, error.value


@pytest.fixture
def prompt():
    return PromptFactory()


@pytest.fixture
def person(prompt):
    return ParticipantFactory(session=prompt.session)


def ideas(prompt, count: int) -> list[Idea]:
    return [IdeaFactory(prompt=prompt) for _n in range(count)]


# -- joining ------------------------------------------------------------------------------


def test_a_browser_joins_once_and_may_change_its_name_and_language():
    session = LiveSessionFactory()
    first = participant_join(
        session=session, token="t" * 43, language="ro", display_name="  Ana   Pop "
    )
    again = participant_join(session=session, token="t" * 43, language="it", display_name="Ana")

    assert first.pk == again.pk
    assert Participant.objects.get().display_name == "Ana"
    assert Participant.objects.get().language == "it"
    assert first.display_name == "Ana Pop"


def test_a_participant_joins_at_the_time_given():
    day = timezone.now() - datetime.timedelta(days=30)
    person = participant_join(session=LiveSessionFactory(), token="t" * 43, language="ro", now=day)
    assert Participant.objects.get(pk=person.pk).created_at == day


def test_nobody_joins_a_closed_session():
    refused(
        "session_closed",
        participant_join,
        session=LiveSessionFactory(is_open=False),
        token="x" * 43,
        language="en",
    )


# -- ideas --------------------------------------------------------------------------------


def test_an_idea_is_shown_at_once_without_moderation(prompt, person):
    idea = idea_submit(participant=person, prompt=prompt, text="  More   events ")
    assert (idea.status, idea.text, idea.participant) == (IdeaStatus.VISIBLE, "More events", person)


def test_with_moderation_an_idea_waits_for_approval(prompt, person):
    prompt.session.is_moderated = True
    prompt.session.save()
    idea = idea_submit(participant=person, prompt=prompt, text="More events")
    assert idea.status == IdeaStatus.PENDING


@pytest.mark.parametrize(("text", "code"), [("   ", "idea_empty"), ("x" * 281, "idea_too_long")])
def test_an_idea_has_a_length_limit(prompt, person, text, code):
    refused(code, idea_submit, participant=person, prompt=prompt, text=text)


def test_an_idea_of_280_characters_is_taken(prompt, person):
    idea = idea_submit(participant=person, prompt=prompt, text="é" * 280)
    assert len(idea.text) == 280


@pytest.mark.parametrize("status", [PromptStatus.DRAFT, PromptStatus.CLOSED])
def test_ideas_go_to_the_open_prompt_only(person, status):
    prompt = PromptFactory(session=person.session, status=status)
    refused("prompt_closed", idea_submit, participant=person, prompt=prompt, text="x")


def test_ideas_stop_when_the_session_closes(prompt, person):
    prompt.session.is_open = False
    prompt.session.save()
    refused("session_closed", idea_submit, participant=person, prompt=prompt, text="x")


def test_a_participant_cannot_post_to_another_sessions_prompt(person):
    elsewhere = PromptFactory()
    refused("wrong_session", idea_submit, participant=person, prompt=elsewhere, text="x")


def test_the_rate_limit_counts_ideas_of_the_last_minute(prompt, person, monkeypatch):
    monkeypatch.setattr("learninglab.cocreation.services.idea.IDEA_RATE_LIMIT", 3)
    for n in range(3):
        idea_submit(participant=person, prompt=prompt, text=f"Idea {n}")
    refused("rate_limited", idea_submit, participant=person, prompt=prompt, text="4")

    # Someone else is not held back by it.
    other = ParticipantFactory(session=prompt.session)
    idea_submit(participant=other, prompt=prompt, text="Mine")

    # A minute later the person may post again.
    earlier = timezone.now() - datetime.timedelta(seconds=61)
    Idea.objects.filter(participant=person).update(created_at=earlier)
    idea_submit(participant=person, prompt=prompt, text="Idea 4")
    assert Idea.objects.filter(participant=person).count() == 4


def test_an_idea_is_posted_and_rate_limited_by_the_clock_given(prompt, person, monkeypatch):
    monkeypatch.setattr("learninglab.cocreation.services.idea.IDEA_RATE_LIMIT", 2)
    day = timezone.now() - datetime.timedelta(days=30)
    for n in range(2):
        idea = idea_submit(participant=person, prompt=prompt, text=f"Idea {n}", now=day)
        assert Idea.objects.get(pk=idea.pk).created_at == day
    refused(
        "rate_limited",
        idea_submit,
        participant=person,
        prompt=prompt,
        text="x",
        now=day + datetime.timedelta(seconds=30),
    )
    later = day + datetime.timedelta(seconds=61)
    idea_submit(participant=person, prompt=prompt, text="Idea 2", now=later)


def test_rejected_ideas_still_count_towards_the_rate_limit(prompt, person, monkeypatch):
    monkeypatch.setattr("learninglab.cocreation.services.idea.IDEA_RATE_LIMIT", 2)
    IdeaFactory.create_batch(2, prompt=prompt, participant=person, status=IdeaStatus.HIDDEN)
    refused("rate_limited", idea_submit, participant=person, prompt=prompt, text="x")


# -- votes --------------------------------------------------------------------------------


def test_the_budget_is_never_exceeded(prompt, person):
    first, second, third, fourth = ideas(prompt, 4)
    for idea in (first, second, third):
        vote_cast(participant=person, idea=idea)
    refused("budget_spent", vote_cast, participant=person, idea=fourth)
    assert Vote.objects.filter(participant=person).count() == 3


def test_a_vote_is_cast_at_the_time_given(prompt, person):
    day = timezone.now() - datetime.timedelta(days=30)
    [idea] = ideas(prompt, 1)
    vote = vote_cast(participant=person, idea=idea, now=day)
    assert Vote.objects.get(pk=vote.pk).created_at == day


def test_the_budget_is_per_prompt(prompt, person):
    for idea in ideas(prompt, 3):
        vote_cast(participant=person, idea=idea)
    prompt.status = PromptStatus.CLOSED
    prompt.save()
    following = PromptFactory(session=person.session)
    for idea in ideas(following, 3):
        vote_cast(participant=person, idea=idea)
    assert Vote.objects.filter(participant=person).count() == 6


def test_without_stacking_one_vote_per_idea(prompt, person):
    [idea] = ideas(prompt, 1)
    vote_cast(participant=person, idea=idea)
    refused("already_voted", vote_cast, participant=person, idea=idea)


def test_the_database_refuses_a_second_vote_without_stacking(prompt, person):
    [idea] = ideas(prompt, 1)
    Vote.objects.create(idea=idea, participant=person)
    with pytest.raises(IntegrityError):
        Vote.objects.create(idea=idea, participant=person)


def test_with_stacking_the_whole_budget_may_go_to_one_idea(prompt, person):
    prompt.session.allow_stacking = True
    prompt.session.save()
    idea, other = ideas(prompt, 2)
    votes = [vote_cast(participant=person, idea=idea) for _n in range(3)]

    assert [v.stack for v in votes] == [1, 2, 3]
    refused("budget_spent", vote_cast, participant=person, idea=idea)
    refused("budget_spent", vote_cast, participant=person, idea=other)


def test_a_bigger_budget_allows_more_votes(prompt, person):
    prompt.session.vote_budget = 5
    prompt.session.save()
    for idea in ideas(prompt, 5):
        vote_cast(participant=person, idea=idea)
    assert Vote.objects.filter(participant=person).count() == 5


@pytest.mark.parametrize("status", [IdeaStatus.PENDING, IdeaStatus.HIDDEN])
def test_only_ideas_on_the_wall_get_votes(prompt, person, status):
    idea = IdeaFactory(prompt=prompt, status=status)
    refused("idea_not_shown", vote_cast, participant=person, idea=idea)


def test_a_merged_idea_gets_no_votes(prompt, person):
    kept, duplicate = ideas(prompt, 2)
    duplicate.merged_into = kept
    duplicate.save()
    refused("idea_not_shown", vote_cast, participant=person, idea=duplicate)


def test_votes_stop_when_the_prompt_closes(prompt, person):
    [idea] = ideas(prompt, 1)
    prompt.status = PromptStatus.CLOSED
    prompt.save()
    refused("prompt_closed", vote_cast, participant=person, idea=idea)
    refused("prompt_closed", vote_withdraw, participant=person, idea=idea)


def test_nobody_votes_in_another_session(person):
    idea = IdeaFactory()
    refused("wrong_session", vote_cast, participant=person, idea=idea)


def test_taking_a_vote_back_frees_it(prompt, person):
    first, second, third, fourth = ideas(prompt, 4)
    for idea in (first, second, third):
        vote_cast(participant=person, idea=idea)
    vote_withdraw(participant=person, idea=second)
    vote_cast(participant=person, idea=fourth)

    voted = set(Vote.objects.filter(participant=person).values_list("idea", flat=True))
    assert voted == {first.pk, third.pk, fourth.pk}
    refused("no_vote", vote_withdraw, participant=person, idea=second)


def test_taking_back_a_stacked_vote_removes_the_last(prompt, person):
    prompt.session.allow_stacking = True
    prompt.session.save()
    [idea] = ideas(prompt, 1)
    for _n in range(3):
        vote_cast(participant=person, idea=idea)
    vote_withdraw(participant=person, idea=idea)
    vote_cast(participant=person, idea=idea)

    assert sorted(Vote.objects.values_list("stack", flat=True)) == [1, 2, 3]
