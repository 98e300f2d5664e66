"""The check-in page at the door, through HTTP: who may use it, search, tap, scan, walk-ins."""

from __future__ import annotations

import datetime
import email
import email.policy
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from learninglab.browser_testing import (
    TIMEOUT_MS,
    assert_accessible,
    browser_with_camera,
    camera_showing,
    log_in,
    screenshot,
)
from learninglab.conftest import PASSWORD, client_for
from learninglab.core.models import AuditEntry
from learninglab.core.roles import Role
from learninglab.factories import UserFactory
from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.links import checkin_code
from learninglab.labs.models import CheckIn, Invitation, Response
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.tests.factories import (
    InvitationFactory,
    LabContactFactory,
    LabFactory,
    tomorrow_at_ten,
)
from learninglab.messaging.models import OutboundMessage
from learninglab.stakeholders.models import Consent, Stakeholder

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def lab(partner):
    starts_at = tomorrow_at_ten()  # people may be checked in today without a confirmation
    lab = LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        starts_at=starts_at,
        rsvp_deadline=starts_at - datetime.timedelta(hours=1),
    )
    LabContactFactory(lab=lab)
    return lab


@pytest.fixture
def matera_lab(other_partner):
    return LabFactory(
        partner=other_partner,
        slug="matera-lll-2",
        time_zone="Europe/Rome",
        starts_at=tomorrow_at_ten(),
    )


def invite(lab, first_name: str, last_name: str, response: str = Response.ATTENDING):
    return InvitationFactory(
        lab=lab,
        language="en",
        response=response,
        stakeholder__first_name=first_name,
        stakeholder__last_name=last_name,
        stakeholder__language="en",
        stakeholder__search_text=f"{first_name} {last_name}".lower(),
    )


@pytest.fixture
def guests(lab) -> dict[str, Invitation]:
    from learninglab.core.text import fold

    people = {
        "stefan": invite(lab, "Ștefan", "Țepeș"),
        "ioana": invite(lab, "Ioana", "Mureșan", Response.WAITLISTED),
        "dan": invite(lab, "Dan", "Pop", Response.DECLINED),
        "ana": invite(lab, "Ana", "Vlad", Response.PENDING),
    }
    for invitation in people.values():
        person = invitation.stakeholder
        Stakeholder.objects.filter(pk=person.pk).update(
            search_text=fold(f"{person.first_name} {person.last_name} {person.email}")
        )
    return people


def page_url(lab, name: str = "checkin", *args) -> str:
    return reverse(f"labs:{name}", args=[lab.slug, *args])


def names_listed(response) -> list[str]:
    return re.findall(r'<strong class="name">([^<]+)</strong>', response.content.decode())


# Who may use it (every role on every page: core/tests/test_permission_matrix.py)


def test_a_facilitator_of_timisoara_cannot_check_in_at_materas_lab(facilitator, matera_lab):
    guest = invite(matera_lab, "Giulia", "Rossi")
    client = client_for(facilitator)
    code = checkin_code(guest)

    assert client.get(page_url(matera_lab)).status_code == 404
    assert client.post(page_url(matera_lab, "checkin_record", guest.pk)).status_code == 404
    assert client.post(page_url(matera_lab, "checkin_scan"), {"code": code}).status_code == 404
    walk_in = {"first_name": "Luca", "last_name": "Bianchi"}
    assert client.post(page_url(matera_lab, "checkin_walk_in"), walk_in).status_code == 404
    assert not CheckIn.objects.exists()
    assert not Stakeholder.objects.filter(last_name="Bianchi").exists()


def test_a_facilitator_checks_people_in_at_their_own_partners_lab(facilitator, lab, guests):
    client = client_for(facilitator)
    response = client.post(page_url(lab, "checkin_record", guests["stefan"].pk), **JSON)
    assert response.status_code == 200
    assert CheckIn.objects.get().checked_in_by == facilitator


def test_a_user_without_a_role_at_the_door_is_refused(lab, guests):
    stranger = UserFactory(role=Role.FACILITATOR, partner=None)
    response = client_for(stranger).get(page_url(lab))
    assert response.status_code in (403, 404)


