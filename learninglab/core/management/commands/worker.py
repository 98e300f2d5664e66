"""Run all background work: the outbox, reminders and the Django Tasks queue."""

from __future__ import annotations

import logging
import os
import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

from learninglab.core import jobs

logger = logging.getLogger("learninglab.worker")


def lower_priority(niceness: int) -> None:
    """Run this process at ``niceness`` at least (never raise its priority: that needs root).

    Mail and reminders can wait a moment; people answering their invitation should not.
    """
    current = os.getpriority(os.PRIO_PROCESS, 0)
    wanted = min(max(niceness, 0), 19)
    if wanted > current:
        os.setpriority(os.PRIO_PROCESS, 0, wanted)


class Command(BaseCommand):
    help = "Run background work (sending mail, reminders, tasks) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when nothing is due."
        )
        parser.add_argument(
            "--until-idle",
            action="store_true",
            help="Exit once nothing is due (for scripts and tests).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lower_priority(settings.WORKER_NICENESS)
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        last_run: dict[str, float] = {}
        tasks = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"learninglab-{time.time_ns()}",
            excluded_queue_names=[],
        )
        while self.running:
            close_old_connections()
            handled = self._run_due_jobs(last_run)
            before = tasks._run_tasks
            tasks.run()
            handled += tasks._run_tasks - before
            if handled == 0:
                if options["until_idle"]:
                    break
                time.sleep(options["interval"])

    def _run_due_jobs(self, last_run: dict[str, float]) -> int:
        handled = 0
        for job in jobs.registered():
            now = time.monotonic()
            if job.every and now - last_run.get(job.name, float("-inf")) < job.every:
                continue
            last_run[job.name] = now
            try:
                handled += job.run()
            except Exception:
                logger.exception("Job %s failed; it runs again on its next round.", job.name)
        return handled

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        logger.info("Stopping after the current piece of work.")
        self.running = False
