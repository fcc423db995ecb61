"""The NotifyNL client against the local fake: sending, status, and every error in plain Dutch."""

import logging
import re
import uuid
from typing import Any

import httpx
import pytest

from eropaf.core.logging import redact
from eropaf.messaging import texts
from eropaf.messaging.notify import NotifyNLSender
from eropaf.messaging.protocol import MessageTemplateText, SendStatus
from tests.messaging.conftest import EMAIL_TEMPLATE, EMAIL_TEMPLATE_ID, SMS_TEMPLATE, SMS_TEMPLATE_ID
from tests.messaging.notify_fake import API_KEY, BASE_URL, FakeNotify

PHONE = "+31612345678"
EMAIL = "j.jansen@example.nl"
SMS_VALUES = {"naam": "Jan Jansen", "telefoonnummer": "14 020"}
EMAIL_VALUES = {"naam": "Jan Jansen", "gemeente": "Utrecht"}
# A notification id as logged: five groups of hex, where the log filter may have put "[nummer]" for
# a run of digits.
_HEX = r"(?:[0-9a-f]|\[nummer\])"
LOGGED_ID_PATTERN = re.compile(rf"{_HEX}{{4,}}(?:-{_HEX}+){{4}}")


def test_an_sms_reaches_notify_as_the_api_describes(
    notify_sender: NotifyNLSender, fake_notify: FakeNotify
) -> None:
    result = notify_sender.send_sms(
        phone_number=PHONE, template=SMS_TEMPLATE, personalisation=SMS_VALUES, reference="ref-1"
    )

    assert result.ok
    assert result.provider == "notifynl"
    stored = fake_notify.notifications[result.provider_id]
    assert stored["request"] == {
        "template_id": SMS_TEMPLATE_ID,
        "phone_number": PHONE,
        "personalisation": SMS_VALUES,
        "reference": "ref-1",
    }
    assert stored["response"]["content"]["body"] == "Beste Jan Jansen, bel 14 020."


def test_an_email_reaches_notify_as_the_api_describes(
    notify_sender: NotifyNLSender, fake_notify: FakeNotify
) -> None:
    result = notify_sender.send_email(
        email_address=EMAIL, template=EMAIL_TEMPLATE, personalisation=EMAIL_VALUES, reference="ref-2"
    )

    assert result.status == SendStatus.ACCEPTED
    stored = fake_notify.notifications[result.provider_id]
    assert stored["request"]["email_address"] == EMAIL
    assert stored["request"]["template_id"] == EMAIL_TEMPLATE_ID
    assert stored["response"]["content"]["subject"] == "Hulp van de gemeente Utrecht"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (400, texts.NOTIFY_BAD_REQUEST),
        (403, texts.NOTIFY_FORBIDDEN),
        (429, texts.NOTIFY_RATE_LIMITED),
        (500, texts.NOTIFY_UNAVAILABLE),
    ],
)
def test_every_error_status_becomes_a_dutch_message(
    notify_sender: NotifyNLSender, fake_notify: FakeNotify, status: int, message: str
) -> None:
    fake_notify.fail_with = status

    sms = notify_sender.send_sms(
        phone_number=PHONE, template=SMS_TEMPLATE, personalisation=SMS_VALUES, reference="r"
    )
    email = notify_sender.send_email(
        email_address=EMAIL, template=EMAIL_TEMPLATE, personalisation=EMAIL_VALUES, reference="r"
    )

    for result in (sms, email):
        assert result.status == SendStatus.FAILED
        assert result.error == message
        assert result.provider_id == ""
    assert fake_notify.notifications == {}


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (401, {}, texts.NOTIFY_FORBIDDEN),
        (404, {}, texts.NOTIFY_NOT_FOUND),
        (409, {}, texts.NOTIFY_REFUSED % {"status": 409}),
        (502, "<html>Bad gateway</html>", texts.NOTIFY_UNAVAILABLE),
        (503, {}, texts.NOTIFY_UNAVAILABLE),
    ],
)
def test_other_statuses_become_a_dutch_message(status: int, body: Any, message: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if isinstance(body, str):
            return httpx.Response(status, text=body)
        return httpx.Response(status, json=body)

    result = _sender(answer).send_sms(
        phone_number=PHONE, template=SMS_TEMPLATE, personalisation=SMS_VALUES, reference="r"
    )

    assert (result.status, result.error) == (SendStatus.FAILED, message)


@pytest.mark.parametrize(
    ("kind", "change", "message"),
    [
        ("sms", {"phone_number": "12345"}, texts.NOTIFY_INVALID_PHONE_NUMBER),
        ("email", {"email_address": "not-an-address"}, texts.NOTIFY_INVALID_EMAIL_ADDRESS),
        ("sms", {"template": EMAIL_TEMPLATE}, texts.NOTIFY_UNKNOWN_TEMPLATE),
        ("sms", {"personalisation": {"naam": "Jan"}}, texts.NOTIFY_MISSING_PERSONALISATION),
    ],
)
def test_notifys_validation_errors_say_what_was_wrong(
    notify_sender: NotifyNLSender, kind: str, change: dict[str, Any], message: str
) -> None:
    if kind == "sms":
        arguments: dict[str, Any] = {
            "phone_number": PHONE,
            "template": SMS_TEMPLATE,
            "personalisation": SMS_VALUES,
        }
        result = notify_sender.send_sms(**{**arguments, **change}, reference="r")
    else:
        arguments = {"email_address": EMAIL, "template": EMAIL_TEMPLATE, "personalisation": EMAIL_VALUES}
        result = notify_sender.send_email(**{**arguments, **change}, reference="r")

    assert (result.status, result.error) == (SendStatus.FAILED, message)


def test_a_template_without_notify_id_is_not_sent(
    notify_sender: NotifyNLSender, fake_notify: FakeNotify
) -> None:
    template = MessageTemplateText(key="offer", body="Hallo")

    result = notify_sender.send_sms(phone_number=PHONE, template=template, personalisation={}, reference="r")

    assert result.error == str(texts.NO_NOTIFY_TEMPLATE)
    assert fake_notify.notifications == {}


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (httpx.ReadTimeout("timed out"), texts.NOTIFY_TIMEOUT),
        (httpx.ConnectError("refused"), texts.NOTIFY_UNREACHABLE),
    ],
)
def test_network_failures_become_a_dutch_message(failure: Exception, message: str) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise failure

    result = _sender(answer).send_sms(
        phone_number=PHONE, template=SMS_TEMPLATE, personalisation=SMS_VALUES, reference="r"
    )

    assert (result.status, result.error) == (SendStatus.FAILED, message)


