"""The staff pages of labs: list, create and edit, status, progress, answers and exports."""

from __future__ import annotations

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry, Via
from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.labs.emails import PLACEHOLDERS
from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.models import (
    AgendaItem,
    Invitation,
    Lab,
    LabContact,
    LabStatus,
    Response,
    ResponseVia,
)
from learninglab.labs.services.invitation import invitations_create, invitations_send
from learninglab.labs.tests.factories import (
    InvitationFactory,
    LabContactFactory,
    LabFactory,
    answer_set,
    tomorrow_at_ten,
)
from learninglab.messaging.models import MessageState, OutboundMessage
from learninglab.stakeholders.models import Stakeholder

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
BOM = b"\xef\xbb\xbf"


def lab_post(**changes: str) -> dict[str, str]:
    """Return what the lab form of a Romanian partner posts, with ``changes`` applied."""
    data = {
        "kind": "local_lab",
        "round_number": "2",
        "date": "2030-11-20",
        "start_time": "10:00",
        "end_time": "13:00",
        "rsvp_deadline": "",
        "reminder_days": "3",
        "venue_name": "Spațiul Expozițional al Primăriei",
        "venue_address": "Piața Victoriei nr. 5, Timișoara",
        "map_url": "",
        "online_url": "",
        "capacity": "40",
        "previous": "",
        "theme_ro": "Cum poate deveni programul CEaC o oportunitate?",
        "theme_en": "How can the ECoC programme become an opportunity?",
        "description_ro": "",
        "description_en": "",
        "results_ro": "",
        "results_en": "",
        "invitation_subject_ro": "Invitație: {lab}, {date}",
        "invitation_subject_en": "",
        "invitation_body_ro": "Stimată doamnă / Stimate domn {name},\n\n{rsvp_link}",
        "invitation_body_en": "Dear {name},\n\n{rsvp_link}",
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-starts_at": "10:00",
        "agenda-0-title_ro": "Cuvânt de bun venit",
        "agenda-0-title_en": "Welcome",
        "agenda-0-speaker": "Primăria Timișoara",
        "agenda-1-starts_at": "10:30",
        "agenda-1-title_ro": "Ateliere",
        "agenda-1-title_en": "",
        "agenda-1-speaker": "",
        "contacts-TOTAL_FORMS": "3",
        "contacts-INITIAL_FORMS": "2",
        "contacts-0-role": "rsvp",
        "contacts-0-name": "Irina Vlad",
        "contacts-0-function_ro": "responsabil comunicare",
        "contacts-0-function_en": "communication officer",
        "contacts-0-email": "Irina.Vlad@Example.org",
        "contacts-0-phone": "0731 540 977",
        "contacts-1-role": "manager",
        "contacts-1-name": "",
        "contacts-2-role": "other",
    }
    data.update(changes)
    return data


@pytest.fixture
def lab(partner) -> Lab:
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    LabContactFactory(lab=lab, phone="+40731540977")
    AgendaItem.objects.create(
        lab=lab, starts_at=datetime.time(10), title={"ro": "Bun venit", "en": "Welcome"}
    )
    return lab


@pytest.fixture
def other_lab(other_partner) -> Lab:
    return LabFactory(partner=other_partner, slug="matera-lll-2", time_zone="Europe/Rome")


def invite(lab: Lab, *people: Stakeholder) -> list[Invitation]:
    """Invite consenting ``people`` through the services and queue their e-mails."""
    for person in people:
        ConsentFactory(stakeholder=person)
    pks = [p.pk for p in people]
    invitations_create(actor=None, lab=lab, people=Stakeholder.objects.filter(pk__in=pks))
    invitations_send(lab_id=lab.pk)
    return list(lab.invitations.order_by("pk"))


# The list


def test_list_shows_upcoming_labs_first_then_past_ones_with_counts(
    staff_client, partner, other_lab, django_assert_num_queries
):
    now = timezone.now()
    soon = LabFactory(partner=partner, slug="soon", starts_at=now + datetime.timedelta(days=3))
    later = LabFactory(partner=partner, slug="later", starts_at=now + datetime.timedelta(days=30))
    past = LabFactory(
        partner=partner,
        slug="past",
        starts_at=now - datetime.timedelta(days=30),
        status=LabStatus.HELD,
    )
    InvitationFactory(lab=soon, response=Response.ATTENDING)
    InvitationFactory(lab=soon, response=Response.DECLINED)
    InvitationFactory(lab=soon)

    with django_assert_num_queries(5):  # session, user, upcoming, past, their counts
        response = staff_client.get(reverse("labs:list"))

    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [soon, later]
    assert list(response.context["past"]) == [past]
    html = response.content.decode()
    assert html.index("/labs/soon/") < html.index("/labs/later/") < html.index("/labs/past/")
    assert "matera-lll-2" not in html
    counts = {
        lab.slug: (lab.attending_count, lab.invited_count) for lab in response.context["upcoming"]
    }
    assert counts == {"soon": (1, 3), "later": (0, 0)}
    assert "Held" in html


