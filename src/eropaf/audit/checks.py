"""System checks: a wrong processing-log exporter stops start-up instead of the first audited read."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error

from eropaf.audit.processing_log import EXPORTERS


def check_processing_log_exporter(**_kwargs: Any) -> list[CheckMessage]:
    exporter = str(settings.PROCESSING_LOG_EXPORTER)
    if exporter in EXPORTERS:
        return []
    return [
        Error(
            f"PROCESSING_LOG_EXPORTER is {exporter!r}; it must be one of {', '.join(EXPORTERS)}.",
            id="eropaf_audit.E001",
        )
    ]
