"""The feedback survey: asked once of each attendee the day after, answered anonymously."""

from __future__ import annotations

import datetime
import email
import email.policy

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.models import Lab, LabStatus, Response
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.messaging.models import OutboundMessage
from learninglab.results.jobs import SEND_FOR, feedback_requests_queue, requests_due_at
from learninglab.results.links import feedback_url
from learninglab.results.models import FeedbackAnswer, FeedbackReceipt
from learninglab.results.selectors.feedback import OPEN_FOR, SurveyState, survey_of
from learninglab.results.selectors.indicators import (
    capacity_by_lab,
    capacity_by_partner,
    lab_feedback,
)
from learninglab.results.services.feedback import DomainError, FeedbackData, feedback_record
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)


def recipients() -> list[str]:
    messages = OutboundMessage.objects.filter(kind="feedback")
    return sorted(Stakeholder.objects.get(email=m.recipient).first_name for m in messages)


def text_of(message: OutboundMessage) -> str:
    parsed = email.message_from_bytes(bytes(message.raw), policy=email.policy.default)
    return parsed.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]


def answer(client: Client, invitation, **changes: str):
    data = {"usefulness": "4", "will_apply": "", "learned_usable": "5", "comment": ""}
    data.update(changes)
    return client.post(feedback_url(invitation), data)


# Asking


def test_each_attendee_is_asked_once_from_the_morning_after_the_lab(past_lab, attendees):
    due = requests_due_at(past_lab)
    assert due.date() == past_lab.local_ends_at.date() + datetime.timedelta(days=1)
    assert (due.hour, due.tzinfo) == (9, past_lab.zone)

    assert feedback_requests_queue(now=past_lab.ends_at + SECOND) == 0
    assert feedback_requests_queue(now=due - SECOND) == 0
    assert feedback_requests_queue(now=due) == 3
    assert feedback_requests_queue(now=due + datetime.timedelta(hours=2)) == 0

    # The three who came; not Dan, who declined, nor Elena, who never answered.
    assert recipients() == ["Ana", "Ioana", "Mihai"]
    keys = set(OutboundMessage.objects.values_list("key", flat=True))
    assert keys == {f"feedback:{attendees[n].pk}" for n in ("ana", "ioana", "mihai")}


def test_the_request_is_in_the_persons_language_with_a_personal_link(past_lab, attendees):
    ana = attendees["ana"]
    mihai = attendees["mihai"]
    mihai.language = "ro"
    mihai.save()

    feedback_requests_queue(now=requests_due_at(past_lab))

    english = OutboundMessage.objects.get(key=f"feedback:{ana.pk}")
    assert english.subject == "How was the Local Learning Lab, round 1? Two minutes of feedback"
    assert feedback_url(ana) in text_of(english)
    assert feedback_url(mihai) not in text_of(english)
    romanian = OutboundMessage.objects.get(key=f"feedback:{mihai.pk}")
    assert b"Content-Language: ro" in bytes(romanian.raw)
    assert romanian.subject.startswith("Cum a fost ")
    assert feedback_url(mihai) in text_of(romanian)


def test_the_job_registered_by_the_app_queues_the_requests(past_lab, attendees):
    from learninglab.core import jobs

    job = {j.name: j for j in jobs.registered()}["feedback"]
    assert job.run is feedback_requests_queue
    assert job.run() == 3  # the lab ended three days ago: requests are due now


def test_checked_in_attendees_are_asked_when_people_were_checked_in(past_lab, attendees):
    from learninglab.labs.models import CheckIn

    for name in ("ana", "elena"):
        CheckIn.objects.create(invitation=attendees[name], checked_in_at=timezone.now())

    feedback_requests_queue(now=requests_due_at(past_lab))

    assert recipients() == ["Ana", "Elena"]


def test_nobody_who_stopped_the_e_mails_is_asked(past_lab, attendees):
    ConsentFactory(stakeholder=attendees["ioana"].stakeholder, purpose="invitations", given=False)

    feedback_requests_queue(now=requests_due_at(past_lab))

    assert recipients() == ["Ana", "Mihai"]


