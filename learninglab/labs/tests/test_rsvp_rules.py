"""The rules of answering an invitation: seats, the waiting list, the deadline, colleagues."""

from __future__ import annotations

import datetime
import email
import email.policy
import html
import re
import urllib.parse

import icalendar
import pytest
from django.utils import timezone

from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry, Via
from learninglab.core.task_queue import task_run_next
from learninglab.labs import selectors
from learninglab.labs.jobs import _queue_one, confirmations_queue
from learninglab.labs.models import Invitation, Response, ResponseVia
from learninglab.labs.services.answer import rsvp_record, rsvp_substitute
from learninglab.labs.services.invitation import invitations_send
from learninglab.labs.services.lab import lab_cancel
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.models import OutboundMessage
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.selectors import with_consents

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def lab(partner):
    starts = NOW + datetime.timedelta(days=10)
    lab = LabFactory(
        partner=partner,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        capacity=2,
    )
    LabContactFactory(lab=lab)
    return lab


@pytest.fixture
def guests(lab) -> list[Invitation]:
    """Five people invited to the lab, their invitation e-mails queued (in English)."""
    invited = [
        InvitationFactory(
            lab=lab,
            language="en",
            stakeholder__first_name=name,
            stakeholder__email=f"{name.lower()}@example.com",
            stakeholder__language="en",
        )
        for name in ("Ana", "Bogdan", "Carmen", "Dan", "Elena")
    ]
    # Active before NOW, which is read once at import: however long the suite has run
    # since, an answer at NOW + a few minutes is their latest activity.
    Stakeholder.objects.filter(invitations__in=invited).update(
        last_activity_at=NOW - datetime.timedelta(days=1)
    )
    invitations_send(lab_id=lab.pk)
    return invited


def answer(invitation, choice, *, minutes=0, **options) -> Invitation:
    return rsvp_record(
        invitation=invitation,
        answer=choice,
        now=NOW + datetime.timedelta(minutes=minutes),
        **options,
    )


def responses(invitations) -> list[str]:
    return [Invitation.objects.get(pk=i.pk).response for i in invitations]


def worker_round() -> None:
    """Do what the worker does after answers: queue the e-mails they owe."""
    confirmations_queue()


def messages(kind: str) -> list[OutboundMessage]:
    return list(OutboundMessage.objects.filter(kind=kind).order_by("pk"))


def recorded(invitation) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            action="labs.rsvp.recorded", object_id=str(invitation.pk)
        ).order_by("pk")
    )


# Seats and the waiting list


def test_attending_fills_the_seats_then_the_waiting_list_in_order(lab, guests):
    for minute, guest in enumerate(guests):
        answer(guest, "attend", minutes=minute)

    assert responses(guests) == [Response.ATTENDING] * 2 + [Response.WAITLISTED] * 3
    assert list(selectors.waiting_list(lab)) == guests[2:]
    counts = selectors.lab_counts(lab)
    assert (counts.attending, counts.waitlisted) == (2, 3)


def test_without_a_capacity_everyone_gets_a_seat(lab, guests):
    lab.capacity = None
    lab.save()
    for guest in guests:
        answer(guest, "attend")

    assert responses(guests) == [Response.ATTENDING] * 5


def test_an_attendee_who_declines_gives_the_seat_to_the_first_waiting_person(lab, guests):
    for minute, guest in enumerate(guests):
        answer(guest, "attend", minutes=minute)

    answer(guests[0], "decline", minutes=10)
    worker_round()

    assert responses(guests) == [
        Response.DECLINED,
        Response.ATTENDING,
        Response.ATTENDING,  # Carmen waited longest
        Response.WAITLISTED,
        Response.WAITLISTED,
    ]
    assert list(selectors.waiting_list(lab)) == guests[3:]
    promoted = Invitation.objects.get(pk=guests[2].pk)
    (promotion,) = messages("promotion")
    assert promotion.key == f"promotion:{promoted.pk}:{promoted.answer_count}"
    assert promotion.recipient == "carmen@example.com"
    assert "A seat is free for you" in promotion.subject
    assert AuditEntry.objects.filter(action="labs.rsvp.promoted").count() == 1


