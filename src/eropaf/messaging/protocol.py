"""What every way of sending a message offers, independent of the provider behind it."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class SendStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted for delivery")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Not sent")


@dataclass(frozen=True)
class MessageTemplateText:
    """A template as a sender needs it. NotifyNL renders `notify_template_id` itself; other senders
    render `subject` and `body` locally, with the same `((placeholder))` syntax."""

    key: str
    body: str
    subject: str = ""
    notify_template_id: str = ""


@dataclass(frozen=True)
class SendResult:
    """`error` is Dutch, safe to show to a case worker, and never holds personal data."""

    provider: str
    status: SendStatus
    provider_id: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status in {SendStatus.ACCEPTED, SendStatus.DELIVERED}

    @classmethod
    def failed(cls, provider: str, error: str) -> "SendResult":
        return cls(provider=provider, status=SendStatus.FAILED, error=error)


class MessageSender(Protocol):
    """Provider errors come back as a failed `SendResult`; they are never raised to the caller.

    `reference` is the caller's own identifier for the message and must not hold personal data.
    """

    provider: str

    def send_sms(
        self,
        *,
        phone_number: str,
        template: MessageTemplateText,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> SendResult: ...

    def send_email(
        self,
        *,
        email_address: str,
        template: MessageTemplateText,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> SendResult: ...
