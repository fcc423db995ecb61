from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaleringPlusConfig(AppConfig):
    name = "eropaf.signalering_plus"
    label = "signalering_plus"
    verbose_name = _("Signalering+")

    def ready(self) -> None:
        from eropaf.escalation.timeline import register_timeline_source  # noqa: PLC0415
        from eropaf.signalering_plus.timeline import TRACK, signalering_entries  # noqa: PLC0415

        register_timeline_source(TRACK, signalering_entries)
