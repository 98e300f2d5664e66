"""The personal link to the feedback survey: no account, no guessing.

Made like the RSVP link (``labs.links``) from the invitation's random ``public_id`` and
a key derived from ``SECRET_KEY``, with a salt of its own: an RSVP link cannot be turned
into a survey link, nor the other way round.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from learninglab.labs.models import Invitation

_FEEDBACK = "learninglab.results.feedback"
TOKEN_LENGTH = 32


def feedback_token(invitation: Invitation) -> str:
    digest = salted_hmac(_FEEDBACK, invitation.public_id.hex, algorithm="sha256").hexdigest()
    return digest[:TOKEN_LENGTH]


def feedback_url(invitation: Invitation) -> str:
    """Return the absolute personal link to the feedback survey of ``invitation``."""
    path = reverse("results:survey", args=[invitation.public_id, feedback_token(invitation)])
    return settings.SITE_URL + path


def feedback_token_matches(invitation: Invitation, token: str) -> bool:
    """Return whether ``token`` is the invitation's survey key (constant time)."""
    return constant_time_compare(feedback_token(invitation), token or "")
