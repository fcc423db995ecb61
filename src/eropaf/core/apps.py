from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eropaf.core"
    label = "core"
    verbose_name = "Eropaf core"
