"""People follow a public plan: double opt-in over real SMTP, an e-mail on each change of
an action's status with a one-click unsubscribe (RFC 8058), and nothing that tells
whether an address follows already. Unconfirmed requests are forgotten."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learninglab.actionplans.models import ActionStatus, PlanFollower
from learninglab.actionplans.services.follow import (
    FOLLOW_CONFIRM_DAYS,
    follow_request,
    followers_prune,
)
from learninglab.actionplans.services.progress import EntryData, progress_record
from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from learninglab.messaging import delivery
from learninglab.messaging.models import MessageKind, OutboundMessage
from learninglab.messaging.testing import smtp_server

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
ADDRESS = "ana.pop@example.ro"


@pytest.fixture
def smtp(settings):
    with smtp_server(settings) as server:
        yield server


@pytest.fixture
def plan(partner):
    plan = ActionPlanFactory(partner=partner, slug="timisoara-rop", is_public=True)
    ActionFactory(plan=plan, title={"en": "Vouchers for creative SMEs", "ro": "Vouchere"})
    return plan


def follow(client, plan, email=ADDRESS, language="en"):
    return client.post(
        reverse("actionplans:follow", args=[plan.slug]),
        {"email": email, "language": language},
        follow=True,
    )


def change_status(staff, plan, status=ActionStatus.IN_PROGRESS, progress=30):
    return progress_record(
        actor=staff,
        action=plan.actions.order_by("position").first(),
        data=EntryData(on=TODAY, text="Call open.", status=status, progress=progress),
    )


def link_in(text: str, kind: str) -> str:
    found = re.search(rf"https?://\S+/plans/follow/\S+/{kind}/", text)
    assert found, text
    return found.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_person_confirms_gets_each_change_of_status_and_leaves_in_one_click(
    client, plan, staff, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = follow(client, plan, language="ro")
    assert "an e-mail is on its way" in page.content.decode()
    delivery.deliver_due()
    [confirmation] = smtp.received
    assert confirmation.rcpt_tos == (ADDRESS,)
    confirm = link_in(confirmation.message.get_content(), "confirm")

    # A mail scanner that opens the link confirms nothing.
    asked = client.get(confirm)
    assert asked.status_code == 200
    assert PlanFollower.objects.get().confirmed_at is None
    client.post(confirm)
    assert PlanFollower.objects.get().confirmed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        change_status(staff, plan)
    delivery.deliver_due()
    news = smtp.received[-1].message
    assert news["To"] == ADDRESS
    assert news["Content-Language"] == "ro"
    unsubscribe = news["List-Unsubscribe"].strip("<>")
    assert news["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.endswith("/stop/")
    assert OutboundMessage.objects.filter(kind=MessageKind.PLAN_UPDATE).count() == 1

    # The mail program posts the one-click unsubscribe, without a CSRF token.
    path = "/" + unsubscribe.split("://", 1)[1].split("/", 1)[1]
    assert Client(enforce_csrf_checks=True).get(path).status_code == 200  # asks first
    assert PlanFollower.objects.exists()
    response = Client(enforce_csrf_checks=True).post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not PlanFollower.objects.exists()  # the address is deleted, not kept

    with django_capture_on_commit_callbacks(execute=True):
        change_status(staff, plan, status=ActionStatus.COMPLETED, progress=100)
    assert OutboundMessage.objects.filter(kind=MessageKind.PLAN_UPDATE).count() == 1


def test_the_answer_is_the_same_whether_the_address_follows_or_not(
    client, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = follow(client, plan)
    PlanFollower.objects.update(confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        again = follow(client, plan, email=ADDRESS.upper().replace("EXAMPLE.RO", "example.ro"))

    def message(response) -> str:
        return re.search(r'<p class="message[^>]*>(.*?)</p>', response.content.decode()).group(1)

    assert message(first) == message(again)
    assert PlanFollower.objects.count() == 1
    assert OutboundMessage.objects.filter(kind=MessageKind.PLAN_FOLLOW).count() == 1


def test_asking_again_within_the_hour_sends_no_second_confirmation(
    plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(5):
            follow_request(plan=plan, email=ADDRESS, language="en")
    assert OutboundMessage.objects.filter(kind=MessageKind.PLAN_FOLLOW).count() == 1

    PlanFollower.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        follow_request(plan=plan, email=ADDRESS, language="en")
    assert OutboundMessage.objects.filter(kind=MessageKind.PLAN_FOLLOW).count() == 2


def test_an_unconfirmed_address_hears_nothing_and_is_forgotten(
    plan, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_request(plan=plan, email=ADDRESS, language="en")
        change_status(staff, plan)
    assert not OutboundMessage.objects.filter(kind=MessageKind.PLAN_UPDATE).exists()

    follower = PlanFollower.objects.get()
    old = timezone.now() - datetime.timedelta(days=FOLLOW_CONFIRM_DAYS + 1)
    PlanFollower.objects.update(created_at=old)
    response = Client().post(reverse("actionplans:follow_confirm", args=[follower.token]))
    assert "too old" in response.content.decode()
    assert PlanFollower.objects.get().confirmed_at is None

    assert followers_prune() == 1
    assert not PlanFollower.objects.exists()


def test_a_change_of_progress_alone_or_of_a_private_plan_sends_nothing(
    plan, staff, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        follow_request(plan=plan, email=ADDRESS, language="en")
    PlanFollower.objects.update(confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        change_status(staff, plan, status=ActionStatus.NOT_STARTED, progress=5)
    assert not OutboundMessage.objects.filter(kind=MessageKind.PLAN_UPDATE).exists()

    plan.is_public = False
    plan.save()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(staff, plan)
    assert not OutboundMessage.objects.filter(kind=MessageKind.PLAN_UPDATE).exists()
    assert Client().get(reverse("actionplans:follow", args=[plan.slug])).status_code == 404


def test_a_link_with_a_wrong_token_is_not_found(client, plan):
    for name in ("follow_confirm", "unsubscribe"):
        response = client.post(reverse(f"actionplans:{name}", args=["0" * 32]))
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()


def test_a_bad_address_is_refused_and_kept_on_the_page(client, plan):
    response = follow(client, plan, email="ana.pop@")

    assert "Enter a valid e-mail address." in response.content.decode()
    assert 'value="ana.pop@"' in response.content.decode()
    assert not PlanFollower.objects.exists()
