from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DdasConfig(AppConfig):
    name = "eropaf.ddas"
    label = "ddas"
    verbose_name = _("DDAS delivery to CBS")