def test_a_cancelled_lab_and_a_lab_long_past_are_not_asked_about(past_lab, attendees):
    due = requests_due_at(past_lab)
    assert feedback_requests_queue(now=due + SEND_FOR) == 0
    past_lab.status = LabStatus.CANCELLED
    past_lab.save()
    assert feedback_requests_queue(now=due) == 0
    assert not OutboundMessage.objects.exists()


# Answering


def test_the_survey_link_opens_without_an_account(past_lab, attendees):
    page = Client().get(feedback_url(attendees["ana"]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "How useful was the lab for you?" in text
    assert "I learned something I can use in my work." in text
    assert "What will you apply in your work?" in text


@pytest.mark.parametrize(
    "mangle",
    [
        lambda url: url[:-2] + ("0/" if url[-2] != "0" else "1/"),  # last character of the key
        lambda url: url.replace("/feedback/", "/feedback/x"),  # the id
    ],
)
def test_a_tampered_link_is_a_friendly_not_found(past_lab, attendees, mangle):
    url = mangle(feedback_url(attendees["ana"]))

    page = Client().get(url)

    assert page.status_code == 404
    assert "This link does not work" in page.content.decode()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    public_id=st.text(
        alphabet=st.characters(codec="utf-8", blacklist_characters="/?#%"), min_size=1
    ),
    token=st.text(alphabet=st.characters(codec="utf-8", blacklist_characters="/?#%"), min_size=1),
)
def test_any_made_up_link_is_a_friendly_not_found(past_lab, attendees, public_id, token):
    ana = attendees["ana"]
    for made_up in ((public_id, token), (str(ana.public_id), token)):
        try:
            url = reverse("results:survey", args=made_up)
        except NoReverseMatch:  # not a path the site could be asked for
            continue
        assert Client().get(url).status_code == 404


def test_the_rsvp_key_does_not_open_the_survey(past_lab, attendees):
    from learninglab.labs.links import rsvp_token

    ana = attendees["ana"]
    url = reverse("results:survey", args=[ana.public_id, rsvp_token(ana)])
    assert Client().get(url).status_code == 404


def test_answers_are_stored_without_any_link_to_the_person(past_lab, attendees):
    ana = attendees["ana"]

    response = answer(
        Client(),
        ana,
        usefulness="5",
        learned_usable="4",
        will_apply="Open calls with the museum",
        comment="More time for questions",
    )

    assert response.status_code == 302
    stored = FeedbackAnswer.objects.get()
    assert (stored.usefulness, stored.learned_usable) == (5, 4)
    assert stored.will_apply == "Open calls with the museum"
    assert stored.lab == past_lab
    # The answer can reach the lab and nothing else: no invitation, person or time.
    relations = [f.name for f in FeedbackAnswer._meta.get_fields() if f.is_relation]
    assert relations == ["lab"]
    assert not any(f.get_internal_type() == "DateTimeField" for f in FeedbackAnswer._meta.fields)
    # A separate receipt says that Ana answered, not what.
    receipt = FeedbackReceipt.objects.get()
    assert receipt.invitation == ana
    assert not any(f.name == "answer" for f in FeedbackReceipt._meta.get_fields())
    entry = AuditEntry.objects.get(action="results.feedback.received")
    assert "Open calls" not in str(entry.changes)
    page = Client().get(feedback_url(ana)).content.decode()
    assert "You have answered this survey." in page


def test_a_second_answer_through_the_same_link_is_refused(past_lab, attendees):
    client = Client()
    answer(client, attendees["ana"], usefulness="2")

    second = answer(client, attendees["ana"], usefulness="5")

    assert second.status_code == 302
    assert (
        "You have already answered. Thank you!" in client.get(second["Location"]).content.decode()
    )
    assert list(FeedbackAnswer.objects.values_list("usefulness", flat=True)) == [2]
    assert FeedbackReceipt.objects.count() == 1


def test_scores_are_required_and_between_1_and_5(past_lab, attendees):
    response = answer(Client(), attendees["ana"], usefulness="", learned_usable="9")

    assert response.status_code == 200
    assert "Choose a score from 1 to 5." in response.content.decode()
    assert not FeedbackAnswer.objects.exists()
    assert not FeedbackReceipt.objects.exists()


def test_people_who_declined_cannot_answer(past_lab, attendees):
    client = Client()
    page = client.get(feedback_url(attendees["dan"])).content.decode()
    assert "This survey is for the people who attended the lab." in page

    answer(client, attendees["dan"])

    assert not FeedbackAnswer.objects.exists()


def test_the_survey_closes_a_month_after_the_lab(past_lab, attendees):
    later = past_lab.ends_at + OPEN_FOR + SECOND
    with pytest.raises(DomainError) as error:
        feedback_record(
            invitation=attendees["ana"],
            data=FeedbackData(usefulness=4, learned_usable=4),
            now=later,
        )
    assert error.value.code == "closed"


def test_before_the_lab_ends_the_survey_says_when_it_opens_not_that_it_is_closed(
    past_lab, attendees
):
    ana = attendees["ana"]
    Lab.objects.filter(pk=past_lab.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=20),
        ends_at=timezone.now() + datetime.timedelta(days=20, hours=3),
        status=LabStatus.PUBLISHED,
    )
    past_lab.refresh_from_db()
    opens = timezone.localtime(past_lab.ends_at, past_lab.zone)
    says = f"The survey opens on {date_format(opens, 'DATE_FORMAT')} at {time_format(opens)}."

    page = Client().get(feedback_url(ana)).content.decode()
    assert says in page
    assert "This survey is closed." not in page
    assert "Send my answers" not in page

    with pytest.raises(DomainError) as error:
        feedback_record(invitation=ana, data=FeedbackData(usefulness=4, learned_usable=4))
    assert error.value.code == "not_open"
    assert str(error.value) == says
    assert not FeedbackAnswer.objects.exists()