def test_list_shows_the_date_in_the_labs_time_zone(staff_client, partner):
    LabFactory(partner=partner, starts_at=datetime.datetime(2030, 11, 20, 8, 0, tzinfo=UTC))

    html = staff_client.get(reverse("labs:list")).content.decode()

    assert "20 November 2030, 10:00" in html
    assert "Europe/Bucharest" in html


def test_the_main_navigation_leads_to_the_labs(staff_client, facilitator):
    for client in (staff_client, client_for(facilitator)):
        html = client.get(reverse("core:home")).content.decode()
        assert f'href="{reverse("labs:list")}"' in html


# Creating and editing


def test_create_stores_texts_per_language_and_times_in_utc(staff_client, partner, staff):
    response = staff_client.post(reverse("labs:create"), lab_post())

    lab = Lab.objects.get()
    assert response.status_code == 302
    assert response.url == lab.get_absolute_url()
    assert lab.partner == partner
    assert lab.status == LabStatus.DRAFT
    # 10:00 in Bucharest in November (UTC+2) is 08:00 UTC.
    assert lab.starts_at == datetime.datetime(2030, 11, 20, 8, 0, tzinfo=UTC)
    assert lab.ends_at == datetime.datetime(2030, 11, 20, 11, 0, tzinfo=UTC)
    assert lab.rsvp_deadline == datetime.datetime(2030, 11, 18, 8, 0, tzinfo=UTC)
    assert lab.time_zone == "Europe/Bucharest"
    assert lab.theme == {
        "ro": "Cum poate deveni programul CEaC o oportunitate?",
        "en": "How can the ECoC programme become an opportunity?",
    }
    assert lab.invitation_subject == {"ro": "Invitație: {lab}, {date}"}
    assert set(lab.invitation_body) == {"ro", "en"}
    assert lab.capacity == 40
    agenda = list(lab.agenda.all())
    assert [(i.starts_at, i.title, i.speaker) for i in agenda] == [
        (datetime.time(10), {"ro": "Cuvânt de bun venit", "en": "Welcome"}, "Primăria Timișoara"),
        (datetime.time(10, 30), {"ro": "Ateliere"}, ""),
    ]
    contact = lab.contacts.get()
    assert (contact.role, contact.email, contact.phone) == (
        "rsvp",
        "irina.vlad@example.org",
        "+40731540977",
    )
    assert contact.function == {"ro": "responsabil comunicare", "en": "communication officer"}
    assert AuditEntry.objects.filter(action="labs.lab.created", actor=staff).exists()


def test_the_form_has_a_field_per_language_and_shows_the_time_zone(staff_client):
    html = staff_client.get(reverse("labs:create")).content.decode()

    for name in ("theme_ro", "theme_en", "invitation_body_ro", "invitation_body_en"):
        assert f'name="{name}"' in html
    assert 'name="theme_it"' not in html
    assert "Europe/Bucharest" in html
    # The placeholders an invitation may use are listed with what they become.
    for name, description in PLACEHOLDERS.items():
        assert "{" + name + "}" in html
        assert str(description).replace("'", "&#x27;") in html


def test_a_chosen_deadline_is_read_in_the_labs_time_zone(staff_client):
    staff_client.post(reverse("labs:create"), lab_post(rsvp_deadline="2030-11-17T17:00"))

    assert Lab.objects.get().rsvp_deadline == datetime.datetime(2030, 11, 17, 15, 0, tzinfo=UTC)


def test_summer_time_is_taken_into_account(staff_client):
    staff_client.post(reverse("labs:create"), lab_post(date="2030-06-20"))

    # Bucharest is UTC+3 in summer.
    assert Lab.objects.get().starts_at == datetime.datetime(2030, 6, 20, 7, 0, tzinfo=UTC)


def test_a_time_the_clocks_skip_is_refused(staff_client):
    # On 31 March 2030 Bucharest moves from 03:00 to 04:00.
    response = staff_client.post(
        reverse("labs:create"), lab_post(date="2030-03-31", start_time="03:30")
    )

    assert response.status_code == 200
    assert "does not exist" in response.context["form"].errors["start_time"][0]
    assert not Lab.objects.exists()


