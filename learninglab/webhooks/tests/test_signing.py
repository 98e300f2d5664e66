"""The signature, as the independent verifier of the tests checks it."""

from __future__ import annotations

import time

from learninglab.webhooks.signing import signature
from learninglab.webhooks.tests.verifier import verify

SECRET = "whsec_test"
BODY = '{"event":"webhook.test","data":{"city":"Timișoara"}}'.encode()


def test_a_fresh_signature_is_accepted():
    now = int(time.time())

    assert verify(SECRET, BODY, signature(secret=SECRET, timestamp=now, body=BODY))


def test_a_changed_body_another_secret_or_an_old_time_are_refused():
    now = int(time.time())
    header = signature(secret=SECRET, timestamp=now, body=BODY)

    assert not verify(SECRET, BODY.replace(b"test", b"tent"), header)
    assert not verify("whsec_other", BODY, header)
    old = int(time.time()) - 301
    assert not verify(SECRET, BODY, signature(secret=SECRET, timestamp=old, body=BODY))
    # The time is signed too: it cannot be moved forward on a captured delivery.
    moved = header.replace(f"t={now}", f"t={now + 60}")
    assert not verify(SECRET, BODY, moved)
