"""Good practices presented in a lab's agenda: chosen in the lab form, listed on the lab's
pages, and the labs listed on the practice's pages."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learninglab.conftest import client_for
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.labs.appearances import labs_presenting
from learninglab.labs.models import AgendaItem, AgendaPractice, Lab, LabStatus
from learninglab.labs.services.lab import LabData, lab_duplicate, lab_save
from learninglab.labs.tests.factories import LabFactory
from learninglab.labs.tests.test_staff_pages import lab_post
from learninglab.practices.appearances import appearances
from learninglab.practices.models import GoodPractice, PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def published(partner, slug: str, title: str) -> GoodPractice:
    return PracticeFactory(
        partner=partner,
        slug=slug,
        title={"en": title},
        status=PracticeStatus.PUBLISHED,
        published_at=timezone.now(),
    )


@pytest.fixture
def practices(partner, other_partner) -> dict[str, GoodPractice]:
    """Matera's published practice and draft, Timișoara's draft and declined one."""
    return {
        "matera": published(other_partner, "open-design-school", "Open Design School"),
        "matera_draft": PracticeFactory(
            partner=other_partner, slug="matera-draft", title={"en": "Matera's draft"}
        ),
        "own_draft": PracticeFactory(
            partner=partner, slug="own-draft", title={"en": "Timișoara's draft"}
        ),
        "own_declined": PracticeFactory(
            partner=partner,
            slug="own-declined",
            title={"en": "Timișoara's declined one"},
            status=PracticeStatus.DECLINED,
        ),
    }


@pytest.fixture
def lab(partner) -> Lab:
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    AgendaItem.objects.create(
        lab=lab, starts_at=datetime.time(10), title={"ro": "Bun venit", "en": "Welcome"}
    )
    return lab


def present(lab: Lab, *chosen: GoodPractice, position: int = 0) -> AgendaItem:
    item = AgendaItem.objects.create(
        lab=lab, position=position, title={"en": "Good practices of the partners"}
    )
    for practice in chosen:
        AgendaPractice.objects.create(item=item, practice=practice)
    return item


def edit_post(**changes: str) -> dict[str, str]:
    """The lab form as posted for the fixture's lab, its one agenda line kept."""
    return lab_post(
        **{
            "agenda-INITIAL_FORMS": "1",
            "agenda-0-title_ro": "Bun venit",
            "agenda-0-title_en": "Welcome",
            **changes,
        }
    )


# The lab form


def test_the_agenda_offers_the_projects_published_practices_and_the_partners_own(
    staff_client, lab, practices
):
    response = staff_client.get(reverse("labs:edit", args=[lab.slug]))

    field = response.context["agenda"].forms[0].fields["practices"]
    offered = {label for _pk, label in field.choices}
    assert offered == {"Open Design School — Timișoara", "Timișoara's draft — Timișoara (draft)"}
    page = response.content.decode()
    assert "<legend>Good practices presented</legend>" in page
    assert "Matera's draft" not in page
    assert "declined one" not in page


def test_without_any_practice_the_agenda_lines_have_no_boxes(staff_client, lab):
    response = staff_client.get(reverse("labs:edit", args=[lab.slug]))

    assert "practices" not in response.context["agenda"].forms[0].fields
    assert "Good practices presented" not in response.content.decode()


def test_staff_choose_the_practices_an_agenda_item_presents(staff_client, lab, practices, staff):
    matera, draft = practices["matera"], practices["own_draft"]
    response = staff_client.post(
        reverse("labs:edit", args=[lab.slug]),
        edit_post(**{"agenda-1-practices": [str(matera.pk), str(draft.pk)]}),
    )

    assert response.status_code == 302
    first, second = lab.agenda.order_by("position")
    assert list(first.practices.all()) == []
    assert set(second.practices.all()) == {matera, draft}
    entry = AuditEntry.objects.filter(action="labs.lab.updated").latest("pk")
    assert entry.changes["after"]["agenda"][1]["practices"] == ["open-design-school", "own-draft"]

    # The form shows them chosen, and saving it unchanged writes nothing.
    form = staff_client.get(reverse("labs:edit", args=[lab.slug])).context["agenda"].forms[1]
    assert sorted(form.initial["practices"]) == sorted([matera.pk, draft.pk])
    entries = AuditEntry.objects.count()
    staff_client.post(
        reverse("labs:edit", args=[lab.slug]),
        edit_post(
            **{
                "agenda-INITIAL_FORMS": "2",
                "agenda-1-title_ro": "Ateliere",
                "agenda-1-practices": [str(matera.pk), str(draft.pk)],
            }
        ),
    )
    assert AuditEntry.objects.count() == entries


def test_another_partners_draft_cannot_be_chosen(staff_client, lab, practices):
    response = staff_client.post(
        reverse("labs:edit", args=[lab.slug]),
        edit_post(**{"agenda-1-practices": [str(practices["matera_draft"].pk)]}),
    )

    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert not AgendaPractice.objects.exists()


def test_a_practice_needs_an_agenda_line_with_a_title(staff_client, lab, practices):
    response = staff_client.post(
        reverse("labs:edit", args=[lab.slug]),
        edit_post(
            **{
                "agenda-1-title_ro": "",
                "agenda-1-starts_at": "",
                "agenda-2-practices": [str(practices["matera"].pk)],
            }
        ),
    )

    assert response.status_code == 200
    assert "Give the item a title in at least one language" in response.content.decode()


