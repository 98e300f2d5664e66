"""What an invited person sees is in their language: Italian through our catalogue and
Django's, English for a language the site has no catalogue of."""

from __future__ import annotations

import dataclasses
import shutil

import polib
import pytest
from django.test import Client
from django.utils import formats, translation

from learninglab.core import i18n_check
from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.links import rsvp_url
from learninglab.labs.models import Invitation
from learninglab.labs.services.answer import rsvp_record
from learninglab.labs.services.invitation import invitations_send
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.models import OutboundMessage
from learninglab.messaging.reading import ReadMessage, message_read

pytestmark = pytest.mark.django_db

needs_gettext = pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext")


@pytest.fixture
def lab(other_partner):
    lab = LabFactory(
        partner=other_partner,
        theme={
            "it": "Come può la cultura far crescere le PMI?",
            "en": "How can culture grow SMEs?",
        },
        time_zone="Europe/Rome",
        venue_name="Casa Cava",
        venue_address="Via San Pietro Barisano, Matera",
    )
    LabContactFactory(lab=lab)
    return lab


def invited(lab, language: str) -> Invitation:
    return InvitationFactory(
        lab=lab,
        language=language,
        stakeholder__first_name="Giulia",
        stakeholder__last_name="Russo",
        stakeholder__email="giulia.russo@example.com",
        stakeholder__language=language,
    )


def sent(kind: str) -> ReadMessage:
    """Return the one e-mail of ``kind`` queued, its text with plain newlines."""
    (message,) = OutboundMessage.objects.filter(kind=kind)
    read = message_read(message)
    return dataclasses.replace(read, text=read.text.replace("\r\n", "\n"))


def rsvp_page(invitation: Invitation, **post: str) -> str:
    url = rsvp_url(invitation)
    response = Client().post(url, post) if post else Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


# Italian


def test_an_italian_speaker_is_invited_in_italian(lab):
    invitation = invited(lab, "it")
    invitations_send(lab_id=lab.pk)

    invitation_mail = sent("invitation")
    assert ("Content-Language", "it") in invitation_mail.headers
    (subject,) = [value for name, value in invitation_mail.headers if name == "Subject"]
    assert subject.startswith("Invito: Laboratorio locale di apprendimento, 2ª edizione, ")
    assert invitation_mail.text.startswith("Gentile Giulia Russo,\n\nLa invitiamo a partecipare")
    assert "Tema: Come può la cultura far crescere le PMI?" in invitation_mail.text
    assert rsvp_url(invitation) in invitation_mail.text
    assert "Riceve questo messaggio perché ha acconsentito" in invitation_mail.text
    assert "Non ricevere più questi inviti" in invitation_mail.html
    # The date is written by Django, with its Italian month names.
    with translation.override("it"):
        day = formats.date_format(lab.local_starts_at, "DATE_FORMAT")
    assert f"in data {day} alle ore" in invitation_mail.text


def test_an_italian_speaker_s_confirmation_is_in_italian(lab):
    invitation = invited(lab, "it")
    rsvp_record(invitation=invitation, answer="attend")
    confirmations_queue()

    confirmation = sent("confirmation")
    (subject,) = [value for name, value in confirmation.headers if name == "Subject"]
    assert subject.startswith("La aspettiamo: Laboratorio locale di apprendimento")
    assert "La ringraziamo: La aspettiamo all'incontro" in confirmation.text
    assert "Il Suo codice di registrazione: " in confirmation.text
    assert "Aggiunga al Suo calendario:" in confirmation.html


def test_an_italian_speaker_s_rsvp_page_is_in_italian(lab):
    page = rsvp_page(invited(lab, "it"))

    assert '<html lang="it"' in page
    assert "Invito personale per Giulia Russo." in page
    assert "Ancora nessuna risposta" in page
    assert "Parteciperò" in page
    assert "Non potrò partecipare" in page
    assert "Persone di contatto" in page
    assert "Vai al contenuto" in page


def test_django_s_own_form_messages_are_in_italian_too(lab):
    page = rsvp_page(invited(lab, "it"), note="")

    assert "Questo campo è obbligatorio." in page  # Django's catalogue
    assert "La Sua risposta" in page


def test_a_refused_answer_is_explained_in_italian(lab):
    invitation = invited(lab, "it")
    url = rsvp_url(invitation).removesuffix("/") + "/colleague/"
    own_address = {
        "first_name": "Marco",
        "last_name": "Bianchi",
        "email": "Giulia.Russo@example.com",
    }

    response = Client().post(url, own_address, follow=True)

    assert (
        "Indichi l&#x27;indirizzo e-mail personale del/della collega." in response.content.decode()
    )


def test_the_live_wall_asks_for_the_code_in_italian():
    response = Client().post("/join/?lang=it", {"code": ""})

    page = response.content.decode()
    assert "Partecipa alla bacheca interattiva" in page
    assert "Codice mostrato sullo schermo" in page
    assert "Questo campo è obbligatorio." in page