def test_a_waiting_person_who_declines_promotes_nobody(lab, guests):
    for minute, guest in enumerate(guests):
        answer(guest, "attend", minutes=minute)

    answer(guests[2], "decline", minutes=10)
    worker_round()

    assert responses(guests) == [
        Response.ATTENDING,
        Response.ATTENDING,
        Response.DECLINED,
        Response.WAITLISTED,
        Response.WAITLISTED,
    ]
    assert messages("promotion") == []


def test_answering_attend_again_keeps_the_place_in_the_waiting_list(lab, guests):
    for minute, guest in enumerate(guests):
        answer(guest, "attend", minutes=minute)
    answer(guests[2], "attend", minutes=20)

    assert list(selectors.waiting_list(lab)) == guests[2:]


# The deadline


def test_after_the_deadline_the_link_no_longer_takes_answers(lab, guests):
    late = lab.rsvp_deadline + datetime.timedelta(minutes=1)

    with pytest.raises(DomainError) as refused:
        rsvp_record(invitation=guests[0], answer="attend", now=late)

    assert refused.value.code == "closed"
    assert responses(guests[:1]) == [Response.PENDING]
    assert recorded(guests[0]) == []


def test_after_the_deadline_staff_can_record_an_answer_given_by_phone(lab, guests, staff):
    late = lab.rsvp_deadline + datetime.timedelta(days=1)

    rsvp_record(invitation=guests[0], answer="attend", via=ResponseVia.PHONE, actor=staff, now=late)

    invitation = Invitation.objects.get(pk=guests[0].pk)
    assert invitation.response == Response.ATTENDING
    assert invitation.response_via == ResponseVia.PHONE
    (entry,) = recorded(guests[0])
    assert entry.via == Via.PHONE
    assert entry.actor == staff


# Submitting twice


def test_the_same_answer_twice_is_one_change_and_one_confirmation(lab, guests):
    answer(guests[0], "attend", note="Vegetarian")
    answer(guests[0], "attend", note="Vegetarian", minutes=1)
    worker_round()

    invitation = Invitation.objects.get(pk=guests[0].pk)
    assert invitation.response == Response.ATTENDING
    assert invitation.answer_count == 1
    assert len(recorded(invitation)) == 1
    assert [m.recipient for m in messages("confirmation")] == ["ana@example.com"]


def test_changing_the_answer_sends_a_new_confirmation(lab, guests):
    answer(guests[0], "attend")
    worker_round()
    answer(guests[0], "decline", minutes=1)
    worker_round()

    confirmations = messages("confirmation")
    assert len(confirmations) == 2
    assert "See you at" in confirmations[0].subject
    assert "Thank you for your answer" in confirmations[1].subject


# Sending a colleague


def substitute(invitation, email="colleague@example.com") -> Invitation:
    return rsvp_substitute(
        invitation=invitation,
        first_name="Radu",
        last_name="Coleg",
        email=email,
        now=NOW,
    )


def test_a_colleague_gets_a_new_invitation_and_the_seat_goes_to_the_waiting_list(
    lab, guests, django_capture_on_commit_callbacks
):
    for minute, guest in enumerate(guests[:3]):
        answer(guest, "attend", minutes=minute)

    with django_capture_on_commit_callbacks(execute=True):
        colleague = substitute(guests[0], email="  Colleague@Example.com ")

    original = Invitation.objects.get(pk=guests[0].pk)
    assert original.response == Response.SUBSTITUTED
    assert colleague.response == Response.PENDING
    assert colleague.substitute_for_id == original.pk
    assert colleague.stakeholder.email == "colleague@example.com"
    assert colleague.stakeholder.partner == lab.partner
    # The seat the original held went to the first waiting person.
    assert responses(guests[:3]) == [
        Response.SUBSTITUTED,
        Response.ATTENDING,
        Response.ATTENDING,
    ]
    (invitation_mail,) = messages("invitation")[len(guests) :]
    assert invitation_mail.key == f"invitation:{colleague.pk}"
    assert invitation_mail.recipient == "colleague@example.com"
    colleague.refresh_from_db()
    assert colleague.message_id == invitation_mail.pk
    # Invited once, on someone else's word: no consent to further invitations.
    person = with_consents(type(colleague.stakeholder).objects.filter(pk=colleague.stakeholder_id))
    assert person.get().consent_invitations is None