def test_the_coordinator_chooses_the_partner_and_gets_its_languages_and_zone(
    coordinator_client, partner, other_partner
):
    response = coordinator_client.get(reverse("labs:create"))
    assert response.templates[0].name == "projects/choose_partner.html"

    url = reverse("labs:create") + "?partner=matera"
    html = coordinator_client.get(url).content.decode()
    assert 'name="theme_it"' in html
    assert 'name="theme_ro"' not in html
    assert "Europe/Rome" in html

    data = {
        key.replace("_ro", "_it"): value
        for key, value in lab_post(**{"contacts-0-phone": "+39 0835 123456"}).items()
    }
    response = coordinator_client.post(url, data)

    lab = Lab.objects.get()
    assert response.status_code == 302
    assert lab.partner == other_partner
    assert lab.time_zone == "Europe/Rome"
    assert lab.starts_at == datetime.datetime(2030, 11, 20, 9, 0, tzinfo=UTC)  # UTC+1
    assert set(lab.theme) == {"it", "en"}


def test_partner_staff_always_create_labs_of_their_own_partner(
    client, other_staff, partner, other_partner
):
    client = client_for(other_staff)
    data = {k.replace("_ro", "_it"): v for k, v in lab_post().items()}
    data["contacts-0-phone"] = "+39 0835 123456"

    client.post(reverse("labs:create") + "?partner=timisoara", data)

    assert Lab.objects.get().partner == other_partner


def test_edit_shows_local_times_and_saves_changes(staff_client, lab, staff):
    lab.starts_at = datetime.datetime(2030, 11, 20, 8, 0, tzinfo=UTC)
    lab.ends_at = datetime.datetime(2030, 11, 20, 11, 0, tzinfo=UTC)
    lab.rsvp_deadline = datetime.datetime(2030, 11, 18, 8, 0, tzinfo=UTC)
    lab.save()
    url = reverse("labs:edit", args=[lab.slug])

    html = staff_client.get(url).content.decode()
    assert 'value="10:00"' in html
    assert 'value="2030-11-20"' in html
    assert 'value="2030-11-18T10:00"' in html
    assert 'value="Irina Vlad"' in html

    data = lab_post(
        start_time="11:00",
        end_time="14:00",
        rsvp_deadline="2030-11-18T10:00",
        **{
            "agenda-INITIAL_FORMS": "1",
            "contacts-TOTAL_FORMS": "2",
            "contacts-INITIAL_FORMS": "1",
            "contacts-1-role": "other",
        },
    )
    response = staff_client.post(url, data)

    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.starts_at == datetime.datetime(2030, 11, 20, 9, 0, tzinfo=UTC)
    assert lab.rsvp_deadline == datetime.datetime(2030, 11, 18, 8, 0, tzinfo=UTC)
    assert lab.agenda.count() == 2
    entry = AuditEntry.objects.get(action="labs.lab.updated")
    assert entry.actor == staff
    assert set(entry.changes["after"]) >= {"starts_at", "ends_at", "capacity"}


def test_saving_an_unchanged_lab_writes_no_audit_entry(staff_client, lab):
    url = reverse("labs:edit", args=[lab.slug])
    contact = lab.contacts.get()
    data = lab_post(
        **{
            "agenda-TOTAL_FORMS": "0",
            "contacts-TOTAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-name": contact.name,
            "contacts-0-email": contact.email,
            "contacts-0-phone": contact.phone,
        }
    )

    staff_client.post(url, data)
    entries = AuditEntry.objects.filter(action="labs.lab.updated").count()
    staff_client.post(url, data)

    assert AuditEntry.objects.filter(action="labs.lab.updated").count() == entries == 1


def test_one_save_of_the_form_is_one_audit_entry_with_the_agenda_and_contacts(
    staff_client, lab, staff
):
    data = lab_post(
        **{
            "agenda-INITIAL_FORMS": "1",
            "contacts-INITIAL_FORMS": "1",
            "contacts-0-name": "Corina Mărginean",
        }
    )

    staff_client.post(reverse("labs:edit", args=[lab.slug]), data)

    entry = AuditEntry.objects.get(actor=staff)
    assert entry.action == "labs.lab.updated"
    assert entry.changes["before"]["contacts"] == ["Irina Vlad"]
    assert entry.changes["after"]["contacts"] == ["Corina Mărginean"]
    assert [item["title"] for item in entry.changes["after"]["agenda"]] == [
        {"ro": "Cuvânt de bun venit", "en": "Welcome"},
        {"ro": "Ateliere"},
    ]


