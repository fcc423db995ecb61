from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "eropaf.messaging"
    label = "messaging"
    verbose_name = "Berichten"
