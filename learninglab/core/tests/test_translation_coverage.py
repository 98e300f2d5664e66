"""Every page and e-mail a stakeholder gets finds each of its strings in their language.

The test renders them all in each language we write to stakeholders in, with the demo
data, and records every lookup that falls back to English. A string that is not
translated there fails the test: for it, nl, hr and lt, that is also a string used on
a stakeholder page but not marked with the "stakeholder" context, since only marked
strings reach those catalogues. Django's own strings (form errors, month names) come from
the catalogues Django ships, and are left to them.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from pathlib import Path

import django
import polib
import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.translation.trans_real import DjangoTranslation

from learninglab.accounts.models import User
from learninglab.actionplans.emails import follow_confirmation_email, status_change_email
from learninglab.actionplans.models import ActionPlan, ActionStatus, PlanFollower
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    MilestoneFactory,
    ProgressEntryFactory,
)
from learninglab.cocreation.models import IdeaStatus, LiveSession, PromptStatus
from learninglab.cocreation.tests.factories import IdeaFactory, PromptFactory
from learninglab.conftest import verify_session
from learninglab.demo.data import OPEN_LAB
from learninglab.demo.services import demo_load
from learninglab.labs.emails import change_email, invitation_email, reminder_email, response_email
from learninglab.labs.links import rsvp_url, unsubscribe_url
from learninglab.labs.models import Invitation, Lab, Response
from learninglab.practices.models import GoodPractice, PracticeStatus
from learninglab.projects.models import Partner
from learninglab.results.emails import feedback_email
from learninglab.results.links import feedback_url
from learninglab.results.models import FeedbackReceipt

pytestmark = pytest.mark.django_db

LANGUAGES = ("it", "nl", "hr", "lt", "ro")
HELD_LAB = "timisoara-lll-1"
HTMX = {"HTTP_HX_REQUEST": "true"}
# Looked up while a stakeholder's page is active, but written to the stakeholder record
# for staff, who read it in English.
FOR_STAFF = {"Sent in place of %(name)s."}


@functools.cache
def django_msgids() -> frozenset[str]:
    """Return the keys of Django's own strings (``context\\x04msgid`` when they have one)."""
    root = Path(django.__file__).parent
    catalogues = [root / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po"]
    catalogues += sorted(root.glob("contrib/*/locale/en/LC_MESSAGES/django.po"))
    return frozenset(
        f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        for path in catalogues
        for entry in polib.pofile(str(path))
    )


class Lookups:
    """What gettext was asked in the stakeholder languages, and what it did not find."""

    def __init__(self) -> None:
        self.asked: dict[str, int] = dict.fromkeys(LANGUAGES, 0)
        self.missing: dict[str, set[str]] = {language: set() for language in LANGUAGES}

    def record(self, translation: DjangoTranslation, key: str, found: bool) -> None:
        language = translation.language()
        if language not in self.asked:
            return  # English, or the fallback of a lookup already recorded
        self.asked[language] += 1
        if not found and key not in django_msgids() and key not in FOR_STAFF:
            self.missing[language].add(key.replace("\x04", " | "))


@pytest.fixture
def lookups(monkeypatch) -> Iterator[Lookups]:
    """Record the lookups of every translation object while the test runs."""
    seen = Lookups()
    gettext, ngettext = DjangoTranslation.gettext, DjangoTranslation.ngettext

    def recording_gettext(self: DjangoTranslation, message: str) -> str:
        catalogue = self._catalog  # type: ignore[attr-defined]
        seen.record(self, message, message in catalogue or (message, 0) in catalogue)
        return gettext(self, message)

    def recording_ngettext(self: DjangoTranslation, msgid1: str, msgid2: str, n: int) -> str:
        try:
            self._catalog.plural(msgid1, n)  # type: ignore[attr-defined]
        except KeyError:
            seen.record(self, msgid1, False)
        else:
            seen.record(self, msgid1, True)
        return ngettext(self, msgid1, msgid2, n)

    monkeypatch.setattr(DjangoTranslation, "gettext", recording_gettext)
    monkeypatch.setattr(DjangoTranslation, "ngettext", recording_ngettext)
    yield seen


@pytest.fixture
def demo(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_load()


def ok(response, status: int = 200) -> str:
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def in_language(invitation: Invitation, language: str) -> Invitation:
    Invitation.objects.filter(pk=invitation.pk).update(language=language)
    invitation.refresh_from_db()
    return invitation


def unanswered(lab: Lab, language: str, *, skip: int = 0) -> Invitation:
    invitation = (
        lab.invitations.filter(response=Response.PENDING)
        .select_related("stakeholder")
        .order_by("pk")[skip]
    )
    return in_language(invitation, language)


def lab_pages(client: Client, language: str) -> None:
    """The public lab page, the RSVP page in its states, the link and unsubscribe pages."""
    lab = Lab.objects.get(slug=OPEN_LAB)
    held = Lab.objects.get(slug=HELD_LAB)
    ok(client.get(reverse("labs:public", args=[lab.slug]), {"lang": language}))
    ok(client.get(reverse("labs:public", args=[held.slug]), {"lang": language}))
    ok(client.get(reverse("labs:partner_calendar", args=[lab.partner.slug]), {"lang": language}))

    attending, declining = unanswered(lab, language), unanswered(lab, language, skip=1)
    rsvp = rsvp_url(attending)
    ok(client.get(rsvp))
    ok(client.post(rsvp, {"note": ""}))  # no answer: the form says what is missing
    ok(client.post(rsvp, {"answer": "attend", "note": "Vegetarian"}, follow=True))
    ok(client.post(rsvp_url(declining), {"answer": "decline"}, follow=True))
    colleague = rsvp_url(attending).removesuffix("/") + "/colleague/"
    ok(client.post(colleague, {"first_name": "", "email": "nope"}, follow=True))
    own = {"first_name": "A", "last_name": "B", "email": attending.stakeholder.email}
    ok(client.post(colleague, own, follow=True))
    other = {"first_name": "Marco", "last_name": "Bianchi", "email": "marco.b@example.com"}
    ok(client.post(colleague, other, follow=True))
    ok(client.get(rsvp))  # a colleague went in the person's place
    for invitation in Invitation.objects.filter(lab=lab, stakeholder__email=other["email"]):
        ok(client.get(rsvp_url(in_language(invitation, language))))

    expired = in_language(held.invitations.order_by("pk").first(), language)
    ok(client.get(rsvp_url(expired)), 404)
    ok(client.get(f"/rsvp/{attending.public_id}/not-the-token/?lang={language}"), 404)
    ok(client.get(f"/rsvp/?lang={language}"), 404)
    unsubscribe = unsubscribe_url(declining)
    ok(client.get(unsubscribe))
    ok(client.post(unsubscribe))
    ok(client.get(unsubscribe))  # withdrawn: offered to be invited again
    ok(client.post(unsubscribe, {"resubscribe": "1"}))
    with override_settings(PERSONAL_DATA_DOWNLOADS_PER_HOUR=0):
        ok(client.get(unsubscribe.removesuffix("/") + "/my-data.json"), 429)
    ok(client.get(f"/no-such-page/?lang={language}"), 404)


def live_wall_pages(client: Client, language: str, settings) -> None:
    """Joining, the participant's phone through a question's life, the projector."""
    lab = Lab.objects.get(slug=OPEN_LAB)
    session = LiveSession.objects.get(lab=lab)
    LiveSession.objects.filter(pk=session.pk).update(
        is_open=True, is_moderated=True, join_code="K7QH2M"
    )
    prompt = PromptFactory(session=session, status=PromptStatus.OPEN, position=99)
    idea = IdeaFactory(prompt=prompt, text="Mentoring")
    IdeaFactory(prompt=prompt, text="Pending", status=IdeaStatus.PENDING)

    ok(client.get(reverse("cocreation:join"), {"lang": language}))
    ok(client.post(f"/join/?lang={language}", {"code": ""}))
    ok(client.get(f"/join/?lang={language}", {"code": "WRONG1"}))
    join = reverse("cocreation:join_session", args=["K7QH2M"])
    ok(client.get(join, {"lang": language}))
    ok(client.post(join, {"display_name": "Giulia", "language": language}), 302)
    page = reverse("cocreation:participant", args=["K7QH2M"])
    ok(client.get(page))
    ideas = reverse("cocreation:idea_submit", args=["K7QH2M"])
    ok(client.post(ideas, {"prompt": prompt.pk, "text": ""}, **HTMX))
    ok(client.post(ideas, {"prompt": prompt.pk, "text": "More mentoring"}, **HTMX))
    ok(client.post(ideas, {"prompt": prompt.pk, "text": "x" * 1000}, **HTMX))
    votes = reverse("cocreation:votes", args=["K7QH2M"])
    ok(client.post(votes, {"vote": idea.pk}, **HTMX))
    ok(client.post(votes, {"vote": idea.pk}, **HTMX))
    ok(client.get(page))
    ok(client.get(reverse("cocreation:participant_ideas", args=["K7QH2M"]), **HTMX))
    status = reverse("cocreation:participant_status", args=["K7QH2M"])
    ok(client.get(status, {"prompt": prompt.pk, "seen": 0}))
    prompt.status = PromptStatus.CLOSED
    prompt.save()
    LiveSession.objects.filter(pk=session.pk).update(version=session.version + 5)
    ok(client.get(page))
    ok(client.get(status, {"prompt": prompt.pk, "seen": 0}))
    LiveSession.objects.filter(pk=session.pk).update(is_open=False)
    ok(client.get(page))

    # The projector is a staff page shown to the room: in the lab's language, or ?lang=.
    settings.LANGUAGES = settings.STAKEHOLDER_LANGUAGES
    projector = Client(HTTP_ACCEPT_LANGUAGE=language)
    team_member = User.objects.filter(partner=lab.partner, is_active=True).first()
    projector.force_login(team_member)
    verify_session(projector, team_member)
    prompt.status = PromptStatus.OPEN
    prompt.save()
    LiveSession.objects.filter(pk=session.pk).update(is_open=True)
    shown = ok(projector.get(reverse("cocreation:projector", args=[lab.slug]), {"lang": language}))
    assert f'lang="{language}"' in shown
    ok(projector.get(reverse("cocreation:projector_wall", args=[lab.slug]), {"lang": language}))


def results_pages(client: Client, language: str) -> None:
    """The feedback survey, its link pages and the public results."""
    held = Lab.objects.get(slug=HELD_LAB)
    ok(client.get(reverse("results:public", args=[held.slug]), {"lang": language}))
    asked = (
        held.invitations.filter(response=Response.ATTENDING, checkin__isnull=False)
        .exclude(pk__in=FeedbackReceipt.objects.values("invitation"))
        .order_by("pk")
    )
    invitation = in_language(asked.first(), language)
    survey = feedback_url(invitation)
    ok(client.get(survey))
    ok(client.post(survey, {}))
    answers = {"usefulness": 4, "learned_usable": 5, "will_apply": "Mentoring"}
    ok(client.post(survey, answers, follow=True))
    ok(client.get(survey))  # already answered
    ok(client.get(f"/feedback/{invitation.public_id}/wrong/?lang={language}"), 404)


def practice_pages(client: Client, language: str) -> None:
    """The good-practice library: the catalogue (found, filtered, nothing found), each
    published practice, the map, a partner's transfers."""
    catalogue = reverse("practices:catalogue")
    ok(client.get(catalogue, {"lang": language}))
    ok(client.get(catalogue, {"lang": language, "q": "design", "progress": "ongoing"}))
    ok(client.get(catalogue, {"lang": language, "q": "no-such-practice-anywhere"}))
    ok(client.get(catalogue, {"lang": language, "started_from": "2020", "started_until": "2010"}))
    for practice in GoodPractice.objects.filter(status=PracticeStatus.PUBLISHED):
        ok(client.get(reverse("practices:detail", args=[practice.slug]), {"lang": language}))
    ok(client.get(reverse("practices:map"), {"lang": language}))
    for partner in Partner.objects.all():
        transfers = reverse("practices:transfers", args=[partner.slug])
        ok(client.get(transfers, {"lang": language}))


def plan_pages(client: Client, language: str) -> None:
    """The public action plans, a plan's progress, following it and the follower's links."""
    plan = ActionPlan.objects.filter(is_public=True).first()
    if plan is None:  # until the demo has a public plan
        plan = ActionPlanFactory(partner=Partner.objects.get(slug="timisoara"), is_public=True)
        action = ActionFactory(plan=plan, position=0)
        MilestoneFactory(action=action)
        MilestoneFactory(action=action, done_on=datetime.date(2021, 6, 1))
        ActionFactory(plan=plan, position=1, status=ActionStatus.DELAYED, progress=10)
        ProgressEntryFactory(action=action)
    ok(client.get(reverse("actionplans:public_plans"), {"lang": language}))
    page = reverse("actionplans:public_plan", args=[plan.slug])
    ok(client.get(page, {"lang": language}))
    follow = reverse("actionplans:follow", args=[plan.slug]) + f"?lang={language}"
    ok(client.post(follow, {"email": "nope", "language": language}))
    ok(
        client.post(
            follow, {"email": f"reader-{language}@example.org", "language": language}, follow=True
        )
    )
    follower = PlanFollower.objects.get(plan=plan, email=f"reader-{language}@example.org")
    confirm = reverse("actionplans:follow_confirm", args=[follower.token])
    ok(client.get(confirm))
    ok(client.post(confirm))
    unsubscribe = reverse("actionplans:unsubscribe", args=[follower.token])
    ok(client.get(unsubscribe))
    follow_confirmation_email(follower)
    action = plan.actions.order_by("position").first()
    entry = ProgressEntryFactory(action=action, status=ActionStatus.COMPLETED, progress=100)
    status_change_email(entry, follower)
    ok(client.post(unsubscribe))
    ok(client.get(confirm), 404)
    ok(client.get(reverse("actionplans:follow_confirm", args=["0" * 32]), {"lang": language}), 404)


def emails(language: str) -> None:
    """Every e-mail written to people, in each of its variants."""
    lab = Lab.objects.get(slug=OPEN_LAB)
    invitation = unanswered(lab, language, skip=2)
    invitation_email(invitation)
    for response in (Response.ATTENDING, Response.WAITLISTED, Response.DECLINED):
        invitation.response = response
        response_email(invitation)
    invitation.response = Response.ATTENDING
    response_email(invitation, promoted=True)
    reminder_email(invitation, before_lab=True)
    reminder_email(invitation, before_lab=False)
    change_email(invitation, cancel=True)
    change_email(invitation, cancel=False)
    # A colleague sent in someone's place: who suggested them, how to refuse any more.
    invitation.substitute_for = unanswered(lab, language, skip=3)
    invitation_email(invitation)
    reminder_email(invitation, before_lab=False)
    held = Lab.objects.get(slug=HELD_LAB)
    feedback_email(in_language(held.invitations.order_by("pk").first(), language))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_a_stakeholder_meets_is_translated(language, demo, lookups, settings):
    client = Client()

    lab_pages(client, language)
    live_wall_pages(Client(), language, settings)
    results_pages(client, language)
    practice_pages(client, language)
    plan_pages(client, language)
    emails(language)

    assert lookups.asked[language] > 300
    assert sorted(lookups.missing[language]) == []


def test_a_string_without_a_translation_is_caught(lookups):
    from django.utils import translation

    with translation.override("it"):
        assert translation.gettext("Nobody translated this sentence.") == (
            "Nobody translated this sentence."
        )
        translation.pgettext("stakeholder", "Nor this one.")
        translation.gettext("This field is required.")  # Django's own

    assert lookups.missing["it"] == {
        "Nobody translated this sentence.",
        "stakeholder | Nor this one.",
    }