def test_an_unreadable_acceptance_is_reported() -> None:
    result = _sender(lambda _request: httpx.Response(201, text="ok")).send_sms(
        phone_number=PHONE, template=SMS_TEMPLATE, personalisation=SMS_VALUES, reference="r"
    )

    assert (result.status, result.error) == (SendStatus.FAILED, str(texts.NOTIFY_UNREADABLE))


@pytest.mark.parametrize(
    ("notify_status", "status", "error"),
    [
        ("created", SendStatus.ACCEPTED, ""),
        ("sending", SendStatus.ACCEPTED, ""),
        ("delivered", SendStatus.DELIVERED, ""),
        ("permanent-failure", SendStatus.FAILED, texts.NOTIFY_PERMANENT_FAILURE),
        ("temporary-failure", SendStatus.FAILED, texts.NOTIFY_TEMPORARY_FAILURE),
        ("technical-failure", SendStatus.FAILED, texts.NOTIFY_TECHNICAL_FAILURE),
    ],
)
def test_the_delivery_status_is_read_back(
    notify_sender: NotifyNLSender, fake_notify: FakeNotify, notify_status: str, status: SendStatus, error: str
) -> None:
    sent = notify_sender.send_sms(
        phone_number=PHONE, template=SMS_TEMPLATE, personalisation=SMS_VALUES, reference="r"
    )
    fake_notify.statuses[sent.provider_id] = notify_status

    result = notify_sender.get_status(sent.provider_id)

    assert (result.status, result.error, result.provider_id) == (status, error, sent.provider_id)


def test_an_unknown_notification_has_no_status(notify_sender: NotifyNLSender) -> None:
    result = notify_sender.get_status("5b1b7a3e-0000-4000-8000-000000000000")

    assert (result.status, result.error) == (SendStatus.FAILED, str(texts.NOTIFY_NOT_FOUND))


@pytest.mark.parametrize(
    "first_id",
    [
        None,  # as the provider makes them
        # Nine digits in a row, as one random id in thirty has: the log filter masks them.
        uuid.UUID("fef84dff-3768-42f8-8456-68b123456789"),
    ],
)
def test_nothing_personal_is_logged(
    notify_sender: NotifyNLSender,
    fake_notify: FakeNotify,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    first_id: uuid.UUID | None,
) -> None:
    if first_id is not None:
        ids = iter([first_id])
        made = uuid.uuid4
        monkeypatch.setattr(uuid, "uuid4", lambda: next(ids, None) or made())
    caplog.set_level(logging.DEBUG)
    sent = notify_sender.send_sms(
        phone_number=PHONE, template=SMS_TEMPLATE, personalisation=SMS_VALUES, reference="r"
    )
    notify_sender.send_email(
        email_address=EMAIL, template=EMAIL_TEMPLATE, personalisation=EMAIL_VALUES, reference="r"
    )
    notify_sender.send_sms(
        phone_number="0612", template=SMS_TEMPLATE, personalisation=SMS_VALUES, reference="r"
    )
    notify_sender.get_status(sent.provider_id)
    for status in (400, 403, 429, 500):
        fake_notify.fail_with = status
        notify_sender.send_email(
            email_address=EMAIL, template=EMAIL_TEMPLATE, personalisation=EMAIL_VALUES, reference="r"
        )

    logged = caplog.text + " ".join(repr(record.args) for record in caplog.records)
    # The log does say what happened. A random id with eight or nine digits in a row is masked like
    # a BSN by the log filter (about one run in thirty): that is the filter doing its work.
    assert redact(sent.provider_id) in logged
    # Notification ids are random hex: "0612" turns up in one now and then. They may be logged.
    logged = LOGGED_ID_PATTERN.sub("<id>", logged)
    for personal in (PHONE, "0612", EMAIL, "Jan Jansen", "14 020", "Utrecht"):
        assert personal not in logged


def _sender(handler: Any) -> NotifyNLSender:
    return NotifyNLSender(BASE_URL, api_key=API_KEY, transport=httpx.MockTransport(handler))
