"""Personal API tokens: make one, revoke it, and find the token a request presents.

A token reads ``ll_<prefix>_<secret>``. The prefix finds the row; the secret is compared,
in constant time, with the SHA-256 digest kept in its place. The secret has 256 random
bits, so a plain digest is enough (a slow password hash would only slow every request),
and it does not depend on ``SECRET_KEY``, whose rotation would otherwise revoke every
token.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learninglab.accounts.models import ApiToken, ApiTokenScope, User
from learninglab.core.audit import Actor, audit_record
from learninglab.core.errors import DomainError
from learninglab.core.models import Via

TOKEN_START = "ll_"  # noqa: S105  # how every key starts, no secret
# ``last_used_at`` is written at most this often per token, to spare a write per request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, actor: Actor, owner: User, name: str, scope: str = ApiTokenScope.READ, via: str = Via.WEB
) -> tuple[ApiToken, str]:
    """Make a token for ``owner``; return it and its key, which is never shown again.

    Raise ``DomainError`` ``name_required``, ``name_too_long`` or ``unknown_scope``.
    """
    name = " ".join(name.split())
    if not name:
        raise DomainError("name_required", _("Give the token a name, to know it again."))
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise DomainError("name_too_long", _("The name is too long: 100 characters at most."))
    if scope not in ApiTokenScope.values:
        raise DomainError("unknown_scope", _("The access must be read or write."))
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner, name=name, scope=scope, prefix=prefix, digest=_digest(secret)
    )
    audit_record(
        actor=actor,
        action="accounts.api_token.created",
        obj=token,
        after={"name": name, "scope": scope, "owner": owner.pk},
        via=via,
    )
    return token, f"{TOKEN_START}{prefix}_{secret}"


@transaction.atomic
def api_token_revoke(*, actor: Actor, token: ApiToken, via: str = Via.WEB) -> None:
    """Revoke ``token``: it opens nothing from now on. Revoking it twice changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=actor, action="accounts.api_token.revoked", obj=token, via=via)


def api_token_use(*, key: str) -> ApiToken | None:
    """Return the token whose key is ``key``, with its owner, if it is not revoked; note
    when it was used (at most once a minute). Any other key gives None.

    The owner may be inactive: the caller refuses them (``User.is_active``).
    """
    if not key.startswith(TOKEN_START) or key.count("_") < 2:
        return None
    prefix, _sep, secret = key[len(TOKEN_START) :].partition("_")
    token = (
        ApiToken.objects.select_related("owner")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_tokens_of(user: User) -> list[ApiToken]:
    """Return the user's tokens not revoked, newest first."""
    return list(ApiToken.objects.filter(owner=user, revoked_at__isnull=True))


def api_token_of(user: User, pk: int) -> ApiToken | None:
    """Return the user's own token ``pk`` not revoked, or None (another's is never found)."""
    return ApiToken.objects.filter(owner=user, pk=pk, revoked_at__isnull=True).first()
