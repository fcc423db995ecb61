"""Background work of the matching app (inline on the embedded default, a worker in production)."""

from django_tasks import task

from eropaf.matching import services


@task(queue_name="matching")
def run_matching_task(*, run_id: int) -> None:
    services.execute_run(run_id=run_id)
