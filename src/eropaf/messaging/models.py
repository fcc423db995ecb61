"""Message templates as data, opt-outs, and the record of every message sent or refused.

No phone number or e-mail address is stored in plain text: only its keyed hash
(`eropaf.messaging.addresses.address_hash`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eropaf.core.models import TimeStampedModel
from eropaf.messaging.protocol import Channel, MessageTemplateText, SendStatus
from eropaf.organisations.models import Municipality

_HASH_LENGTH = 64  # hex SHA-256


class TemplateKey(models.TextChoices):
    OFFER = "offer", _("Offer of help")
    CONTACT_REQUEST = "contact_request", _("Request for contact")
    REMINDER = "reminder", _("Reminder")


class MessageTemplate(TimeStampedModel):
    """A municipality's own template, or (without municipality) the national default."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, null=True, blank=True, related_name="message_templates"
    )
    kind = models.CharField(max_length=10, choices=Channel.choices)
    key = models.CharField(max_length=40, choices=TemplateKey.choices)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    notify_template_id = models.CharField(max_length=36, blank=True)

    class Meta:
        ordering = ["kind", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind", "key"],
                condition=Q(municipality__isnull=False),
                name="message_template_unique",
            ),
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=Q(municipality__isnull=True),
                name="message_template_default_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    def as_text(self) -> MessageTemplateText:
        return MessageTemplateText(
            key=self.key, subject=self.subject, body=self.body, notify_template_id=self.notify_template_id
        )


class MessageOptOut(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="message_opt_outs")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    address_hash = models.CharField(max_length=_HASH_LENGTH)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "channel", "address_hash"], name="message_opt_out_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} opt-out {self.pk}"


class SentMessage(models.Model):
    """One message to a resident, whether sent, failed or refused before sending."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    # A plain id, not a foreign key: messaging stays independent of the cases app.
    case_id = models.PositiveBigIntegerField(db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    template_key = models.CharField(max_length=40)
    address_hash = models.CharField(max_length=_HASH_LENGTH, blank=True)
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    provider = models.CharField(max_length=20, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=SendStatus.choices)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} {self.template_key} ({self.status})"
