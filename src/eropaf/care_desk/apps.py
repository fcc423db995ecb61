from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareDeskConfig(AppConfig):
    name = "eropaf.care_desk"
    label = "care_desk"
    verbose_name = _("Meldpunt Zorg en Overlast")
