"""Sending a lab's invitations does what the invite page says, to the e-mail: who gets a
new invitation, who is left alone because they answered already (often to staff, by
phone), who may be reminded of their answer, who is written to by nobody."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from learninglab.factories import ConsentFactory, StakeholderFactory
from learninglab.labs.jobs import confirmations_queue
from learninglab.labs.models import Invitation, Lab
from learninglab.labs.tests.factories import LabContactFactory, LabFactory
from learninglab.messaging import delivery
from learninglab.messaging.models import OutboundMessage
from learninglab.messaging.reading import message_read

pytestmark = pytest.mark.django_db

COUNTS = ("invite", "unsent", "remind", "total", "answered", "waiting", "excluded")


@pytest.fixture
def lab(partner) -> Lab:
    lab = LabFactory(partner=partner, slug="timisoara-lll-2")
    LabContactFactory(lab=lab)
    return lab


def person(partner, first_name: str, *, consent: bool | None = True, email: str | None = None):
    someone = StakeholderFactory(
        partner=partner,
        first_name=first_name,
        last_name="Test",
        language="en",
        email=f"{first_name.lower()}@example.ro" if email is None else email,
    )
    if consent is not None:
        ConsentFactory(stakeholder=someone, given=True)
    if consent is False:
        ConsentFactory(stakeholder=someone, given=False, method="unsubscribe")
    return someone


def invite_url(lab: Lab) -> str:
    return reverse("labs:invite", args=[lab.slug])


def counts_on_page(client, lab: Lab) -> dict[str, int]:
    """Return the numbers of "What the button sends", as the page shows them."""
    page = client.get(invite_url(lab)).content.decode()
    found = {}
    for name in COUNTS:
        row = re.search(
            rf'<tr id="count-{name}"><th scope="row">[^<]*</th><td[^>]*>(\d+)</td>', page
        )
        found[name] = int(row.group(1)) if row else 0
    return found


def outbox() -> set[tuple[str, str]]:
    return set(OutboundMessage.objects.values_list("recipient", "kind"))


@pytest.fixture
def group(partner, lab, staff_client, django_capture_on_commit_callbacks):
    """A lab with a bit of everything, made through the pages.

    Carmen was invited and sent her invitation; she has not answered. Dan, Elena, Florin
    and Horia were invited while no worker ran: before their e-mails went, Dan told the
    communication officer by phone that he comes and Elena that she does not (both
    recorded on the answers page, and confirmed by e-mail), and Horia unsubscribed from
    another lab's mail. Ana and Bogdan are not invited yet; Gabriel unsubscribed, Ion
    has no e-mail address and Radu never gave his consent.
    """
    people = {
        name: person(partner, name)
        for name in ("Ana", "Bogdan", "Carmen", "Dan", "Elena", "Florin", "Horia")
    }
    people["Gabriel"] = person(partner, "Gabriel", consent=False)
    people["Ion"] = person(partner, "Ion", email="")
    people["Radu"] = person(partner, "Radu", consent=None)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(invite_url(lab), {"people": [people["Carmen"].pk]})
    with django_capture_on_commit_callbacks(execute=False):  # as if no worker ran yet
        chosen = [people[name].pk for name in ("Dan", "Elena", "Florin", "Horia")]
        staff_client.post(invite_url(lab), {"people": chosen})
    for name, answer in (("Dan", "attend"), ("Elena", "decline")):
        invitation = Invitation.objects.get(lab=lab, stakeholder=people[name])
        url = reverse("labs:answer_record", args=[lab.slug, invitation.pk])
        staff_client.post(url, {"answer": answer, "via": "phone"})
    ConsentFactory(stakeholder=people["Horia"], given=False, method="unsubscribe")
    confirmations_queue()  # the worker confirms the answers recorded
    return people


def test_the_counts_before_sending_are_the_e_mails_after_it(
    lab, group, staff_client, django_capture_on_commit_callbacks
):
    before = outbox()
    assert before == {
        ("carmen@example.ro", "invitation"),
        ("dan@example.ro", "confirmation"),
        ("elena@example.ro", "confirmation"),
    }

    counts = counts_on_page(staff_client, lab)

    assert counts == {
        "invite": 2,  # Ana, Bogdan
        "unsent": 1,  # Florin, invited earlier
        "remind": 0,
        "total": 3,
        "answered": 2,  # Dan, Elena
        "waiting": 1,  # Carmen
        "excluded": 4,  # Gabriel, Horia (unsubscribed), Ion (no address), Radu (no consent)
    }
    page = html.unescape(staff_client.get(invite_url(lab)).content.decode())
    for reason in (
        "withdrew consent to invitations",
        "no e-mail address",
        "not asked yet for consent to invitations",
    ):
        assert reason in page

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            invite_url(lab), {"people": [group["Ana"].pk, group["Bogdan"].pk]}
        )
    assert response.status_code == 302

    sent = outbox() - before
    assert len(OutboundMessage.objects.all()) - len(before) == counts["total"]
    assert sent == {
        ("ana@example.ro", "invitation"),
        ("bogdan@example.ro", "invitation"),
        ("florin@example.ro", "invitation"),
    }
    # Nobody who answered was asked to answer; nobody unsubscribed was written to.
    for name in ("Dan", "Elena", "Horia", "Gabriel"):
        assert not OutboundMessage.objects.filter(
            recipient=group[name].email, kind="invitation"
        ).exists()

    after = counts_on_page(staff_client, lab)
    assert (after["invite"], after["unsent"], after["total"]) == (0, 0, 0)
    assert (after["answered"], after["waiting"]) == (2, 4)

    # The lab's page counts the same invitations as the outbox holds, all sent.
    delivery.deliver_due()
    progress = staff_client.get(lab.get_absolute_url()).content.decode()
    assert "4 of 4 invitations sent." in progress
    assert "Sending continues" not in progress


def test_staff_may_remind_people_of_their_answer_once(
    lab, group, staff_client, django_capture_on_commit_callbacks
):
    before = set(OutboundMessage.objects.values_list("pk", flat=True))
    dan = Invitation.objects.get(lab=lab, stakeholder=group["Dan"])
    elena = Invitation.objects.get(lab=lab, stakeholder=group["Elena"])
    page = staff_client.get(invite_url(lab)).content.decode()
    for invitation in (dan, elena):
        assert f'name="remind" value="{invitation.pk}"' in page
        assert f'id="remind-{invitation.pk}" checked' not in page  # never by default

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(invite_url(lab), {"remind": [dan.pk, elena.pk]}, follow=True)

    assert "2 reminders of answers are on their way" in response.content.decode()
    # With the reminders went the invitation made earlier and still to go: Florin's.
    sent = OutboundMessage.objects.exclude(pk__in=before)
    assert sorted(sent.values_list("recipient", "kind")) == [
        ("dan@example.ro", "confirmation"),
        ("elena@example.ro", "confirmation"),
        ("florin@example.ro", "invitation"),
    ]
    texts = {m.recipient: message_read(m).text for m in sent.filter(kind="confirmation")}
    assert "you are expected at the" in texts["dan@example.ro"]
    assert "you cannot come" in texts["elena@example.ro"]
    for text in texts.values():
        assert "change your answer" in text
        assert "Please answer" not in text

    # Sending again reminds nobody twice; the page says they were reminded.
    page = staff_client.get(invite_url(lab)).content.decode()
    assert f'name="remind" value="{dan.pk}"' not in page
    assert "Reminded" in page
    count = OutboundMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(invite_url(lab), {"remind": [dan.pk]})
    assert OutboundMessage.objects.count() == count


def test_nobody_ticked_sends_nothing_and_says_why(lab, group, staff_client):
    count = OutboundMessage.objects.count()

    response = staff_client.post(invite_url(lab), {})

    assert "Tick at least one person" in response.content.decode()
    assert OutboundMessage.objects.count() == count


def test_who_answered_before_any_invitation_is_still_told_of_a_cancellation(
    lab, group, staff_client, django_capture_on_commit_callbacks
):
    before = set(OutboundMessage.objects.values_list("pk", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("labs:cancel", args=[lab.slug]))

    told = OutboundMessage.objects.exclude(pk__in=before).filter(kind="cancellation")
    # Dan is expected though he was never sent an invitation; Carmen was invited and
    # has not said no; Elena declined, and Florin's invitation never went.
    assert set(told.values_list("recipient", flat=True)) == {
        "dan@example.ro",
        "carmen@example.ro",
    }
