"""Background work of the letters app (inline on the embedded default, a worker in production)."""

from django_tasks import task

from eropaf.letters import batches


@task(queue_name="letters")
def run_letter_batch_task(*, batch_id: int) -> None:
    batches.run_letter_batch(batch_id)