# The list and the search


def test_the_list_shows_who_is_expected(staff_client, lab, guests):
    response = staff_client.get(page_url(lab))
    assert response.status_code == 200
    assert names_listed(response) == ["Ștefan Țepeș"]
    assert "On the waiting list" not in response.content.decode()


@pytest.mark.parametrize("query", ["tepes", "TEPES", "ștefan", "stefan tep", "Ştefan"])
def test_search_ignores_case_and_diacritics(staff_client, lab, guests, query):
    response = staff_client.get(page_url(lab), {"q": query})
    assert names_listed(response) == ["Ștefan Țepeș"]


def test_a_search_finds_nobody_who_declined_or_did_not_answer(staff_client, lab, guests):
    assert names_listed(staff_client.get(page_url(lab), {"q": "pop"})) == []
    assert names_listed(staff_client.get(page_url(lab), {"q": "vlad"})) == []
    page = staff_client.get(page_url(lab), {"q": "nobody"}).content.decode()
    assert "Nobody of this name is expected" in page


def test_the_page_takes_the_same_queries_for_ten_people_or_forty(
    staff_client, lab, django_assert_max_num_queries
):
    for n in range(10):
        invite(lab, f"Guest{n}", "Ten")
    with django_assert_max_num_queries(20) as ten:
        staff_client.get(page_url(lab))
    for n in range(30):
        invite(lab, f"Guest{n}", "Forty")
    with django_assert_max_num_queries(len(ten.captured_queries)):
        response = staff_client.get(page_url(lab))
    assert len(names_listed(response)) == 40


# Tapping "Check in" and "Undo"


def test_without_javascript_check_in_and_undo_go_back_to_the_person(staff_client, lab, guests):
    stefan = guests["stefan"]
    response = staff_client.post(page_url(lab, "checkin_record", stefan.pk), {"q": "tepes"})
    assert response.status_code == 302
    assert response.url == page_url(lab) + f"?q=tepes#invitation-{stefan.pk}"
    page = staff_client.get(response.url).content.decode()
    assert "Ștefan Țepeș is checked in." in page
    assert "Checked in at" in page

    response = staff_client.post(page_url(lab, "checkin_undo", stefan.pk), follow=True)
    assert "The check-in of Ștefan Țepeș was undone." in response.content.decode()
    assert not CheckIn.objects.exists()


# Long before the lab's day: warned, and nothing happens until it is confirmed


@pytest.fixture
def early_lab(lab):
    """The lab, starting in twenty days."""
    starts_at = timezone.now() + datetime.timedelta(days=20)
    lab.starts_at, lab.ends_at = starts_at, starts_at + datetime.timedelta(hours=3)
    lab.save(update_fields=["starts_at", "ends_at"])
    return lab


def starts_on(lab) -> str:
    return date_format(lab.local_starts_at, "DATE_FORMAT")


def test_long_before_the_lab_the_page_warns_and_offers_no_check_in(staff_client, early_lab, guests):
    page = staff_client.get(page_url(early_lab)).content.decode()

    assert f"This lab starts on {starts_on(early_lab)} — check-in is usually done on the day." in (
        page
    )
    assert "Check people in before the day anyway" in page
    assert f'action="{page_url(early_lab, "checkin_record", guests["stefan"].pk)}"' not in page
    assert "Someone came without an invitation" not in page
    assert 'id="scanner"' not in page
    assert "Ștefan Țepeș" in names_listed(staff_client.get(page_url(early_lab)))  # still listed


def test_once_confirmed_every_form_of_the_page_carries_the_confirmation(
    staff_client, early_lab, guests
):
    page = staff_client.get(page_url(early_lab), {"confirm": "1"}).content.decode()

    assert "you are checking people in before the day" in page
    assert page_url(early_lab, "checkin_record", guests["stefan"].pk) in page
    assert 'data-confirm="1"' in page  # the scanner's
    checkin = page[page.index('id="checkin"') :]
    forms = re.findall(r'<form method="post".*?</form>', checkin, flags=re.S)
    assert len(forms) >= 4  # check in, undo, a typed code, a walk-in
    assert all('name="confirm" value="1"' in form for form in forms)


