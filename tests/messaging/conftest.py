"""Fixtures for messaging: a fake NotifyNL with one sms and one e-mail template, and a client for it."""

from collections.abc import Iterator

import httpx
import pytest

from eropaf.messaging.notify import NotifyNLSender
from eropaf.messaging.protocol import MessageTemplateText
from tests.messaging.notify_fake import API_KEY, BASE_URL, FakeNotify, FakeTemplate

SMS_TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
EMAIL_TEMPLATE_ID = "9d751e0e-f929-4891-82a1-a3e1c3c18ee3"
SMS_TEMPLATE = MessageTemplateText(
    key="offer", body="Beste ((naam)), bel ((telefoonnummer)).", notify_template_id=SMS_TEMPLATE_ID
)
EMAIL_TEMPLATE = MessageTemplateText(
    key="offer",
    subject="Hulp van de gemeente ((gemeente))",
    body="Beste ((naam)), de gemeente ((gemeente)) helpt u graag.",
    notify_template_id=EMAIL_TEMPLATE_ID,
)


@pytest.fixture
def fake_notify() -> FakeNotify:
    return FakeNotify(
        templates={
            SMS_TEMPLATE_ID: FakeTemplate(kind="sms", body=SMS_TEMPLATE.body),
            EMAIL_TEMPLATE_ID: FakeTemplate(
                kind="email", body=EMAIL_TEMPLATE.body, subject=EMAIL_TEMPLATE.subject
            ),
        }
    )


@pytest.fixture
def notify_sender(fake_notify: FakeNotify) -> Iterator[NotifyNLSender]:
    sender = NotifyNLSender(BASE_URL, api_key=API_KEY, transport=httpx.MockTransport(fake_notify))
    yield sender
    sender.close()
