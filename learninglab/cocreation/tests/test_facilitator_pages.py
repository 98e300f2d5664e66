"""The facilitator's and the projector's pages through HTTP, and who may open them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.cocreation.models import (
    Idea,
    IdeaStatus,
    LiveSession,
    Prompt,
    PromptStatus,
    Theme,
    Vote,
)
from learninglab.cocreation.services.idea import idea_submit
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    ParticipantFactory,
    PromptFactory,
    ThemeFactory,
    VoteFactory,
)
from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.factories import UserFactory
from learninglab.labs.tests.factories import LabFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab(partner):
    return LabFactory(partner=partner, slug="round-2")


@pytest.fixture
def session(lab):
    return LiveSessionFactory(lab=lab, join_code="K7QH2M")


@pytest.fixture
def prompt(session):
    return PromptFactory(session=session, text={"en": "What would help?", "ro": "Ce ar ajuta?"})


@pytest.fixture
def facilitator_client(facilitator):
    return client_for(facilitator)


def url(name: str, *args) -> str:
    return reverse(f"cocreation:{name}", args=["round-2", *args])


def followed(client, path: str, data: dict | None = None) -> str:
    response = client.post(path, data or {}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


# -- running a session ---------------------------------------------------------------------


def test_a_facilitator_sets_up_a_session_and_asks_the_first_question(lab, facilitator_client):
    page = facilitator_client.get(url("facilitate"))
    assert "Set up the live wall" in page.content.decode()

    followed(facilitator_client, url("create"))
    session = LiveSession.objects.get(lab=lab)
    html = followed(facilitator_client, url("prompt_create"), {"text_ro": "", "text_en": "Why?"})
    assert "The question is added" in html
    prompt = Prompt.objects.get()

    # One step: opening the question opens the session, and both are audited.
    assert "Opening a question opens the session too" in html
    html = followed(facilitator_client, url("prompt_open", prompt.pk))
    assert "The question is open" in html
    prompt.refresh_from_db()
    session.refresh_from_db()
    assert prompt.status == PromptStatus.OPEN and session.is_open
    assert {"cocreation.session.opened", "cocreation.prompt.opened"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    assert session.join_code in html

    html = followed(facilitator_client, url("close"))
    prompt.refresh_from_db()
    assert prompt.status == PromptStatus.CLOSED
    assert "The session is closed" in html


def test_one_open_step_lets_a_phone_post(lab, facilitator_client):
    session = LiveSessionFactory(lab=lab, join_code="K7QH2M", is_open=False)
    prompt = PromptFactory(session=session, status=PromptStatus.DRAFT, text={"en": "Why?"})

    page = facilitator_client.get(url("facilitate")).content.decode()
    assert url("prompt_open", prompt.pk) in page  # offered while the session is closed
    followed(facilitator_client, url("prompt_open", prompt.pk))  # the only step

    phone = Client()
    joined = phone.post(reverse("cocreation:join_session", args=["K7QH2M"]), {"language": "en"})
    assert joined.status_code == 302
    posted = phone.post(
        reverse("cocreation:idea_submit", args=["K7QH2M"]), {"prompt": prompt.pk, "text": "Idea"}
    )
    assert posted.status_code == 302
    assert Idea.objects.get(prompt=prompt).text == "Idea"


def test_the_settings_form_changes_moderation_and_votes(session, facilitator_client):
    followed(
        facilitator_client,
        url("configure"),
        {"is_moderated": "on", "vote_budget": "5", "allow_stacking": "on"},
    )
    session.refresh_from_db()
    assert (session.is_moderated, session.vote_budget, session.allow_stacking) == (True, 5, True)
    html = followed(facilitator_client, url("configure"), {"vote_budget": "0"})
    assert "between 1 and 20 votes" in html


def test_moderating_grouping_and_merging_from_the_page(prompt, facilitator_client):
    waiting = IdeaFactory(prompt=prompt, status=IdeaStatus.PENDING, text="Waiting idea")
    kept = IdeaFactory(prompt=prompt, text="Grants for SMEs")
    duplicate = IdeaFactory(prompt=prompt, text="Small grants")
    VoteFactory(idea=duplicate)

    followed(facilitator_client, url("idea_approve", waiting.pk))
    followed(facilitator_client, url("theme_create", prompt.pk), {"name": "Funding"})
    theme = Theme.objects.get()
    followed(facilitator_client, url("idea_theme", kept.pk), {"theme": theme.pk})
    followed(facilitator_client, url("theme_rename", theme.pk), {"name": "Money"})
    html = followed(
        facilitator_client, url("merge", prompt.pk), {"idea": duplicate.pk, "into": kept.pk}
    )
    followed(facilitator_client, url("idea_hide", waiting.pk))

    waiting.refresh_from_db()
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert waiting.status == IdeaStatus.HIDDEN
    assert duplicate.merged_into == kept and kept.theme.name == "Money"
    assert Vote.objects.get().idea == kept
    assert "The ideas are merged" in html
    page = facilitator_client.get(url("facilitate")).content.decode()
    assert "Money" in page and "“Small grants”" in page
    assert "Hidden ideas" in page and "Waiting idea" in page
    assert AuditEntry.objects.filter(action__startswith="cocreation.").count() == 6


def test_refusals_are_shown_not_raised(prompt, facilitator_client):
    idea = IdeaFactory(prompt=prompt)
    html = followed(facilitator_client, url("merge", prompt.pk), {"idea": idea.pk, "into": idea.pk})
    assert "Choose another idea to merge into." in html
    html = followed(facilitator_client, url("theme_create", prompt.pk), {"name": " "})
    assert "Give the topic a name." in html
    other_theme = ThemeFactory()
    html = followed(facilitator_client, url("idea_theme", idea.pk), {"theme": other_theme.pk})
    assert "Choose one of the question&#x27;s topics." in html


def test_objects_of_another_session_are_not_found(prompt, facilitator_client):
    foreign = IdeaFactory()
    assert facilitator_client.post(url("idea_hide", foreign.pk)).status_code == 404
    assert facilitator_client.post(url("prompt_open", foreign.prompt.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == IdeaStatus.VISIBLE


def test_the_page_shows_ranked_results_per_theme(prompt, facilitator_client):
    skills, funding = ThemeFactory(prompt=prompt, name="Skills"), ThemeFactory(prompt=prompt)
    funding.name = "Funding"
    funding.save()
    IdeaFactory(prompt=prompt, theme=skills, text="Design courses")
    VoteFactory.create_batch(2, idea=IdeaFactory(prompt=prompt, theme=funding, text="Grants"))
    IdeaFactory(prompt=prompt, text="Festival guide for SMEs")

    html = facilitator_client.get(url("facilitate")).content.decode()
    results = html[html.index('id="results"') :]
    headings = [results.index(f"<h4>{name}") for name in ("Funding", "Skills", "Not grouped")]
    assert headings == sorted(headings)
    assert "2 votes" in results


def test_the_facilitators_page_takes_a_fixed_number_of_queries(prompt, facilitator_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert facilitator_client.get(url("facilitate")).status_code == 200
        return len(queries)

    ThemeFactory(prompt=prompt)
    IdeaFactory(prompt=prompt)
    few = count()
    themes = ThemeFactory.create_batch(3, prompt=prompt)
    for n in range(20):
        idea = IdeaFactory(prompt=prompt, theme=themes[n % 3])
        VoteFactory(idea=idea)
    IdeaFactory.create_batch(3, prompt=prompt, status=IdeaStatus.PENDING)
    assert count() == few


def test_the_results_fragment_brings_new_ideas_and_is_not_modified_meanwhile(
    prompt, facilitator_client
):
    page = facilitator_client.get(url("facilitate")).content.decode()
    assert f'hx-get="{url("results", prompt.pk)}"' in page and "Refresh" not in page

    first = facilitator_client.get(url("results", prompt.pk))
    assert first.status_code == 200 and "No ideas yet." in first.content.decode()
    again = facilitator_client.get(url("results", prompt.pk), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304

    idea_submit(participant=ParticipantFactory(session=prompt.session), prompt=prompt, text="Kiosk")
    changed = facilitator_client.get(url("results", prompt.pk), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Kiosk" in changed.content.decode()


def test_every_part_of_the_facilitators_page_updates_by_itself(prompt, facilitator_client):
    LiveSession.objects.filter(pk=prompt.session_id).update(is_moderated=True)

    page = facilitator_client.get(url("facilitate")).content.decode()

    for part in (
        url("prompts") + f"?prompt={prompt.pk}",
        url("queue", prompt.pk),
        url("results", prompt.pk),
        url("merge_and_hidden", prompt.pk),
    ):
        assert f'hx-get="{part}" hx-trigger="every 2s"' in page, part
    assert page.count("data-keep-while-editing") == 4
    assert "cocreation/facilitate.js" in page and "cocreation/live.js" in page


def test_the_questions_fragment_brings_new_counts_and_is_not_modified_meanwhile(
    prompt, facilitator_client
):
    first = facilitator_client.get(url("prompts"), {"prompt": prompt.pk})
    assert first.status_code == 200 and "What would help?" in first.content.decode()
    assert 'aria-current="true"' in first.content.decode()
    again = facilitator_client.get(
        url("prompts"), {"prompt": prompt.pk}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304

    participant = ParticipantFactory(session=prompt.session)
    idea_submit(participant=participant, prompt=prompt, text="Kiosk")
    idea_submit(participant=participant, prompt=prompt, text="Night market")
    changed = facilitator_client.get(
        url("prompts"), {"prompt": prompt.pk}, HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert changed.status_code == 200
    cells = re.findall(r"<td>(\d+)</td>", changed.content.decode())
    assert cells == ["2", "0"]  # ideas shown, waiting


def test_the_merge_fragment_offers_new_ideas_and_is_not_modified_meanwhile(
    prompt, facilitator_client
):
    first = facilitator_client.get(url("merge_and_hidden", prompt.pk))
    assert first.status_code == 200 and "Merge duplicates" not in first.content.decode()
    again = facilitator_client.get(
        url("merge_and_hidden", prompt.pk), HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304

    participant = ParticipantFactory(session=prompt.session)
    kiosk = idea_submit(participant=participant, prompt=prompt, text="Kiosk")
    idea_submit(participant=participant, prompt=prompt, text="A kiosk")
    changed = facilitator_client.get(
        url("merge_and_hidden", prompt.pk), HTTP_IF_NONE_MATCH=first["ETag"]
    )
    html = changed.content.decode()
    assert changed.status_code == 200 and "Merge duplicates" in html
    assert f'<option value="{kiosk.pk}">Kiosk</option>' in html
    assert facilitator_client.get(url("merge_and_hidden", 999_999)).status_code == 404


# -- the projector -------------------------------------------------------------------------


def test_the_projector_shows_the_code_the_qr_code_the_question_and_the_votes(
    prompt, facilitator_client
):
    idea = IdeaFactory(prompt=prompt, text="Pop-up shops")
    VoteFactory.create_batch(2, idea=idea)

    html = facilitator_client.get(url("projector") + "?lang=en").content.decode()

    assert "K7QH2M" in html
    assert "http://127.0.0.1:8000/join/K7QH2M/" in html
    assert '<svg width="' in html and 'role="img"' in html
    assert "What would help?" in html
    assert "Pop-up shops" in html and "<strong>2</strong> votes" in html
    assert 'hx-trigger="every 1s"' in html


def test_the_projector_wall_is_not_modified_until_the_session_changes(prompt, facilitator_client):
    wall = url("projector_wall") + "?lang=ro"  # as the page asks for it
    first = facilitator_client.get(wall)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]

    with CaptureQueriesContext(connection) as queries:
        again = facilitator_client.get(wall, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    # The login session, the user, and the session's version: nothing else is read.
    assert len(queries) == 3

    LiveSession.objects.filter(pk=prompt.session_id).update(version=99)
    changed = facilitator_client.get(wall, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_projector_speaks_the_labs_language_not_the_facilitators(
    prompt, facilitator, facilitator_client
):
    assert facilitator.language == "en"  # the facilitator's own pages are in English
    html = facilitator_client.get(url("projector")).content.decode()
    assert '<html lang="ro"' in html
    assert "Ce ar ajuta?" in html and "What would help?" not in html
    assert "Alăturați-vă de pe telefon:" in html
    assert "?lang=ro" in html  # the wall asks for itself in the same language

    wall = facilitator_client.get(url("projector_wall")).content.decode()
    assert "Ce ar ajuta?" in wall and "Încă nicio idee" in wall


def test_the_projector_honours_lang(prompt, facilitator_client):
    facilitator_client.cookies["django_language"] = "ro"
    html = facilitator_client.get(url("projector") + "?lang=en").content.decode()
    assert '<html lang="en"' in html
    assert "What would help?" in html and "Join from your phone:" in html
    wall = facilitator_client.get(url("projector_wall") + "?lang=en").content.decode()
    assert "What would help?" in wall and "No ideas yet: post the first one!" in wall


# -- escaping ------------------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(1)>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_markup_posted_by_a_participant_is_shown_as_text_everywhere(
    prompt, facilitator_client, client
):
    join = reverse("cocreation:join_session", args=["K7QH2M"])
    client.post(join, {"display_name": PAYLOAD[:40], "language": "en"})
    client.post(
        reverse("cocreation:idea_submit", args=["K7QH2M"]), {"prompt": prompt.pk, "text": PAYLOAD}
    )
    theme = ThemeFactory(prompt=prompt, name=PAYLOAD[:80])
    Idea.objects.update(theme=theme)
    assert Idea.objects.get().text == PAYLOAD

    pages = {
        "projector": facilitator_client.get(url("projector")),
        "projector wall": facilitator_client.get(url("projector_wall")),
        "facilitator": facilitator_client.get(url("facilitate")),
        "participant": client.get(reverse("cocreation:participant", args=["K7QH2M"])),
        "new ideas": client.get(reverse("cocreation:participant_ideas", args=["K7QH2M"])),
    }
    for name, response in pages.items():
        html = response.content.decode()
        assert response.status_code == 200, name
        assert ESCAPED in html, name
        assert "<script>alert" not in html, name
        assert "<img src=x" not in html, name


# -- who may open the pages -----------------------------------------------------------------

STAFF_PAGES = ["facilitate", "projector", "projector_wall"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_of_another_partner_find_nothing(session, other_partner, name):
    for role in ("facilitator", "partner_staff"):
        stranger = UserFactory(role=role, partner=other_partner)
        assert client_for(stranger).get(url(name)).status_code == 404


def test_staff_of_another_partner_change_nothing(prompt, other_partner):
    stranger = client_for(UserFactory(role="facilitator", partner=other_partner))
    idea = IdeaFactory(prompt=prompt)
    for path in (url("close"), url("prompt_close", prompt.pk), url("idea_hide", idea.pk)):
        assert stranger.post(path).status_code == 404
    prompt.refresh_from_db()
    idea.refresh_from_db()
    assert prompt.status == PromptStatus.OPEN and idea.status == IdeaStatus.VISIBLE
    assert stranger.post(reverse("cocreation:create", args=[LabFactory().slug])).status_code == 404


def test_participant_actions_need_no_staff_account(prompt):
    ParticipantFactory(session=prompt.session)
    assert client_for(None).get(reverse("cocreation:join")).status_code == 200


def test_the_labs_staff_page_links_to_its_live_wall(lab, staff_client):
    html = staff_client.get(lab.get_absolute_url()).content.decode()
    assert reverse("cocreation:facilitate", args=[lab.slug]) in html
