from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "eropaf.coordination"
    label = "coordination"
    verbose_name = _("Regieteam")

    def ready(self) -> None:
        from eropaf.coordination.timeline import coordination_entries  # noqa: PLC0415
        from eropaf.escalation.timeline import register_timeline_source  # noqa: PLC0415

        register_timeline_source("coordination", coordination_entries)