def test_the_colleague_s_invitation_is_written_by_the_worker_not_in_the_request(
    lab, guests, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    sent_before = len(messages("invitation"))

    with django_capture_on_commit_callbacks(execute=True):
        colleague = substitute(guests[0])

    assert len(messages("invitation")) == sent_before  # nothing composed in the request
    assert task_run_next(worker_id="test")  # what the worker does with a queued task
    (invitation_mail,) = messages("invitation")[sent_before:]
    assert invitation_mail.key == f"invitation:{colleague.pk}"
    assert invitation_mail.recipient == "colleague@example.com"


def test_a_colleague_frees_the_seat_when_nobody_waits(lab, guests):
    answer(guests[0], "attend")

    substitute(guests[0])

    assert selectors.lab_counts(lab).attending == 0
    assert selectors.lab_counts(lab).substituted == 1


def test_a_substituted_invitation_takes_no_more_answers(lab, guests):
    substitute(guests[0])

    with pytest.raises(DomainError) as refused:
        answer(guests[0], "attend")
    assert refused.value.code == "substituted"
    with pytest.raises(DomainError) as again:
        substitute(guests[0], email="another@example.com")
    assert again.value.code == "substituted"


# A cancelled lab


def test_a_cancelled_lab_refuses_answers_by_link_and_by_phone(lab, guests, staff):
    lab_cancel(actor=staff, lab=lab)

    for options in ({}, {"via": ResponseVia.PHONE, "actor": staff}):
        with pytest.raises(DomainError) as refused:
            answer(guests[0], "attend", **options)
        assert refused.value.code == "cancelled"
    with pytest.raises(DomainError):
        substitute(guests[0])
    assert responses(guests[:1]) == [Response.PENDING]
    assert Invitation.objects.filter(lab=lab).count() == len(guests)


# The confirmation e-mail


def parsed(message: OutboundMessage):
    return email.message_from_bytes(bytes(message.raw), policy=email.policy.default)


def html_links(message) -> list[str]:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/html"]
    return [html.unescape(href) for href in re.findall(r'href="([^"]+)"', part.get_content())]


def test_an_attendee_s_confirmation_has_the_calendar_file_and_add_to_calendar_links(lab, guests):
    answer(guests[0], "attend")
    worker_round()

    (confirmation,) = messages("confirmation")
    message = parsed(confirmation)
    (ics,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = icalendar.Calendar.from_ical(ics.get_payload(decode=True))
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == lab.starts_at

    links = html_links(message)
    (google,) = [link for link in links if link.startswith("https://calendar.google.com/")]
    (outlook,) = [link for link in links if link.startswith("https://outlook.office.com/")]
    google_query = urllib.parse.parse_qs(urllib.parse.urlsplit(google).query)
    utc = "%Y%m%dT%H%M%SZ"
    assert google_query["dates"] == [
        f"{lab.starts_at.astimezone(datetime.UTC):{utc}}/{lab.ends_at.astimezone(datetime.UTC):{utc}}"
    ]
    assert google_query["location"] == [f"{lab.venue_name}, {lab.venue_address}"]
    outlook_query = urllib.parse.parse_qs(urllib.parse.urlsplit(outlook).query)
    assert datetime.datetime.fromisoformat(outlook_query["startdt"][0]) == lab.starts_at
    assert datetime.datetime.fromisoformat(outlook_query["enddt"][0]) == lab.ends_at


def test_a_decline_or_waiting_confirmation_has_no_calendar_file(lab, guests):
    lab.capacity = 0
    lab.save()
    answer(guests[0], "attend")
    worker_round()
    answer(guests[1], "decline")
    worker_round()

    waiting, declined = messages("confirmation")
    assert "waiting list" in waiting.subject
    for confirmation in (waiting, declined):
        message = parsed(confirmation)
        assert [p for p in message.walk() if p.get_content_type() == "text/calendar"] == []
        assert not [link for link in html_links(message) if "calendar.google.com" in link]


# The confirmation is written by the worker, after the answer


def test_an_answer_owes_a_confirmation_until_the_worker_queues_it(lab, guests):
    answer(guests[0], "attend")

    assert messages("confirmation") == []
    assert Invitation.objects.get(pk=guests[0].pk).confirmation_due == "confirmation"
    assert confirmations_queue() == 1
    assert Invitation.objects.get(pk=guests[0].pk).confirmation_due == ""
    assert confirmations_queue() == 0
    assert [m.key for m in messages("confirmation")] == [f"confirmation:{guests[0].pk}:1"]


def test_changing_the_answer_before_the_worker_comes_sends_one_e_mail_about_the_last(lab, guests):
    answer(guests[0], "attend")
    answer(guests[0], "decline", minutes=1)
    answer(guests[0], "attend", minutes=2)
    answer(guests[0], "decline", minutes=3)
    worker_round()

    (confirmation,) = messages("confirmation")
    assert confirmation.key == f"confirmation:{guests[0].pk}:4"
    assert "Thank you for your answer" in confirmation.subject


def test_an_answer_given_while_the_worker_writes_gets_its_own_e_mail(lab, guests):
    answer(guests[0], "attend")
    taken_by_the_worker = Invitation.objects.select_related(
        "lab__partner__project", "stakeholder"
    ).get(pk=guests[0].pk)
    answer(guests[0], "decline", minutes=1)  # while the worker composes the first

    _queue_one(taken_by_the_worker)
    assert Invitation.objects.get(pk=guests[0].pk).confirmation_due == "confirmation"
    worker_round()

    first, second = messages("confirmation")
    assert "See you at" in first.subject
    assert "Thank you for your answer" in second.subject


def test_answers_recorded_without_notice_owe_no_e_mail(lab, guests):
    answer(guests[0], "attend")
    answer(guests[0], "decline", minutes=1, notify=False)

    assert Invitation.objects.get(pk=guests[0].pk).confirmation_due == ""
    assert confirmations_queue() == 0
    assert messages("confirmation") == []


def test_a_person_without_an_e_mail_address_is_not_written_to(lab, guests):
    guests[0].stakeholder.email = ""
    guests[0].stakeholder.save()
    answer(guests[0], "attend")

    assert confirmations_queue() == 1
    assert messages("confirmation") == []
    assert confirmations_queue() == 0


def test_the_worker_writes_many_confirmations_in_a_fixed_number_of_queries(
    lab, guests, django_assert_num_queries
):
    lab.capacity = None
    lab.save()
    for minute, guest in enumerate(guests):
        answer(guest, "attend", minutes=minute)
    confirmations_queue(limit=1)  # the first reads what is then cached (content types)

    # The batch: the invitations, their labs' contacts, their project's logos, and the
    # people's activity in one UPDATE. Per confirmation: the outbox's check, its insert
    # (inside a savepoint) and the mark cleared.
    with django_assert_num_queries(4 + 5 * (len(guests) - 1)):
        assert confirmations_queue() == len(guests) - 1


# The person's activity, which the purge of inactive people counts from


def last_activity(invitation):
    return Stakeholder.objects.get(pk=invitation.stakeholder_id).last_activity_at


def test_an_answer_counts_as_activity_once_the_worker_writes_the_confirmation(lab, guests):
    before = last_activity(guests[0])
    answer(guests[0], "attend", minutes=5)
    assert last_activity(guests[0]) == before

    worker_round()

    assert last_activity(guests[0]) == NOW + datetime.timedelta(minutes=5)


def test_an_answer_that_owes_no_e_mail_counts_as_activity_at_once(lab, guests, staff):
    answer(guests[0], "attend", actor=staff, via=ResponseVia.PHONE, notify=False, minutes=5)

    assert last_activity(guests[0]) == NOW + datetime.timedelta(minutes=5)


def test_a_confirmation_written_late_does_not_move_the_activity_back(lab, guests):
    answer(guests[0], "attend", minutes=5)
    later = NOW + datetime.timedelta(days=1)
    Stakeholder.objects.filter(pk=guests[0].stakeholder_id).update(last_activity_at=later)

    worker_round()

    assert last_activity(guests[0]) == later
