"""Read the accounts."""

from __future__ import annotations

from learninglab.accounts.models import User


def active_user(pk: int) -> User | None:
    """Return the user ``pk`` if they exist and may sign in, else None."""
    return User.objects.filter(pk=pk, is_active=True).first()


def account_pk_for(email: str) -> int | None:
    """Return the primary key of the account with the (normalised) ``email``, if any."""
    return User.objects.filter(email=email).values_list("pk", flat=True).first()
