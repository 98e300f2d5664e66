"""The journey of an invited person, in a real browser under axe-core, in both languages.

Staff invite two people from the lab's page and read the Romanian invitation in the
outbox (no mail server in tests: mail stays there); its link opens the personal RSVP page,
where the guest answers, changes the answer, and later finds the deadline passed.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from learninglab.browser_testing import (
    TIMEOUT_MS,
    assert_accessible,
    log_in,
    screenshot,
    switch_language,
)
from learninglab.conftest import PASSWORD
from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.links import checkin_code, rsvp_url
from learninglab.labs.models import AgendaItem, Invitation, Lab, Response
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.delivery import deliver_due
from learninglab.messaging.models import OutboundMessage
from learninglab.messaging.reading import message_read

pytestmark = pytest.mark.browser


@pytest.fixture
def lab(partner) -> Lab:
    """A published lab with agenda, contacts, a capacity and its texts in Romanian and English."""
    lab = LabFactory(
        partner=partner,
        slug="timisoara-lll-2",
        capacity=25,
        description={
            "ro": "Un atelier despre moștenirea Capitalei Europene a Culturii.",
            "en": "A workshop on the legacy of the European Capital of Culture.",
        },
        invitation_subject={
            "ro": "Invitație la {lab}: {theme}",
            "en": "Invitation to the {lab}: {theme}",
        },
        invitation_body={
            "ro": "Bună ziua, {name},\n\nVă invităm la {lab}, {date}, ora {time}, la {venue}."
            "\n\nVă rugăm să răspundeți până la {deadline}:\n{rsvp_link}"
            "\n\nPersoane de contact:\n{contacts}",
            "en": "Dear {name},\n\nWe invite you to the {lab} on {date} at {time}, at {venue}."
            "\n\nPlease answer by {deadline}:\n{rsvp_link}\n\nContact persons:\n{contacts}",
        },
    )
    for position, (starts_at, ro, en, speaker) in enumerate(
        [
            (datetime.time(10, 0), "Cuvânt de deschidere", "Opening words", "Primăria Timișoara"),
            (datetime.time(10, 30), "Lucru pe grupe", "Group work", "Asociația Meșterilor"),
        ]
    ):
        AgendaItem.objects.create(
            lab=lab,
            starts_at=starts_at,
            title={"ro": ro, "en": en},
            speaker=speaker,
            position=position,
        )
    LabContactFactory(lab=lab)  # Irina Vlad takes the answers
    LabContactFactory(
        lab=lab,
        role="manager",
        name="Mihai Ionescu",
        function={"ro": "manager de proiect", "en": "project manager"},
        email="mihai.ionescu@example.org",
        phone="+40700000102",
        position=1,
    )
    return lab


@pytest.fixture
def guests(partner) -> dict[str, object]:
    """Two people who agreed to be invited, one Romanian-speaking, one English-speaking."""
    organisation = OrganisationFactory(partner=partner, name="Atelier 13")
    people = {
        "ro": StakeholderFactory(
            partner=partner,
            first_name="Ioana",
            last_name="Mureșan",
            email="ioana.muresan@example.ro",
            organisation=organisation,
            language="ro",
        ),
        "en": StakeholderFactory(
            partner=partner,
            first_name="David",
            last_name="Clarke",
            email="david.clarke@example.org",
            language="en",
        ),
    }
    for person in people.values():
        ConsentFactory(stakeholder=person)
    return people


@pytest.fixture
def guest_page(browser, live_server):
    """Open a page in a fresh browser context, without login, in a browser of ``locale``."""
    contexts = []

    def open_page(locale: str):
        context = browser.new_context(
            base_url=live_server.url, locale=locale, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def assert_accessible_in_both_languages(page) -> None:
    """Check the page with axe in English, then in Romanian; leave it in English."""
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    switch_language(page, "ro")
    assert page.locator("html").get_attribute("lang") == "ro"
    assert_accessible(page)
    switch_language(page, "en")


def facts(section) -> dict[str, str]:
    """Return a definition list's terms and their descriptions."""
    terms = section.locator("dt").all_inner_texts()
    return dict(zip(terms, section.locator("dd").all_inner_texts(), strict=True))


