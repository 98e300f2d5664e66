"""Keep personal links out of the logs.

A personal link (an answer, an unsubscribe, a survey, following a plan, a live wall) is
the key to someone's invitation: whoever reads it in a log could answer or unsubscribe in
their name. Django writes the path of every refused request (404, 405) and the development
server writes every request line, so the filter below, installed on every handler in
``LOGGING``, replaces the secret parts of such paths with ``[redacted]`` before anything is
written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.core.exceptions import PermissionDenied

REDACTED = "[redacted]"

# Where a path starts in a log line: at its start, after a space, a quote, "(" or "=",
# or after the host of an absolute address.
_START = r"(^|[\s\"'(=]|://[^/\s\"']+)"
_SEGMENT = r"[^/\s\"'?#]+"
_PERSONAL_LINKS = [
    # /rsvp/<id>/<key>/, /unsubscribe/<id>/<key>/, /feedback/<id>/<key>/
    (re.compile(_START + rf"/(rsvp|unsubscribe|feedback)/{_SEGMENT}(?:/{_SEGMENT})?"), 2),
    # /plans/follow/<key>/confirm/ and /stop/
    (re.compile(_START + rf"/(plans/follow)/{_SEGMENT}"), 1),
    # /join/<code>/, /live/<code>/...
    (re.compile(_START + rf"/(join|live)/{_SEGMENT}"), 1),
]
# Any other path segment that looks like a key: 16 or more hexadecimal digits, or 22 or
# more characters of URL-safe base64 with a digit and a capital (slugs have neither both).
_ANY_KEY = re.compile(
    r"(?<=/)(?:(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{16,}"
    r"|(?=[\w-]*[0-9])(?=[\w-]*[A-Z])[A-Za-z0-9_-]{22,})(?=[/?#\s\"']|$)"
)


def _redact_link(segments: int) -> Callable[[re.Match[str]], str]:
    redacted = "/".join([REDACTED] * segments)

    def replace(match: re.Match[str]) -> str:
        return f"{match.group(1)}/{match.group(2)}/{redacted}"

    return replace


def redact_personal_links(text: str) -> str:
    """Return ``text`` with the keys of personal links, and anything like a key, redacted.

    The kind of link stays readable (``/rsvp/[redacted]/[redacted]/``), so a log still
    tells what was asked for.
    """
    for pattern, segments in _PERSONAL_LINKS:
        text = pattern.sub(_redact_link(segments), text)
    return _ANY_KEY.sub(REDACTED, text)


class RedactPersonalLinks(logging.Filter):
    """A logging filter that redacts personal links in the message of every record.

    The message is formatted once here and kept formatted, so that no handler after this
    one (nor an error report) sees the original arguments.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_personal_links(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


class ExpectedRefusalsWithoutTraceback(logging.Filter):
    """A logging filter that keeps the traceback out of the line for a refused page.

    A ``PermissionDenied`` is the permission layer doing its work, not a fault: Django
    still logs it as one warning line ("Forbidden (Permission denied): /path"), but
    without the traceback that would make it read like an error.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