def test_a_tap_long_before_the_lab_checks_nobody_in_without_the_confirmation(
    staff_client, early_lab, guests
):
    stefan = guests["stefan"]
    url = page_url(early_lab, "checkin_record", stefan.pk)

    response = staff_client.post(url, follow=True)
    refused = staff_client.post(url, **JSON)

    assert f"This lab starts on {starts_on(early_lab)}: check-in is usually done on the day." in (
        response.content.decode()
    )
    assert refused.status_code == 422 and refused.json()["state"] == "too_early"
    assert not CheckIn.objects.exists()
    assert not AuditEntry.objects.filter(action="labs.checkin.recorded").exists()

    response = staff_client.post(url, {"confirm": "1"})
    assert response.url == page_url(early_lab) + f"?confirm=1#invitation-{stefan.pk}"
    assert CheckIn.objects.get().invitation == stefan


def test_a_scan_long_before_the_lab_checks_nobody_in_without_the_confirmation(
    staff_client, early_lab, guests
):
    code = checkin_code(guests["stefan"])
    url = page_url(early_lab, "checkin_scan")

    refused = staff_client.post(url, {"code": code}, **JSON)
    typed = staff_client.post(url, {"code": code}, follow=True)

    assert refused.status_code == 422 and refused.json()["state"] == "too_early"
    assert "check-in is usually done on the day" in typed.content.decode()
    assert not CheckIn.objects.exists()

    confirmed = staff_client.post(url, {"code": code, "confirm": "1"}, **JSON)
    assert confirmed.json()["state"] == "checked_in"
    assert CheckIn.objects.get().invitation == guests["stefan"]


def test_a_walk_in_long_before_the_lab_is_not_registered_without_the_confirmation(
    staff_client, early_lab
):
    url = page_url(early_lab, "checkin_walk_in")
    walk_in = {"first_name": "Radu", "last_name": "Ionescu", "email": "radu@example.ro"}

    response = staff_client.post(url, walk_in)

    page = response.content.decode()
    assert response.status_code == 200
    assert "check-in is usually done on the day" in page
    assert not Stakeholder.objects.filter(email="radu@example.ro").exists()
    assert not CheckIn.objects.exists()

    response = staff_client.post(url, {**walk_in, "confirm": "1"})
    assert response.status_code == 302 and "confirm=1" in response.url
    assert CheckIn.objects.get().invitation.stakeholder.email == "radu@example.ro"


def test_with_javascript_the_answers_are_json(staff_client, lab, guests):
    stefan = guests["stefan"]
    url = page_url(lab, "checkin_record", stefan.pk)

    first = staff_client.post(url, {"device": "phone A"}, **JSON).json()
    again = staff_client.post(url, {"device": "phone B"}, **JSON).json()
    undone = staff_client.post(page_url(lab, "checkin_undo", stefan.pk), **JSON).json()

    assert first["state"] == "checked_in" and first["checked_in"] is True
    assert first["name"] == "Ștefan Țepeș" and first["invitation"] == stefan.pk
    assert first["state_text"].startswith("Checked in at")
    assert first["headcount"] == {"checked_in": 1, "expected": 1}
    assert again["state"] == "already"
    assert again["message"] == "Ștefan Țepeș was already checked in."
    assert undone["state"] == "undone" and undone["checked_in"] is False
    assert undone["headcount"] == {"checked_in": 0, "expected": 1}
    assert AuditEntry.objects.filter(action="labs.checkin.recorded").count() == 1


def test_a_check_in_sent_again_after_the_connection_came_back_counts_once(
    staff_client, lab, guests
):
    url = page_url(lab, "checkin_record", guests["stefan"].pk)
    made_at = "2020-01-01T09:00:00Z"  # implausibly old: the time of sending is kept instead
    for _attempt in range(3):
        staff_client.post(url, {"device": "phone A", "at": made_at}, **JSON)
    assert CheckIn.objects.count() == 1
    assert CheckIn.objects.get().checked_in_at.year > 2020
    staff_client.post(page_url(lab, "checkin_undo", guests["stefan"].pk))
    response = staff_client.post(url, {"at": "2020-13-45T09:00:00Z"}, **JSON)
    assert response.json()["state"] == "checked_in"


