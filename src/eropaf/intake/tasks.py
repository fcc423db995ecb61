"""Background work of the intake app (inline on the embedded default, a worker in production)."""

from django_tasks import task

from eropaf.intake import services


@task(queue_name="imports")
def process_upload(*, upload_id: int) -> None:
    services.process_upload(upload_id=upload_id)