def test_edit_keeps_texts_in_languages_the_form_does_not_show(staff_client, lab):
    Lab.objects.filter(pk=lab.pk).update(description={"it": "Testo italiano", "ro": "Vechi"})

    staff_client.post(reverse("labs:edit", args=[lab.slug]), lab_post(description_ro="Nou"))

    lab.refresh_from_db()
    assert lab.description == {"it": "Testo italiano", "ro": "Nou"}


def test_an_unknown_placeholder_is_refused_with_a_clear_message_and_nothing_saved(staff_client):
    data = lab_post(invitation_body_ro="Bună ziua, {nmae}!\n{rsvp_link}")

    response = staff_client.post(reverse("labs:create"), data)

    assert response.status_code == 200
    errors = response.context["form"].errors["invitation_body"]
    assert errors == ["The invitation text (ro) uses unknown placeholders: {nmae}."]
    assert "The lab was not saved" in response.content.decode()
    assert not Lab.objects.exists()
    assert not AgendaItem.objects.exists()
    assert not LabContact.objects.exists()
    assert not AuditEntry.objects.exists()


def test_an_unknown_placeholder_in_an_edit_changes_nothing(staff_client, lab):
    before = (lab.invitation_body, lab.agenda.count())

    response = staff_client.post(
        reverse("labs:edit", args=[lab.slug]),
        lab_post(invitation_subject_en="{lab} on {when}", **{"agenda-INITIAL_FORMS": "1"}),
    )

    assert response.status_code == 200
    assert "{when}" in response.context["form"].errors["invitation_subject"][0]
    lab.refresh_from_db()
    assert (lab.invitation_body, lab.agenda.count()) == before


def test_a_contact_person_needs_a_name(staff_client):
    response = staff_client.post(reverse("labs:create"), lab_post(**{"contacts-2-email": "x@y.ro"}))

    assert response.status_code == 200
    assert "name" in response.context["contacts"].forms[2].errors
    assert not Lab.objects.exists()


def test_refusals_of_the_services_land_on_their_fields(staff_client):
    response = staff_client.post(reverse("labs:create"), lab_post(end_time="09:00"))
    assert response.context["form"].errors["end_time"] == ["The lab must end after it starts."]

    response = staff_client.post(reverse("labs:create"), lab_post(theme_ro="", theme_en=""))
    assert response.context["form"].errors["theme"] == [
        "Give the lab a theme in at least one language."
    ]
    assert not Lab.objects.exists()


# Status actions


def test_publish_mark_held_and_cancel_are_post_only(staff_client, partner):
    lab = LabFactory(partner=partner, status=LabStatus.DRAFT)

    for name in ("labs:publish", "labs:held", "labs:duplicate"):
        assert staff_client.get(reverse(name, args=[lab.slug])).status_code == 405
    lab.refresh_from_db()
    assert lab.status == LabStatus.DRAFT


def test_publish_then_mark_held(staff_client, partner, staff):
    lab = LabFactory(partner=partner, status=LabStatus.DRAFT)

    response = staff_client.post(reverse("labs:publish", args=[lab.slug]), follow=True)
    lab.refresh_from_db()
    assert lab.status == LabStatus.PUBLISHED
    assert "is published" in response.content.decode()

    # Ten days before the lab, "Record that the lab took place" asks first and changes nothing.
    held = reverse("labs:held", args=[lab.slug])
    response = staff_client.post(held)
    page = response.content.decode()
    day = date_format(lab.local_starts_at, "DATE_FORMAT")
    assert f"This lab starts on {day}: a lab is recorded as having taken place once it did." in page
    assert 'name="confirm" value="1"' in page
    lab.refresh_from_db()
    assert lab.status == LabStatus.PUBLISHED
    assert not AuditEntry.objects.filter(action="labs.lab.held").exists()

    response = staff_client.post(held, {"confirm": "1"}, follow=True)
    lab.refresh_from_db()
    assert lab.status == LabStatus.HELD
    assert "The lab is recorded as having taken place." in response.content.decode()
    assert AuditEntry.objects.filter(action="labs.lab.held", actor=staff).exists()

    response = staff_client.post(reverse("labs:publish", args=[lab.slug]), follow=True)
    assert "Only a draft lab can be published." in response.content.decode()


