"""Which addresses a webhook may be sent to.

In production a webhook goes over HTTPS to an address on the public internet: never to
this machine, nor into the network it stands in (loopback, private, link-local and
other reserved addresses), which a subscriber could otherwise probe through us. The
check is made when the address is saved, and again on every delivery with the
addresses the name then resolves to, and the connection is made to the very address
checked (a name that resolves elsewhere a moment later changes nothing). Tests and
development, whose receivers run on this machine, set ``WEBHOOKS_ALLOW_PRIVATE_TARGETS``
and may then use plain HTTP to such addresses.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from learninglab.core.errors import DomainError

URL_MAX_LENGTH = 500
_LOCAL_NAMES = {"localhost", "localhost.localdomain"}


@dataclasses.dataclass(frozen=True)
class Target:
    """An address taken apart: scheme, host name, port and the path with its query."""

    scheme: str
    host: str
    port: int
    path: str


def _private_allowed() -> bool:
    return bool(settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS)


def is_public_address(address: str) -> bool:
    """Return whether ``address`` (an IP address) is on the public internet."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_local(host: str) -> bool:
    ip = _literal(host)
    if ip is not None:
        return not is_public_address(str(ip))
    return host in _LOCAL_NAMES or host.endswith(".localhost")


def target_parse(url: str) -> Target:
    """Return ``url`` taken apart, or raise ``DomainError`` saying what is wrong with it.

    Only HTTPS, except to this machine or its network where private targets are allowed;
    no user name or password in the address; a literal address or a name that is local
    is refused unless private targets are allowed.
    """
    url = (url or "").strip()
    if len(url) > URL_MAX_LENGTH:
        raise DomainError(
            "url_too_long",
            _("The address is longer than %(limit)s characters.") % {"limit": URL_MAX_LENGTH},
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise DomainError("url_invalid", _("Enter a complete web address.")) from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise DomainError("url_invalid", _("Enter a complete web address, starting with https://."))
    if parts.username or parts.password:
        raise DomainError(
            "url_credentials",
            _(
                "Leave the user name and password out of the address: the signature proves "
                "that a delivery comes from us."
            ),
        )
    local = _is_local(host)
    if local and not _private_allowed():
        raise DomainError(
            "url_private",
            _(
                "This address is on a private network or on this server: choose an address "
                "on the internet."
            ),
        )
    if parts.scheme != "https" and not (local and _private_allowed()):
        raise DomainError("url_not_https", _("The address must start with https://."))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(
        scheme=parts.scheme,
        host=host,
        port=port or (443 if parts.scheme == "https" else 80),
        path=path,
    )


def target_address(target: Target) -> str:
    """Return the IP address to connect to for ``target``, checked as the module says.

    Raise ``DomainError`` when the name does not resolve, or resolves to an address we
    may not send to.
    """
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise DomainError("dns", _("The address's name could not be found.")) from error
    addresses = [str(info[4][0]) for info in found]
    if not addresses:
        raise DomainError("dns", _("The address's name could not be found."))
    if not _private_allowed() and not all(is_public_address(a) for a in addresses):
        raise DomainError(
            "url_private",
            _(
                "This address is on a private network or on this server: choose an address "
                "on the internet."
            ),
        )
    return addresses[0]
