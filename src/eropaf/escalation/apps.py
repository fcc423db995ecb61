from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EscalationConfig(AppConfig):
    name = "eropaf.escalation"
    label = "escalation"
    verbose_name = _("Eviction prevention")

    def ready(self) -> None:
        from eropaf.escalation.timeline import register_core_sources  # noqa: PLC0415

        register_core_sources()
