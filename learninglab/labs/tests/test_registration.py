"""Open labs: registering on the public page, confirming the address, staff approval."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.forms.registration import drawn_now
from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.models import (
    Invitation,
    Lab,
    QuestionAnswer,
    Registration,
    RegistrationMode,
    Response,
    ResponseVia,
)
from learninglab.labs.services.invitation import invitations_unsubscribe
from learninglab.labs.services.question import question_add_standard
from learninglab.labs.services.registration import (
    CONFIRMATION_VALID,
    registration_confirm,
    registrations_expire,
)
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.models import MessageKind, OutboundMessage
from learninglab.stakeholders.models import Consent, Stakeholder
from learninglab.stakeholders.services.stakeholder import stakeholder_erase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_outbox(settings):
    settings.EMAIL_HOST = ""


@pytest.fixture
def lab(partner):
    lab = LabFactory(partner=partner, slug="open-lab", registration=RegistrationMode.OPEN)
    LabContactFactory(lab=lab)
    return lab


def form(**fields):
    """Return what a person fills in, the form drawn a minute ago."""
    data = {
        "first_name": " Ana ",
        "last_name": "Pop",
        "email": "Ana.Pop@Example.ro",
        "organisation_name": "Atelier Pop",
        "organisation_type": "sme",
        "language": "en",
        "consent_invitations": "on",
        "website": "",
        "drawn": drawn_now(at=timezone.now() - datetime.timedelta(minutes=1)),
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


def register(lab, client=None, *, captured=None, **fields):
    client = client or Client()
    return client.post(reverse("labs:register", args=[lab.slug]), form(**fields))


def confirmation_link(email="ana.pop@example.ro") -> str:
    message = OutboundMessage.objects.filter(kind=MessageKind.REGISTRATION, recipient=email).last()
    assert message is not None, "no confirmation e-mail"
    text = bytes(message.raw).decode("utf-8", "replace")
    (path,) = set(re.findall(r"https?://[^/\s]+(/register/[0-9a-f-]+/[0-9a-f]+/)", text))
    return path


def confirm(path: str, client=None):
    client = client or Client()
    client.get(path)  # the page with the button, as the person opens the link
    return client.post(path, follow=True)


@pytest.fixture
def captured(django_capture_on_commit_callbacks):
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def test_an_open_labs_public_page_has_the_form_an_invitation_only_lab_has_none(lab, partner):
    closed = LabFactory(partner=partner, slug="invited-only")

    assert "Register" in Client().get(lab.get_public_url()).content.decode()
    assert 'action="/events/invited-only/register/"' not in (
        Client().get(closed.get_public_url()).content.decode()
    )
    refused = register(closed)
    assert "Registration for this lab is closed." in refused.content.decode()
    assert not Registration.objects.exists()


def test_no_consent_is_ticked_beforehand(lab):
    page = Client().get(lab.get_public_url()).content.decode()

    boxes = re.findall(r'<input type="checkbox"[^>]*>', page)
    assert len(boxes) == 3
    assert not [box for box in boxes if "checked" in box]


def test_registering_holds_no_seat_until_the_address_is_confirmed(lab, captured):
    lab.capacity = 1
    lab.save()
    sent = captured(register, lab)

    assert sent.status_code == 302
    assert sent["Location"] == reverse("labs:registration_sent", args=[lab.slug])
    assert not Stakeholder.objects.filter(email="ana.pop@example.ro").exists()
    assert not Invitation.objects.exists()
    assert Lab.objects.get(pk=lab.pk).seats_taken == 0

    page = captured(confirm, confirmation_link())

    assert "you are registered" in page.content.decode()
    ana = Stakeholder.objects.get(email="ana.pop@example.ro")
    assert (ana.first_name, ana.last_name, ana.organisation.name) == ("Ana", "Pop", "Atelier Pop")
    invitation = Invitation.objects.get(lab=lab, stakeholder=ana)
    assert (invitation.response, invitation.response_via) == (
        Response.ATTENDING,
        ResponseVia.REGISTRATION,
    )
    assert Lab.objects.get(pk=lab.pk).seats_taken == 1
    # Only what was ticked is in the ledger, as given on the web form.
    consents = list(Consent.objects.filter(stakeholder=ana).values_list("purpose", "method"))
    assert consents == [("invitations", "web")]
    # The registration keeps no copy of the person's details.
    registration = Registration.objects.get()
    assert (registration.email, registration.first_name, registration.stakeholder) == ("", "", ana)
    # The confirmation of the answer follows, with the footer of a registration.
    confirmations_queue()
    confirmation = OutboundMessage.objects.get(kind=MessageKind.CONFIRMATION)
    text = bytes(confirmation.raw).decode("utf-8", "replace")
    assert "You receive this because you registered for this lab" in text


def test_confirming_twice_registers_once(lab, captured):
    captured(register, lab)
    path = confirmation_link()
    captured(confirm, path)
    captured(confirm, path)

    assert Invitation.objects.count() == 1
    assert Lab.objects.get(pk=lab.pk).seats_taken == 1


def test_a_link_older_than_a_day_is_refused_and_its_registration_deleted(lab, captured):
    captured(register, lab)
    registration = Registration.objects.get()
    Registration.objects.filter(pk=registration.pk).update(
        created_at=timezone.now() - CONFIRMATION_VALID - datetime.timedelta(minutes=1)
    )

    page = Client().get(confirmation_link())
    assert "This link has expired" in page.content.decode()
    assert "Confirm my registration" not in page.content.decode()
    with pytest.raises(Exception, match="expired"):
        registration_confirm(registration=registration)
    assert registrations_expire() == 1
    assert not Registration.objects.exists()
    assert not Invitation.objects.exists()


def test_a_full_lab_puts_registrations_on_the_waiting_list_shared_with_invitations(lab, captured):
    lab.capacity = 1
    lab.save()
    InvitationFactory(lab=lab, response=Response.ATTENDING)

    captured(register, lab)
    page = captured(confirm, confirmation_link())

    assert "you are on the waiting list" in page.content.decode()
    invitation = Invitation.objects.get(stakeholder__email="ana.pop@example.ro")
    assert invitation.response == Response.WAITLISTED
    assert Lab.objects.get(pk=lab.pk).seats_taken == 1


def test_a_known_person_is_found_not_added_again(lab, partner, captured):
    ana = StakeholderFactory(partner=partner, email="ana.pop@example.ro", first_name="Ana")
    ConsentFactory(stakeholder=ana)
    InvitationFactory(lab=lab, stakeholder=ana)  # invited, not answered yet

    captured(register, lab, first_name="Someone", last_name="Else")
    captured(confirm, confirmation_link())

    assert Stakeholder.objects.filter(email="ana.pop@example.ro").count() == 1
    assert Stakeholder.objects.get(pk=ana.pk).first_name == "Ana"  # details kept as they were
    (invitation,) = Invitation.objects.filter(lab=lab, stakeholder=ana)
    assert invitation.response == Response.ATTENDING


def test_who_withdrew_consent_keeps_it_withdrawn_unless_they_tick_it_again(lab, partner, captured):
    ana = StakeholderFactory(partner=partner, email="ana.pop@example.ro")
    ConsentFactory(stakeholder=ana)
    invitations_unsubscribe(
        invitation=InvitationFactory(lab=LabFactory(partner=partner), stakeholder=ana)
    )

    captured(register, lab, consent_invitations=None)
    captured(confirm, confirmation_link())

    ana.refresh_from_db()
    assert ana.invitation_consent is False
    assert Invitation.objects.get(lab=lab, stakeholder=ana).response == Response.ATTENDING


def test_an_erased_person_comes_back_only_as_a_new_person_with_their_new_consent(
    lab, partner, staff, captured
):
    ana = StakeholderFactory(partner=partner, email="ana.pop@example.ro")
    stakeholder_erase(actor=staff, stakeholder=ana)

    captured(register, lab, consent_photos="on", consent_invitations=None)
    captured(confirm, confirmation_link())

    again = Stakeholder.objects.get(email="ana.pop@example.ro", erased_at__isnull=True)
    assert again.pk != ana.pk
    assert list(again.consents.values_list("purpose", flat=True)) == ["photos"]


def test_a_lab_with_approval_waits_for_staff_then_registers_or_tells(lab, staff, captured, partner):
    lab.registration = RegistrationMode.APPROVAL
    lab.save()
    captured(register, lab)
    page = captured(confirm, confirmation_link())
    captured(register, lab, email="dan@example.ro", first_name="Dan")
    captured(confirm, confirmation_link("dan@example.ro"))

    assert "The organisers accept each registration" in page.content.decode()
    assert not Invitation.objects.exists()
    client = client_for(staff)
    listing = client.get(reverse("labs:registrations", args=[lab.slug])).content.decode()
    assert "Pop, Ana" in listing and "Dan" in listing
    ana, dan = Registration.objects.order_by("pk")

    url = reverse("labs:registration_decide", args=[lab.slug, ana.pk])
    accepted = captured(client.post, url, {"decision": "accept"}, follow=True)
    url = reverse("labs:registration_decide", args=[lab.slug, dan.pk])
    declined = captured(client.post, url, {"decision": "decline"}, follow=True)

    assert "Ana Pop is registered" in accepted.content.decode()
    assert "Dan Pop’s registration was declined" in declined.content.decode()
    assert Invitation.objects.get().stakeholder.email == "ana.pop@example.ro"
    told = OutboundMessage.objects.filter(kind=MessageKind.REGISTRATION, recipient="dan@example.ro")
    assert told.count() == 2  # the link, then the answer
    again = client.post(url, {"decision": "accept"}, follow=True)
    assert "decided already" in again.content.decode()
    assert Invitation.objects.count() == 1


def test_the_hidden_field_filled_in_is_refused_with_a_message(lab):
    page = register(lab, website="http://spam.example")

    assert "This field must stay empty" in page.content.decode()
    assert not Registration.objects.exists()


def test_a_form_sent_faster_than_a_person_can_is_refused(lab):
    page = register(lab, drawn=drawn_now())

    assert "sent too quickly" in page.content.decode()
    assert not Registration.objects.exists()


def test_a_forged_or_stale_form_is_refused_and_the_details_kept(lab):
    page = register(lab, drawn="forged")

    text = page.content.decode()
    assert "open for too long" in text
    assert 'value="Atelier Pop"' in text  # nothing typed is lost
    assert not Registration.objects.exists()


def test_an_address_used_too_often_is_refused(lab, captured):
    for _attempt in range(3):
        assert captured(register, lab).status_code == 302

    page = register(lab)

    assert page.status_code == 400
    assert "used for several registrations in the last hour" in page.content.decode()
    assert Registration.objects.count() == 3


def test_a_network_sending_too_many_is_refused(lab, captured):
    for number in range(20):
        client = Client(REMOTE_ADDR=f"203.0.113.{number + 1}")
        assert captured(register, lab, client, email=f"p{number}@example.ro").status_code == 302

    page = register(lab, Client(REMOTE_ADDR="203.0.113.200"), email="late@example.ro")

    assert "Too many registrations came from your network" in page.content.decode()
    elsewhere = captured(
        register, lab, Client(REMOTE_ADDR="198.51.100.7"), email="other@example.ro"
    )
    assert elsewhere.status_code == 302


def test_registration_closes_at_the_deadline(lab):
    lab.rsvp_deadline = timezone.now() - datetime.timedelta(minutes=1)
    lab.save()

    assert (
        'action="/events/open-lab/register/"'
        not in Client().get(lab.get_public_url()).content.decode()
    )
    assert "Registration for this lab is closed." in register(lab).content.decode()


def test_a_wrong_link_says_so(lab):
    page = Client().get(f"/register/{Registration().public_id}/{'0' * 32}/")

    assert page.status_code == 404
    assert "This link is not valid" in page.content.decode()


@pytest.fixture
def questions(lab, staff):
    """The lab asks two ready-made questions: dietary needs, and photo consent (required)."""
    dietary = question_add_standard(actor=staff, lab=lab, purpose="registration", key="dietary")
    photos = question_add_standard(
        actor=staff, lab=lab, purpose="registration", key="photo_consent"
    )
    return {"dietary": dietary, "photos": photos}


def test_the_labs_questions_are_asked_and_a_required_one_must_be_answered(lab, questions):
    page = Client().get(lab.get_public_url()).content.decode()
    assert "Questions from the organisers" in page
    assert "Do you have any dietary needs?" in page

    refused = register(lab, **{f"question_{questions['dietary'].pk}": "Vegetarian"})

    assert "This field is required." in refused.content.decode()
    assert 'value="Vegetarian"' in refused.content.decode()  # nothing typed is lost
    assert not Registration.objects.exists()


def test_answers_wait_with_the_registration_then_go_to_the_invitation(lab, questions, captured):
    dietary, photos = questions["dietary"], questions["photos"]
    captured(
        register,
        lab,
        **{f"question_{dietary.pk}": "Vegetarian", f"question_{photos.pk}": "yes"},
    )
    assert Registration.objects.get().answers == {
        str(dietary.pk): "Vegetarian",
        str(photos.pk): True,
    }

    captured(confirm, confirmation_link())

    invitation = Invitation.objects.get(lab=lab)
    kept = dict(
        QuestionAnswer.objects.filter(invitation=invitation).values_list("question", "value")
    )
    assert kept == {dietary.pk: "Vegetarian", photos.pk: True}
    assert Registration.objects.get().answers == {}


def test_staff_see_the_answers_before_accepting(lab, questions, staff, captured):
    lab.registration = RegistrationMode.APPROVAL
    lab.save()
    dietary, photos = questions["dietary"], questions["photos"]
    captured(register, lab, **{f"question_{dietary.pk}": "No nuts", f"question_{photos.pk}": "no"})
    captured(confirm, confirmation_link())

    page = client_for(staff).get(reverse("labs:registrations", args=[lab.slug]))

    text = page.content.decode()
    assert "Do you have any dietary needs?</strong> No nuts" in text
    assert "</strong> No" in text.split("No nuts", 1)[1]


def test_erasing_the_person_leaves_no_name_in_the_registrations_history(lab, staff, captured):
    lab.registration = RegistrationMode.APPROVAL
    lab.save()
    captured(register, lab, first_name="Zamfira", last_name="Iordache")
    captured(confirm, confirmation_link())
    person = Stakeholder.objects.get(email="ana.pop@example.ro")

    stakeholder_erase(actor=staff, stakeholder=person)

    entries = AuditEntry.objects.filter(action__startswith="labs.registration.")
    assert entries.count() == 1
    assert "Zamfira" not in str(list(entries.values_list("object_repr", "changes")))


def test_the_persons_data_export_holds_their_registration_and_its_waiting_answers(
    lab, questions, staff, captured
):
    lab.registration = RegistrationMode.APPROVAL
    lab.save()
    dietary, photos = questions["dietary"], questions["photos"]
    captured(register, lab, **{f"question_{dietary.pk}": "No nuts", f"question_{photos.pk}": "yes"})
    captured(confirm, confirmation_link())
    person = Stakeholder.objects.get(email="ana.pop@example.ro")

    export = client_for(staff).get(reverse("stakeholders:data_export", args=[person.pk])).json()

    text = json.dumps(export)
    assert '"registrations"' in text
    (registration,) = [r for part in _parts(export) for r in part.get("registrations", [])]
    assert registration["lab"] == "open-lab"
    assert registration["state"] == "awaiting"
    assert {"question": "Do you have any dietary needs?", "answer": "No nuts"} in (
        registration["questions"]
    )


def _parts(export):
    """Return every mapping in the export, wherever the labs' part sits in it."""
    found = [export] if isinstance(export, dict) else []
    values = (
        export.values() if isinstance(export, dict) else export if isinstance(export, list) else []
    )
    for value in values:
        if isinstance(value, dict | list):
            found += _parts(value)
    return found
