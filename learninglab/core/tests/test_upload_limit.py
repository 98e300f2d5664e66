"""An upload larger than the limit is refused before its body is read.

The requests go over a real socket to a live server: a client announces a huge body and
sends only its first bytes. If the server waited for the rest, the answer would never come.
"""

from __future__ import annotations

import socket
import time
import urllib.parse

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# Seconds a refusal may take: far less than a server waiting for gigabytes would.
PROMPT = 5.0
BOUNDARY = "limit-test-boundary"
FIRST_BYTES = (
    f"--{BOUNDARY}\r\n"
    'Content-Disposition: form-data; name="file"; filename="people.xlsx"\r\n'
    "Content-Type: application/octet-stream\r\n\r\n"
).encode() + b"x" * 1024


def exchange(live_server, headers: dict[str, str], body: bytes) -> tuple[bytes, float]:
    """Send a POST's ``headers`` and ``body`` (maybe less than announced); return the answer."""
    address = urllib.parse.urlsplit(live_server.url)
    lines = [
        "POST /stakeholders/import/ HTTP/1.1",
        f"Host: {address.netloc}",
        # A browser that has a CSRF cookie: the check then reads the form's token.
        f"Cookie: csrftoken={'a' * 32}",
    ]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    started = time.monotonic()
    with socket.create_connection((address.hostname, address.port), timeout=PROMPT) as client:
        client.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        answer = b""
        try:
            while b"</html>" not in answer:
                chunk = client.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except TimeoutError:
            pytest.fail(f"No answer within {PROMPT} s: the server waits for the whole body.")
    return answer, time.monotonic() - started


def test_a_body_announced_larger_than_the_limit_is_refused_at_once(live_server, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 10 * 1024 * 1024
    headers = {
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(10 * 1024**3),  # 10 GB announced, 1 KB sent
    }

    answer, seconds = exchange(live_server, headers, FIRST_BYTES)

    assert answer.startswith(b"HTTP/1.1 413 ")
    assert b"too large" in answer
    assert b"10.0\xc2\xa0MB" in answer  # the limit, as people read it
    assert seconds < PROMPT


def test_an_upload_without_a_length_is_refused(live_server):
    headers = {
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Transfer-Encoding": "chunked",
    }
    body = f"{len(FIRST_BYTES):x}\r\n".encode() + FIRST_BYTES + b"\r\n"

    answer, _seconds = exchange(live_server, headers, body)

    assert answer.startswith(b"HTTP/1.1 411 ")
