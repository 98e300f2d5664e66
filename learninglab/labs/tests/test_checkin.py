"""The check-in at the door: codes, one check-in per person, undo, walk-ins, the e-mail's QR."""

from __future__ import annotations

import datetime
import email
import email.policy
import threading
import uuid

import pytest
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry, Via
from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.labs import selectors
from learninglab.labs.emails import response_email
from learninglab.labs.links import (
    checkin_code,
    checkin_code_parse,
    checkin_qr_png,
    checkin_token,
    invitation_by_checkin_code,
    rsvp_token,
)
from learninglab.labs.models import CheckIn, Invitation, LabStatus, Response, ResponseVia
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.checkin import (
    WALK_IN_CONSENT_VERSION,
    WalkIn,
    checkin_record,
    checkin_undo,
    walk_in_register,
)
from learninglab.labs.services.invitation import invitations_send
from learninglab.labs.tests.factories import (
    InvitationFactory,
    LabContactFactory,
    LabFactory,
    tomorrow_at_ten,
)
from learninglab.messaging.services import email_render
from learninglab.stakeholders.models import Consent, ConsentMethod, Stakeholder

pytestmark = pytest.mark.django_db


@pytest.fixture
def lab(partner):
    starts_at = tomorrow_at_ten()
    lab = LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        starts_at=starts_at,
        rsvp_deadline=starts_at - datetime.timedelta(hours=1),
    )
    LabContactFactory(lab=lab)
    return lab


@pytest.fixture
def other_lab(other_partner):
    return LabFactory(
        partner=other_partner,
        slug="matera-lll-2",
        time_zone="Europe/Rome",
        starts_at=tomorrow_at_ten(),
    )


def attending(lab, first_name: str = "Ștefan", last_name: str = "Țepeș", **kwargs) -> Invitation:
    kwargs.setdefault("response", Response.ATTENDING)
    return InvitationFactory(
        lab=lab,
        language="en",
        stakeholder__first_name=first_name,
        stakeholder__last_name=last_name,
        stakeholder__language="en",
        **kwargs,
    )


@pytest.fixture
def guest(lab) -> Invitation:
    return attending(lab)


def audits(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


# The check-in code


def test_a_code_finds_its_invitation_however_it_was_typed(guest, lab):
    code = checkin_code(guest)
    assert code.startswith("LL1:") and len(code) == 4 + 32 + 1 + 16
    assert invitation_by_checkin_code(code, lab) == guest
    typed = " " + code.upper().replace(":", ": ", 1)
    assert invitation_by_checkin_code(typed, lab) == guest
    hyphenated = f"LL1:{guest.public_id}:{checkin_token(guest)}"  # the id as a UUID
    assert invitation_by_checkin_code(hyphenated, lab) == guest


def test_a_code_of_another_lab_is_refused_without_naming_the_person(guest, other_lab):
    with pytest.raises(DomainError) as refused:
        invitation_by_checkin_code(checkin_code(guest), other_lab)
    assert refused.value.code == "code_other_lab"
    assert guest.stakeholder.last_name not in str(refused.value)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "hello",
        "https://example.org/LL1",
        "LL1:{id}:0000000000000000",  # a forged key
        "LL1:{id}",
        "LL1:{unknown}:{token}",  # a genuine-looking key for an invitation that does not exist
        "LL2:{id}:{token}",
    ],
)
def test_a_malformed_or_forged_code_is_invalid(guest, lab, code):
    text = code.format(id=guest.public_id.hex, token=checkin_token(guest), unknown="f" * 32)
    with pytest.raises(DomainError) as refused:
        invitation_by_checkin_code(text, lab)
    assert refused.value.code == "code_invalid"


def test_the_rsvp_key_does_not_open_the_door(guest, lab):
    """The RSVP link may be forwarded; its key is not the check-in key."""
    forged = f"LL1:{guest.public_id.hex}:{rsvp_token(guest)[:16]}"
    with pytest.raises(DomainError):
        invitation_by_checkin_code(forged, lab)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_any_scanned_text_is_a_code_or_refused_as_invalid(guest, lab, text):
    try:
        found = invitation_by_checkin_code(text, lab)
    except DomainError as refused:
        assert refused.code == "code_invalid"
    else:
        assert found == guest


