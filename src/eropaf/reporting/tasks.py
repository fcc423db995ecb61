"""Background work of reporting (inline on the embedded default, a worker in production)."""

from django_tasks import task

from eropaf.reporting.figures import refresh_figures


@task(queue_name="default")
def refresh_figures_task(*, municipality_id: int) -> float:
    """Count one municipality's dashboard figures again (``reporting.figures``)."""
    return refresh_figures(municipality_id=municipality_id)
