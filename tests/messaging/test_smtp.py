"""E-mail through Django's mail backend (locmem in tests)."""

import smtplib

import pytest
from django.core import mail
from pytest_django import Settings

from eropaf.messaging import texts
from eropaf.messaging.protocol import MessageTemplateText, SendStatus
from eropaf.messaging.smtp import SmtpEmailSender

TEMPLATE = MessageTemplateText(key="offer", subject="Hulp van ((gemeente))", body="Beste ((naam)),")


def test_the_email_is_rendered_and_sent(settings: Settings) -> None:
    settings.MESSAGING_EMAIL_FROM = "vroegsignalering@gemeente.example"

    result = SmtpEmailSender().send_email(
        email_address="jan@example.nl",
        template=TEMPLATE,
        personalisation={"gemeente": "Utrecht", "naam": "Jan"},
        reference="ref-1",
    )

    assert result.status == SendStatus.ACCEPTED
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.to) == ("Hulp van Utrecht", "Beste Jan,", ["jan@example.nl"])
    assert sent.from_email == "vroegsignalering@gemeente.example"
    assert sent.extra_headers["X-Eropaf-Reference"] == "ref-1"
    assert result.provider_id == sent.extra_headers["Message-ID"]


def test_a_template_with_missing_values_is_not_sent() -> None:
    result = SmtpEmailSender().send_email(
        email_address="jan@example.nl", template=TEMPLATE, personalisation={"naam": "Jan"}, reference="r"
    )

    assert result.error == "Ontbrekende gegevens voor het sjabloon: gemeente."
    assert mail.outbox == []


def test_a_refusing_mail_server_is_a_failed_result(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> int:
        raise smtplib.SMTPRecipientsRefused({})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)

    result = SmtpEmailSender().send_email(
        email_address="jan@example.nl",
        template=TEMPLATE,
        personalisation={"gemeente": "Utrecht", "naam": "Jan"},
        reference="r",
    )

    assert (result.status, result.error) == (SendStatus.FAILED, str(texts.SMTP_FAILED))


def test_sms_cannot_go_by_email() -> None:
    result = SmtpEmailSender().send_sms(
        phone_number="+31612345678", template=TEMPLATE, personalisation={}, reference="r"
    )

    assert (result.status, result.error) == (SendStatus.FAILED, str(texts.SMS_NOT_BY_EMAIL))
