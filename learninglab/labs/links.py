"""Personal links (RSVP, unsubscribe, confirming a registration) and the check-in code,
without an account.

A link carries the invitation's random ``public_id`` and a key derived from it with
``SECRET_KEY``: a link cannot be guessed or forged from another, and the database alone
(without the secret) does not give the links away.

The check-in code, shown as a QR code in the confirmation e-mail, is made the same way
with a key of its own, so that the RSVP link (which a person may forward) does not open
the door: ``LL1:<public_id in hex>:<key>``.
"""

from __future__ import annotations

import base64
import re
import uuid

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from learninglab.core.errors import DomainError
from learninglab.core.qr import qr_png
from learninglab.labs.models import Invitation, Lab, Registration

_RSVP = "learninglab.labs.rsvp"
_UNSUBSCRIBE = "learninglab.labs.unsubscribe"
_CHECKIN = "learninglab.labs.checkin"
_REGISTRATION = "learninglab.labs.registration"
TOKEN_LENGTH = 32
# 64 bits: enough against guessing at a door, short enough to type from the e-mail.
CHECKIN_TOKEN_LENGTH = 16
CHECKIN_PREFIX = "LL1"
# Staff may type the code: letters in any case, spaces or dashes between groups.
_CHECKIN_CODE = re.compile(r"^ll1:([0-9a-f]{32}):([0-9a-f]{16})$")
_TYPING_NOISE = re.compile(r"[\s\-]+")


def _token(purpose: str, obj: Invitation | Registration) -> str:
    return salted_hmac(purpose, obj.public_id.hex, algorithm="sha256").hexdigest()[:TOKEN_LENGTH]


def rsvp_token(invitation: Invitation) -> str:
    return _token(_RSVP, invitation)


def unsubscribe_token(invitation: Invitation) -> str:
    return _token(_UNSUBSCRIBE, invitation)


def rsvp_url(invitation: Invitation) -> str:
    """Return the absolute personal RSVP link of ``invitation``."""
    path = reverse("labs:rsvp", args=[invitation.public_id, rsvp_token(invitation)])
    return settings.SITE_URL + path


def unsubscribe_url(invitation: Invitation) -> str:
    """Return the absolute one-click unsubscribe link (RFC 8058) of ``invitation``."""
    path = reverse("labs:unsubscribe", args=[invitation.public_id, unsubscribe_token(invitation)])
    return settings.SITE_URL + path


def token_matches(invitation: Invitation, token: str, *, purpose: str = "rsvp") -> bool:
    """Return whether ``token`` is the invitation's key for ``purpose`` (constant time)."""
    expected = rsvp_token(invitation) if purpose == "rsvp" else unsubscribe_token(invitation)
    return constant_time_compare(expected, token or "")


def registration_token(registration: Registration) -> str:
    return _token(_REGISTRATION, registration)


def registration_url(registration: Registration) -> str:
    """Return the absolute link that confirms the registration's e-mail address."""
    path = reverse(
        "labs:registration_confirm",
        args=[registration.public_id, registration_token(registration)],
    )
    return settings.SITE_URL + path


def registration_token_matches(registration: Registration, token: str) -> bool:
    """Return whether ``token`` is the registration's confirmation key (constant time)."""
    return constant_time_compare(registration_token(registration), token or "")


def checkin_token(invitation: Invitation) -> str:
    return _token(_CHECKIN, invitation)[:CHECKIN_TOKEN_LENGTH]


def checkin_code(invitation: Invitation) -> str:
    """Return the text of the invitation's check-in QR code: ``LL1:<public_id>:<key>``."""
    return f"{CHECKIN_PREFIX}:{invitation.public_id.hex}:{checkin_token(invitation)}"


def checkin_code_parse(code: str) -> tuple[uuid.UUID, str] | None:
    """Return the public id and key a check-in code carries, or None if it is no such code."""
    compact = _TYPING_NOISE.sub("", (code or "")[:200]).lower()
    match = _CHECKIN_CODE.match(compact)
    if match is None:
        return None
    return uuid.UUID(match.group(1)), match.group(2)


def _code_invalid() -> DomainError:
    return DomainError("code_invalid", _("This is not a valid check-in code."))


def invitation_by_checkin_code(code: str, lab: Lab) -> Invitation:
    """Return the invitation to ``lab`` whose check-in code this is.

    Raise ``DomainError("code_invalid")`` for text that is not a code, a forged key or an
    unknown invitation, and ``DomainError("code_other_lab")`` for a genuine code of an
    invitation to another lab (whose person is not disclosed).
    """
    parsed = checkin_code_parse(code)
    if parsed is None:
        raise _code_invalid()
    public_id, token = parsed
    invitation = (
        Invitation.objects.select_related("stakeholder__organisation", "lab")
        .filter(public_id=public_id)
        .first()
    )
    if invitation is None or not constant_time_compare(checkin_token(invitation), token):
        raise _code_invalid()
    if invitation.lab_id != lab.pk:
        raise DomainError("code_other_lab", _("This code is for another lab."))
    return invitation


def checkin_qr_png(invitation: Invitation) -> bytes:
    """Return the invitation's check-in code as a QR code, a PNG image."""
    return qr_png(checkin_code(invitation))


def checkin_qr_data_url(invitation: Invitation) -> str:
    """Return the check-in QR code as a ``data:`` URL, for an image on the person's page."""
    return "data:image/png;base64," + base64.b64encode(checkin_qr_png(invitation)).decode("ascii")