def test_the_service_refuses_a_practice_the_lab_cannot_present(lab, practices, staff):
    data = LabData(starts_at=lab.starts_at, ends_at=lab.ends_at, theme=lab.theme)
    agenda = [{"title": {"en": "Practices"}, "practices": [practices["matera_draft"]]}]

    with pytest.raises(DomainError) as refused:
        lab_save(actor=staff, partner=lab.partner, lab=lab, data=data, agenda=agenda, contacts=[])

    assert refused.value.code == "practice_not_presentable"
    assert lab.agenda.count() == 1


def test_a_practice_presented_before_stays_offered_after_it_left_the_catalogue(
    staff_client, lab, practices
):
    matera = practices["matera"]
    present(lab, matera, position=1)
    GoodPractice.objects.filter(pk=matera.pk).update(status=PracticeStatus.RETURNED)

    form = staff_client.get(reverse("labs:edit", args=[lab.slug])).context["agenda"].forms[1]
    assert matera.pk in dict(form.fields["practices"].choices)
    response = staff_client.post(
        reverse("labs:edit", args=[lab.slug]),
        edit_post(
            **{
                "agenda-INITIAL_FORMS": "2",
                "agenda-1-title_en": "Good practices, again",
                "agenda-1-practices": [str(matera.pk)],
            }
        ),
    )

    assert response.status_code == 302
    assert list(lab.agenda.get(position=1).practices.all()) == [matera]


def test_the_next_round_presents_the_same_practices(lab, practices, staff):
    present(lab, practices["matera"], position=1)

    copy = lab_duplicate(
        actor=staff, lab=lab, starts_at=lab.starts_at + datetime.timedelta(days=30)
    )

    assert list(copy.agenda.get(position=1).practices.all()) == [practices["matera"]]


# The lab's pages


def test_the_public_page_lists_the_published_practices_presented(client, lab, practices):
    present(lab, practices["matera"], practices["own_draft"], position=1)

    page = client.get(reverse("labs:public", args=[lab.slug])).content.decode()

    assert "Good practices presented:" in page
    assert f'href="{reverse("practices:detail", args=["open-design-school"])}"' in page
    assert "Open Design School" in page
    assert "Timișoara&#x27;s draft" not in page


def test_the_staff_page_lists_drafts_too_linked_for_those_who_manage_them(
    staff_client, other_staff, lab, practices
):
    present(lab, practices["matera"], practices["own_draft"], position=1)

    page = staff_client.get(reverse("labs:detail", args=[lab.slug])).content.decode()

    assert f'href="{reverse("practices:staff_detail", args=["own-draft"])}"' in page
    assert 'Timișoara&#x27;s draft</a> <span class="muted">(Timișoara, draft)' in page
    assert f'href="{reverse("practices:detail", args=["open-design-school"])}"' in page


# The practice's pages


def test_the_public_practice_page_lists_the_published_labs_only(client, partner, practices):
    matera = practices["matera"]
    shown = LabFactory(partner=partner, slug="shown", status=LabStatus.HELD)
    present(shown, matera)
    for status in (LabStatus.DRAFT, LabStatus.CANCELLED):
        present(LabFactory(partner=partner, slug=status, status=status), matera)

    response = client.get(reverse("practices:detail", args=[matera.slug]))

    (appearance,) = response.context["appearances"]
    assert appearance.url == reverse("labs:public", args=["shown"])
    assert appearance.kind == "Local Learning Lab"
    assert appearance.title.startswith("Local Learning Lab, round 2 — ")
    assert appearance.date == shown.local_starts_at.date()
    assert appearance.partner == partner


def test_staff_see_their_own_partners_draft_labs_too(
    staff, other_staff, coordinator, partner, practices
):
    matera = practices["matera"]
    present(LabFactory(partner=partner, slug="public-one"), matera)
    present(LabFactory(partner=partner, slug="planned", status=LabStatus.DRAFT), matera)

    def urls(user):
        return [a.url for a in labs_presenting(matera, user)]

    assert sorted(urls(staff)) == sorted(
        [reverse("labs:detail", args=["public-one"]), reverse("labs:detail", args=["planned"])]
    )
    assert urls(other_staff) == [reverse("labs:public", args=["public-one"])]
    assert len(urls(coordinator)) == 2
    assert urls(None) == [reverse("labs:public", args=["public-one"])]


def test_the_practices_staff_page_gets_the_labs_through_the_registry(
    other_staff, partner, practices
):
    matera = practices["matera"]
    present(LabFactory(partner=partner, slug="public-one"), matera)

    response = client_for(other_staff).get(reverse("practices:staff_detail", args=[matera.slug]))

    assert [a.url for a in response.context["appearances"]] == [
        reverse("labs:public", args=["public-one"])
    ]
    assert appearances(matera) == response.context["appearances"]


def test_a_title_not_written_in_the_readers_language_is_marked(client, lab, other_partner):
    italian = published(other_partner, "ods-it", "x")
    GoodPractice.objects.filter(pk=italian.pk).update(title={"it": "Scuola aperta"})
    present(lab, italian, position=1)

    page = client.get(reverse("labs:public", args=[lab.slug])).content.decode()

    assert '<a href="/practices/ods-it/" lang="it">Scuola aperta</a>' in page
    assert "(Matera, Italian)" in page
