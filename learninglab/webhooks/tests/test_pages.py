"""The webhook pages, through the client: who may do what, and what they see."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry
from learninglab.webhooks.delivery import deliver_due
from learninglab.webhooks.models import Delivery, DeliveryState, Subscription
from learninglab.webhooks.services import subscription_ping
from learninglab.webhooks.tests.factories import subscribe
from learninglab.webhooks.tests.receiver import receiver

pytestmark = pytest.mark.django_db

URL = "https://crm.example.org/hooks/learning-lab"


def test_partner_staff_add_a_webhook_for_their_partner_and_see_its_secret_once(
    staff_client, partner
):
    response = staff_client.post(
        reverse("webhooks:create"),
        {"target_url": URL, "events": ["answer.recorded", "checkin.recorded"]},
        follow=True,
    )

    subscription = Subscription.objects.get()
    assert subscription.partner == partner
    assert subscription.events == ["answer.recorded", "checkin.recorded"]
    assert subscription.secret.startswith("whsec_")
    assert subscription.secret in response.content.decode()
    again = staff_client.get(reverse("webhooks:detail", args=[subscription.pk]))
    assert subscription.secret not in again.content.decode()
    assert AuditEntry.objects.filter(action="webhooks.subscription.created").count() == 1


def test_partner_staff_cannot_subscribe_to_every_partner(staff_client):
    response = staff_client.get(reverse("webhooks:create"))

    assert "partner" not in response.context["form"].fields


def test_the_coordinator_subscribes_to_every_partners_events(coordinator_client, partner):
    coordinator_client.post(
        reverse("webhooks:create"), {"target_url": URL, "events": ["practice.published"]}
    )

    assert Subscription.objects.get().partner is None


def test_a_bad_address_is_refused_with_a_reason_and_the_form_keeps_what_was_typed(
    staff_client, settings
):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = False

    response = staff_client.post(
        reverse("webhooks:create"),
        {"target_url": "http://10.0.0.7/hooks", "description": "Our CRM", "events": []},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "private network" in form.errors["target_url"][0]
    assert form.errors["events"] == ["Choose at least one event."]
    assert "Our CRM" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_webhook_is_changed_paused_and_audited(staff_client, partner):
    subscription = subscribe(URL, partner=partner)

    staff_client.post(
        reverse("webhooks:edit", args=[subscription.pk]),
        {"target_url": URL + "/v2", "events": ["action.status_changed"], "description": ""},
    )

    subscription.refresh_from_db()
    assert subscription.target_url == URL + "/v2"
    assert subscription.events == ["action.status_changed"]
    assert subscription.is_active is False  # the box was left unticked
    entry = AuditEntry.objects.get(action="webhooks.subscription.updated")
    assert entry.changes["after"]["is_active"] is False


def test_a_new_secret_is_made_and_shown_once(staff_client, partner):
    subscription = subscribe(URL, partner=partner)
    old = subscription.secret

    response = staff_client.post(reverse("webhooks:rotate", args=[subscription.pk]), follow=True)

    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.secret in response.content.decode()
    assert AuditEntry.objects.filter(action="webhooks.subscription.secret_rotated").exists()


def test_a_webhook_is_deleted_with_its_log(staff_client, partner):
    subscription = subscribe(URL, partner=partner)

    response = staff_client.post(reverse("webhooks:delete", args=[subscription.pk]))

    assert response.url == reverse("webhooks:list")
    assert not Subscription.objects.exists()
    assert AuditEntry.objects.filter(action="webhooks.subscription.deleted").exists()


def test_a_test_event_is_sent_and_shows_in_the_log_with_the_response(staff_client, partner):
    with receiver() as hook:
        hook.status, hook.reply = 500, b"not today"
        subscription = subscribe(hook.url, partner=partner)
        staff_client.post(reverse("webhooks:test", args=[subscription.pk]))
        deliver_due()

    page = staff_client.get(reverse("webhooks:detail", args=[subscription.pk])).content.decode()
    assert len(hook.requests) == 1
    assert "Test event" in page
    assert "Waiting to retry" in page
    assert "500" in page and "not today" in page


def test_the_resend_button_queues_the_event_again(staff_client, partner):
    with receiver() as hook:
        subscription = subscribe(hook.url, partner=partner)
        staff_client.post(reverse("webhooks:test", args=[subscription.pk]))
        deliver_due()
        sent = Delivery.objects.get()

        response = staff_client.post(reverse("webhooks:resend", args=[sent.pk]), follow=True)
        deliver_due()

    assert "queued to be sent again" in response.content.decode()
    assert len(hook.requests) == 2
    assert Delivery.objects.filter(state=DeliveryState.SUCCEEDED).count() == 2
    assert AuditEntry.objects.filter(action="webhooks.delivery.resent").exists()


def test_other_partners_staff_neither_see_nor_touch_a_webhook(other_staff, partner):
    subscription = subscribe(URL, partner=partner)
    client = client_for(other_staff)

    listed = client.get(reverse("webhooks:list"))
    assert URL not in listed.content.decode()
    assert client.get(reverse("webhooks:detail", args=[subscription.pk])).status_code == 404
    assert client.post(reverse("webhooks:delete", args=[subscription.pk])).status_code == 404
    assert Subscription.objects.exists()


def test_partner_staff_do_not_see_the_coordinators_webhook_for_every_partner(staff_client):
    subscription = subscribe(URL, partner=None)

    assert staff_client.get(reverse("webhooks:detail", args=[subscription.pk])).status_code == 404


def test_the_list_takes_a_fixed_number_of_queries(
    coordinator_client, partner, other_partner, django_assert_max_num_queries
):
    for partner_ in (partner, other_partner, None):
        subscribe(URL, partner=partner_)

    with django_assert_max_num_queries(12):
        response = coordinator_client.get(reverse("webhooks:list"))

    assert response.content.decode().count(URL) == 3


def test_the_pages_read_in_romanian(staff, partner, settings):
    client = client_for(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ro"
    subscription = subscribe(URL, partner=partner)
    subscription_ping(actor=None, subscription=subscription)

    pages = [
        client.get(reverse("webhooks:list")).content.decode(),
        client.get(reverse("webhooks:detail", args=[subscription.pk])).content.decode(),
        client.get(reverse("webhooks:create")).content.decode(),
    ]

    assert "Adăugați un webhook" in pages[0]
    assert "Trimiteți un eveniment de test" in pages[1]
    assert "Eveniment de test" in pages[1]
    assert "A fost publicată o bună practică" in pages[2]
    for english in ("Add a webhook", "Send a test event", "Whose events", "Deliveries"):
        assert not any(english in page for page in pages), english