def test_a_lab_is_marked_as_held_without_asking_from_the_day_before(staff_client, partner):
    lab = LabFactory(partner=partner, status=LabStatus.PUBLISHED, starts_at=tomorrow_at_ten())

    response = staff_client.post(reverse("labs:held", args=[lab.slug]), follow=True)

    lab.refresh_from_db()
    assert lab.status == LabStatus.HELD
    assert "The lab is recorded as having taken place." in response.content.decode()


def test_a_lab_is_long_before_until_the_eve_of_its_day_in_its_own_zone():
    lab = LabFactory.build(
        starts_at=datetime.datetime(2027, 3, 20, 9, 0, tzinfo=ZoneInfo("Europe/Bucharest")),
        time_zone="Europe/Bucharest",
    )
    bucharest = ZoneInfo("Europe/Bucharest")

    assert lab.is_long_before(datetime.datetime(2027, 3, 18, 23, 59, tzinfo=bucharest))
    assert not lab.is_long_before(datetime.datetime(2027, 3, 19, 0, 0, tzinfo=bucharest))
    # 22:30 in London on the 18th is already the 19th in Timișoara.
    london = datetime.datetime(2027, 3, 18, 22, 30, tzinfo=ZoneInfo("Europe/London"))
    assert not lab.is_long_before(london)
    assert not lab.is_long_before(datetime.datetime(2027, 4, 1, tzinfo=bucharest))


def test_cancel_asks_for_confirmation_then_tells_the_invited(
    staff_client, lab, partner, django_capture_on_commit_callbacks
):
    attending, declined = invite(
        lab,
        StakeholderFactory(partner=partner, first_name="Ioana"),
        StakeholderFactory(partner=partner, first_name="Mihai"),
    )
    answer_set(attending, Response.ATTENDING)
    Invitation.objects.filter(pk=declined.pk).update(response=Response.DECLINED)
    url = reverse("labs:cancel", args=[lab.slug])

    response = staff_client.get(url)
    assert response.status_code == 200
    assert "Yes, cancel the lab" in response.content.decode()
    lab.refresh_from_db()
    assert lab.status == LabStatus.PUBLISHED

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url)

    assert response.status_code == 302
    lab.refresh_from_db()
    assert lab.status == LabStatus.CANCELLED
    cancellations = OutboundMessage.objects.filter(kind="cancellation")
    assert [m.recipient for m in cancellations] == [attending.stakeholder.email]