def answer_state(page) -> str:
    return page.locator(".answer-state").inner_text().strip()


def local_date(lab: Lab, language: str) -> str:
    """Return the day of the lab as the pages write it in ``language``."""
    with translation.override(language):
        return formats.date_format(lab.local_starts_at, "l, j F Y")


def submit_answer(page, *, choice: str, note: str = "") -> None:
    """Type the note, if any, then tap the answer's button: one tap sends both."""
    form = page.locator("section.answer > form")  # not the colleague's form, folded below it
    if note:
        form.get_by_role("textbox").fill(note)
    with page.expect_navigation():
        form.get_by_role("button", name=choice).click()


def test_invited_person_answers_through_the_link_of_the_e_mail(
    page, guest_page, live_server, settings, staff, lab, guests
):
    # The links in the e-mails point at this server; mail stays in the local outbox.
    settings.SITE_URL = live_server.url
    settings.EMAIL_HOST = ""
    ioana, david = guests["ro"], guests["en"]

    # Staff: log in, open the lab, invite both people.
    page.goto("/accounts/login/")
    assert_accessible_in_both_languages(page)
    log_in(page, email=staff.email, password=PASSWORD)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Labs").click()
    page.get_by_role("link", name="Local Learning Lab, round 2").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Local Learning Lab, round 2"
    assert_accessible_in_both_languages(page)

    page.get_by_role("link", name="Invite people").click()
    expect(page.get_by_role("heading", name="To invite: 2 people")).to_be_visible()
    assert page.get_by_label("Mureșan, Ioana").is_checked()
    assert page.get_by_label("Clarke, David").is_checked()
    assert_accessible_in_both_languages(page)
    page.get_by_role("button", name="Send: invite the ticked people").click()
    page.wait_for_url(f"**{lab.get_absolute_url()}")
    assert page.get_by_role("status").first.inner_text().startswith("2 people invited.")

    invitations = {i.stakeholder_id: i for i in Invitation.objects.filter(lab=lab)}
    assert set(invitations) == {ioana.pk, david.pk}
    assert all(i.message_id for i in invitations.values())  # queued on commit
    assert deliver_due() == 2

    # Staff read the Romanian invitation in the outbox and follow its link.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outbox").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Outbox"
    assert_accessible_in_both_languages(page)
    subject = "Invitație la Atelierul Local de Învățare, sesiunea 2: " + lab.theme["ro"]
    page.locator("main tbody tr", has_text=ioana.email).get_by_role("link").click()
    assert page.get_by_role("heading", level=1).inner_text() == subject
    headers = facts(page.locator("section:has(#headers-heading)"))
    assert headers["To"] == ioana.email
    assert headers["Subject"] == subject
    assert headers["Content-Language"] == "ro"
    assert headers["Reply-To"] == "irina.vlad@example.org"
    text = page.locator(".mail-text").inner_text()
    assert text.startswith("Bună ziua, Ioana Mureșan,")
    assert "Vă rugăm să răspundeți până la" in text
    assert "Irina Vlad (responsabil comunicare)" in text
    html_version = page.frame_locator("iframe")
    assert html_version.locator("html").get_attribute("lang") == "ro"
    expect(html_version.get_by_role("link", name="Răspundeți la invitație")).to_be_visible()
    screenshot(page, "outbox-message")
    assert_accessible_in_both_languages(page)

    link = page.locator(".mail-text a[href*='/rsvp/']")
    url = rsvp_url(invitations[ioana.pk])
    assert link.get_attribute("href") == url
    link.click()
    page.wait_for_url(url)
    assert page.locator("html").get_attribute("lang") == "ro"

    # The guest, in a browser of her own: the lab in Romanian.
    guest = guest_page("ro-RO")
    guest.goto(url)
    assert guest.locator("html").get_attribute("lang") == "ro"
    assert guest.get_by_role("heading", level=1).inner_text() == (
        "Atelierul Local de Învățare, sesiunea 2"
    )
    main = guest.locator("main")
    assert guest.locator(".lead").inner_text() == lab.theme["ro"]
    assert "Invitație personală pentru Ioana Mureșan." in main.inner_text()
    lab_facts = facts(main.locator("dl.facts"))
    assert lab_facts["Când"].startswith(local_date(lab, "ro"))
    assert lab_facts["Unde"] == f"{lab.venue_name}, {lab.venue_address}"
    agenda = main.locator("section:has(#agenda-heading) tbody").inner_text()
    assert "Cuvânt de deschidere" in agenda
    assert "Lucru pe grupe" in agenda
    contacts = main.locator("section:has(#contacts-heading)").inner_text()
    assert "Irina Vlad — responsabil comunicare" in contacts
    assert "Mihai Ionescu — manager de proiect" in contacts
    assert answer_state(guest) == "Fără răspuns încă"
    screenshot(guest, "rsvp-page")
    assert_accessible(guest)

    # She will attend, with a note: the page confirms it and so does an e-mail.
    submit_answer(guest, choice="Voi participa", note="Vin cu un coleg în scaun cu rotile.")
    assert guest.get_by_role("status").inner_text() == (
        "Vă mulțumim, răspunsul dumneavoastră a fost înregistrat."
    )
    assert answer_state(guest) == "Participă"
    expect(guest.get_by_role("img", name="Cod QR de arătat la intrare")).to_be_visible()
    screenshot(guest, "rsvp-attending")
    assert_accessible(guest)
    invitation = Invitation.objects.get(pk=invitations[ioana.pk].pk)
    assert invitation.response == Response.ATTENDING
    assert invitation.response_note == "Vin cu un coleg în scaun cu rotile."

    assert confirmations_queue() == 1  # the worker writes the confirmation, then sends it
    assert deliver_due() == 1
    confirmation = OutboundMessage.objects.get(kind="confirmation", recipient=ioana.email)
    assert confirmation.subject.startswith("Vă așteptăm la Atelierul Local de Învățare, sesiunea 2")
    read = message_read(confirmation)
    assert [(a.get_filename(), a.get_content_type()) for a in read.attachments] == [
        ("invite.ics", "text/calendar")
    ]

    # She changes her mind; opening the link again afterwards changes nothing.
    submit_answer(guest, choice="Nu pot participa")
    assert answer_state(guest) == "Nu participă"
    assert_accessible(guest)
    declined = Invitation.objects.get(pk=invitation.pk)
    assert declined.response == Response.DECLINED
    guest.goto(url)
    assert answer_state(guest) == "Nu participă"
    assert guest.locator("section.answer").get_by_role("img").count() == 0  # no check-in code
    again = Invitation.objects.get(pk=invitation.pk)
    assert (again.response, again.answer_count, again.responded_at, again.updated_at) == (
        declined.response,
        declined.answer_count,
        declined.responded_at,
        declined.updated_at,
    )

    # The English-speaking guest reads the same lab in English.
    english_url = rsvp_url(invitations[david.pk])
    english_guest = guest_page("en-GB")
    english_guest.goto(english_url)
    assert english_guest.locator("html").get_attribute("lang") == "en"
    assert english_guest.get_by_role("heading", level=1).inner_text() == (
        "Local Learning Lab, round 2"
    )
    assert english_guest.locator(".lead").inner_text() == lab.theme["en"]
    assert facts(english_guest.locator("main dl.facts"))["When"].startswith(local_date(lab, "en"))
    assert "Opening words" in english_guest.locator("main").inner_text()
    assert answer_state(english_guest) == "No answer yet"
    assert_accessible(english_guest)
    submit_answer(english_guest, choice="I will attend")
    assert english_guest.get_by_role("status").inner_text() == "Thank you, your answer is recorded."
    assert answer_state(english_guest) == "Attending"
    assert_accessible(english_guest)

    # After the deadline the links show whom to contact instead of the form.
    Lab.objects.filter(pk=lab.pk).update(rsvp_deadline=timezone.now() - datetime.timedelta(hours=1))
    for language, person_page, page_url, passed in (
        ("ro", guest, url, "Termenul de răspuns a expirat."),
        ("en", english_guest, english_url, "The time to answer has passed."),
    ):
        person_page.goto(page_url)
        notice = person_page.locator("main .answer .message").inner_text()
        assert notice.startswith(passed)
        assert "Irina Vlad" in notice
        assert "irina.vlad@example.org" in notice
        assert "+40 700 000 101" in notice
        assert person_page.locator("main form").count() == 0
        screenshot(person_page, f"rsvp-deadline-passed-{language}")
        assert_accessible(person_page)

    # A link with one character changed gets the page that explains broken links.
    token = url.rstrip("/").rsplit("/", 1)[1]
    tampered = url.replace(token, token[:-1] + ("0" if token[-1] != "0" else "1"))
    for person_page, heading in (
        (guest, "Acest link nu funcționează"),
        (english_guest, "This link does not work"),
    ):
        response = person_page.goto(tampered)
        assert response.status == 404
        assert person_page.get_by_role("heading", level=1).inner_text() == heading
        assert_accessible(person_page)


SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
ONE_TAP = {
    "ro": ("Voi participa", "Nu pot participa", "Participă", "Cod QR de arătat la intrare"),
    "en": ("I will attend", "I cannot attend", "Attending", "QR code to show at the door"),
}


def assert_on_first_screen(page, locator) -> None:
    """Fail unless the element lies wholly inside the viewport, as the page first shows."""
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["x"] + box["width"] <= size["width"]
    assert box["y"] + box["height"] <= size["height"]


@pytest.mark.parametrize(
    ("language", "screen"), [("ro", "phone"), ("en", "phone"), ("ro", "desktop"), ("en", "desktop")]
)
def test_a_guest_answers_with_one_tap(
    browser, live_server, transactional_db, settings, lab, guests, language, screen
):
    settings.SITE_URL = live_server.url
    attend, decline, attending, qr_name = ONE_TAP[language]
    invitation = InvitationFactory(lab=lab, stakeholder=guests[language], language=language)
    context = browser.new_context(
        base_url=live_server.url,
        locale=f"{language}-RO" if language == "ro" else "en-GB",
        viewport=SCREENS[screen],
        is_mobile=screen == "phone",
        has_touch=screen == "phone",
    )
    context.set_default_timeout(TIMEOUT_MS)
    guest = context.new_page()
    try:
        guest.goto(rsvp_url(invitation))
        assert guest.locator("html").get_attribute("lang") == language
        # The two answers are the first thing to reach for: on the first screen, unscrolled.
        buttons = guest.locator("section.answer .answer-buttons")
        for name in (attend, decline):
            assert_on_first_screen(guest, buttons.get_by_role("button", name=name))
        assert guest.locator("section.answer").get_by_role("img").count() == 0
        screenshot(guest, f"rsvp-one-tap-{screen}-{language}-before")
        assert_accessible(guest)

        with guest.expect_navigation():
            button = buttons.get_by_role("button", name=attend)
            button.tap() if screen == "phone" else button.click()
        assert Invitation.objects.get(pk=invitation.pk).response == Response.ATTENDING
        assert answer_state(guest) == attending

        # After answering: the door's QR code, its code as text, and the calendar file.
        qr = guest.get_by_role("img", name=qr_name)
        expect(qr).to_be_visible()
        assert qr.evaluate("image => image.naturalWidth") > 0  # the image really draws
        expect(guest.locator("section.answer code")).to_have_text(checkin_code(invitation))
        calendar = guest.locator("section.answer a[href$='/lab.ics']")
        expect(calendar).to_be_visible()
        download = guest.request.get(calendar.get_attribute("href"))
        assert download.status == 200
        assert download.headers["content-type"].startswith("text/calendar")
        assert "BEGIN:VEVENT" in download.text()
        screenshot(guest, f"rsvp-one-tap-{screen}-{language}-after")
        assert_accessible(guest)
    finally:
        context.close()


def test_public_page_of_the_lab_in_both_languages(page, lab):
    page.goto(f"{lab.get_public_url()}?lang=ro")
    assert page.locator("html").get_attribute("lang") == "ro"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Atelierul Local de Învățare, sesiunea 2"
    )
    assert page.locator(".lead").inner_text() == lab.theme["ro"]
    assert "Cuvânt de deschidere" in page.locator("main").inner_text()
    screenshot(page, "public-ro")
    assert_accessible(page)

    page.goto(f"{lab.get_public_url()}?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Local Learning Lab, round 2"
    assert page.locator(".lead").inner_text() == lab.theme["en"]
    assert "Opening words" in page.locator("main").inner_text()
    assert_accessible(page)
