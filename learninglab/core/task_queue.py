"""Run the queued Django Tasks that the database backend holds.

django-tasks-db documents one way to run its queue, its own ``db_worker`` command. Our worker
runs the queue beside the periodic jobs in one process, so it claims and runs tasks itself,
through the backend's model and queryset methods (``ready``, ``get_locked``, ``claim``,
``set_successful``, ``set_failed``) and the Django Tasks API (``Task.call`` and the
``task_started``/``task_finished`` signals). Those methods are not documented, so the version
of django-tasks-db is pinned in ``pyproject.toml`` and ``core/tests/test_task_queue.py``
fails if their behaviour changes.
"""

from __future__ import annotations

import logging

from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext
from django_tasks.signals import task_finished, task_started
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("learninglab.worker")


def task_run_next(*, worker_id: str, backend: str = DEFAULT_TASK_BACKEND_ALIAS) -> bool:
    """Claim the most urgent task that is due and run it; return whether there was one.

    A task that raises is marked failed with its traceback and is not retried. Two workers
    never claim the same task: the claim is written in the transaction that found it, which
    locks the row (PostgreSQL) or the database (SQLite's IMMEDIATE transactions).
    """
    with transaction.atomic():
        row = DBTaskResult.objects.ready().filter(backend_name=backend).get_locked()
        if row is None:
            return False
        row.claim(worker_id)
    try:
        task = row.task
        result = row.task_result
        task_started.send(sender=DatabaseBackend, task_result=result)
        if task.takes_context:
            context = TaskContext(task_result=result)  # type: ignore[arg-type]  # a subclass
            value = task.call(context, *result.args, **result.kwargs)
        else:
            value = task.call(*result.args, **result.kwargs)
        row.set_successful(value)
    except Exception as error:
        row.set_failed(error)
    try:
        finished = row.task_result
    except (ImportError, SuspiciousOperation):  # its function is gone: nothing to tell
        logger.exception("Task %s (%s) failed.", row.pk, row.task_path)
        return True
    task_finished.send(sender=DatabaseBackend, task_result=finished)
    return True
