"""The worker runs Django Tasks queued in the database, through django-tasks-db's model.

The worker claims and runs tasks with methods django-tasks-db does not document; these tests
pin what it relies on, so an upgrade that changes them fails here first.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks.signals import task_finished, task_started
from django_tasks_db.models import DBTaskResult

from learninglab.core.task_queue import task_run_next

# The worker closes stale connections between rounds, which would end a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@task()
def add(a: int, b: int) -> int:
    return a + b


@task(takes_context=True)
def own_id(context) -> str:
    return context.task_result.id


@task()
def fail() -> None:
    raise ValueError("no luck")


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_the_worker_runs_every_ready_task_and_records_its_outcome():
    added = add.enqueue(2, 3)
    failed = fail.enqueue()
    with_context = own_id.enqueue()
    later = add.using(run_after=timezone.now() + datetime.timedelta(hours=1)).enqueue(1, 1)

    call_command("worker", "--until-idle")

    added.refresh()
    assert added.status == TaskResultStatus.SUCCESSFUL
    assert added.return_value == 5
    assert added.worker_ids and added.worker_ids[0].startswith("learninglab-")
    failed.refresh()
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class is ValueError
    assert "no luck" in failed.errors[0].traceback
    with_context.refresh()
    assert with_context.return_value == with_context.id
    later.refresh()
    assert later.status == TaskResultStatus.READY


def test_a_task_is_claimed_once_and_its_signals_are_sent():
    seen: list[tuple[str, TaskResultStatus]] = []

    def started(sender, task_result, **kwargs):
        seen.append(("started", task_result.status))

    def finished(sender, task_result, **kwargs):
        seen.append(("finished", task_result.status))

    task_started.connect(started)
    task_finished.connect(finished)
    try:
        queued = add.enqueue(1, 2)
        assert task_run_next(worker_id="one") is True
        assert task_run_next(worker_id="two") is False
    finally:
        task_started.disconnect(started)
        task_finished.disconnect(finished)

    assert seen == [
        ("started", TaskResultStatus.RUNNING),
        ("finished", TaskResultStatus.SUCCESSFUL),
    ]
    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.worker_ids == ["one"]
    assert row.started_at is not None and row.finished_at is not None


def test_a_task_whose_function_is_gone_is_marked_failed():
    queued = add.enqueue(1, 2)
    DBTaskResult.objects.filter(pk=queued.id).update(task_path="learninglab.core.gone")

    assert task_run_next(worker_id="one") is True

    row = DBTaskResult.objects.get(pk=queued.id)
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "builtins.ImportError"
