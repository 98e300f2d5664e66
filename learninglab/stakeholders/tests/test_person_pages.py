"""Adding and merging people through the directory's pages, as staff do."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.core.models import AuditEntry
from learninglab.factories import StakeholderFactory
from learninglab.stakeholders.models import Organisation, Stakeholder

pytestmark = pytest.mark.django_db


# Adding a person with an organisation typed in: one user action, all or nothing


@pytest.mark.parametrize("email", ["ana@example.ro", " ANA@example.RO "])
def test_a_person_refused_for_a_taken_email_leaves_no_new_organisation(
    partner, staff_client, email
):
    StakeholderFactory(partner=partner, first_name="Ana", email="ana@example.ro")
    organisations, entries = Organisation.objects.count(), AuditEntry.objects.count()

    response = staff_client.post(
        reverse("stakeholders:create"),
        {
            "first_name": "Ana",
            "last_name": "Pop",
            "email": email,
            "language": "ro",
            "new_organisation": "Casa Artelor",
            "new_organisation_type": "cultural",
        },
    )

    assert response.status_code == 200
    assert "already belongs to someone" in " ".join(response.context["form"].errors["email"])
    assert 'value="Casa Artelor"' in response.content.decode()  # nothing typed is lost
    assert Organisation.objects.count() == organisations
    assert AuditEntry.objects.count() == entries
    assert Stakeholder.objects.filter(partner=partner).count() == 1