def test_another_labs_invitation_is_not_found(staff_client, lab, guests, partner):
    elsewhere = invite(LabFactory(partner=partner), "Maria", "Stan")
    response = staff_client.post(page_url(lab, "checkin_record", elsewhere.pk))
    assert response.status_code == 404


def test_the_headcount_fragment(staff_client, lab, guests):
    staff_client.post(page_url(lab, "checkin_record", guests["stefan"].pk))
    text = " ".join(staff_client.get(page_url(lab, "checkin_headcount")).content.decode().split())
    assert "Checked in <strong>1</strong>" in text
    assert "Expected <strong>1</strong>" in text


# Scanning a code


def test_the_code_of_the_confirmation_e_mail_checks_the_person_in(staff_client, lab, guests):
    dan = guests["dan"]  # declined at first, then said yes through the link
    rsvp_record(invitation=dan, answer="attend")
    confirmations_queue()  # the worker writes the confirmation
    confirmation = OutboundMessage.objects.get(kind="confirmation", recipient=dan.stakeholder.email)
    message = email.message_from_bytes(bytes(confirmation.raw), policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[attr-defined]
    code = re.search(r"LL1:\S+", text).group(0)
    assert code == checkin_code(dan)

    scanned = staff_client.post(page_url(lab, "checkin_scan"), {"code": code}, **JSON)
    assert scanned.status_code == 200
    assert scanned.json()["message"] == "Dan Pop is checked in."
    again = staff_client.post(page_url(lab, "checkin_scan"), {"code": code}, **JSON)
    assert again.json()["state"] == "already"
    assert again.json()["message"] == "Dan Pop was already checked in."
    assert CheckIn.objects.get().invitation == dan


def test_a_code_for_another_lab_is_refused(staff_client, lab, partner):
    other = invite(LabFactory(partner=partner), "Maria", "Stan")
    response = staff_client.post(
        page_url(lab, "checkin_scan"), {"code": checkin_code(other)}, **JSON
    )
    assert response.status_code == 422
    assert response.json()["state"] == "code_other_lab"
    assert response.json()["message"] == "This code is for another lab."
    assert "Maria" not in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_typed_code_without_javascript(staff_client, lab, guests):
    code = checkin_code(guests["stefan"]).upper()
    response = staff_client.post(page_url(lab, "checkin_scan"), {"code": code}, follow=True)
    assert "Ștefan Țepeș is checked in." in response.content.decode()
    response = staff_client.post(page_url(lab, "checkin_scan"), {"code": "nonsense"}, follow=True)
    assert "This is not a valid check-in code." in response.content.decode()


# Walk-ins


def test_a_walk_in_is_registered_checked_in_and_counted(staff_client, staff, lab, guests):
    response = staff_client.post(
        page_url(lab, "checkin_walk_in"),
        {
            "first_name": "Radu",
            "last_name": "Ionescu",
            "organisation_name": "Atelier 13",
            "organisation_type": "sme",
            "email": "radu@example.ro",
            "consent_invitations": "on",
            "device": "phone A",
        },
    )
    assert response.status_code == 302
    radu = Stakeholder.objects.get(email="radu@example.ro")
    invitation = Invitation.objects.get(lab=lab, stakeholder=radu)
    assert response.url.endswith(f"#invitation-{invitation.pk}")
    assert invitation.checkin.is_walk_in and invitation.checkin.device == "phone A"
    assert list(Consent.objects.filter(stakeholder=radu).values_list("purpose", flat=True)) == [
        "invitations"
    ]

    page = staff_client.get(response.url).content.decode()
    assert "Radu Ionescu is registered and checked in." in page
    assert "walk-in" in page
    headcount = " ".join(
        staff_client.get(page_url(lab, "checkin_headcount")).content.decode().split()
    )
    assert "Checked in <strong>1</strong>" in headcount
    assert "Walk-ins <strong>1</strong>" in headcount


def test_the_walk_in_form_shows_the_consent_texts(staff_client, lab):
    page = staff_client.get(page_url(lab)).content.decode()
    assert "to invite me to its next labs" in page
    assert "Municipality of Timișoara" in page
    assert "photos taken at this lab" in page


def test_a_walk_in_without_a_name_is_shown_again_with_the_error(staff_client, lab):
    response = staff_client.post(page_url(lab, "checkin_walk_in"), {"first_name": "Radu"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert '<details class="walk-in" open>' in page
    assert not Stakeholder.objects.exists()


# In a real browser, on a phone-sized screen


def expected_row(page, invitation):
    return page.locator(f"#invitation-{invitation.pk}")


def open_checkin(page, user, lab) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, email=user.email, password=PASSWORD)
    page.goto(page_url(lab))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_checking_a_person_in_and_undoing_it_on_a_phone(page, staff, lab, guests):
    stefan = guests["stefan"]
    open_checkin(page, staff, lab)
    assert page.get_by_role("heading", level=1).inner_text() == "Check-in"
    expect(page.locator("#headcount")).to_contain_text("Checked in 0")
    assert_accessible(page)

    # Typed on a phone keyboard without diacritics; the list narrows as one types.
    page.get_by_label("Search by name").fill("stefan tepes")
    expect(page.locator("#checkin-people > li")).to_have_count(1)
    screenshot(page, "checkin-search")

    page.get_by_role("button", name="Check in Ștefan Țepeș").click()
    expect(page.locator("#checkin-result")).to_have_text("Ștefan Țepeș is checked in.")
    expect(page.locator("#headcount")).to_contain_text("Checked in 1")
    # The search, sent a moment after the typing, redraws the list (and puts the words in the
    # address) usually after the tap: the row stays checked in, and the focus stays on it.
    expect(page).to_have_url(re.compile(r"q=stefan"))
    expect(expected_row(page, stefan)).to_contain_text("Checked in at")
    undo = page.get_by_role("button", name="Undo the check-in of Ștefan Țepeș")
    expect(undo).to_be_focused()
    assert CheckIn.objects.filter(invitation=stefan).count() == 1
    screenshot(page, "checkin-checked-in")
    assert_accessible(page)

    undo.click()
    expect(page.locator("#checkin-result")).to_have_text("The check-in of Ștefan Țepeș was undone.")
    expect(page.locator("#headcount")).to_contain_text("Checked in 0")
    expect(page.get_by_role("button", name="Check in Ștefan Țepeș")).to_be_visible()
    assert not CheckIn.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_check_in_made_offline_is_sent_when_the_connection_is_back(page, staff, lab, guests):
    stefan = guests["stefan"]
    open_checkin(page, staff, lab)
    page.context.set_offline(True)

    page.get_by_role("button", name="Check in Ștefan Țepeș").click()

    queue = page.locator("#checkin-queue")
    expect(queue).to_be_visible()
    expect(queue).to_contain_text("Check-ins waiting to be sent: 1.")
    expect(expected_row(page, stefan)).to_contain_text("waiting to be sent")
    expect(page.locator("#checkin-result")).to_contain_text("No connection")
    assert not CheckIn.objects.exists()
    screenshot(page, "checkin-offline")
    assert_accessible(page)

    page.context.set_offline(False)

    expect(queue).to_be_hidden()
    expect(page.locator("#checkin-result")).to_have_text("Ștefan Țepeș is checked in.")
    expect(expected_row(page, stefan)).to_contain_text("Checked in at")
    arrival = CheckIn.objects.get()
    assert arrival.invitation == stefan and arrival.checked_in_by == staff
    assert arrival.device.startswith("device ")
    # The kept check-in survives a reload of the page too: nothing is left to send.
    page.reload()
    expect(page.locator("#checkin-queue")).to_be_hidden()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_walk_in_registered_on_the_phone_is_counted(page, staff, lab, guests):
    open_checkin(page, staff, lab)
    page.get_by_text("Someone came without an invitation").click()
    page.get_by_label("First name").fill("Radu")
    page.get_by_label("Last name").fill("Ionescu")
    page.get_by_label("Organisation", exact=True).fill("Atelier 13")
    page.get_by_label("Type of organisation").select_option("sme")
    page.get_by_label("E-mail", exact=True).fill("radu@example.ro")
    page.get_by_label("to invite me to its next labs").check()
    assert_accessible(page)

    page.get_by_role("button", name="Register and check in").click()

    expect(page.get_by_role("status").first).to_contain_text("Radu Ionescu is registered")
    expect(page.locator("#headcount")).to_contain_text("Walk-ins 1")
    radu = Stakeholder.objects.get(email="radu@example.ro")
    arrival = radu.invitations.get().checkin
    assert arrival.is_walk_in and arrival.device.startswith("device ")
    assert radu.consents.get().method == "in_person"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_scanning_the_qr_code_of_the_confirmation_checks_the_person_in(
    browser, live_server, staff, lab, guests, tmp_path
):
    dan = guests["dan"]
    rsvp_record(invitation=dan, answer="attend")  # declined at first
    confirmations_queue()  # the worker writes the confirmation
    confirmation = OutboundMessage.objects.get(kind="confirmation", recipient=dan.stakeholder.email)
    message = email.message_from_bytes(bytes(confirmation.raw), policy=email.policy.default)
    qr = next(part for part in message.walk() if part.get_filename() == "checkin.png")
    camera = browser_with_camera(browser, camera_showing(qr.get_content(), tmp_path / "qr.y4m"))
    try:
        context = camera.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(TIMEOUT_MS)
        context.grant_permissions(["camera"])
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        open_checkin(page, staff, lab)

        page.get_by_role("button", name="Scan a QR code").click()

        expect(page.locator("#checkin-result")).to_have_text("Dan Pop is checked in.")
        expect(expected_row(page, dan)).to_contain_text("Checked in at")
        expect(page.locator("#headcount")).to_contain_text("Checked in 1")
        assert CheckIn.objects.get().invitation == dan
        # The code stays in front of the camera: it is read once, not again and again.
        page.wait_for_timeout(4000)
        assert sum(url.endswith("/checkin/scan/") for url in requested) == 1
        expect(page.locator("#checkin-result")).to_have_text("Dan Pop is checked in.")
        page.get_by_role("button", name="Stop the camera").click()
        expect(page.get_by_role("button", name="Scan a QR code")).to_be_focused()
        # The reader and its WebAssembly come from this server, never from a CDN.
        assert any(url.endswith("zxing_reader.wasm") for url in requested)
        assert all(url.startswith((live_server.url, "data:", "blob:")) for url in requested)
    finally:
        camera.close()


def test_the_page_speaks_romanian(staff_client, lab, guests):
    # The locale middleware leaves the language of the request active in this thread.
    with translation.override("en"):
        page = staff_client.get(page_url(lab), HTTP_ACCEPT_LANGUAGE="ro").content.decode()
        answer = staff_client.post(
            page_url(lab, "checkin_record", guests["stefan"].pk),
            HTTP_ACCEPT_LANGUAGE="ro",
            **JSON,
        ).json()
    assert "<h1>Înregistrare la intrare</h1>" in page
    assert "Căutați după nume" in page
    assert "Persoane înregistrate <strong>0</strong>" in " ".join(page.split())
    assert answer["message"] == "Înregistrare făcută: Ștefan Țepeș."


def test_a_name_ending_in_an_initial_ends_the_romanian_message_with_one_full_stop(
    staff_client, lab
):
    ioana = invite(lab, "Ioana", "Î.")

    with translation.override("en"):
        answer = staff_client.post(
            page_url(lab, "checkin_record", ioana.pk), HTTP_ACCEPT_LANGUAGE="ro", **JSON
        ).json()

    assert answer["message"] == "Înregistrare făcută: Ioana Î."