def test_the_survey_stands_not_open_then_open_then_closed(past_lab):
    ends = past_lab.ends_at

    assert survey_of(past_lab, now=ends - SECOND).state == SurveyState.NOT_OPEN
    assert survey_of(past_lab, now=ends).state == SurveyState.OPEN
    assert survey_of(past_lab, now=ends + OPEN_FOR).state == SurveyState.OPEN
    assert survey_of(past_lab, now=ends + OPEN_FOR + SECOND).state == SurveyState.CLOSED
    past_lab.status = LabStatus.CANCELLED
    assert survey_of(past_lab, now=ends).state == SurveyState.NONE


def test_a_closed_survey_says_it_is_closed(past_lab, attendees):
    Lab.objects.filter(pk=past_lab.pk).update(
        ends_at=timezone.now() - OPEN_FOR - datetime.timedelta(days=1),
        starts_at=timezone.now() - OPEN_FOR - datetime.timedelta(days=1, hours=3),
    )

    page = Client().get(feedback_url(attendees["ana"])).content.decode()

    assert "This survey is closed." in page
    assert "The survey opens" not in page


# The survey on the lab's staff page


def test_the_lab_page_shows_where_the_survey_stands_with_its_preview_and_answers(
    staff_client, past_lab
):
    page = staff_client.get(past_lab.get_absolute_url()).content.decode()

    closes = timezone.localtime(past_lab.ends_at + OPEN_FOR, past_lab.zone)
    assert "Feedback survey" in page
    assert f"The survey is open until {date_format(closes, 'DATE_FORMAT')}." in page
    assert reverse("results:survey_preview", args=[past_lab.slug]) in page
    assert reverse("results:feedback", args=[past_lab.slug]) in page


def test_the_lab_page_says_when_a_coming_labs_survey_opens(staff_client, partner):
    lab = LabFactory(partner=partner, status=LabStatus.PUBLISHED)
    opens = timezone.localtime(lab.ends_at, lab.zone)

    page = staff_client.get(lab.get_absolute_url()).content.decode()

    says = f"The survey opens on {date_format(opens, 'DATE_FORMAT')} at {time_format(opens)}."
    assert says in page
    assert "closed" not in page.split('id="survey"')[1].split("</section>")[0]


