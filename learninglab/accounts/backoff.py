"""Per-account backoff: every wrong password makes the account's next try wait longer.

The lockout (django-axes) stops one client after a few wrong passwords for one account.
The backoff slows guessing from many addresses at once: after ``n`` wrong passwords in a
row, from anywhere, the account's next try waits ``2**n`` seconds, at most
``LOGIN_BACKOFF_MAX_SECONDS``. A try during the wait is answered "wait" without the password
being looked at, and is not counted. It never locks the account: the wait is short and
capped, and a browser that completed a login to the account before is not made to wait
(see ``known_browser``). A full login, or a quarter of an hour without a wrong password
(``AXES_COOLOFF_TIME``), clears it.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from learninglab.accounts.models import LoginBackoff


def _window() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)


def _delay(failures: int) -> int:
    return int(min(2 ** min(failures, 30), settings.LOGIN_BACKOFF_MAX_SECONDS))


def login_wait_seconds(*, username: str) -> int:
    """Return how many seconds the next try to log in as ``username`` must still wait (0: none)."""
    backoff = LoginBackoff.objects.filter(username=username).first()
    if backoff is None:
        return 0
    now = timezone.now()
    if now - backoff.last_failure_at > _window():
        return 0
    until = backoff.last_failure_at + datetime.timedelta(seconds=_delay(backoff.failures))
    return max(0, math.ceil((until - now).total_seconds()))


@transaction.atomic
def login_failure_record(*, username: str) -> LoginBackoff:
    """Count a wrong password typed for ``username``; a count older than the window restarts.

    Counts of other addresses that fell out of the window are forgotten on the way, so that
    addresses typed at random do not pile up.
    """
    now = timezone.now()
    LoginBackoff.objects.filter(last_failure_at__lt=now - _window()).exclude(
        username=username
    ).delete()
    backoff, created = LoginBackoff.objects.select_for_update().get_or_create(
        username=username, defaults={"failures": 1, "last_failure_at": now}
    )
    if not created:
        stale = now - backoff.last_failure_at > _window()
        backoff.failures = 1 if stale else backoff.failures + 1
        backoff.last_failure_at = now
        backoff.save(update_fields=["failures", "last_failure_at"])
    return backoff


def login_backoff_clear(*, username: str) -> None:
    """Forget the wrong passwords typed for ``username`` (after a full login)."""
    LoginBackoff.objects.filter(username=username).delete()
