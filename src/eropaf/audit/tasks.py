"""Background work of the audit trail (inline on the embedded default, a worker in production)."""

from django_tasks import task

from eropaf.audit.sealing import seal_events


@task(queue_name="default")
def seal_audit_task() -> int:
    """Every few minutes: seal the events recorded since the last run."""
    sealed, _head = seal_events()
    return sealed