# Checking in


def test_checking_in_twice_counts_once_and_is_audited_once(guest, staff):
    first, created = checkin_record(actor=staff, invitation=guest, device="phone A")
    again, created_again = checkin_record(actor=staff, invitation=guest, device="phone B")

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and again.device == "phone A"
    assert CheckIn.objects.count() == 1
    assert first.checked_in_by == staff and not first.is_walk_in
    assert audits("labs.checkin.recorded") == 1
    entry = AuditEntry.objects.get(action="labs.checkin.recorded")
    assert entry.actor == staff and entry.partner_id == guest.lab.partner_id
    assert entry.changes["after"]["device"] == "phone A"


def test_the_loser_of_a_race_gets_the_winners_check_in(guest, staff, monkeypatch):
    """Two phones both saw nobody checked in: the unique constraint refuses the second row."""
    winner, _created = checkin_record(actor=staff, invitation=guest, device="phone A")
    monkeypatch.setattr(
        "learninglab.labs.services.checkin._existing", lambda invitation: None
    )  # looked a moment before

    loser, created = checkin_record(actor=staff, invitation=guest, device="phone B")

    assert not created and loser.pk == winner.pk
    assert CheckIn.objects.count() == 1
    assert audits("labs.checkin.recorded") == 1


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="the threads need connections of their own; the SQLite test database lives in memory",
)
@pytest.mark.django_db(transaction=True)
def test_two_devices_at_the_same_moment_make_one_check_in(partner, staff):
    lab = LabFactory(partner=partner, starts_at=tomorrow_at_ten())
    guest = attending(lab)
    devices = 4
    barrier = threading.Barrier(devices)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def door(n: int) -> None:
        try:
            invitation = Invitation.objects.select_related("lab", "stakeholder").get(pk=guest.pk)
            barrier.wait()
            arrival, created = checkin_record(
                actor=staff, invitation=invitation, device=f"phone {n}"
            )
            results.append((arrival.pk, created))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=door, args=(n,)) for n in range(devices)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len({pk for pk, _created in results}) == 1
    assert sorted(created for _pk, created in results) == [False] * (devices - 1) + [True]
    assert CheckIn.objects.filter(invitation=guest).count() == 1
    assert audits("labs.checkin.recorded") == 1


