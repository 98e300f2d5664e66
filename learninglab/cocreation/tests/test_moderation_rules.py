"""What the facilitator does with ideas: approve, hide, themes, merge, and the ranking."""

from __future__ import annotations

import pytest

from learninglab.cocreation.models import Idea, IdeaStatus, LiveSession, PromptStatus, Vote
from learninglab.cocreation.selectors.session import (
    ranked_ideas,
    session_results,
    themes_with_ideas,
    votes_used,
)
from learninglab.cocreation.services.idea import idea_approve, idea_hide, idea_merge
from learninglab.cocreation.services.theme import idea_theme_assign, theme_create, theme_rename
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    ParticipantFactory,
    PromptFactory,
    ThemeFactory,
    VoteFactory,
)
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry, Via
from learninglab.labs.tests.factories import LabFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prompt():
    return PromptFactory()


def people(prompt, count: int) -> list:
    return ParticipantFactory.create_batch(count, session=prompt.session)


def vote(idea: Idea, person, times: int = 1) -> None:
    for _n in range(times):
        stack = Vote.objects.filter(idea=idea, participant=person).count() + 1
        Vote.objects.create(idea=idea, participant=person, stack=stack)


def votes_of(person) -> dict[int, int]:
    counts: dict[int, int] = {}
    for idea_id in Vote.objects.filter(participant=person).values_list("idea", flat=True):
        counts[idea_id] = counts.get(idea_id, 0) + 1
    return counts


# -- approve and hide ----------------------------------------------------------------------


def test_approving_shows_a_waiting_idea(facilitator, prompt):
    idea = IdeaFactory(prompt=prompt, status=IdeaStatus.PENDING)
    before = LiveSession.objects.get().version
    idea_approve(actor=facilitator, idea=idea)

    idea.refresh_from_db()
    assert idea.status == IdeaStatus.VISIBLE
    assert LiveSession.objects.get().version == before + 1
    entry = AuditEntry.objects.get(action="cocreation.idea.approved")
    assert entry.actor == facilitator
    assert entry.partner_id == prompt.session.lab.partner_id


def test_hiding_takes_an_idea_off_the_wall_and_gives_its_votes_back(facilitator, prompt):
    idea = IdeaFactory(prompt=prompt)
    ana, ion = people(prompt, 2)
    vote(idea, ana)
    vote(idea, ion)

    idea_hide(actor=facilitator, idea=idea)

    idea.refresh_from_db()
    assert idea.status == IdeaStatus.HIDDEN
    assert not Vote.objects.exists()
    assert votes_used(ana, prompt) == 0
    entry = AuditEntry.objects.get(action="cocreation.idea.hidden")
    assert entry.changes["extra"] == {"votes_returned": 2}
    assert list(ranked_ideas(prompt)) == []


def test_a_hidden_idea_can_be_shown_again(facilitator, prompt):
    idea = IdeaFactory(prompt=prompt, status=IdeaStatus.HIDDEN)
    idea_approve(actor=facilitator, idea=idea)
    assert list(ranked_ideas(prompt)) == [idea]


def test_a_merged_idea_is_not_approved(facilitator, prompt):
    kept = IdeaFactory(prompt=prompt)
    duplicate = IdeaFactory(prompt=prompt, merged_into=kept, status=IdeaStatus.PENDING)
    with pytest.raises(DomainError):
        idea_approve(actor=facilitator, idea=duplicate)


# -- themes --------------------------------------------------------------------------------


def test_themes_are_created_renamed_and_given_ideas(facilitator, prompt):
    theme = theme_create(actor=facilitator, prompt=prompt, name="  Funding ")
    second = theme_create(actor=facilitator, prompt=prompt, name="Skills")
    idea = IdeaFactory(prompt=prompt)

    theme_rename(actor=facilitator, theme=theme, name="Money")
    idea_theme_assign(actor=facilitator, idea=idea, theme=theme)

    idea.refresh_from_db()
    theme.refresh_from_db()
    assert (theme.name, theme.position, second.position) == ("Money", 0, 1)
    assert idea.theme == theme
    idea_theme_assign(actor=facilitator, idea=idea, theme=None)
    idea.refresh_from_db()
    assert idea.theme is None
    assert list(
        AuditEntry.objects.filter(action__startswith="cocreation.")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "cocreation.theme.created",
        "cocreation.theme.created",
        "cocreation.theme.renamed",
        "cocreation.idea.themed",
        "cocreation.idea.themed",
    ]


