"""The participant's pages through HTTP: join by code, post, vote, in their language."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learninglab.cocreation.cookies import COOKIE_NAME
from learninglab.cocreation.models import (
    Idea,
    IdeaStatus,
    LiveSession,
    Participant,
    PromptStatus,
    Vote,
)
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    PromptFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def prompt():
    return PromptFactory(
        session__join_code="K7QH2M",
        text={"en": "What would help your business?", "ro": "Ce v-ar ajuta afacerea?"},
    )


def joined(session, *, name: str = "", language: str = "en") -> Client:
    """Return a browser that joined ``session`` through the join page."""
    client = Client()
    url = reverse("cocreation:join_session", args=[session.join_code])
    response = client.post(url, {"display_name": name, "language": language})
    assert response.status_code == 302, response.content[:500]
    return client


def participant_url(session) -> str:
    return reverse("cocreation:participant", args=[session.join_code])


# -- joining ------------------------------------------------------------------------------


def test_the_code_form_leads_to_the_session_whatever_the_typing(prompt):
    client = Client()
    assert client.get(reverse("cocreation:join")).status_code == 200
    response = client.get(reverse("cocreation:join"), {"code": " k7q-h2m "})
    assert response.status_code == 302
    assert response["Location"] == reverse("cocreation:join_session", args=["K7QH2M"])

    response = client.post(reverse("cocreation:join"), {"code": "K7QH2M"})
    assert response["Location"] == reverse("cocreation:join_session", args=["K7QH2M"])


def test_an_unknown_code_is_explained(prompt):
    response = Client().post(reverse("cocreation:join"), {"code": "ZZZZZZ"})
    assert response.status_code == 200
    assert "No live session has this code" in response.content.decode()
    assert Client().get(reverse("cocreation:join_session", args=["ZZZZZZ"])).status_code == 404
    assert Client().get(reverse("cocreation:join_session", args=["<b>"])).status_code == 404


def test_joining_sets_a_signed_cookie_and_needs_no_account(prompt):
    client = joined(prompt.session, name="Ana")

    participant = Participant.objects.get()
    assert participant.display_name == "Ana"
    cookie = client.cookies[COOKIE_NAME]
    assert cookie["httponly"] and participant.token not in cookie.value.split(":")[1:]
    assert participant.token == cookie.value.split(":")[0]
    page = client.get(participant_url(prompt.session))
    assert page.status_code == 200
    assert "What would help your business?" in page.content.decode()
    # Coming back to the join page goes straight to the wall.
    again = client.get(reverse("cocreation:join_session", args=[prompt.session.join_code]))
    assert again["Location"] == participant_url(prompt.session)


def test_a_tampered_cookie_is_a_stranger(prompt):
    client = joined(prompt.session)
    token = Participant.objects.get().token
    client.cookies[COOKIE_NAME] = f"{token}:forged:signature"
    response = client.get(participant_url(prompt.session))
    assert response.status_code == 302
    assert response["Location"].startswith("/join/")


def test_a_stranger_is_sent_to_the_join_page(prompt):
    response = Client().get(participant_url(prompt.session))
    assert response["Location"] == reverse("cocreation:join_session", args=["K7QH2M"])
    response = Client().post(
        reverse("cocreation:idea_submit", args=["K7QH2M"]), {"prompt": prompt.pk, "text": "x"}
    )
    assert response.status_code == 302
    assert not Idea.objects.exists()


def test_a_closed_session_takes_nobody_in():
    session = LiveSessionFactory(is_open=False)
    page = Client().get(reverse("cocreation:join_session", args=[session.join_code]))
    assert "not open at the moment" in page.content.decode()
    response = Client().post(
        reverse("cocreation:join_session", args=[session.join_code]),
        {"display_name": "", "language": "en"},
    )
    assert response.status_code == 200
    assert not Participant.objects.exists()


def test_the_join_page_speaks_the_browsers_language(prompt):
    url = reverse("cocreation:join_session", args=[prompt.session.join_code])
    page = Client().get(url, HTTP_ACCEPT_LANGUAGE="ro-RO,ro;q=0.9,en;q=0.5")
    html = page.content.decode()
    assert '<html lang="ro"' in html
    assert '<option value="ro" selected' in html


def test_the_participant_page_is_in_the_chosen_language(prompt):
    client = joined(prompt.session, language="ro")
    html = client.get(participant_url(prompt.session)).content.decode()
    assert '<html lang="ro"' in html
    assert "Ce v-ar ajuta afacerea?" in html

    client.post(reverse("cocreation:language", args=["K7QH2M"]), {"language": "en"})
    html = client.get(participant_url(prompt.session)).content.decode()
    assert '<html lang="en"' in html
    assert "What would help your business?" in html


def test_a_name_ending_in_an_initial_ends_the_sentence_with_one_full_stop(prompt):
    client = joined(prompt.session, name="Ioana Î.", language="ro")

    html = client.get(participant_url(prompt.session)).content.decode()

    assert "Participați ca Ioana Î.</p>" in html
    assert "Î.." not in html


def test_italian_participants_read_the_question_in_english_when_there_is_no_italian(prompt):
    client = joined(prompt.session, language="it")
    html = client.get(participant_url(prompt.session)).content.decode()
    assert '<html lang="it"' in html
    assert "What would help your business?" in html


# -- posting and voting ---------------------------------------------------------------------


def test_an_idea_is_posted_with_a_plain_form(prompt):
    client = joined(prompt.session)
    url = reverse("cocreation:idea_submit", args=["K7QH2M"])
    response = client.post(url, {"prompt": prompt.pk, "text": "A shared stand at the fair"})

    assert response.status_code == 302
    assert response["Location"] == participant_url(prompt.session)
    assert Idea.objects.get().text == "A shared stand at the fair"
    page = client.get(participant_url(prompt.session)).content.decode()
    assert "Your idea is on the wall" in page
    assert "A shared stand at the fair" in page


def test_an_idea_too_long_keeps_the_text_and_says_why(prompt):
    client = joined(prompt.session)
    url = reverse("cocreation:idea_submit", args=["K7QH2M"])
    text = "word " * 60
    response = client.post(url, {"prompt": prompt.pk, "text": text})

    assert response.status_code == 200
    assert "at most 280 characters" in response.content.decode()
    assert "word word" in response.content.decode()
    assert not Idea.objects.exists()


def test_with_htmx_posting_adds_the_new_ideas_and_empties_the_form(prompt):
    client = joined(prompt.session)
    older = IdeaFactory(prompt=prompt, text="Seen before")
    page = client.get(participant_url(prompt.session)).content.decode()
    seen = re.search(r'id="live-seen" name="seen" value="(\d+)"', page).group(1)
    other = IdeaFactory(prompt=prompt, text="Came meanwhile", wall_version=int(seen) + 1)
    url = reverse("cocreation:idea_submit", args=["K7QH2M"])

    response = client.post(url, {"prompt": prompt.pk, "text": "Night market", "seen": seen}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    added = html[html.index('hx-swap-oob="afterbegin:#live-ideas"') :]
    assert added.index("Night market") < added.index("Came meanwhile")
    assert "Seen before" not in html and str(older.pk) not in added.split("</div>")[0]
    assert f'id="idea-{other.pk}"' in html
    assert 'id="idea-form-area" hx-swap-oob="true"' in html
    assert "<textarea" in html and "Night market</textarea>" not in html
    assert "Your idea is on the wall" in html
    newest = Idea.objects.get(text="Night market").wall_version
    assert f'id="live-seen" name="seen" value="{newest}" hx-swap-oob="true"' in html


def test_an_idea_for_a_question_just_closed_is_refused_and_kept(prompt):
    client = joined(prompt.session)
    prompt.status = PromptStatus.CLOSED
    prompt.save()
    url = reverse("cocreation:idea_submit", args=["K7QH2M"])
    response = client.post(url, {"prompt": prompt.pk, "text": "Late idea"}, **HTMX)
    html = response.content.decode()
    assert "This question is closed." in html
    assert not Idea.objects.exists()


def test_with_moderation_the_idea_waits_and_the_person_sees_it_waiting(prompt):
    prompt.session.is_moderated = True
    prompt.session.save()
    client = joined(prompt.session)
    url = reverse("cocreation:idea_submit", args=["K7QH2M"])
    client.post(url, {"prompt": prompt.pk, "text": "Waiting idea"})

    assert Idea.objects.get().status == IdeaStatus.PENDING
    html = client.get(participant_url(prompt.session)).content.decode()
    assert "once the facilitator approves it" in html
    assert "Waiting for the facilitator" in html
    other = joined(prompt.session)
    assert "Waiting idea" not in other.get(participant_url(prompt.session)).content.decode()


def test_voting_and_taking_the_vote_back(prompt):
    idea = IdeaFactory(prompt=prompt, text="Mentoring")
    client = joined(prompt.session)
    votes_url = reverse("cocreation:votes", args=["K7QH2M"])

    response = client.post(votes_url, {"vote": idea.pk})
    assert response["Location"] == f"{participant_url(prompt.session)}#idea-{idea.pk}"
    assert Vote.objects.count() == 1
    html = client.get(participant_url(prompt.session)).content.decode()
    assert "You have 2 votes left." in html
    assert f'name="unvote" value="{idea.pk}"' in html

    again = client.post(votes_url, {"vote": idea.pk}, **HTMX).content.decode()
    assert "You already voted for this idea." in again
    assert Vote.objects.count() == 1

    html = client.post(votes_url, {"unvote": idea.pk}, **HTMX).content.decode()
    assert "You have 3 votes left." in html
    assert not Vote.objects.exists()


def test_nobody_votes_on_another_sessions_idea(prompt):
    client = joined(prompt.session)
    elsewhere = IdeaFactory()
    votes_url = reverse("cocreation:votes", args=["K7QH2M"])
    assert client.post(votes_url, {"vote": elsewhere.pk}).status_code == 404
    assert client.post(votes_url, {"vote": "x"}).status_code == 404
    assert not Vote.objects.exists()


def test_the_status_line_is_not_modified_until_something_changes(prompt):
    client = joined(prompt.session)
    url = reverse("cocreation:participant_status", args=["K7QH2M"])
    query = {"prompt": prompt.pk, "seen": 0}
    first = client.get(url, query)
    etag = first["ETag"]
    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    assert "new idea" not in first.content.decode()

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(queries) == 1  # the participant by the cookie, with the session

    other = joined(prompt.session)
    other.post(
        reverse("cocreation:idea_submit", args=["K7QH2M"]), {"prompt": prompt.pk, "text": "New"}
    )
    changed = client.get(url, query, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Show 1 new idea" in changed.content.decode()
    newest = Idea.objects.get().wall_version
    assert "new idea" not in client.get(url, {**query, "seen": newest}).content.decode()


def test_a_new_question_reaches_the_page_with_a_fresh_form_and_its_ideas(prompt):
    client = joined(prompt.session)
    url = reverse("cocreation:participant_status", args=["K7QH2M"])
    same = client.get(url, {"prompt": prompt.pk, "seen": 0}).content.decode()
    assert "hx-swap-oob" not in same

    prompt.status = PromptStatus.CLOSED
    prompt.save()
    following = PromptFactory(session=prompt.session, text={"en": "And next?"})
    IdeaFactory(prompt=following, text="First of the next")
    html = client.get(url, {"prompt": prompt.pk, "seen": 0}).content.decode()
    assert 'id="idea-form-area" hx-swap-oob="true"' in html
    assert '<section id="live-wall" aria-labelledby="ideas-heading" hx-swap-oob="true">' in html
    assert "And next?" in html and "First of the next" in html
    assert f'name="prompt" value="{following.pk}"' in html


def test_the_list_of_ideas_is_one_form_with_one_token(prompt):
    IdeaFactory.create_batch(5, prompt=prompt)
    client = joined(prompt.session)
    html = client.get(participant_url(prompt.session)).content.decode()
    wall = html[html.index('<section id="live-wall"') :]
    assert wall.count("<form") == 1
    assert wall.count("csrfmiddlewaretoken") == 1
    assert wall.count('name="vote"') == 5


def test_the_new_ideas_come_alone_and_a_hidden_one_redraws_the_wall(prompt, facilitator):
    from learninglab.cocreation.services.idea import idea_hide

    first = IdeaFactory(prompt=prompt, text="First", wall_version=1)
    client = joined(prompt.session)
    url = reverse("cocreation:participant_ideas", args=["K7QH2M"])
    IdeaFactory(prompt=prompt, text="Second", wall_version=5)

    html = client.get(url, {"seen": 1}).content.decode()
    assert "Second" in html and "First" not in html
    assert 'value="5" hx-swap-oob="true"' in html

    LiveSession.objects.update(version=5)  # as the services would have left it
    idea_hide(actor=facilitator, idea=first)
    html = client.get(url, {"seen": 5}).content.decode()
    assert '<section id="live-wall" aria-labelledby="ideas-heading" hx-swap-oob="true">' in html
    assert "Second" in html and "First" not in html


def test_a_vote_answers_with_the_idea_and_the_votes_left(prompt):
    idea = IdeaFactory(prompt=prompt, text="Mentoring")
    client = joined(prompt.session)
    html = client.post(
        reverse("cocreation:votes", args=["K7QH2M"]), {"vote": idea.pk}, **HTMX
    ).content.decode()
    assert html.count("<li") == 1
    assert f'<li id="idea-{idea.pk}" hx-swap-oob="true">' in html
    assert "You gave it 1 vote." in html
    assert '<p id="votes-left" class="votes-left" hx-swap-oob="true">' in html
    assert "message-success" in html
