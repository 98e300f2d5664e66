"""The chain behind an action holds through edits, merges, deleted sessions and erasure;
the public reads only public facts; the practice and the lab name the action."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.actionplans.diagrams import fit
from learninglab.actionplans.provenance import action_provenance, lab_actions, practice_actions
from learninglab.actionplans.services.action import ActionData, action_ideas_link, action_update
from learninglab.actionplans.tests.chains import Chain, build_chain, check_in, held_lab
from learninglab.cocreation.models import IdeaStatus
from learninglab.cocreation.services.idea import idea_merge
from learninglab.cocreation.tests.factories import IdeaFactory, LiveSessionFactory, PromptFactory
from learninglab.conftest import client_for
from learninglab.practices.models import PracticeStatus
from learninglab.results.models import Minutes
from learninglab.stakeholders.services.stakeholder import stakeholder_erase

pytestmark = [
    pytest.mark.django_db,
]

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def chain(partner, other_partner, staff) -> Chain:
    return build_chain(partner, other_partner, staff)


def _page(client, chain: Chain) -> str:
    url = reverse("actionplans:action_provenance", args=[chain.plan.slug, chain.action.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _ideas(provenance) -> dict[str, int]:
    return {idea.text: idea.votes for idea in provenance.ideas}


def test_the_chain_leads_from_the_ideas_and_practices_to_their_labs_and_cities(chain, staff):
    provenance = action_provenance(chain.action, staff)

    assert _ideas(provenance) == {
        "Vouchers for SMEs to work with artists": 3,
        "Small grants for creative collaborations": 2,
        "A secret idea from a lab not announced": 0,
    }
    round_1 = provenance.labs[0]
    assert round_1.city == "Timișoara"
    assert round_1.has_session
    assert round_1.people == 5
    assert [(c.label, c.organisations, c.people) for c in round_1.helix] == [
        ("Business", 1, 2),
        ("Knowledge institutions", 1, 1),
        ("Civil society", 1, 1),
    ]
    assert [org.name for org in round_1.organisations] == [
        "Banat IT",
        "Teatrul Merlin",
        "West University",
    ]
    assert [(p.title, p.city.city) for p in provenance.practices] == [
        ("Open Design School", "Matera"),
        ("Iepen Mienskip: community-led culture", "Leeuwarden"),
    ]
    assert [city.city for city in provenance.cities] == ["Matera", "Leeuwarden"]


def test_the_page_never_names_a_person(chain, staff):
    html = _page(client_for(staff), chain)

    assert "Banat IT" in html
    for person in chain.people:
        assert person.last_name not in html


def test_the_chain_survives_an_edit_of_the_action(chain, staff):
    action_update(
        actor=staff,
        action=chain.action,
        data=ActionData(title={"en": "Culture vouchers"}, background={"en": "Rewritten."}),
    )
    chain.action.refresh_from_db()

    provenance = action_provenance(chain.action, staff)

    assert len(provenance.ideas) == 3
    assert len(provenance.practices) == 2
    assert "Culture vouchers" in _page(client_for(staff), chain)


def test_a_merged_idea_shows_the_idea_kept_with_its_votes(chain, staff, facilitator):
    kept, duplicate = chain.ideas
    idea_merge(actor=facilitator, idea=duplicate, into=kept)

    provenance = action_provenance(chain.action, staff)

    # Both were linked: the idea kept is shown once, with the votes the duplicate brought.
    merged = [idea for idea in provenance.ideas if idea.key == f"idea-{kept.pk}"]
    assert len(merged) == 1
    assert merged[0].text == kept.text
    assert merged[0].votes == 5
    assert merged[0].merged_from == ""


def test_an_action_linked_to_the_duplicate_shows_the_idea_it_was_merged_into(
    chain, staff, facilitator
):
    kept = chain.ideas[0]
    duplicate = IdeaFactory(prompt=kept.prompt, text="Vouchers: SMEs meet artists")
    chain.action.idea_links.filter(idea=kept).delete()
    action_ideas_link(actor=staff, action=chain.action, ideas=[duplicate])
    idea_merge(actor=facilitator, idea=duplicate, into=kept)

    provenance = action_provenance(chain.action, staff)

    fact = next(idea for idea in provenance.ideas if idea.key == f"idea-{kept.pk}")
    assert fact.text == kept.text
    assert fact.merged_from == "Vouchers: SMEs meet artists"
    assert fact.votes == 3
    assert "since merged into this idea" in _page(client_for(staff), chain)


def test_a_deleted_session_leaves_the_copy_and_the_lab(chain, staff):
    chain.session.delete()

    provenance = action_provenance(chain.action, staff)

    assert _ideas(provenance) == {
        "Vouchers for SMEs to work with artists": 3,
        "Small grants for creative collaborations": 2,
        "A secret idea from a lab not announced": 0,
    }
    round_1 = provenance.labs[0]
    assert round_1.title.startswith("Local Learning Lab, round 1")
    assert not round_1.has_session
    assert round_1.people == 5
    assert [a.title for a in lab_actions(chain.lab, staff)] == [
        "Action 1: Creative vouchers for SMEs"
    ]
    assert "no longer kept" in _page(client_for(staff), chain)


def test_an_erased_person_is_not_named_and_still_counts_for_their_organisation(chain, staff):
    ioana = chain.people[0]
    stakeholder_erase(actor=staff, stakeholder=ioana)

    provenance = action_provenance(chain.action, staff)
    html = _page(client_for(staff), chain)

    round_1 = provenance.labs[0]
    assert round_1.people == 5
    assert round_1.helix[0].people == 2
    assert "Banat IT" in [org.name for org in round_1.organisations]
    assert "Ioana" not in html and "Marin" not in html


def test_the_public_reads_only_public_facts(chain, coordinator):
    chain.plan.is_public = True
    chain.plan.save()
    chain.practices[1].status = PracticeStatus.SUBMITTED
    chain.practices[1].save()
    chain.ideas[1].status = IdeaStatus.HIDDEN
    chain.ideas[1].save()

    provenance = action_provenance(chain.action, None)

    assert _ideas(provenance) == {"Vouchers for SMEs to work with artists": 3}
    assert [lab.pk for lab in provenance.labs] == [chain.lab.pk]
    round_1 = provenance.labs[0]
    assert round_1.organisations == []
    assert round_1.organisation_count == 3
    assert round_1.people is None
    assert {count.people for count in round_1.helix} == {None}
    assert round_1.url == chain.lab.get_public_url()
    assert [p.title for p in provenance.practices] == ["Open Design School"]
    # The coordinator still sees the practice, now on its staff page, and the idea.
    assert len(action_provenance(chain.action, coordinator).ideas) == 3
    staff_facts = action_provenance(chain.action, coordinator).practices
    assert staff_facts[1].url == reverse("practices:staff_detail", args=[chain.practices[1].slug])


def test_the_public_version_of_the_include_names_no_organisation(chain):
    chain.plan.is_public = True
    chain.plan.save()

    html = render_to_string(
        "actionplans/_action_provenance.html",
        {"provenance": action_provenance(chain.action, None)},
    )

    assert "3 organisations took part: Business 1, Knowledge institutions 1" in html
    for name in ("Banat IT", "West University", "Teatrul Merlin", "checked in", "secret idea"):
        assert name not in html
    for person in chain.people:
        assert person.last_name not in html


def test_the_public_reads_nothing_of_a_plan_that_is_not_public(chain):
    assert action_provenance(chain.action, None).is_empty


def test_the_practice_page_lists_the_action_in_its_city(chain, staff, other_staff, coordinator):
    practice = chain.practices[0]

    (found,) = practice_actions(practice, staff)
    assert found.title == "Action 1: Creative vouchers for SMEs"
    assert found.partner.city == "Timișoara"
    assert found.url == chain.action.get_absolute_url()
    # Matera's staff and the public do not see a plan that is not public ...
    assert practice_actions(practice, other_staff) == []
    assert practice_actions(practice, None) == []
    public_page = client_for(None).get(reverse("practices:detail", args=[practice.slug]))
    assert "Creative vouchers" not in public_page.content.decode()
    staff_page = client_for(coordinator).get(
        reverse("practices:staff_detail", args=[practice.slug])
    )
    assert "Action 1: Creative vouchers for SMEs" in staff_page.content.decode()

    # ... until the plan is public: then everyone, on the plan's public page.
    chain.plan.is_public = True
    chain.plan.save()
    (found,) = practice_actions(practice, None)
    assert found.url == chain.plan.get_public_url()
    public_page = client_for(None).get(reverse("practices:detail", args=[practice.slug]))
    html = public_page.content.decode()
    assert "Action 1: Creative vouchers for SMEs" in html
    assert "Timișoara" in html


def test_the_lab_pages_list_the_action(chain, staff, other_staff):
    staff_page = client_for(staff).get(reverse("labs:detail", args=[chain.lab.slug]))
    assert "Action 1: Creative vouchers for SMEs" in staff_page.content.decode()
    assert chain.action.get_absolute_url() in staff_page.content.decode()
    assert lab_actions(chain.lab, other_staff) == []
    assert lab_actions(chain.lab, None) == []

    Minutes.objects.create(lab=chain.lab, summary={"en": "We met."}, published_at=chain.lab.ends_at)
    results = reverse("results:public", args=[chain.lab.slug])
    assert "Creative vouchers" not in client_for(None).get(results).content.decode()
    chain.plan.is_public = True
    chain.plan.save()
    html = client_for(None).get(results).content.decode()
    assert "What came out of it" in html
    assert "Action 1: Creative vouchers for SMEs" in html
    assert chain.plan.get_public_url() in html


def test_the_picture_is_valid_svg_with_the_chain_in_it(chain, staff):
    long_idea = IdeaFactory(
        prompt=chain.ideas[0].prompt,
        text="A yearly call that pays SMEs to hire artists & designers for <new> products, "
        "with a mentor from the chamber of commerce for each",
    )
    action_ideas_link(actor=staff, action=chain.action, ideas=[long_idea])
    html = _page(client_for(staff), chain)

    pictures = re.findall(r"<svg.*?</svg>", html, flags=re.DOTALL)
    assert len(pictures) == 2  # the wide one and the narrow one
    for picture in pictures:
        svg = ET.fromstring(picture)  # noqa: S314 (our own page's markup)
        assert svg.get("role") == "img"
        caption = svg.get("aria-labelledby")
        assert f'id="{caption}"' in html
        texts = [t.text for t in svg.iter(f"{SVG_NS}text")]
        titles = [t.text for t in svg.iter(f"{SVG_NS}title")]
        for label in ("Action 1", "Matera", "Leeuwarden", "Local Learning Lab, round 1"):
            assert label in texts
        assert long_idea.text in titles
        assert long_idea.text not in texts
        assert any(text.endswith("…") for text in texts)
        assert "Timișoara" not in " ".join(texts)  # the action's city is not a source


def test_texts_are_cut_by_words_to_fit():
    assert fit("Vouchers for SMEs to work with artists", 12, 2) == ["Vouchers for", "SMEs to…"]
    assert fit("Short", 12, 2) == ["Short"]
    assert fit("Extraordinarilylongword", 10, 1) == ["Extraordi…"]


def test_the_query_count_does_not_grow_with_the_ideas(chain, staff):
    def queries() -> int:
        action = type(chain.action).objects.select_related("plan__partner").get(pk=chain.action.pk)
        with CaptureQueriesContext(connection) as captured:
            provenance = action_provenance(action, staff)
            provenance.diagram  # noqa: B018
        return len(captured)

    def page_queries() -> int:
        client = client_for(staff)
        client.get("/")  # the session and the user, once
        with CaptureQueriesContext(connection) as captured:
            _page(client, chain)
        return len(captured)

    before, page_before = queries(), page_queries()
    more = [IdeaFactory(prompt=chain.ideas[0].prompt) for _n in range(6)]
    third_lab = held_lab(chain.plan.partner, "round-3", 3)
    check_in(third_lab, chain.people[2])
    elsewhere = IdeaFactory(prompt=PromptFactory(session=LiveSessionFactory(lab=third_lab)))
    action_ideas_link(actor=staff, action=chain.action, ideas=[*more, elsewhere])

    assert queries() == before
    assert page_queries() == page_before


def test_staff_of_another_partner_do_not_find_the_page(chain, other_staff, facilitator):
    url = reverse("actionplans:action_provenance", args=[chain.plan.slug, chain.action.pk])
    assert client_for(other_staff).get(url).status_code == 404
    assert client_for(facilitator).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_staff_reach_a_draft_lab_by_its_staff_page(chain, staff):
    provenance = action_provenance(chain.action, staff)
    draft = next(lab for lab in provenance.labs if lab.pk == chain.draft_lab.pk)
    assert draft.url == chain.draft_lab.get_absolute_url()


def test_the_public_plan_page_says_in_a_line_where_each_action_came_from(chain, client):
    chain.plan.is_public = True
    chain.plan.save()
    chain.practices[1].status = PracticeStatus.SUBMITTED
    chain.practices[1].save()

    page = client.get(chain.plan.get_public_url()).content.decode()

    line = page[page.index("Where it came from:") :].split("</p>")[0]
    # Both ideas of the round-1 lab, not the idea of the lab not announced; the published
    # practice only.
    assert "2 ideas of the" in line and chain.lab.get_public_url() in line
    assert "A secret idea" not in page and chain.draft_lab.get_public_url() not in line
    assert "Open Design School" in line and "of Matera" in line
    assert "Iepen Mienskip" not in line

    chain.ideas[1].status = IdeaStatus.HIDDEN
    chain.ideas[1].save()
    page = client.get(chain.plan.get_public_url()).content.decode()
    assert "1 idea of the" in page
