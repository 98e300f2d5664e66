"""Publishing a lab's results: minutes, public files, live-session ideas, attendance counted."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.factories import OrganisationFactory, StakeholderFactory
from learninglab.labs.models import CheckIn, LabStatus, Response
from learninglab.labs.tests.factories import InvitationFactory, LabFactory
from learninglab.results.selectors.results import attendance, published_results
from learninglab.results.services.file import file_attach, photos_attach
from learninglab.results.services.minutes import minutes_save, results_publish
from learninglab.results.tests.conftest import PDF, pdf_upload, photo_upload
from learninglab.stakeholders.models import OrganisationType

pytestmark = pytest.mark.django_db


def rows(attendance_rows) -> dict[str, tuple[int, int]]:
    return {row.key: (row.people, row.organisations) for row in attendance_rows}


# Attendance, counted


def test_attendance_is_counted_from_the_attending_answers(past_lab, attendees):
    walk_in = StakeholderFactory(partner=past_lab.partner, first_name="Radu", organisation=None)
    InvitationFactory(lab=past_lab, stakeholder=walk_in, response=Response.ATTENDING)

    counted = attendance(past_lab)

    assert not counted.from_check_in
    assert (counted.people, counted.organisations) == (4, 3)
    assert rows(counted.by_type) == {"sme": (2, 2), "university": (1, 1), "none": (1, 0)}
    assert rows(counted.by_helix) == {
        "government": (0, 0),
        "industry": (2, 2),
        "academia": (1, 1),
        "civil_society": (0, 0),
        "other": (1, 0),
    }


def test_attendance_is_counted_from_the_check_ins_when_people_were_checked_in(past_lab, attendees):
    museum = OrganisationFactory(
        partner=past_lab.partner, name="Muzeul de Artă", type=OrganisationType.CULTURAL
    )
    walk_in = InvitationFactory(
        lab=past_lab,
        stakeholder=StakeholderFactory(partner=past_lab.partner, organisation=museum),
        response=Response.PENDING,
    )
    now = timezone.now()
    # Ana and Mihai came; Ioana said yes but stayed away; a museum curator walked in.
    for invitation in (attendees["ana"], attendees["mihai"], walk_in):
        CheckIn.objects.create(
            invitation=invitation, checked_in_at=now, is_walk_in=invitation is walk_in
        )

    counted = attendance(past_lab)

    assert counted.from_check_in
    assert (counted.people, counted.organisations) == (3, 3)
    assert rows(counted.by_type) == {"sme": (2, 2), "cultural": (1, 1)}
    assert rows(counted.by_helix)["civil_society"] == (1, 1)
    assert rows(counted.by_helix)["academia"] == (0, 0)


# Publishing


def test_publishing_needs_a_summary(staff, past_lab):
    with pytest.raises(DomainError) as error:
        results_publish(actor=staff, lab=past_lab)
    assert error.value.code == "no_summary"


def test_a_lab_that_is_not_over_cannot_publish_results(staff, partner):
    running = LabFactory(
        partner=partner,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=2),
        rsvp_deadline=timezone.now() - datetime.timedelta(days=2),
    )
    minutes_save(actor=staff, lab=running, summary={"en": "So far"}, decisions={})
    with pytest.raises(DomainError) as error:
        results_publish(actor=staff, lab=running)
    assert error.value.code == "not_over"


def test_a_cancelled_lab_has_no_results(staff, past_lab):
    past_lab.status = LabStatus.CANCELLED
    past_lab.save()
    with pytest.raises(DomainError):
        minutes_save(actor=staff, lab=past_lab, summary={"en": "No"}, decisions={})


def test_published_results_are_public_with_attendance_minutes_and_public_files(
    client, staff, staff_client, past_lab, attendees
):
    public_url = reverse("results:public", args=[past_lab.slug])
    minutes_save(
        actor=staff,
        lab=past_lab,
        summary={"en": "We mapped the creative SMEs.", "ro": "Am cartografiat IMM-urile."},
        decisions={"en": "A second session in November."},
    )
    slides = file_attach(actor=staff, lab=past_lab, upload=pdf_upload(), title="Slides")
    internal = file_attach(
        actor=staff, lab=past_lab, upload=pdf_upload("budget.pdf"), is_public=False
    )
    photo = photos_attach(
        actor=staff, lab=past_lab, uploads=[photo_upload()], consent_confirmed=True
    )[0]
    assert client.get(public_url).status_code == 404  # not yet published

    response = staff_client.post(reverse("results:publish", args=[past_lab.slug]))

    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="results.published").count() == 1
    page = client.get(public_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "We mapped the creative SMEs." in text
    assert "A second session in November." in text
    assert "3 people attended, from 3 organisations." in text
    assert "Slides" in text and "budget.pdf" not in text
    assert reverse("results:public_file", args=[past_lab.slug, photo.pk]) in text
    romanian = client.get(public_url + "?lang=ro").content.decode()
    assert "Am cartografiat IMM-urile." in romanian
    # Public files are downloadable by anyone; the internal one is not.
    download = client.get(reverse("results:public_file", args=[past_lab.slug, slides.pk]))
    assert b"".join(download.streaming_content) == PDF
    hidden = client.get(reverse("results:public_file", args=[past_lab.slug, internal.pk]))
    assert hidden.status_code == 404
    # The lab's own results page for staff keeps every file.
    staff_page = staff_client.get(reverse("results:staff", args=[past_lab.slug])).content.decode()
    assert "budget.pdf" in staff_page


def test_withdrawn_results_are_no_longer_public(client, staff, staff_client, past_lab):
    minutes_save(actor=staff, lab=past_lab, summary={"en": "Done."}, decisions={})
    slides = file_attach(actor=staff, lab=past_lab, upload=pdf_upload())
    results_publish(actor=staff, lab=past_lab)

    staff_client.post(reverse("results:withdraw", args=[past_lab.slug]))

    assert client.get(reverse("results:public", args=[past_lab.slug])).status_code == 404
    file_url = reverse("results:public_file", args=[past_lab.slug, slides.pk])
    assert client.get(file_url).status_code == 404
    assert AuditEntry.objects.filter(action="results.withdrawn").count() == 1


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        # The Croatian date ends with a full stop, which also ends the sentence.
        ("hr", "Datum održavanja: 30. rujna 2025. <a "),
        ("lt", "2025 m. rugsėjo 30 d. <a "),
        ("ro", "Atelierul a avut loc în data de 30 septembrie 2025. <a "),
    ],
)
def test_the_day_of_the_lab_ends_its_sentence_with_one_full_stop(
    client, staff, past_lab, language, sentence
):
    past_lab.starts_at = datetime.datetime(2025, 9, 30, 7, tzinfo=datetime.UTC)
    past_lab.ends_at = past_lab.starts_at + datetime.timedelta(hours=3)
    past_lab.save()
    minutes_save(actor=staff, lab=past_lab, summary={"en": "Done."}, decisions={})
    results_publish(actor=staff, lab=past_lab)

    url = reverse("results:public", args=[past_lab.slug]) + f"?lang={language}"
    html = client.get(url).content.decode()

    assert sentence in html
    assert ".. <a " not in html


def test_the_ideas_of_the_live_session_are_published_ranked_with_their_themes(
    client, staff, past_lab
):
    from learninglab.cocreation.tests.factories import (
        IdeaFactory,
        LiveSessionFactory,
        PromptFactory,
        ThemeFactory,
        VoteFactory,
    )

    session = LiveSessionFactory(lab=past_lab)
    prompt = PromptFactory(session=session, text={"en": "What would help?", "ro": "Ce ar ajuta?"})
    theme = ThemeFactory(prompt=prompt, name="Networks")
    popular = IdeaFactory(prompt=prompt, text="A shared studio for makers", theme=theme)
    IdeaFactory(prompt=prompt, text="Night market in the old town")
    for _ in range(3):
        VoteFactory(idea=popular)
    minutes_save(actor=staff, lab=past_lab, summary={"en": "Ideas."}, decisions={})
    results_publish(actor=staff, lab=past_lab)

    published = published_results(past_lab)

    assert published is not None
    assert [(i.text, i.votes) for i in published.top_ideas] == [
        ("A shared studio for makers", 3),
        ("Night market in the old town", 0),
    ]
    assert [t.name for t in published.session.questions[0].themes] == ["Networks"]
    page = client.get(reverse("results:public", args=[past_lab.slug])).content.decode()
    assert page.index("A shared studio for makers") < page.index("Night market in the old town")
    assert "What would help?" in page
    assert "Networks" in page


def test_a_lab_without_a_live_session_shows_no_ideas(client, staff, past_lab):
    minutes_save(actor=staff, lab=past_lab, summary={"en": "Talks."}, decisions={})
    results_publish(actor=staff, lab=past_lab)

    published = published_results(past_lab)

    assert published is not None and not published.session and published.top_ideas == []
    page = client.get(reverse("results:public", args=[past_lab.slug])).content.decode()
    assert "No ideas were collected on a live wall at this lab." in page


def test_the_public_results_page_reads_a_fixed_number_of_queries(
    client, staff, past_lab, attendees, django_assert_max_num_queries
):
    minutes_save(actor=staff, lab=past_lab, summary={"en": "Done."}, decisions={})
    for n in range(3):
        file_attach(actor=staff, lab=past_lab, upload=pdf_upload(f"f{n}.pdf"))
    results_publish(actor=staff, lab=past_lab)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("results:public", args=[past_lab.slug])).status_code == 200


def test_publishing_is_dated_at_the_time_given_and_only_after_the_lab(staff, past_lab):
    minutes_save(actor=staff, lab=past_lab, summary={"en": "Done"}, decisions={})
    with pytest.raises(DomainError) as error:
        results_publish(
            actor=staff, lab=past_lab, now=past_lab.ends_at - datetime.timedelta(minutes=1)
        )
    assert error.value.code == "not_over"

    a_week_later = past_lab.ends_at + datetime.timedelta(days=7)
    minutes = results_publish(actor=staff, lab=past_lab, now=a_week_later)

    assert minutes.published_at == a_week_later
