"""The address a request comes from, as the lockout counts it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's IP address.

    ``REMOTE_ADDR`` unless ``TRUSTED_PROXY_COUNT`` reverse proxies of the site's own stand in
    front of it. Each of them appends the address it saw to ``CLIENT_IP_HEADER``, so the
    client's address is the ``TRUSTED_PROXY_COUNT``-th entry from the right; entries to its
    left came from the client and are never believed. A header with fewer entries, or an
    entry that is no address, leaves ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
    chain = [entry for entry in request.META.get(header, "").split(",") if entry.strip()]
    if len(chain) < count:
        return remote
    return _address(chain[-count]) or remote
