"""Background work of the eviction chain (inline on the embedded default, a worker in production)."""

from django.utils import timezone
from django_tasks import task

from eropaf.escalation.moratoria import send_moratorium_reminders


@task(queue_name="default")
def moratorium_reminders_task() -> int:
    """Daily: remind the team leads of moratoria that end within two weeks (each once)."""
    return send_moratorium_reminders(today=timezone.localdate())
