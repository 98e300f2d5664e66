"""The admin shows practices to the coordinator, and changes none of them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.practices.models import GoodPractice
from learninglab.practices.tests.factories import document_of, image_of

pytestmark = pytest.mark.django_db


def test_the_coordinator_looks_a_practice_up_with_what_hangs_on_it(coordinator_client, draft):
    image_of(draft)
    document_of(draft)

    listing = coordinator_client.get(reverse("admin:practices_goodpractice_changelist"))
    page = coordinator_client.get(reverse("admin:practices_goodpractice_change", args=[draft.pk]))

    assert "The open design workshop" in listing.content.decode()
    content = page.content.decode()
    assert page.status_code == 200
    assert "workshop.png" in content and "report.pdf" in content
    assert 'name="_save"' not in content


def test_the_admin_neither_adds_changes_nor_deletes_practices(coordinator_client, draft):
    add = coordinator_client.get(reverse("admin:practices_goodpractice_add"))
    change = coordinator_client.post(
        reverse("admin:practices_goodpractice_change", args=[draft.pk]), {"slug": "changed"}
    )
    delete = coordinator_client.post(
        reverse("admin:practices_goodpractice_delete", args=[draft.pk]), {"post": "yes"}
    )

    assert add.status_code == 403
    assert change.status_code == 403
    assert delete.status_code == 403
    assert GoodPractice.objects.get().slug == "open-design-workshop"
