"""A date or a name that ends in a full stop ends an e-mail's sentence with that one."""

from __future__ import annotations

import datetime

import pytest

from learninglab.labs.emails import reminder_email
from learninglab.labs.tests.factories import InvitationFactory, LabFactory

pytestmark = pytest.mark.django_db


def test_the_lithuanian_reminder_ends_the_sentence_of_the_date_with_one_full_stop(partner):
    starts = datetime.datetime(2026, 12, 23, 8, tzinfo=datetime.UTC)
    ends = starts + datetime.timedelta(hours=3)
    lab = LabFactory(partner=partner, starts_at=starts, ends_at=ends)

    email = reminder_email(InvitationFactory(lab=lab, language="lt"), before_lab=False)

    # The Lithuanian date ends in "d." (diena), the sentence does not add another.
    assert "kuris vyks 2026 m. gruodžio 23 d. Prašome" in email.text
    assert "d.." not in email.text