@pytest.mark.parametrize(
    ("name", "code"), [("", "theme_name_empty"), ("x" * 81, "theme_name_too_long")]
)
def test_a_theme_needs_a_name(facilitator, prompt, name, code):
    with pytest.raises(DomainError) as refused:
        theme_create(actor=facilitator, prompt=prompt, name=name)
    assert refused.value.code == code


def test_theme_names_are_unique_within_a_prompt(facilitator, prompt):
    ThemeFactory(prompt=prompt, name="Funding")
    other = ThemeFactory(prompt=prompt, name="Skills")
    for call, kwargs in (
        (theme_create, {"prompt": prompt}),
        (theme_rename, {"theme": other}),
    ):
        with pytest.raises(DomainError) as refused:
            call(actor=facilitator, name="Funding", **kwargs)
        assert refused.value.code == "theme_name_taken"
    # Another prompt may use the name.
    theme_create(actor=facilitator, prompt=PromptFactory(), name="Funding")


def test_an_idea_takes_a_theme_of_its_own_prompt_only(facilitator, prompt):
    idea = IdeaFactory(prompt=prompt)
    with pytest.raises(DomainError) as refused:
        idea_theme_assign(actor=facilitator, idea=idea, theme=ThemeFactory())
    assert refused.value.code == "theme_elsewhere"


# -- merging -------------------------------------------------------------------------------


def test_merging_moves_the_votes_without_doubling_anyones(facilitator, prompt):
    kept, duplicate = IdeaFactory(prompt=prompt), IdeaFactory(prompt=prompt)
    both, only_duplicate, only_kept = people(prompt, 3)
    vote(kept, both)
    vote(duplicate, both)
    vote(duplicate, only_duplicate)
    vote(kept, only_kept)

    idea_merge(actor=facilitator, idea=duplicate, into=kept)

    assert votes_of(both) == {kept.pk: 1}  # one vote kept, the other given back
    assert votes_of(only_duplicate) == {kept.pk: 1}
    assert votes_of(only_kept) == {kept.pk: 1}
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    [ranked] = ranked_ideas(prompt)
    assert (ranked, ranked.vote_count, list(ranked.duplicates.all())) == (kept, 3, [duplicate])
    entry = AuditEntry.objects.get(action="cocreation.idea.merged")
    assert entry.changes["extra"] == {"votes_moved": 1, "votes_returned": 1}


def test_with_stacking_merging_moves_every_vote(facilitator, prompt):
    session = prompt.session
    session.allow_stacking = True
    session.save()
    kept, duplicate = IdeaFactory(prompt=prompt), IdeaFactory(prompt=prompt)
    [person] = people(prompt, 1)
    vote(kept, person)
    vote(duplicate, person, times=2)

    idea_merge(actor=facilitator, idea=duplicate, into=kept)

    assert sorted(Vote.objects.filter(idea=kept).values_list("stack", flat=True)) == [1, 2, 3]
    assert votes_used(person, prompt) == 3


def test_merging_never_raises_anyones_votes_above_the_budget(facilitator, prompt):
    ideas = IdeaFactory.create_batch(4, prompt=prompt)
    crowd = people(prompt, 6)
    for n, person in enumerate(crowd):
        for idea in ideas[n % 2 : n % 2 + 3]:
            vote(idea, person)
    before = {p.pk: votes_used(p, prompt) for p in crowd}

    idea_merge(actor=facilitator, idea=ideas[1], into=ideas[2])
    idea_merge(actor=facilitator, idea=ideas[3], into=ideas[2])
    idea_merge(actor=facilitator, idea=ideas[0], into=ideas[2])

    for person in crowd:
        assert votes_used(person, prompt) <= before[person.pk] <= 3
        assert set(votes_of(person).values()) == {1}


def test_ideas_merged_earlier_follow_to_the_idea_kept(facilitator, prompt):
    first, second, third = IdeaFactory.create_batch(3, prompt=prompt)
    idea_merge(actor=facilitator, idea=first, into=second)
    idea_merge(actor=facilitator, idea=second, into=third)

    first.refresh_from_db()
    assert first.merged_into == third
    assert set(third.duplicates.all()) == {first, second}


