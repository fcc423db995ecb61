from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaleringPlusConfig(AppConfig):
    name = "eropaf.signalering_plus"
    label = "signalering_plus"
    verbose_name = _("Signalering+")
