"""E-mail through Django's mail backend (SMTP in production, locmem in tests)."""

import logging
import smtplib
from collections.abc import Mapping
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage

from eropaf.messaging import texts
from eropaf.messaging.protocol import MessageTemplateText, SendResult, SendStatus
from eropaf.messaging.rendering import render_message

PROVIDER = "smtp"
logger = logging.getLogger(__name__)


class SmtpEmailSender:
    """`MessageSender` for e-mail only; it renders the template itself."""

    provider = PROVIDER

    def __init__(self, *, from_email: str | None = None) -> None:
        self._from_email = from_email or settings.MESSAGING_EMAIL_FROM or settings.DEFAULT_FROM_EMAIL

    def send_sms(self, **_: object) -> SendResult:
        """Takes the `MessageSender` keyword arguments; an sms never goes through a mail server."""
        return SendResult.failed(PROVIDER, str(texts.SMS_NOT_BY_EMAIL))

    def send_email(
        self,
        *,
        email_address: str,
        template: MessageTemplateText,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> SendResult:
        rendered = render_message(
            subject=template.subject, body=template.body, personalisation=personalisation
        )
        if rendered.missing:
            return SendResult.failed(PROVIDER, rendered.problem)
        message_id = make_msgid(domain=self._from_email.rpartition("@")[2] or None)
        message = EmailMessage(
            subject=rendered.subject,
            body=rendered.body,
            from_email=self._from_email,
            to=[email_address],
            headers={"Message-ID": message_id, "X-Eropaf-Reference": reference},
        )
        try:
            message.send(fail_silently=False)
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("The mail server refused e-mail %s (%s)", reference, type(error).__name__)
            return SendResult.failed(PROVIDER, str(texts.SMTP_FAILED))
        logger.info("The mail server accepted e-mail %s", reference)
        return SendResult(PROVIDER, SendStatus.ACCEPTED, message_id)
