"""Two ``eropaf db_worker`` processes on one queue never take the same task (PostgreSQL).

Workers claim a task with ``SELECT … FOR UPDATE SKIP LOCKED`` and mark it running in the same
transaction, so a task is taken by exactly one of them. SQLite has no ``SKIP LOCKED``: workers there
take turns on the database's single write lock, which is not what production relies on, so this
test runs on PostgreSQL only.
"""

from collections import Counter

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.faults.conftest import Workers
from tests.faults.recording import record_execution

pytestmark = pytest.mark.django_db(transaction=True)

TASKS = 20


def test_two_workers_run_every_task_exactly_once(workers: Workers) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no SELECT … FOR UPDATE SKIP LOCKED; concurrent workers need PostgreSQL")
    enqueued = {str(record_execution.enqueue(number=number).id) for number in range(TASKS)}

    workers.run_together(2)

    lines = (workers.home / "executions.log").read_text().splitlines()
    runs = Counter(line.split()[0] for line in lines)
    assert set(runs) == enqueued
    assert set(runs.values()) == {1}, [task_id for task_id, times in runs.items() if times > 1]
    results = DBTaskResult.objects.filter(pk__in=enqueued)
    assert {result.status for result in results} == {TaskResultStatus.SUCCESSFUL}
    assert all(len(result.worker_ids) == 1 for result in results)
    processes = Counter(line.split()[1] for line in lines)
    assert len(processes) == 2, f"only one worker took tasks: {processes}"
