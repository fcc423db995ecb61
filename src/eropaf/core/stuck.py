"""Jobs whose worker died: what a job that stopped moving is, and giving its task back to the queue.

A worker killed with SIGKILL (out of memory, a host restart, ``kill -9``) runs no clean-up code: its
job keeps the status "running" and, with the database backend, so does its task result. Nothing
picks either up again. ``eropaf requeue_stuck`` finds such jobs by their heartbeat (the last time
they wrote progress) and queues them again; every job is safe to run again (docs/operations.md).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task

STALE_AFTER = dt.timedelta(minutes=30)
"""A running job that has not written progress for this long is taken to have lost its worker.

Longer than the longest quiet phase of a job: storing a million-row delivery in its one transaction
or a national matching run's storing step (docs/performance.md)."""

WORKER_LOST = "eropaf.core.stuck.WorkerLost"


def retire_lost_task_results(*, task: Task[Any, Any], kwargs: Mapping[str, object]) -> int:
    """Mark the database task results of ``task`` with these arguments that still say "running" as
    failed, so the queue no longer shows a task no worker holds. Returns how many."""
    if not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415 — only when the app is installed

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, task_path=task.module_path)
    lost = [
        result.pk
        for result in running.only("pk", "args_kwargs")
        if result.args_kwargs.get("kwargs") == dict(kwargs) and not result.args_kwargs.get("args")
    ]
    if not lost:
        return 0
    return DBTaskResult.objects.filter(pk__in=lost, status=TaskResultStatus.RUNNING).update(
        status=TaskResultStatus.FAILED,
        finished_at=timezone.now(),
        exception_class_path=WORKER_LOST,
        traceback="The worker stopped without finishing this task; eropaf requeue_stuck queued it again.",
    )


def queue_again(*, task: Task[Any, Any], argument: str, ids: Sequence[int]) -> None:
    """For each stuck job: retire its lost task result, and enqueue it again (keyword ``argument``
    = its id) once the caller's transaction commits."""
    for job_id in ids:
        retire_lost_task_results(task=task, kwargs={argument: job_id})
        transaction.on_commit(partial(task.enqueue, **{argument: job_id}))
