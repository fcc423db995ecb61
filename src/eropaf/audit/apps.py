from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "eropaf.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from eropaf.audit.checks import check_processing_log_exporter  # noqa: PLC0415 — needs settings

        checks.register(check_processing_log_exporter)
