"""Background work of retention (inline on the embedded default, a worker on the purges queue)."""

from django.utils import timezone
from django_tasks import task

from eropaf.organisations.models import Municipality
from eropaf.retention.services import purge_expired, purge_rejected_rows


@task(queue_name="purges")
def purge_expired_task() -> int:
    """Nightly: every municipality's expired data, then the expired rejected rows; returns the
    number of municipalities purged."""
    today = timezone.localdate()
    municipalities = list(Municipality.objects.order_by("name"))
    for municipality in municipalities:
        purge_expired(municipality=municipality, today=today, by="retention")
    purge_rejected_rows(today=today)
    return len(municipalities)
