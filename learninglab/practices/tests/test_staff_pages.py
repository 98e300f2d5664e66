"""The staff pages of a practice: write it, see what it lacks, keep its pictures and documents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.factories import StakeholderFactory
from learninglab.practices.models import (
    GoodPractice,
    PracticeDocument,
    PracticeImage,
    PracticeStatus,
    Topic,
)
from learninglab.practices.tests.conftest import pdf_upload, png_upload
from learninglab.practices.tests.factories import PracticeFactory, document_of, image_of

pytestmark = pytest.mark.django_db

NEW = {
    "title_ro": "Jocul de lansare",
    "title_en": "The Launch Game",
    "summary_en": "A game that takes start-ups through their first year.",
    "country": "RO",
    "city": "Timișoara",
    "progress": "ongoing",
    "started_on": "2020-05-01",
    "topics": [Topic.SME_COMPETITIVENESS, Topic.RESEARCH_INNOVATION],
    "links": "https://example.org/launch Launch Game",
    "identified_in_project": "on",
}


def manage_url(practice: GoodPractice) -> str:
    return reverse("practices:staff_detail", args=[practice.slug])


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# Writing a practice


def test_partner_staff_create_a_draft_of_their_own_partner(staff_client, partner, staff):
    response = staff_client.post(reverse("practices:create"), NEW)

    practice = GoodPractice.objects.get()
    assert response.url == manage_url(practice)
    assert (practice.partner, practice.created_by, practice.status) == (
        partner,
        staff,
        PracticeStatus.DRAFT,
    )
    assert practice.slug == "the-launch-game"
    assert practice.title == {"ro": "Jocul de lansare", "en": "The Launch Game"}
    assert practice.links == [{"url": "https://example.org/launch", "label": "Launch Game"}]
    assert sorted(practice.topics.values_list("topic", flat=True)) == [
        Topic.RESEARCH_INNOVATION,
        Topic.SME_COMPETITIVENESS,
    ]
    assert AuditEntry.objects.filter(action="practices.practice.created").count() == 1


def test_the_coordinator_first_chooses_the_partner(coordinator_client, partner, other_partner):
    choose = page(coordinator_client.get(reverse("practices:create")))
    assert "Good practice of" in choose and "Matera" in choose

    url = f"{reverse('practices:create')}?partner={other_partner.slug}"
    form = page(coordinator_client.get(url))
    assert 'name="title_it"' in form and 'name="title_ro"' not in form
    coordinator_client.post(url, {**NEW, "country": "IT", "city": "Matera"})

    assert GoodPractice.objects.get().partner == other_partner


def test_a_form_with_mistakes_says_what_is_wrong_and_keeps_everything_typed(
    staff_client,
):
    typed = {**NEW, "title_ro": "", "title_en": "", "ended_on": "2019-01-01", "budget_eur": "x"}

    content = page(staff_client.post(reverse("practices:create"), typed))

    assert not GoodPractice.objects.exists()
    assert "The practice was not saved." in content
    assert "Write it in at least one language." in content
    assert "The end cannot be before the start." in content
    assert "Enter a number." in content
    assert 'href="#group-title"' in content  # the summary links to each field in error
    assert "A game that takes start-ups through their first year." in content
    assert "https://example.org/launch Launch Game" in content
    assert 'value="x"' in content


def test_facilitators_cannot_write_practices(facilitator):
    response = client_for(facilitator).get(reverse("practices:create"))

    assert response.status_code == 403


def test_staff_change_their_draft_and_only_what_changed_is_audited(staff_client, draft):
    form = page(staff_client.get(reverse("practices:edit", args=[draft.slug])))
    assert "The open design workshop" in form

    response = staff_client.post(
        reverse("practices:edit", args=[draft.slug]),
        {
            **NEW,
            "title_ro": "Atelierul de design deschis",
            "title_en": "The open design workshop",
            "summary_en": "Makers and SMEs design the city's cultural programme together.",
            "problem_en": "Local SMEs did not take part in culture.",
            "activities_en": "Monthly open workshops in a library.",
            "evidence_en": "40 SMEs took part; 12 new products.",
            "transfer_potential_en": "Any city with a makerspace.",
            "nuts2": "RO42",
            "started_on": "2019-03-01",
            "topics": [Topic.SME_COMPETITIVENESS],
            "links": "",
            "keywords": "makerspace, design",
        },
    )

    assert response.url == manage_url(draft)
    draft.refresh_from_db()
    assert draft.keywords == "makerspace, design"
    assert draft.slug == "open-design-workshop"  # its address never changes
    (entry,) = AuditEntry.objects.filter(action="practices.practice.updated")
    assert set(entry.changes["after"]) == {"keywords"}


def test_a_submitted_practice_waits_for_the_coordinator_before_its_partner_changes_it(
    staff_client, draft
):
    draft.status = PracticeStatus.SUBMITTED
    draft.save()

    response = staff_client.post(
        reverse("practices:edit", args=[draft.slug]), {**NEW, "title_en": "Changed"}, follow=True
    )

    assert response.redirect_chain[-1][0] == manage_url(draft)
    assert "you can change it again if it is returned to you" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title.get("en") == "The open design workshop"
    assert "Edit the record" not in response.content.decode()


def test_the_coordinator_may_correct_a_published_practice(coordinator_client, draft):
    draft.status = PracticeStatus.PUBLISHED
    draft.save()

    response = coordinator_client.get(reverse("practices:edit", args=[draft.slug]))

    assert response.status_code == 200


def test_another_partners_staff_do_not_find_the_practice(other_staff, draft):
    client = client_for(other_staff)

    for url in (
        manage_url(draft),
        reverse("practices:edit", args=[draft.slug]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("practices:submit", args=[draft.slug])).status_code == 404


# The practice's page


def test_the_page_lists_what_is_missing_before_submitting(staff_client, partner, staff):
    practice = PracticeFactory(
        partner=partner, created_by=staff, summary={"ro": "Doar în română"}, evidence={}
    )

    content = page(staff_client.get(manage_url(practice)))

    assert "What is still missing before it can be submitted:" in content
    assert "<li>summary in English</li>" in content
    assert "<li>evidence of success</li>" in content
    assert 'action="/practices/' in content and "Submit for review" in content


def test_partner_staff_are_offered_submitting_and_never_the_coordinators_steps(
    staff_client, coordinator_client, draft
):
    staff_page = page(staff_client.get(manage_url(draft)))
    draft.status = PracticeStatus.SUBMITTED
    draft.save()
    staff_waiting = page(staff_client.get(manage_url(draft)))
    coordinator_page = page(coordinator_client.get(manage_url(draft)))

    assert "Submit for review" in staff_page and "Approve and publish" not in staff_page
    assert "Approve and publish" not in staff_waiting
    assert "Submit for review" not in staff_waiting
    for button in ("Approve and publish", "Return with comments", "Decline"):
        assert button in coordinator_page
    assert "Record the experts&#x27; validation" not in coordinator_page


def test_the_page_of_a_published_practice_links_its_public_page(coordinator_client, draft):
    draft.status = PracticeStatus.PUBLISHED
    draft.save()

    content = page(coordinator_client.get(manage_url(draft)))

    assert f'href="{reverse("practices:detail", args=[draft.slug])}"' in content
    assert "Record the experts&#x27; validation" in content
    assert "Take off the public catalogue" in content


# Pictures and documents


def test_staff_add_a_picture_with_its_description_in_each_language(staff_client, draft):
    response = staff_client.post(
        reverse("practices:image_add", args=[draft.slug]),
        {
            "file": png_upload(),
            "alt_text_ro": "Meșteșugari la lucru",
            "alt_text_en": "Makers at work",
        },
    )

    image = PracticeImage.objects.get()
    assert response.url == f"{manage_url(draft)}#images-heading"
    assert image.alt_text == {"ro": "Meșteșugari la lucru", "en": "Makers at work"}
    content = page(staff_client.get(manage_url(draft)))
    assert 'alt="Makers at work"' in content
    served = staff_client.get(reverse("practices:image", args=[draft.slug, image.pk]))
    assert served["Content-Type"] == "image/png"


def test_a_picture_without_its_description_is_refused_and_the_description_kept(staff_client, draft):
    content = page(
        staff_client.post(
            reverse("practices:image_add", args=[draft.slug]),
            {"file": png_upload(), "alt_text_ro": "Meșteșugari la lucru"},
        )
    )

    assert not PracticeImage.objects.exists()
    assert "Describe the picture in English." in content
    assert 'value="Meșteșugari la lucru"' in content


def test_a_file_that_is_no_picture_is_refused_with_the_upload_rules_reason(staff_client, draft):
    content = page(
        staff_client.post(
            reverse("practices:image_add", args=[draft.slug]),
            {"file": pdf_upload("photo.png"), "alt_text_ro": "Poză", "alt_text_en": "Photo"},
        )
    )

    assert not PracticeImage.objects.exists()
    assert 'id="image_file_error"' in content


def test_staff_add_download_and_remove_a_document(staff_client, draft):
    staff_client.post(
        reverse("practices:document_add", args=[draft.slug]),
        {"file": pdf_upload(), "title": "Final report"},
    )
    document = PracticeDocument.objects.get()
    download = staff_client.get(reverse("practices:document", args=[draft.slug, document.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="report.pdf"')

    response = staff_client.post(
        reverse("practices:document_remove", args=[draft.slug, document.pk]), follow=True
    )

    assert not PracticeDocument.objects.exists()
    assert "Final report was removed." in response.content.decode()


def test_pictures_of_a_submitted_practice_stay_as_they_are_for_its_partner(staff_client, draft):
    image = image_of(draft)
    document = document_of(draft)
    draft.status = PracticeStatus.SUBMITTED
    draft.save()

    staff_client.post(reverse("practices:image_remove", args=[draft.slug, image.pk]))
    staff_client.post(reverse("practices:document_remove", args=[draft.slug, document.pk]))
    staff_client.post(
        reverse("practices:image_add", args=[draft.slug]),
        {"file": png_upload(), "alt_text_ro": "A", "alt_text_en": "B"},
    )

    assert PracticeImage.objects.count() == 1
    assert PracticeDocument.objects.count() == 1
    content = page(staff_client.get(manage_url(draft)))
    assert "Add a picture" not in content and "Remove workshop.png" not in content


def test_another_practices_file_is_not_found_through_this_one(staff_client, partner, draft):
    other = PracticeFactory(partner=partner)
    image = image_of(other)

    response = staff_client.get(reverse("practices:image", args=[draft.slug, image.pk]))

    assert response.status_code == 404


def test_staff_learn_that_their_contact_is_not_named_publicly_without_consent(
    staff_client, partner, draft
):
    draft.contact = StakeholderFactory(partner=partner, first_name="Ioana", last_name="Marin")
    draft.save()

    content = page(staff_client.get(manage_url(draft)))

    assert "Ioana Marin" in content
    assert "they have not agreed to be listed publicly" in content
