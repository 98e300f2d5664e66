"""The staff navigation leads to the good practices, for those who may see them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.conftest import client_for

pytestmark = pytest.mark.django_db

LINK = '<a href="/practices/manage/">Good practices</a>'


@pytest.mark.urls("learninglab.practices.tests.urls_with_list")
def test_staff_and_the_coordinator_find_good_practices_in_the_navigation(
    staff_client, coordinator_client, facilitator
):
    for client in (staff_client, coordinator_client):
        assert LINK in client.get(reverse("core:home")).content.decode()
    assert LINK not in client_for(facilitator).get(reverse("core:home")).content.decode()
