"""Choose how a channel's messages leave Eropaf, from Django settings.

NotifyNL when NOTIFYNL_API_KEY and NOTIFYNL_BASE_URL are set; otherwise e-mail goes through Django's
mail backend and sms is refused, never faked.
"""

from django.conf import settings

from eropaf.messaging import texts
from eropaf.messaging.notify import NotifyNLSender
from eropaf.messaging.protocol import Channel, MessageSender, SendResult
from eropaf.messaging.smtp import SmtpEmailSender


class UnconfiguredSender:
    """Answers every message with a failed result that says sending is not set up. The methods take
    the `MessageSender` keyword arguments and need none of them."""

    provider = "none"

    def send_sms(self, **_: object) -> SendResult:
        return SendResult.failed(self.provider, str(texts.SMS_NOT_CONFIGURED))

    def send_email(self, **_: object) -> SendResult:
        return SendResult.failed(self.provider, str(texts.EMAIL_NOT_CONFIGURED))


def notify_configured() -> bool:
    return bool(settings.NOTIFYNL_API_KEY and settings.NOTIFYNL_BASE_URL)


def get_message_sender(channel: Channel) -> MessageSender:
    if notify_configured():
        return NotifyNLSender(
            settings.NOTIFYNL_BASE_URL,
            api_key=settings.NOTIFYNL_API_KEY,
            timeout=float(settings.NOTIFYNL_TIMEOUT_SECONDS),
        )
    if channel == Channel.EMAIL:
        return SmtpEmailSender()
    return UnconfiguredSender()
