"""A test-only task that records each of its executions, for the two-workers test.

Each execution appends one line (its task result id and the worker's process id) to a file in the
worker's ``EROPAF_HOME``; appends of one short line are atomic, so two workers cannot mix lines.
"""

import os
import time
from pathlib import Path

from django_tasks import TaskContext, task


def executions_file() -> Path:
    return Path(os.environ["EROPAF_HOME"]) / "executions.log"


@task(takes_context=True)
def record_execution(context: TaskContext, *, number: int) -> int:
    with executions_file().open("a") as log:
        log.write(f"{context.task_result.id} {os.getpid()}\n")
    time.sleep(0.3)  # long enough that the other worker polls while this one holds a task
    return number
