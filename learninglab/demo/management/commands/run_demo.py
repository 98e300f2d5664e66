"""Start the web server and the background worker together; Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from learninglab.demo.logins import login_lines


class Command(BaseCommand):
    help = "Run the demo: web server and worker in one terminal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nLearning Lab is running at {address}\n"))
        self.stdout.write("\n".join(login_lines()))
        self.stdout.write(
            f"\nWith no mail server set up, e-mails stay in the outbox: {address}outbox/"
            "\nPress Ctrl-C to stop the web server and the worker.\n"
        )
        # Links in e-mails and calendar files point at this server unless told otherwise.
        if "SITE_URL" not in os.environ:
            settings.SITE_URL = address.rstrip("/")
        env = {**os.environ, "SITE_URL": settings.SITE_URL}
        worker = subprocess.Popen(
            [sys.executable, "-m", "learninglab.manage", "worker", "--verbosity", "0"], env=env
        )
        # Ctrl-C, and a plain kill (SIGTERM), stop both; also when started from a script
        # that ignores Ctrl-C (a background job), which Python would otherwise inherit.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        except KeyboardInterrupt:
            pass
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
            self.stdout.write("\nStopped the web server and the worker.")