def test_a_check_in_made_offline_keeps_its_time_when_plausible(guest, staff):
    now = timezone.now()
    earlier = now - datetime.timedelta(minutes=20)
    arrival, _created = checkin_record(actor=staff, invitation=guest, at=earlier)
    assert arrival.checked_in_at == earlier

    for implausible in (now + datetime.timedelta(hours=1), now - datetime.timedelta(days=2)):
        checkin_undo(actor=staff, invitation=guest)
        arrival, _created = checkin_record(actor=staff, invitation=guest, at=implausible)
        assert abs(arrival.checked_in_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_long_before_the_lab_nobody_is_checked_in_without_a_confirmation(guest, staff):
    twenty_days_before = guest.lab.starts_at - datetime.timedelta(days=20)

    with pytest.raises(DomainError) as refused:
        checkin_record(actor=staff, invitation=guest, now=twenty_days_before)

    assert refused.value.code == "too_early"
    assert not CheckIn.objects.exists()
    assert audits("labs.checkin.recorded") == 0
    arrival, created = checkin_record(
        actor=staff, invitation=guest, now=twenty_days_before, confirmed_early=True
    )
    assert created and arrival.checked_in_at == twenty_days_before


def test_from_the_eve_of_the_lab_people_are_checked_in_without_asking(guest, staff):
    local_start = guest.lab.local_starts_at
    eve = datetime.datetime.combine(
        local_start.date() - datetime.timedelta(days=1), datetime.time(0, 0), local_start.tzinfo
    )

    with pytest.raises(DomainError):
        checkin_record(actor=staff, invitation=guest, now=eve - datetime.timedelta(seconds=1))
    _arrival, created = checkin_record(actor=staff, invitation=guest, now=eve)

    assert created


def test_long_before_the_lab_no_walk_in_is_registered_without_a_confirmation(lab, staff):
    person = WalkIn(first_name="Radu", last_name="Ionescu", email="radu@example.ro")
    twenty_days_before = lab.starts_at - datetime.timedelta(days=20)

    with pytest.raises(DomainError) as refused:
        walk_in_register(actor=staff, lab=lab, person=person, now=twenty_days_before)

    assert refused.value.code == "too_early"
    assert not Stakeholder.objects.filter(email="radu@example.ro").exists()
    assert not Invitation.objects.filter(lab=lab).exists()
    arrival = walk_in_register(
        actor=staff, lab=lab, person=person, now=twenty_days_before, confirmed_early=True
    )
    assert arrival.is_walk_in


def test_a_check_in_is_dated_by_the_clock_it_is_given(guest, staff):
    played = timezone.now() - datetime.timedelta(days=30)
    Stakeholder.objects.filter(pk=guest.stakeholder_id).update(
        last_activity_at=played - datetime.timedelta(days=30)
    )

    arrival, _created = checkin_record(
        actor=staff, invitation=guest, now=played, confirmed_early=True, via=Via.CLI
    )

    assert arrival.checked_in_at == played
    guest.stakeholder.refresh_from_db()
    assert guest.stakeholder.last_activity_at == played
    entry = AuditEntry.objects.get(action="labs.checkin.recorded")
    assert entry.via == Via.CLI


def test_an_offline_time_is_judged_against_the_clock_given(guest, staff):
    played = timezone.now() - datetime.timedelta(days=30)
    earlier = played - datetime.timedelta(minutes=20)
    arrival, _created = checkin_record(
        actor=staff, invitation=guest, at=earlier, now=played, confirmed_early=True
    )
    assert arrival.checked_in_at == earlier

    # Plausible for today's clock, but in the future of the one given.
    checkin_undo(actor=staff, invitation=guest)
    later = played + datetime.timedelta(minutes=5)
    arrival, _created = checkin_record(
        actor=staff, invitation=guest, at=later, now=played, confirmed_early=True
    )
    assert arrival.checked_in_at == played


def test_undo_takes_the_check_in_back_once(guest, staff):
    checkin_record(actor=staff, invitation=guest)

    assert checkin_undo(actor=staff, invitation=guest) is True
    assert checkin_undo(actor=staff, invitation=guest) is False
    assert not CheckIn.objects.exists()
    assert audits("labs.checkin.undone") == 1
    _arrival, created = checkin_record(actor=staff, invitation=guest)
    assert created


@pytest.mark.parametrize("status", [LabStatus.DRAFT, LabStatus.CANCELLED])
def test_nobody_is_checked_in_at_a_draft_or_cancelled_lab(guest, staff, status):
    guest.lab.status = status
    guest.lab.save()
    with pytest.raises(DomainError):
        checkin_record(actor=staff, invitation=guest)
    assert not CheckIn.objects.exists()


def test_who_sent_a_colleague_is_not_checked_in(lab, staff):
    substituted = attending(lab, response=Response.SUBSTITUTED)
    with pytest.raises(DomainError) as refused:
        checkin_record(actor=staff, invitation=substituted)
    assert refused.value.code == "substituted"


def test_someone_who_did_not_answer_but_came_is_checked_in(lab, staff):
    came_anyway = InvitationFactory(lab=lab, response=Response.PENDING)
    _arrival, created = checkin_record(actor=staff, invitation=came_anyway)
    assert created
    assert selectors.checkin_headcount(lab) == selectors.Headcount(
        checked_in=1, expected=0, walk_ins=0
    )


# Walk-ins


def test_a_walk_in_joins_the_group_with_the_consents_given_and_is_counted(lab, guest, staff):
    person = WalkIn(
        first_name="Ioana",
        last_name="Mureşan",  # typed with the old cedilla letter
        organisation_name="Asociaţia Meşterilor",
        organisation_type="ngo",
        email=" Ioana.Muresan@Example.ro ",
    )

    arrival = walk_in_register(
        actor=staff, lab=lab, person=person, consents={"invitations", "photos"}, device="phone A"
    )

    assert arrival.is_walk_in and arrival.checked_in_by == staff and arrival.device == "phone A"
    walk_in = arrival.invitation
    assert walk_in.lab == lab
    assert walk_in.response == Response.ATTENDING
    assert walk_in.response_via == ResponseVia.IN_PERSON
    assert walk_in.responded_at is not None
    stakeholder = walk_in.stakeholder
    assert stakeholder.partner == lab.partner
    assert (stakeholder.first_name, stakeholder.last_name) == ("Ioana", "Mureșan")
    assert stakeholder.email == "ioana.muresan@example.ro"
    assert stakeholder.organisation.name == "Asociația Meșterilor"
    assert stakeholder.organisation.type == "ngo"
    assert "muresan" in stakeholder.search_text
    ledger = Consent.objects.filter(stakeholder=stakeholder)
    assert sorted(ledger.values_list("purpose", "given", "method", "text_version")) == [
        ("invitations", True, ConsentMethod.IN_PERSON, WALK_IN_CONSENT_VERSION),
        ("photos", True, ConsentMethod.IN_PERSON, WALK_IN_CONSENT_VERSION),
    ]
    assert all(c.recorded_by == staff for c in ledger)
    assert selectors.checkin_headcount(lab) == selectors.Headcount(
        checked_in=1, expected=1, walk_ins=1
    )
    assert walk_in in selectors.checkin_people(lab)
    for action in (
        "stakeholders.stakeholder.created",
        "stakeholders.organisation.created",
        "labs.checkin.walk_in",
        "labs.checkin.recorded",
    ):
        assert audits(action) == 1, action
    assert audits("stakeholders.consent.given") == 2


def test_a_walk_in_is_dated_by_the_clock_it_is_given(lab, staff):
    played = timezone.now() - datetime.timedelta(days=30)
    person = WalkIn(
        first_name="Radu", last_name="Ionescu", organisation_name="Atelier", email="radu@example.ro"
    )

    arrival = walk_in_register(
        actor=staff,
        lab=lab,
        person=person,
        consents={"photos"},
        now=played,
        confirmed_early=True,  # a clock set a month before the lab
        via=Via.CLI,
    )

    assert arrival.checked_in_at == played
    assert arrival.invitation.responded_at == played
    consent = Consent.objects.get(stakeholder=arrival.invitation.stakeholder)
    assert consent.at == played
    for action in (
        "stakeholders.stakeholder.created",
        "stakeholders.organisation.created",
        "stakeholders.consent.given",
        "labs.checkin.walk_in",
        "labs.checkin.recorded",
    ):
        assert AuditEntry.objects.get(action=action).via == Via.CLI, action


def test_a_walk_in_who_agrees_to_nothing_has_no_consent(lab, staff):
    arrival = walk_in_register(
        actor=staff, lab=lab, person=WalkIn(first_name="Radu", last_name="Ionescu"), consents=()
    )
    assert not Consent.objects.filter(stakeholder=arrival.invitation.stakeholder).exists()
    assert arrival.invitation.stakeholder.email == ""


def test_registering_the_same_walk_in_twice_checks_them_in_once(lab, staff):
    person = WalkIn(first_name="Radu", last_name="Ionescu", email="radu@example.ro")
    first = walk_in_register(actor=staff, lab=lab, person=person, consents={"photos"})
    second = walk_in_register(actor=staff, lab=lab, person=person, consents={"photos"})

    assert second.pk == first.pk
    assert Stakeholder.objects.filter(email="radu@example.ro").count() == 1
    assert Invitation.objects.filter(lab=lab).count() == 1
    assert audits("labs.checkin.recorded") == 1


def test_a_known_person_is_found_by_e_mail_and_left_as_they_are(lab, staff):
    organisation = OrganisationFactory(partner=lab.partner, name="Banat IT")
    known = StakeholderFactory(
        partner=lab.partner,
        first_name="Ana",
        last_name="Popescu",
        email="ana@example.ro",
        organisation=organisation,
    )
    declined = InvitationFactory(lab=lab, stakeholder=known, response=Response.DECLINED)
    person = WalkIn(
        first_name="Anna", last_name="Pop", organisation_name="Elsewhere", email="ANA@example.ro"
    )

    arrival = walk_in_register(actor=staff, lab=lab, person=person, consents=set())

    assert arrival.invitation == declined
    known.refresh_from_db()
    assert (known.first_name, known.last_name, known.organisation) == (
        "Ana",
        "Popescu",
        organisation,
    )
    declined.refresh_from_db()
    assert declined.response == Response.ATTENDING
    assert declined.response_via == ResponseVia.IN_PERSON
    assert arrival.is_walk_in
    assert Stakeholder.objects.filter(partner=lab.partner).count() == 1
    entry = AuditEntry.objects.get(action="labs.checkin.walk_in")
    assert entry.changes["before"] == {"response": "declined"}


def test_someone_expected_but_missed_on_the_list_is_no_walk_in(lab, guest, staff):
    person = WalkIn(first_name="Ștefan", last_name="Țepeș", email=guest.stakeholder.email)
    arrival = walk_in_register(actor=staff, lab=lab, person=person, consents=())
    assert arrival.invitation == guest
    assert not arrival.is_walk_in
    assert audits("labs.checkin.walk_in") == 0


def test_a_walk_in_needs_a_name_and_known_consents(lab, staff):
    with pytest.raises(DomainError):
        walk_in_register(actor=staff, lab=lab, person=WalkIn(" ", "Pop"), consents=())
    with pytest.raises(DomainError):
        walk_in_register(
            actor=staff, lab=lab, person=WalkIn("Ana", "Pop"), consents={"public_listing"}
        )
    assert not Stakeholder.objects.exists()


def test_a_walk_in_is_sent_no_invitation_and_not_counted_as_invited(lab, staff):
    guest = attending(lab, response=Response.PENDING)
    assert invitations_send(lab_id=lab.pk) == 1  # the invited guest's invitation
    rsvp_record(invitation=guest, answer="attend")
    walk_in_register(
        actor=staff,
        lab=lab,
        person=WalkIn("Radu", "Ionescu", email="radu@example.ro"),
        consents={"invitations"},
    )

    assert invitations_send(lab_id=lab.pk) == 0
    assert selectors.lab_counts(lab).invited == 1
    assert selectors.lab_counts(lab).attending == 2


# The confirmation e-mail's QR code


def _parsed(invitation: Invitation) -> email.message.EmailMessage:
    _message_id, raw = email_render(response_email(invitation))
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def test_an_attendees_confirmation_shows_the_qr_code_inline_and_the_code_as_text(guest):
    message = _parsed(guest)

    assert message.get_content_type() == "multipart/mixed"
    related = next(part for part in message.iter_parts() if part.get_content_subtype() == "related")
    # Beside the logos and the EU emblem at the e-mail's top.
    image = next(part for part in related.iter_parts() if part.get_filename() == "checkin.png")
    content_id = image["Content-ID"].strip("<>")
    assert image.get_content_disposition() == "inline"
    assert image.get_content() == checkin_qr_png(guest)
    assert image.get_content().startswith(b"\x89PNG")
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'src="cid:{content_id}"' in html
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert checkin_code(guest) in text
    # The calendar file stays an attachment beside it.
    assert [a.get_content_type() for a in message.iter_attachments()] == ["text/calendar"]


@pytest.mark.parametrize("response", [Response.WAITLISTED, Response.DECLINED])
def test_only_attendees_get_a_check_in_code(lab, response):
    invitation = InvitationFactory(lab=lab, language="en", response=response)
    message = _parsed(invitation)
    assert "LL1:" not in message.get_body(preferencelist=("plain",)).get_content()
    assert not any(part.get_filename() == "checkin.png" for part in message.walk())


def test_a_code_parses_back_into_its_id_and_key(guest):
    public_id, token = checkin_code_parse(checkin_code(guest))  # type: ignore[misc]
    assert public_id == guest.public_id and isinstance(public_id, uuid.UUID)
    assert token == checkin_token(guest)
