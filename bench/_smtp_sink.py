"""An SMTP sink in a process of its own, so that it does not share the sender's interpreter.

    python bench/_smtp_sink.py

Prints the port it listens on (127.0.0.1), then answers each ``count`` line read on its
input with the number of messages taken so far; stops at the end of its input.
"""

from __future__ import annotations

import sys

from learninglab.messaging.testing import SmtpServer


def main() -> int:
    with SmtpServer() as server:
        print(server.port, flush=True)
        for line in sys.stdin:
            if line.strip() == "count":
                print(server.handler.data_commands, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