def test_the_preview_shows_the_questions_in_the_labs_language_and_sends_nothing(
    staff_client, partner
):
    lab = LabFactory(partner=partner, status=LabStatus.PUBLISHED)
    url = reverse("results:survey_preview", args=[lab.slug])

    page = staff_client.get(url).content.decode()
    english = staff_client.get(url, {"lang": "en"}).content.decode()

    assert '<html lang="ro"' in page
    assert "Preview: this is the survey as attendees see it" in english
    assert "How useful was the lab for you?" in english
    assert "<fieldset disabled>" in english
    assert "csrfmiddlewaretoken" not in english.split("<main")[1]
    assert "The survey opens on" in english
    assert staff_client.post(url).status_code == 405
    assert not FeedbackAnswer.objects.exists()


# Reports


@pytest.fixture
def answered(past_lab, attendees, settings):
    """Ana, Mihai and Ioana answer; two of the three learned something usable (4 or 5).

    Reports show what three people answered only with the minimum lowered to three (the
    tests of the minimum itself are below).
    """
    settings.RESULTS_FEEDBACK_MIN_RESPONDENTS = 3
    client = Client()
    answer(client, attendees["ana"], usefulness="5", learned_usable="5", will_apply="Open calls")
    answer(client, attendees["mihai"], usefulness="4", learned_usable="4", comment="Good coffee")
    answer(client, attendees["ioana"], usefulness="2", learned_usable="2")


def test_the_report_shows_aggregates_and_the_indicator_never_names(
    staff_client, past_lab, answered
):
    page = staff_client.get(reverse("results:feedback", args=[past_lab.slug]))

    assert page.status_code == 200
    text = page.content.decode()
    assert '<dd id="respondents">3 (100%)</dd>' in text
    assert "67% (2 of 3) scored 4 or 5" in text
    assert "Mean: 3.7 of 5" in text  # usefulness: (5 + 4 + 2) / 3
    assert "Open calls" in text and "Good coffee" in text
    for person in ("Ana", "Mihai", "Ioana", "Popescu"):
        assert person not in text


def test_the_summary_counts_every_score(past_lab, answered):
    summary = lab_feedback(past_lab).summary

    assert summary.respondents == 3
    assert [row.count for row in summary.usefulness.distribution] == [0, 1, 0, 1, 1]
    assert [row.count for row in summary.learned_usable.distribution] == [0, 1, 0, 1, 1]
    assert summary.learned_usable.mean == 3.7
    assert summary.capacity_share == 67


def test_the_indicator_per_lab_and_per_partner(
    staff, coordinator, past_lab, answered, other_partner
):
    other_lab = LabFactory(
        partner=other_partner,
        starts_at=past_lab.starts_at,
        ends_at=past_lab.ends_at,
        rsvp_deadline=past_lab.rsvp_deadline,
        status=LabStatus.HELD,
        time_zone="Europe/Rome",
    )
    guest = InvitationFactory(
        lab=other_lab,
        stakeholder=StakeholderFactory(partner=other_partner),
        response=Response.ATTENDING,
    )
    answer(Client(), guest, learned_usable="4")

    # Matera's one answer is below the minimum of three: counted, never scored.
    by_partner = {
        row.partner.slug: (row.respondents, row.share, row.waiting)
        for row in capacity_by_partner(coordinator)
    }
    assert by_partner == {"timisoara": (3, 67, 0), "matera": (0, None, 1)}
    assert [(row.lab, row.share) for row in capacity_by_lab(staff)] == [(past_lab, 67)]
    assert [row.partner.slug for row in capacity_by_partner(staff)] == ["timisoara"]

    page = client_for(coordinator).get(reverse("results:capacity")).content.decode()
    assert "Materahub" in page and "67%" in page
    assert "1 answer so far, shown from 3." in page
    assert "100%" not in page
    own = client_for(staff).get(reverse("results:capacity")).content.decode()
    assert "Materahub" not in own


