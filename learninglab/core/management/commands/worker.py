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
from django.db import DatabaseError, close_old_connections

from learninglab.core import jobs
from learninglab.core.task_queue import task_run_next

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
        worker_id = f"learninglab-{os.getpid()}-{time.time_ns()}"
        while self.running:
            close_old_connections()
            handled = self._run_due_jobs(last_run) + self._run_ready_tasks(worker_id)
            if handled == 0:
                if options["until_idle"]:
                    break
                time.sleep(options["interval"])

    def _run_ready_tasks(self, worker_id: str) -> int:
        handled = 0
        while self.running:
            try:
                if not task_run_next(worker_id=worker_id):
                    break
            except DatabaseError:
                logger.exception("Could not take a task from the queue; trying again next round.")
                break
            handled += 1
        return handled

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
