"""Clients that call the API with a personal token of a user."""

from __future__ import annotations

from django.test import Client

from learninglab.accounts.models import User
from learninglab.accounts.tokens import api_token_create


def token_of(user: User, scope: str = "read") -> str:
    """Return the key of a new token of ``user``."""
    _token, key = api_token_create(actor=user, owner=user, name=f"{scope} test", scope=scope)
    return key


def token_client(user: User | None, scope: str = "read") -> Client:
    """Return a client sending a new token of ``user`` (no header for ``None``)."""
    if user is None:
        return Client()
    return Client(headers={"Authorization": f"Bearer {token_of(user, scope)}"})