def test_the_indicator_page_reads_a_fixed_number_of_queries(
    coordinator_client, past_lab, answered, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert coordinator_client.get(reverse("results:capacity")).status_code == 200


# The minimum of respondents


def attendees_of(lab, count: int) -> list:
    return [
        InvitationFactory(
            lab=lab,
            stakeholder=StakeholderFactory(partner=lab.partner),
            response=Response.ATTENDING,
            language="en",
        )
        for _ in range(count)
    ]


def test_below_the_minimum_the_report_gives_only_the_number_of_answers(staff_client, past_lab):
    people = attendees_of(past_lab, 5)
    client = Client()
    for number, invitation in enumerate(people[:4], start=1):
        answer(client, invitation, learned_usable="5", comment=f"Comment {number}")
    url = reverse("results:feedback", args=[past_lab.slug])

    summary = lab_feedback(past_lab).summary
    assert (summary.respondents, summary.shown_from, summary.is_shown) == (4, 5, False)
    assert summary.capacity_share is None
    assert summary.usefulness is None and summary.learned_usable is None
    assert summary.comments == [] and summary.will_apply == []
    text = staff_client.get(url).content.decode()
    assert '<dd id="respondents">4 (80%)</dd>' in text
    assert "4 answers so far, shown from 5." in text
    assert "shown once at least 5 people have answered" in text
    assert "Comment" not in text
    assert "Mean:" not in text and "scored 4 or 5" not in text

    answer(client, people[4], learned_usable="2", comment="Comment 5")

    text = staff_client.get(url).content.decode()
    assert "80% (4 of 5) scored 4 or 5" in text
    assert all(f"Comment {number}" in text for number in range(1, 6))
    assert "Mean: 4.0 of 5" in text  # usefulness: every answer gave 4
    assert "answers so far" not in text


def test_a_lab_below_the_minimum_counts_in_no_total_of_the_indicator(
    coordinator, partner, past_lab
):
    second_lab = LabFactory(
        partner=partner,
        starts_at=past_lab.starts_at,
        ends_at=past_lab.ends_at,
        rsvp_deadline=past_lab.rsvp_deadline,
        status=LabStatus.HELD,
    )
    client = Client()
    for invitation in attendees_of(second_lab, 5):
        answer(client, invitation, learned_usable="5")
    small = attendees_of(past_lab, 5)
    for invitation in small[:4]:
        answer(client, invitation, learned_usable="1")

    # Were lab 1's four answers in Timișoara's total, the total less lab 2 would show them.
    by_lab = {
        row.lab: (row.respondents, row.share, row.waiting) for row in capacity_by_lab(coordinator)
    }
    assert by_lab == {past_lab: (0, None, 4), second_lab: (5, 100, 0)}
    [timisoara] = capacity_by_partner(coordinator)
    assert (timisoara.respondents, timisoara.share, timisoara.waiting) == (5, 100, 4)
    page = client_for(coordinator).get(reverse("results:capacity")).content.decode()
    assert "4 answers so far, shown from 5." in page
    assert "(+4 answers not counted yet)" in page
    assert "shown, and counted in its partner's total, once at least 5 people" in page

    answer(client, small[4], learned_usable="1")

    [timisoara] = capacity_by_partner(coordinator)
    assert (timisoara.respondents, timisoara.share, timisoara.waiting) == (10, 50, 0)
    page = client_for(coordinator).get(reverse("results:capacity")).content.decode()
    assert "so far, shown from" not in page and "not counted yet" not in page


# The capacity indicator, reached through the programme indicators in the navigation


@pytest.mark.parametrize(
    ("role", "may_open"),
    [("coordinator", True), ("staff", True), ("facilitator", False)],
)
def test_the_navigation_leads_to_the_indicator_for_who_may_open_it(request, role, may_open):
    client = client_for(request.getfixturevalue(role))
    dashboard_url = reverse("indicators:dashboard")
    capacity_url = reverse("results:capacity")

    home = client.get(reverse("core:home")).content.decode()
    navigation = home.split('aria-label="Main"')[1].split("</nav>")[0]

    assert (f'href="{dashboard_url}"' in navigation) is may_open
    dashboard = client.get(dashboard_url)
    assert dashboard.status_code == (200 if may_open else 403)
    assert (f'href="{capacity_url}"' in dashboard.content.decode()) is may_open
    assert client.get(capacity_url).status_code == (200 if may_open else 403)


def test_the_indicator_is_not_in_the_navigation_of_visitors(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("results:capacity") not in page
    assert reverse("indicators:dashboard") not in page