def test_the_idea_kept_takes_the_duplicates_theme_when_it_has_none(facilitator, prompt):
    theme = ThemeFactory(prompt=prompt)
    kept, duplicate = IdeaFactory(prompt=prompt), IdeaFactory(prompt=prompt, theme=theme)
    idea_merge(actor=facilitator, idea=duplicate, into=kept)
    kept.refresh_from_db()
    assert kept.theme == theme


def test_merging_is_refused_across_prompts_into_itself_or_into_a_merged_idea(facilitator, prompt):
    idea, merged, target = IdeaFactory.create_batch(3, prompt=prompt)
    merged.merged_into = target
    merged.save()
    cases = [
        (idea, idea, "merge_self"),
        (idea, IdeaFactory(), "merge_elsewhere"),
        (idea, merged, "idea_merged"),
        (merged, idea, "idea_merged"),
    ]
    for duplicate, into, code in cases:
        with pytest.raises(DomainError) as refused:
            idea_merge(actor=facilitator, idea=duplicate, into=into)
        assert refused.value.code == code


def test_ideas_of_a_closed_prompt_can_still_be_merged(facilitator):
    prompt = PromptFactory(status=PromptStatus.CLOSED)
    kept, duplicate = IdeaFactory.create_batch(2, prompt=prompt)
    idea_merge(actor=facilitator, idea=duplicate, into=kept)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept


# -- ranking -------------------------------------------------------------------------------


def test_ideas_are_ranked_by_votes_then_by_who_came_first(prompt):
    early, late, popular = IdeaFactory.create_batch(3, prompt=prompt)
    IdeaFactory(prompt=prompt, status=IdeaStatus.PENDING)
    IdeaFactory(prompt=prompt, status=IdeaStatus.HIDDEN)
    for person in people(prompt, 2):
        vote(popular, person)
    VoteFactory(idea=late)
    VoteFactory(idea=early)

    ranked = list(ranked_ideas(prompt))
    assert ranked == [popular, early, late]
    assert [i.vote_count for i in ranked] == [2, 1, 1]


def test_themes_are_ranked_by_their_votes_with_ungrouped_ideas_last(prompt):
    skills, funding, empty = (
        ThemeFactory(prompt=prompt, name=name) for name in ("Skills", "Funding", "Empty")
    )
    grant, loan = IdeaFactory.create_batch(2, prompt=prompt, theme=funding)
    course = IdeaFactory(prompt=prompt, theme=skills)
    loose = IdeaFactory(prompt=prompt)
    crowd = people(prompt, 3)
    for person in crowd:
        vote(loan, person)
    vote(grant, crowd[0])
    vote(course, crowd[1])
    vote(loose, crowd[2])

    groups = themes_with_ideas(prompt)

    assert [(g.name, g.votes) for g in groups] == [
        ("Funding", 4),
        ("Skills", 1),
        ("Empty", 0),
        ("Not grouped", 1),
    ]
    assert groups[0].ideas == [loan, grant]
    assert groups[3].theme is None and groups[3].ideas == [loose]
    assert empty.pk == groups[2].theme.pk


def test_session_results_cover_the_prompts_asked(prompt):
    session = prompt.session
    PromptFactory(session=session, status=PromptStatus.DRAFT)
    VoteFactory(idea=IdeaFactory(prompt=prompt))

    results = session_results(session.lab)

    assert results is not None
    assert [r.prompt for r in results.prompts] == [prompt]
    assert (results.prompts[0].ideas, results.prompts[0].votes) == (1, 1)
    assert results.participants == 2
    assert session_results(LabFactory()) is None


def test_grouping_from_the_command_line_is_audited_as_such(prompt):
    kept, duplicate = IdeaFactory(prompt=prompt), IdeaFactory(prompt=prompt)
    theme = theme_create(actor=None, prompt=prompt, name="Money", via=Via.CLI)
    idea_theme_assign(actor=None, idea=kept, theme=theme, via=Via.CLI)
    idea_merge(actor=None, idea=duplicate, into=kept, via=Via.CLI)

    entries = AuditEntry.objects.filter(action__startswith="cocreation.")
    assert sorted(entries.values_list("action", "via")) == [
        ("cocreation.idea.merged", Via.CLI),
        ("cocreation.idea.themed", Via.CLI),
        ("cocreation.theme.created", Via.CLI),
    ]