# The other partners' languages


@pytest.mark.parametrize(
    ("language", "your_answer", "attend", "required"),
    [
        ("nl", "Uw antwoord", "Ik kom", "Dit veld is verplicht."),
        ("hr", "Vaš odgovor", "Sudjelovat ću", "Unos za ovo polje je obavezan."),
        ("lt", "Jūsų atsakymas", "Dalyvausiu", "Šis laukas yra privalomas."),
    ],
)
def test_dutch_croatian_and_lithuanian_speakers_answer_in_their_language(
    lab, language, your_answer, attend, required
):
    invitation = invited(lab, language)

    page = rsvp_page(invitation, note="")  # no answer chosen: the form says what is missing

    assert f'lang="{language}"' in page
    assert your_answer in page
    assert attend in page
    assert required in page


# A language without a catalogue


def test_a_language_without_a_catalogue_is_written_in_the_partners_language(lab):
    # Finnish has no catalogue here: the Italian partner writes in Italian, not in English.
    invitation = invited(lab, "fi")
    invitations_send(lab_id=lab.pk)

    invitation_mail = sent("invitation")
    (subject,) = [value for name, value in invitation_mail.headers if name == "Subject"]
    assert subject.startswith("Invito: Laboratorio locale di apprendimento, 2ª edizione, ")
    assert invitation_mail.text.startswith("Gentile Giulia Russo,\n\nLa invitiamo a partecipare")
    page = rsvp_page(invitation)
    assert '<html lang="it"' in page
    assert "Parteciperò" in page
    invitation.refresh_from_db()
    assert invitation.stakeholder.language == "fi"  # kept, for when a catalogue comes


def test_a_language_without_a_catalogue_gets_django_s_messages_in_that_language_too(lab):
    page = rsvp_page(invited(lab, "fi"), note="")

    assert "Questo campo è obbligatorio." in page


# The catalogues


@pytest.fixture(scope="module")
def fresh():
    """Every string of the code, extracted afresh (the catalogues are left as they were)."""
    return i18n_check.extracted()


# Both tests on one worker, so that the code is extracted once.
@pytest.mark.xdist_group("catalogues")
@needs_gettext
def test_each_stakeholder_catalogue_holds_exactly_the_stakeholder_facing_strings(fresh):
    wanted = {(e.msgctxt or "", e.msgid) for e in fresh if i18n_check.is_stakeholder_facing(e)}
    assert len(wanted) > 150
    for language in i18n_check.STAKEHOLDER_ONLY_LANGUAGES:
        po = polib.pofile(str(i18n_check.catalogue_path(language)))
        assert {(e.msgctxt or "", e.msgid) for e in po} == wanted, language


def test_the_catalogues_have_their_language_s_plural_forms():
    for language, forms in {"it": 2, "nl": 2, "hr": 3, "lt": 3}.items():
        po = polib.pofile(str(i18n_check.catalogue_path(language)))
        assert po.metadata["Plural-Forms"].startswith(f"nplurals={forms};"), language
        assert po.metadata["Language"] == language
        for entry in po:
            if entry.msgid_plural:
                assert len(entry.msgstr_plural) == forms, (language, entry.msgid)


@pytest.mark.xdist_group("catalogues")
@needs_gettext
def test_the_italian_catalogue_is_complete(fresh):
    assert i18n_check.problems_of("it", fresh) == []


def test_trimming_keeps_the_stakeholder_context_and_the_month_names(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n_check, "LOCALE_DIR", tmp_path)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for context, msgid in [
        ("stakeholder", "Your answer"),
        (None, "Your answer"),  # the same words on a staff page
        ("headcount", "Expected"),
        (None, "May"),
        ("alt. month", "May"),
    ]:
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr="x"))
    i18n_check.catalogue_path("it").parent.mkdir(parents=True)
    po.save(str(i18n_check.catalogue_path("it")))

    assert i18n_check.trim("it") == (2, 2)

    kept = polib.pofile(str(i18n_check.catalogue_path("it")))
    assert [(e.msgctxt, e.msgid) for e in kept] == [("stakeholder", "Your answer"), (None, "May")]


def test_the_check_refuses_a_staff_string_in_a_stakeholder_catalogue(tmp_path, monkeypatch):
    monkeypatch.setattr(i18n_check, "LOCALE_DIR", tmp_path)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(polib.POEntry(msgctxt="stakeholder", msgid="Hello {name}", msgstr="Ciao"))
    po.append(polib.POEntry(msgid="Log out", msgstr="Esci"))
    po.append(polib.POEntry(msgctxt="stakeholder", msgid="Your answer", msgstr=""))
    i18n_check.catalogue_path("it").parent.mkdir(parents=True)
    po.save(str(i18n_check.catalogue_path("it")))

    assert i18n_check.problems_of("it", None) == [
        "not translated: 'Your answer'",
        "placeholders differ: 'Hello {name}'",
        "not seen by stakeholders: 'Log out'",
    ]
