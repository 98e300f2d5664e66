"""A webhook receiver for the tests: a real HTTP server on 127.0.0.1, in a thread.

It keeps every request it gets (path, headers, body) and answers as the test says: a
status, or no answer for a while (a timeout). Nothing here comes from the code under test.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.server
import socket
import threading
import time
from collections.abc import Iterator


@dataclasses.dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclasses.dataclass
class Receiver:
    url: str
    requests: list[Received]
    # How the next requests are answered: a status, and seconds to wait before it.
    status: int = 200
    delay: float = 0.0
    reply: bytes = b'{"ok": true}'
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)


@contextlib.contextmanager
def receiver(path: str = "/hooks") -> Iterator[Receiver]:
    """Run a receiver until the block ends; its ``url`` ends with ``path``."""
    state = Receiver(url="", requests=[])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            with state.lock:
                state.requests.append(Received(self.path, dict(self.headers.items()), body))
                status, delay, reply = state.status, state.delay, state.reply
            if delay:
                time.sleep(delay)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except OSError:  # the client gave up waiting
                pass

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """Return an address on 127.0.0.1 where nothing listens (the connection is refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"