def test_duplicate_copies_agenda_and_contacts_and_links_the_previous_lab(staff_client, lab, staff):
    local_start = lab.local_starts_at
    response = staff_client.post(reverse("labs:duplicate", args=[lab.slug]), {"date": "2031-03-12"})

    copy = Lab.objects.exclude(pk=lab.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("labs:edit", args=[copy.slug])
    assert copy.previous == lab
    assert copy.status == LabStatus.DRAFT
    assert copy.round_number == lab.round_number + 1
    assert copy.theme == lab.theme
    assert copy.local_starts_at.date() == datetime.date(2031, 3, 12)
    assert copy.local_starts_at.time() == local_start.time()
    assert [i.title for i in copy.agenda.all()] == [i.title for i in lab.agenda.all()]
    assert [(c.name, c.role) for c in copy.contacts.all()] == [("Irina Vlad", "rsvp")]
    assert not copy.invitations.exists()


def test_duplicate_refuses_a_date_before_the_lab(staff_client, lab):
    day_before = (lab.local_starts_at - datetime.timedelta(days=1)).date().isoformat()

    response = staff_client.post(
        reverse("labs:duplicate", args=[lab.slug]), {"date": day_before}, follow=True
    )

    assert Lab.objects.count() == 1
    assert "must come after this one" in response.content.decode()


# The detail page and its sending progress


def test_detail_shows_the_facts_actions_and_links(staff_client, partner):
    lab = LabFactory(partner=partner, status=LabStatus.DRAFT)

    html = staff_client.get(lab.get_absolute_url()).content.decode()

    assert reverse("labs:publish", args=[lab.slug]) in html
    assert reverse("labs:cancel", args=[lab.slug]) in html
    assert reverse("labs:invitation_preview", args=[lab.slug]) in html
    assert reverse("labs:duplicate", args=[lab.slug]) in html
    assert lab.get_public_url() not in html  # drafts have no public page
    assert "Spațiul Expozițional al Primăriei" in html
    assert 'name="csrfmiddlewaretoken"' in html

    Lab.objects.filter(pk=lab.pk).update(status=LabStatus.PUBLISHED)
    html = staff_client.get(lab.get_absolute_url()).content.decode()
    assert lab.get_public_url() in html
    assert reverse("labs:held", args=[lab.slug]) in html


def test_progress_counts_and_refreshes_only_while_mail_is_queued(staff_client, lab, partner):
    people = [StakeholderFactory(partner=partner) for _ in range(4)]
    first, second, third, fourth = invite(lab, *people)
    OutboundMessage.objects.filter(pk=first.message_id).update(state=MessageState.SENT)
    OutboundMessage.objects.filter(pk=second.message_id).update(
        state=MessageState.FAILED, last_error="550 mailbox unavailable"
    )
    OutboundMessage.objects.filter(pk=third.message_id).update(state=MessageState.BOUNCED)
    answer_set(first, Response.ATTENDING)
    Invitation.objects.filter(pk=second.pk).update(response=Response.DECLINED)

    response = staff_client.get(reverse("labs:progress", args=[lab.slug]))

    counts = response.context["counts"]
    assert (counts.invited, counts.queued, counts.sent, counts.failed, counts.bounced) == (
        4,
        1,
        1,
        1,
        1,
    )
    assert (counts.attending, counts.declined, counts.no_answer) == (1, 1, 2)
    html = response.content.decode()
    assert "<html" not in html  # a fragment, to be swapped into the page
    assert 'hx-get="{}"'.format(reverse("labs:progress", args=[lab.slug])) in html
    assert 'hx-trigger="every 2s"' in html

    OutboundMessage.objects.filter(pk=fourth.message_id).update(state=MessageState.SENT)
    html = staff_client.get(reverse("labs:progress", args=[lab.slug])).content.decode()
    assert "hx-trigger" not in html
    assert "2 of 4 invitations sent." in html


def test_the_detail_page_shows_the_progress_without_javascript(staff_client, lab, partner):
    invite(lab, StakeholderFactory(partner=partner))

    html = staff_client.get(lab.get_absolute_url()).content.decode()

    assert 'id="lab-progress"' in html
    assert "0 of 1 invitations sent." in html
    assert 'hx-trigger="every 2s"' in html


# Answers


@pytest.fixture
def answered(lab, partner):
    """Three invitations: Ioana attending by link, Mihai declined, Radu pending, bounced."""
    org = OrganisationFactory(partner=partner, name="Banat IT", type="sme")
    ioana, mihai, radu = (
        StakeholderFactory(
            partner=partner, first_name="Ioana", last_name="Marin", organisation=org
        ),
        StakeholderFactory(
            partner=partner, first_name="Mihai", last_name="Dinu", email="mihai@example.ro"
        ),
        StakeholderFactory(partner=partner, first_name="Radu", last_name="Pop"),
    )
    invitations = {i.stakeholder.first_name: i for i in invite(lab, ioana, mihai, radu)}
    answer_set(
        invitations["Ioana"],
        Response.ATTENDING,
        response_note='=HYPERLINK("http://evil.example")',
        response_via=ResponseVia.LINK,
        responded_at=datetime.datetime(2030, 11, 10, 7, 30, tzinfo=UTC),
    )
    Invitation.objects.filter(pk=invitations["Mihai"].pk).update(
        response=Response.DECLINED,
        response_via=ResponseVia.EMAIL,
        responded_at=timezone.now(),
    )
    OutboundMessage.objects.filter(pk=invitations["Radu"].message_id).update(
        state=MessageState.BOUNCED, last_error="550 5.1.1 no such user"
    )
    return invitations


def test_answers_lists_delivery_and_answers_and_filters(staff_client, lab, answered):
    url = reverse("labs:answers", args=[lab.slug])

    response = staff_client.get(url)
    html = response.content.decode()
    assert [row["invitation"].stakeholder.first_name for row in response.context["rows"]] == [
        "Mihai",
        "Ioana",
        "Radu",
    ]
    assert "550 5.1.1 no such user" in html
    assert "Bounced" in html
    assert "Banat IT" in html

    def names(**query):
        response = staff_client.get(url, query)
        return [row["invitation"].stakeholder.first_name for row in response.context["rows"]]

    assert names(response="attending") == ["Ioana"]
    assert names(response="pending") == ["Radu"]
    assert names(delivery="bounced") == ["Radu"]
    assert names(q="marin") == ["Ioana"]
    assert names(q="nobody") == []


def test_answers_show_the_waiting_list_position(staff_client, lab, partner):
    invitations = invite(lab, *[StakeholderFactory(partner=partner) for _ in range(3)])
    now = timezone.now()
    for n, invitation in enumerate(invitations[1:]):
        Invitation.objects.filter(pk=invitation.pk).update(
            response=Response.WAITLISTED, waitlisted_at=now + datetime.timedelta(minutes=n)
        )

    response = staff_client.get(reverse("labs:answers", args=[lab.slug]))

    positions = {row["invitation"].pk: row["position"] for row in response.context["rows"]}
    assert positions == {invitations[0].pk: None, invitations[1].pk: 1, invitations[2].pk: 2}
    assert "number 2 on the waiting list" in response.content.decode()


def test_staff_record_an_answer_received_by_phone_after_the_deadline(
    staff_client, lab, answered, staff
):
    Lab.objects.filter(pk=lab.pk).update(rsvp_deadline=timezone.now() - datetime.timedelta(hours=1))
    radu = answered["Radu"]
    url = reverse("labs:answer_record", args=[lab.slug, radu.pk]) + "?response=pending"

    response = staff_client.post(
        url, {"answer": "attend", "via": "phone", "note": "Vine cu un coleg."}
    )
    confirmations_queue()  # the worker writes the confirmation

    assert response.status_code == 302
    assert response.url == (
        reverse("labs:answers", args=[lab.slug]) + f"?response=pending#invitation-{radu.pk}"
    )
    radu.refresh_from_db()
    assert radu.response == Response.ATTENDING
    assert radu.response_via == ResponseVia.PHONE
    assert radu.response_note == "Vine cu un coleg."
    entry = AuditEntry.objects.get(action="labs.rsvp.recorded", object_id=str(radu.pk))
    assert entry.via == Via.PHONE
    assert entry.actor == staff
    assert OutboundMessage.objects.filter(kind="confirmation").count() == 1


def test_an_answer_by_e_mail_is_audited_as_e_mail(staff_client, lab, answered):
    ioana = answered["Ioana"]

    staff_client.post(
        reverse("labs:answer_record", args=[lab.slug, ioana.pk]),
        {"answer": "decline", "via": "email"},
    )

    ioana.refresh_from_db()
    assert ioana.response == Response.DECLINED
    entry = AuditEntry.objects.get(action="labs.rsvp.recorded", object_id=str(ioana.pk))
    assert entry.via == Via.EMAIL


def test_recording_an_answer_needs_an_answer_and_a_channel(staff_client, lab, answered):
    radu = answered["Radu"]

    response = staff_client.post(
        reverse("labs:answer_record", args=[lab.slug, radu.pk]), {"answer": "attend"}, follow=True
    )

    radu.refresh_from_db()
    assert radu.response == Response.PENDING
    assert "Choose the answer and how it was received." in response.content.decode()


def test_answer_forms_are_only_offered_on_a_published_lab(staff_client, lab, answered):
    url = reverse("labs:answers", args=[lab.slug])
    record = reverse("labs:answer_record", args=[lab.slug, answered["Radu"].pk])
    assert f'href="{record}"' in staff_client.get(url).content.decode()
    assert 'name="via"' in staff_client.get(record).content.decode()

    Lab.objects.filter(pk=lab.pk).update(status=LabStatus.CANCELLED)
    assert f'href="{record}"' not in staff_client.get(url).content.decode()
    assert staff_client.get(record).status_code == 404


def test_the_answers_page_opens_one_persons_form_at_a_time(staff_client, lab, answered):
    """The list links each row to its form, which comes filled with the answer as it is."""
    query = "?response=declined"
    response = staff_client.get(reverse("labs:answers", args=[lab.slug]) + query)
    html = response.content.decode()
    assert 'name="via"' not in html  # no form on the rows
    record = reverse("labs:answer_record", args=[lab.slug, answered["Mihai"].pk])
    assert f'href="{record}{query}"' in html
    assert f'hx-get="{record}{query}"' in html

    form = staff_client.get(record + query).content.decode()

    assert f'action="{record}{query}"' in form
    assert f'id="answer-record-{answered["Mihai"].pk}"' in form
    assert "Mihai Dinu" in form
    assert re.search(r'value="decline"[^>]*checked', form)


def test_an_invitation_of_another_lab_cannot_be_answered_through_this_one(
    staff_client, lab, partner, answered
):
    elsewhere = InvitationFactory(lab=LabFactory(partner=partner))

    response = staff_client.post(
        reverse("labs:answer_record", args=[lab.slug, elsewhere.pk]),
        {"answer": "attend", "via": "phone"},
    )

    assert response.status_code == 404


# Exports


def test_csv_export_has_a_bom_local_times_and_no_formulas(staff_client, lab, answered):
    response = staff_client.get(reverse("labs:answers_export", args=[lab.slug, "csv"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="timisoara-lll-2-answers.csv"' in response["Content-Disposition"]
    assert response.content.startswith(BOM)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Name",
        "Organisation",
        "Organisation type",
        "E-mail",
        "Answer",
        "Note",
        "Answered at",
        "Answered by",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    ioana = by_name["Ioana Marin"]
    assert ioana[1:3] == ["Banat IT", "SME"]
    assert ioana[3] == answered["Ioana"].stakeholder.email
    assert ioana[4] == "Attending"
    assert ioana[5] == '\'=HYPERLINK("http://evil.example")'
    assert ioana[6] == "2030-11-10 09:30"  # 07:30 UTC in Bucharest
    assert ioana[7] == "Personal link"
    assert by_name["Mihai Dinu"][4] == "Declined"
    assert by_name["Mihai Dinu"][7] == "E-mail"
    assert by_name["Radu Pop"][4:] == ["No answer yet", "", "", ""]


def test_the_export_follows_the_filters(staff_client, lab, answered):
    response = staff_client.get(
        reverse("labs:answers_export", args=[lab.slug, "csv"]), {"response": "declined"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["Mihai Dinu"]


def test_xlsx_export(staff_client, lab, answered):
    response = staff_client.get(reverse("labs:answers_export", args=[lab.slug, "xlsx"]))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Name"
    ioana = next(row for row in rows if row[0] == "Ioana Marin")
    assert ioana[5].startswith("'=")
    assert ioana[6] == "2030-11-10 09:30"


def test_an_unknown_export_format_is_not_found(staff_client, lab):
    response = staff_client.get(reverse("labs:answers_export", args=[lab.slug, "pdf"]))

    assert response.status_code == 404


# Who may do what


STAFF_PAGES = [
    ("labs:detail", "GET"),
    ("labs:edit", "GET"),
    ("labs:edit", "POST"),
    ("labs:publish", "POST"),
    ("labs:held", "POST"),
    ("labs:cancel", "GET"),
    ("labs:cancel", "POST"),
    ("labs:duplicate", "POST"),
    ("labs:invite", "GET"),
    ("labs:invite", "POST"),
    ("labs:invitation_preview", "GET"),
    ("labs:progress", "GET"),
    ("labs:answers", "GET"),
]


def _request(client, url_name, method, lab):
    url = reverse(url_name, args=[lab.slug])
    return client.post(url, {}) if method == "POST" else client.get(url)


FACILITATOR_ALLOWED = {("labs:detail", "GET"), ("labs:progress", "GET")}


@pytest.mark.parametrize(("url_name", "method"), STAFF_PAGES)
def test_facilitators_see_the_lab_but_never_who_was_invited(
    facilitator, lab, answered, url_name, method
):
    client = client_for(facilitator)

    response = _request(client, url_name, method, lab)

    expected = 200 if (url_name, method) in FACILITATOR_ALLOWED else 403
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert "Marin" not in html
        assert "Mihai" not in html


def test_state_changing_forms_carry_a_csrf_token(staff_client, lab, answered):
    for url in (
        lab.get_absolute_url(),
        reverse("labs:cancel", args=[lab.slug]),
        reverse("labs:answers", args=[lab.slug]),
        reverse("labs:invite", args=[lab.slug]),
        reverse("labs:edit", args=[lab.slug]),
    ):
        html = staff_client.get(url).content.decode()
        # Every POST form of the page (log-out and language ones included) has its token.
        posts = len(re.findall(r'<form method="post"', html))
        assert html.count('name="csrfmiddlewaretoken"') == posts


def test_the_answers_page_makes_as_many_queries_for_many_people_as_for_few(
    staff_client, lab, partner, django_assert_num_queries
):
    url = reverse("labs:answers", args=[lab.slug])
    # Session, user, lab with agenda and contacts, count, waiting list, the page of people,
    # the lab's questions (their answers only when it has some).
    invite(lab, *[StakeholderFactory(partner=partner) for _ in range(2)])
    with django_assert_num_queries(9):
        staff_client.get(url)

    invite(lab, *[StakeholderFactory(partner=partner) for _ in range(10)])
    with django_assert_num_queries(9):
        response = staff_client.get(url)
    assert len(response.context["rows"]) == 12
