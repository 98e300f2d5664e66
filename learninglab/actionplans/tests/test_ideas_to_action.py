"""From a lab's live-wall results, staff turn ideas into one draft action in one step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.actionplans.models import Action, PlanStatus
from learninglab.actionplans.tests.factories import ActionPlanFactory
from learninglab.conftest import client_for

pytestmark = pytest.mark.django_db


def page_url(wall) -> str:
    return reverse("actionplans:ideas_to_action", args=[wall["lab"].slug])


def test_the_labs_ideas_are_listed_best_first_with_the_duplicates_under_the_idea_kept(
    staff_client, plan, wall
):
    response = staff_client.get(page_url(wall))
    page = response.content.decode()

    assert response.status_code == 200
    assert "What would help creative SMEs?" in page
    vouchers = page.index("Vouchers for design services")
    merged = page.index("Design vouchers for small firms")
    coworking = page.index("A coworking space in the old factory")
    assert page.index("Spaces") < coworking  # the theme with its idea
    assert vouchers < merged  # the duplicate under the idea kept
    assert f'name="ideas" value="{wall["festival"].pk}"' not in page  # not chosen itself
    assert "Off topic" not in page
    assert 'data-fills="id_title"' in page  # the first idea chosen gives the title
    assert plan.slug in page or str(plan) in page


def test_chosen_ideas_become_a_draft_action_opened_for_editing(staff_client, plan, wall):
    response = staff_client.post(
        page_url(wall),
        {"ideas": [wall["vouchers"].pk, wall["coworking"].pk], "plan": plan.pk, "title": ""},
    )

    action = Action.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("actionplans:action_edit", args=[plan.slug, action.pk])
    # The first idea chosen in the page's order: its theme, "Spaces", comes first.
    assert action.title == {"ro": "A coworking space in the old factory"}
    assert action.idea_links.count() == 2
    assert "Vouchers for design services” (5 votes)" in action.background["en"]

    edit = staff_client.get(response.url)
    assert "Vouchers for design services” (5 votes)" in edit.content.decode()


def test_a_title_typed_is_the_actions(staff_client, plan, wall):
    staff_client.post(
        page_url(wall), {"ideas": [wall["coworking"].pk], "plan": plan.pk, "title": "Spații"}
    )
    assert Action.objects.get().title == {"ro": "Spații"}


def test_choosing_nothing_is_explained_and_what_was_chosen_is_kept(staff_client, plan, wall):
    response = staff_client.post(page_url(wall), {"title": "Kept title"})
    page = response.content.decode()

    assert response.status_code == 200 and not Action.objects.exists()
    assert "No action was created." in page
    assert "Choose at least one idea." in page
    assert 'value="Kept title"' in page

    response = staff_client.post(page_url(wall), {"ideas": [wall["coworking"].pk]})
    page = response.content.decode()
    assert "Choose the plan the action goes into." in page
    assert f'value="{wall["coworking"].pk}" id="ideas-{wall["coworking"].pk}" checked' in page


def test_without_a_plan_being_written_the_page_says_so(staff_client, partner, wall):
    ActionPlanFactory(partner=partner, status=PlanStatus.ENDORSED)
    page = staff_client.get(page_url(wall)).content.decode()
    assert "has no action plan being written" in page
    assert "Create the draft action" not in page


def test_a_locked_plan_or_another_partners_plan_is_not_offered(
    staff_client, partner, other_partner, plan, wall
):
    locked = ActionPlanFactory(partner=partner, status=PlanStatus.SUBMITTED, slug="locked")
    elsewhere = ActionPlanFactory(partner=other_partner, slug="matera-plan")
    for other in (locked, elsewhere):
        response = staff_client.post(
            page_url(wall), {"ideas": [wall["vouchers"].pk], "plan": other.pk}
        )
        assert "Select a valid choice." in response.content.decode()
    assert not Action.objects.exists()


def test_another_partners_staff_get_not_found_and_facilitators_are_refused(
    other_staff, facilitator, plan, wall
):
    assert client_for(other_staff).get(page_url(wall)).status_code == 404
    assert client_for(facilitator).get(page_url(wall)).status_code == 403
    response = client_for(other_staff).post(
        page_url(wall), {"ideas": [wall["vouchers"].pk], "plan": plan.pk}
    )
    assert response.status_code == 404 and not Action.objects.exists()


def test_the_labs_results_page_leads_to_it(staff_client, wall):
    page = staff_client.get(reverse("results:staff", args=[wall["lab"].slug])).content.decode()
    assert page_url(wall) in page
    assert "Turn ideas into an action" in page
