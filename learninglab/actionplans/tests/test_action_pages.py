"""The staff pages of an action, through the client: what staff see, type and get back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.actionplans.models import Action, ActionIdea, ActionPlayer, PlanStatus
from learninglab.actionplans.services.action import action_ideas_link, action_practices_link
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    FundingSourceFactory,
    MilestoneFactory,
    ProgressEntryFactory,
)
from learninglab.conftest import client_for
from learninglab.factories import OrganisationFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def url(name: str, action: Action, *args) -> str:
    return reverse(f"actionplans:{name}", args=[action.plan.slug, action.pk, *args])


def texts(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_staff_add_an_action_to_their_plan(staff_client, plan):
    page = staff_client.get(reverse("actionplans:action_create", args=[plan.slug]))
    assert page.status_code == 200
    assert 'name="title_ro"' in texts(page) and 'name="title_en"' in texts(page)
    assert "pilots belong to the implementation phase" in texts(page)

    response = staff_client.post(
        reverse("actionplans:action_create", args=[plan.slug]),
        {
            "title_ro": "Vouchere pentru design",
            "title_en": "Design vouchers",
            "starts_on": "2025-01-01",
            "ends_on": "2025-12-31",
            "costs_eur": "120 000,50",
            "is_pilot": "on",
            "weight": "30",
        },
    )

    action = Action.objects.get()
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    assert action.title == {"ro": "Vouchere pentru design", "en": "Design vouchers"}
    assert (action.costs_eur, action.is_pilot, action.weight) == (Decimal("120000.50"), True, 30)


def test_a_bad_input_is_explained_and_nothing_typed_is_lost(staff_client, plan):
    response = staff_client.post(
        reverse("actionplans:action_create", args=[plan.slug]),
        {
            "title_en": "",
            "background_en": "Lessons from Matera",
            "starts_on": "2025-06-01",
            "ends_on": "2025-01-01",
            "costs_eur": "lots",
            "weight": "500",
        },
    )

    page = texts(response)
    assert response.status_code == 200 and not Action.objects.exists()
    assert "The action was not saved." in page
    assert "Write it in at least one language." in page
    assert "The action cannot end before it starts." in page
    assert "Enter a number." in page
    assert "Lessons from Matera" in page and 'value="lots"' in page


def test_the_action_page_shows_everything_and_warns_when_funding_differs(
    staff_client, action, practice, wall, staff
):
    ActionPlayer.objects.create(action=action, name="West RDA", role={"en": "Runs the call"})
    FundingSourceFactory(action=action, amount_eur=Decimal("200000"))
    action_practices_link(actor=staff, action=action, practices=[practice])
    action_ideas_link(actor=staff, action=action, ideas=[wall["vouchers"]])

    page = texts(staff_client.get(action.get_absolute_url()))

    assert "Vouchers for creative SMEs" in page
    assert "West RDA" in page and "(not in the directory)" in page and "Runs the call" in page
    assert "Open studios" in page and "(Matera)" in page
    assert "Vouchers for design services" in page and "5 votes" in page
    assert (
        "The funding sources add up to EUR 200,000.00, the action's costs are EUR 250,000.00"
        in page
    )


def test_no_warning_when_funding_matches_the_costs(staff_client, action):
    FundingSourceFactory(action=action, amount_eur=action.costs_eur)
    assert "add up to" not in texts(staff_client.get(action.get_absolute_url()))


def test_players_milestones_and_funding_are_added_with_their_errors_shown(
    staff_client, partner, action
):
    organisation = OrganisationFactory(partner=partner, name="Banat IT")
    response = staff_client.post(
        url("player_add", action),
        {"player-organisation": organisation.pk, "player-role_en": "Mentors"},
    )
    assert response.status_code == 302
    assert action.players.get().organisation == organisation

    response = staff_client.post(url("player_add", action), {"player-role_en": "Hosts"})
    page = texts(response)
    assert response.status_code == 200
    assert "The player was not added" in page
    assert "Choose an organisation of the directory or write the name of another." in page
    assert 'value="Hosts"' in page

    response = staff_client.post(
        url("milestone_add", action),
        {"milestone-title_en": "Too late", "milestone-due_on": "2030-01-01"},
    )
    assert "A milestone is due within the action&#x27;s timeframe" in texts(response)
    assert 'value="Too late"' in texts(response)
    staff_client.post(
        url("milestone_add", action),
        {"milestone-title_en": "Call published", "milestone-due_on": "2021-06-30"},
    )
    assert action.milestones.get().title == {"en": "Call published"}

    response = staff_client.post(
        url("funding_add", action), {"funding-kind": "erdf", "funding-amount_eur": "-5"}
    )
    assert "The funding source was not added" in texts(response)
    staff_client.post(
        url("funding_add", action),
        {"funding-kind": "erdf", "funding-name": "ROP West", "funding-amount_eur": "1 000"},
    )
    assert action.funding.get().amount_eur == Decimal(1000)


def test_items_are_removed(staff_client, action):
    player = ActionPlayer.objects.create(action=action, name="West RDA")
    source = FundingSourceFactory(action=action)
    staff_client.post(url("player_remove", action, player.pk))
    staff_client.post(url("funding_remove", action, source.pk))
    assert not action.players.exists() and not action.funding.exists()


def test_the_background_is_drafted_into_an_empty_field(staff_client, action, practice, staff):
    action_practices_link(actor=staff, action=action, practices=[practice])

    response = staff_client.post(
        url("action_edit", action), {"title_en": "Design vouchers", "draft": "1"}
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert "“Open studios”, a good practice of Matera" in form["background"].value()[1]
    assert "The background is drafted from the links" in " ".join(messages_of(response))
    action.refresh_from_db()
    assert not action.background  # nothing is saved until staff save


def test_a_background_written_is_kept_and_the_draft_shown_beside(
    staff_client, action, practice, staff
):
    action_practices_link(actor=staff, action=action, practices=[practice])
    posted = {"title_en": "Design vouchers", "background_en": "What we wrote ourselves."}

    response = staff_client.post(url("action_edit", action), {**posted, "draft": "1"})

    page = texts(response)
    assert "What we wrote ourselves." in page
    assert "The draft, beside what you wrote" in page
    assert 'id="draft-en"' in page and "Open studios" in page

    response = staff_client.post(url("action_edit", action), {**posted, "draft_replace": "1"})
    assert "Open studios" in response.context["form"]["background"].value()[1]


def test_drafting_without_links_says_what_to_do(staff_client, action):
    response = staff_client.post(url("action_edit", action), {"title_en": "X", "draft": "1"})
    assert "Nothing is linked to the action yet" in " ".join(messages_of(response))


def test_an_action_is_deleted_after_a_confirmation(staff_client, plan):
    first = ActionFactory(plan=plan, position=0)
    second = ActionFactory(plan=plan, position=1)

    page = staff_client.get(url("action_delete", first))
    assert "Delete “Vouchers for creative SMEs”?" in texts(page)
    staff_client.post(url("action_delete", first))

    second.refresh_from_db()
    assert list(plan.actions.all()) == [second] and second.number == 1


def test_an_action_with_progress_is_not_deleted(staff_client, action):
    ProgressEntryFactory(action=action)
    response = staff_client.post(url("action_delete", action), follow=True)
    assert "Progress was recorded for this action" in " ".join(messages_of(response))
    assert Action.objects.filter(pk=action.pk).exists()


def test_actions_are_moved(staff_client, plan):
    first = ActionFactory(plan=plan, position=0)
    second = ActionFactory(plan=plan, position=1)
    staff_client.post(url("action_move", second), {"to": "up"})
    first.refresh_from_db(), second.refresh_from_db()
    assert (second.number, first.number) == (1, 2)


@pytest.mark.parametrize("name", ["action_edit", "action_delete", "action_links"])
def test_a_locked_plans_actions_send_staff_back_with_a_word(staff_client, action, name):
    action.plan.status = PlanStatus.SUBMITTED
    action.plan.save()

    response = staff_client.get(url(name, action), follow=True)

    assert response.redirect_chain[-1][0] == action.get_absolute_url()
    assert "This plan is submitted: its actions change only in a revision." in " ".join(
        messages_of(response)
    )
    assert "Edit the action" not in texts(response)


def test_another_partners_staff_get_not_found_and_facilitators_are_refused(
    other_staff, facilitator, action
):
    for name in ("action", "action_edit", "action_links", "action_delete"):
        assert client_for(other_staff).get(url(name, action)).status_code == 404
        assert client_for(facilitator).get(url(name, action)).status_code == 403
    response = client_for(other_staff).post(url("player_add", action), {"player-name": "X"})
    assert response.status_code == 404 and not action.players.exists()


def test_the_coordinator_may_edit_any_partners_action(coordinator_client, action):
    assert coordinator_client.get(url("action_edit", action)).status_code == 200


# The links


def test_practices_are_found_and_linked_and_unlinked(staff_client, action, practice):
    page = staff_client.get(url("action_links", action), {"q": "studios"})
    assert "Open studios" in texts(page)

    staff_client.post(
        url("practice_link", action), {"practice": practice.pk, "note": "Open days for SMEs"}
    )
    (link,) = action.practice_links.all()
    assert link.note == "Open days for SMEs"
    assert "Open days for SMEs" in texts(staff_client.get(action.get_absolute_url()))
    assert "Open studios" not in [
        str(p.title) for p in staff_client.get(url("action_links", action)).context["found"]
    ]

    staff_client.post(url("practice_unlink", action, link.pk))
    assert not action.practice_links.exists()


def test_a_draft_practice_cannot_be_linked(staff_client, action):
    draft = PracticeFactory(slug="not-yet")
    response = staff_client.post(url("practice_link", action), {"practice": draft.pk}, follow=True)
    assert "Choose a published good practice from the list." in " ".join(messages_of(response))
    assert not action.practice_links.exists()


def test_the_partners_ideas_are_listed_by_lab_and_question_and_linked(staff_client, action, wall):
    page = texts(staff_client.get(url("action_links", action)))
    assert "What would help creative SMEs?" in page
    assert "Spaces" in page and "merged:" in page and "Design vouchers for small firms" in page
    assert "Off topic" not in page

    staff_client.post(
        url("idea_link", action), {"ideas": [wall["coworking"].pk, wall["vouchers"].pk]}
    )
    assert action.idea_links.count() == 2
    page = texts(staff_client.get(url("action_links", action)))
    assert "linked already" in page

    link = action.idea_links.first()
    staff_client.post(url("idea_unlink", action, link.pk))
    assert action.idea_links.count() == 1


def test_linking_no_idea_says_so(staff_client, action):
    response = staff_client.post(url("idea_link", action), {}, follow=True)
    assert "Choose at least one idea." in " ".join(messages_of(response))


def _fill(action, staff, practice_partner, n: int) -> None:
    """Give ``action`` ``n`` players, milestones, funding sources, ideas and practices."""
    for i in range(n):
        ActionPlayer.objects.create(
            action=action, organisation=OrganisationFactory(partner=action.plan.partner), position=i
        )
        MilestoneFactory(action=action)
        FundingSourceFactory(action=action)
        ActionIdea.objects.create(action=action, text=f"Idea {i}", votes=i)
        practice = PracticeFactory(
            partner=practice_partner, slug=f"p-{action.pk}-{i}", status=PracticeStatus.PUBLISHED
        )
        action_practices_link(actor=staff, action=action, practices=[practice])


def test_the_action_pages_queries_do_not_grow_with_what_it_lists(
    staff_client, staff, plan, other_partner
):
    counts = []
    for n in (1, 6):
        action = ActionFactory(plan=plan)
        _fill(action, staff, other_partner, n)
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(action.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_plans_page_numbers_its_actions_and_moves_them_back_to_it(staff_client, plan):
    first = ActionFactory(plan=plan, position=0, title={"en": "First"})
    second = ActionFactory(plan=plan, position=1, title={"en": "Second"}, is_pilot=True)

    html = staff_client.get(plan.get_absolute_url()).content.decode()

    assert html.index("First") < html.index("Second")
    assert 'name="next" value="plan"' in html
    assert "Move “First” down" in html and "Move “First” up" not in html
    assert reverse("actionplans:action_create", args=[plan.slug]) in html
    assert first.get_absolute_url() in html

    moved = staff_client.post(
        reverse("actionplans:action_move", args=[plan.slug, second.pk]),
        {"to": "up", "next": "plan"},
    )
    assert moved.url == plan.get_absolute_url()
    html = staff_client.get(plan.get_absolute_url()).content.decode()
    assert html.index("Second") < html.index("First")


def test_the_implementation_shows_once_the_plan_is_no_longer_a_draft(staff_client, action):
    assert "Implementation" not in texts(staff_client.get(action.get_absolute_url()))
    ProgressEntryFactory(action=action, text="Terms agreed with the managing authority.")
    action.plan.status = PlanStatus.ENDORSED
    action.plan.save()

    page = texts(staff_client.get(action.get_absolute_url()))

    assert "Implementation" in page and "Terms agreed with the managing authority." in page
    assert "Edit the action" not in page
