from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareDeskConfig(AppConfig):
    name = "eropaf.care_desk"
    label = "care_desk"
    verbose_name = _("Meldpunt Zorg en Overlast")

    def ready(self) -> None:
        from eropaf.care_desk.timeline import TRACK, referral_entries  # noqa: PLC0415
        from eropaf.escalation.timeline import register_timeline_source  # noqa: PLC0415

        register_timeline_source(TRACK, referral_entries)
