"""An SMTP sink in a process of its own, so that it does not share the sender's interpreter.

    python bench/_smtp_sink.py

Prints the port it listens on (127.0.0.1), then answers each ``count`` line read on its
input with the number of messages taken so far, and each ``last`` line with when it took
the last of them (seconds since the epoch, as ``time.time()``); stops at the end of its
input.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from learninglab.messaging.testing import FaultyHandler, SmtpServer


class TimedHandler(FaultyHandler):
    """Takes every message, as the tests' handler does, and notes when it took the last."""

    last_at = 0.0

    def _accept(self, server: Any, session: Any, envelope: Any) -> str:
        reply = super()._accept(server, session, envelope)
        self.last_at = time.time()
        return reply


def main() -> int:
    handler = TimedHandler()
    with SmtpServer(handler) as server:
        print(server.port, flush=True)
        for line in sys.stdin:
            if line.strip() == "count":
                print(server.handler.data_commands, flush=True)
            elif line.strip() == "last":
                print(repr(handler.last_at), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
