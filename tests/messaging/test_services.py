"""Sending through the service: templates per municipality, opt-outs, and the message record."""

import logging
from typing import Any

import httpx
import pytest
from django.core import mail
from pytest_django import Settings

from eropaf.accounts.models import User
from eropaf.audit.models import AuditEvent
from eropaf.core.errors import ApplicationError
from eropaf.messaging import texts
from eropaf.messaging.defaults import DEFAULT_TEMPLATES, seed_default_templates
from eropaf.messaging.models import MessageOptOut, MessageTemplate, SentMessage, TemplateKey
from eropaf.messaging.notify import NotifyNLSender
from eropaf.messaging.protocol import Channel, SendStatus
from eropaf.messaging.senders import UnconfiguredSender, get_message_sender
from eropaf.messaging.services import record_opt_out, send_message
from eropaf.messaging.smtp import SmtpEmailSender
from eropaf.organisations.models import Municipality
from tests.factories import MunicipalityFactory, UserFactory
from tests.messaging.notify_fake import API_KEY, BASE_URL, FakeNotify, FakeTemplate

pytestmark = pytest.mark.django_db

PHONE = "06-12345678"
EMAIL = "Jan.Jansen@example.nl"
VALUES = {"naam": "Jan Jansen", "gemeente": "Utrecht", "medewerker": "Fatima", "telefoonnummer": "14 030"}
NOTIFY_OFFER_ID = "1c8a4f5e-7d21-4b5a-9a57-2f3c0f6b9e11"


@pytest.fixture
def municipality() -> Municipality:
    seed_default_templates(MessageTemplate)
    return MunicipalityFactory.create(code="0344", name="Utrecht")


@pytest.fixture
def worker() -> User:
    return UserFactory.create()


@pytest.fixture
def notify(municipality: Municipality) -> tuple[FakeNotify, NotifyNLSender]:
    template = MessageTemplate.objects.get(municipality=None, kind=Channel.SMS, key=TemplateKey.OFFER)
    template.notify_template_id = NOTIFY_OFFER_ID
    template.save()
    fake = FakeNotify(templates={NOTIFY_OFFER_ID: FakeTemplate(kind="sms", body=template.body)})
    return fake, NotifyNLSender(BASE_URL, api_key=API_KEY, transport=httpx.MockTransport(fake))


def _send(municipality: Municipality, worker: User, **overrides: Any) -> SentMessage:
    arguments: dict[str, Any] = {
        "municipality": municipality,
        "case_id": 41,
        "channel": Channel.SMS,
        "template_key": TemplateKey.OFFER,
        "address": PHONE,
        "personalisation": VALUES,
        "by": worker,
    }
    return send_message(**{**arguments, **overrides})


def test_the_defaults_cover_every_channel_and_key_and_seeding_twice_adds_nothing() -> None:
    assert seed_default_templates(MessageTemplate) == len(DEFAULT_TEMPLATES) == 6
    assert seed_default_templates(MessageTemplate) == 0
    assert {(t.kind, t.key) for t in MessageTemplate.objects.all()} == {
        (channel, key) for channel in Channel.values for key in TemplateKey.values
    }
    assert all(t.subject for t in MessageTemplate.objects.filter(kind=Channel.EMAIL))


def test_an_sms_goes_through_notify_and_is_recorded_without_the_number(
    municipality: Municipality, worker: User, notify: tuple[FakeNotify, NotifyNLSender]
) -> None:
    fake, sender = notify

    message = _send(municipality, worker, sender=sender)

    assert (message.status, message.error, message.provider) == (SendStatus.ACCEPTED, "", "notifynl")
    (stored,) = fake.notifications.values()
    assert stored["request"]["phone_number"] == "+31612345678"
    assert stored["request"]["reference"] == str(message.reference)
    assert "Beste Jan Jansen" in stored["response"]["content"]["body"]
    assert message.provider_id == stored["response"]["id"]
    row = SentMessage.objects.values().get(pk=message.pk)
    assert not any("612345678" in str(value) for value in row.values())
    assert (row["case_id"], row["sent_by_id"], row["template_key"]) == (41, worker.pk, "offer")
    event = AuditEvent.objects.get(subject_type="message")
    assert (event.case_ids, event.municipality_code, event.actor_id) == ([41], "0344", worker.pk)


def test_an_opted_out_resident_gets_nothing_and_the_refusal_is_recorded(
    municipality: Municipality, worker: User, notify: tuple[FakeNotify, NotifyNLSender]
) -> None:
    fake, sender = notify
    record_opt_out(
        municipality=municipality, channel=Channel.SMS, address="+31 6 1234 5678", by=worker, reason="Belde"
    )

    message = _send(municipality, worker, sender=sender)

    assert message.status == SendStatus.REFUSED
    assert message.error == "De inwoner heeft zich afgemeld voor sms."
    assert fake.notifications == {}
    assert SentMessage.objects.get().status == SendStatus.REFUSED


def test_an_opt_out_holds_per_channel_and_per_municipality(municipality: Municipality, worker: User) -> None:
    record_opt_out(municipality=municipality, channel=Channel.EMAIL, address=EMAIL, by=worker)

    refused = _send(municipality, worker, channel=Channel.EMAIL, address=" jan.jansen@EXAMPLE.nl")
    elsewhere = _send(MunicipalityFactory.create(), worker, channel=Channel.EMAIL, address=EMAIL)

    assert refused.error == "De inwoner heeft zich afgemeld voor e-mail."
    assert elsewhere.status == SendStatus.ACCEPTED
    assert len(mail.outbox) == 1


def test_an_opt_out_is_stored_as_a_keyed_hash_and_recorded_once(
    municipality: Municipality, worker: User, settings: Settings
) -> None:
    settings.MESSAGING_ADDRESS_HASH_KEY = "a-dedicated-key"
    first = record_opt_out(
        municipality=municipality, channel=Channel.SMS, address=PHONE, by=worker, reason="Wil niet"
    )
    again = record_opt_out(municipality=municipality, channel=Channel.SMS, address="0031612345678", by=worker)

    assert first.pk == again.pk
    row = MessageOptOut.objects.values().get()
    assert not any("612345678" in str(value) for value in row.values())
    assert (row["recorded_by_id"], row["reason"]) == (worker.pk, "Wil niet")
    assert AuditEvent.objects.filter(subject_type="message_opt_out").count() == 1

    settings.MESSAGING_ADDRESS_HASH_KEY = "another-key"
    assert _send(municipality, worker, channel=Channel.SMS).error == str(
        texts.SMS_NOT_CONFIGURED
    )  # no longer opted out


def test_an_invalid_opt_out_address_is_refused_in_dutch(municipality: Municipality, worker: User) -> None:
    with pytest.raises(ApplicationError, match="geen geldig Nederlands mobiel nummer"):
        record_opt_out(municipality=municipality, channel=Channel.SMS, address="020-1234567", by=worker)


def test_a_municipalitys_own_template_wins(municipality: Municipality, worker: User) -> None:
    MessageTemplate.objects.create(
        municipality=municipality,
        kind=Channel.EMAIL,
        key=TemplateKey.OFFER,
        subject="Eigen",
        body="Hoi ((naam))",
    )

    _send(municipality, worker, channel=Channel.EMAIL, address=EMAIL)
    _send(MunicipalityFactory.create(), worker, channel=Channel.EMAIL, address=EMAIL)

    own, default = mail.outbox
    assert (own.subject, own.body) == ("Eigen", "Hoi Jan Jansen")
    assert default.subject == "Hulp van de gemeente Utrecht"


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"address": "0201234567"}, texts.INVALID_PHONE_NUMBER),
        ({"channel": Channel.EMAIL, "address": "geen-adres"}, texts.INVALID_EMAIL_ADDRESS),
        ({"template_key": "unknown"}, texts.NO_TEMPLATE),
        (
            {"personalisation": {"naam": "Jan"}},
            "Ontbrekende gegevens voor het sjabloon: gemeente, medewerker, telefoonnummer.",
        ),
    ],
)
def test_messages_that_cannot_be_sent_are_refused_before_any_provider(
    municipality: Municipality,
    worker: User,
    notify: tuple[FakeNotify, NotifyNLSender],
    overrides: dict[str, Any],
    error: str,
) -> None:
    fake, sender = notify

    message = _send(municipality, worker, sender=sender, **overrides)

    assert (message.status, message.error) == (SendStatus.REFUSED, error)
    assert fake.notifications == {}
    assert SentMessage.objects.filter(status=SendStatus.REFUSED).count() == 1


def test_provider_errors_are_recorded_and_not_raised(
    municipality: Municipality, worker: User, notify: tuple[FakeNotify, NotifyNLSender]
) -> None:
    fake, sender = notify
    fake.fail_with = 429

    message = _send(municipality, worker, sender=sender)

    assert (message.status, message.error) == (SendStatus.FAILED, str(texts.NOTIFY_RATE_LIMITED))
    assert SentMessage.objects.get().error == str(texts.NOTIFY_RATE_LIMITED)


def test_sms_without_notify_settings_fails_and_says_so(municipality: Municipality, worker: User) -> None:
    message = _send(municipality, worker)

    assert (message.status, message.provider) == (SendStatus.FAILED, "none")
    assert message.error == "Sms is niet ingesteld voor deze gemeente."


def test_the_factory_follows_the_settings(settings: Settings) -> None:
    settings.NOTIFYNL_API_KEY = ""
    settings.NOTIFYNL_BASE_URL = ""
    assert isinstance(get_message_sender(Channel.SMS), UnconfiguredSender)
    assert isinstance(get_message_sender(Channel.EMAIL), SmtpEmailSender)

    settings.NOTIFYNL_API_KEY = API_KEY
    settings.NOTIFYNL_BASE_URL = BASE_URL
    assert isinstance(get_message_sender(Channel.SMS), NotifyNLSender)
    assert isinstance(get_message_sender(Channel.EMAIL), NotifyNLSender)


def test_sending_logs_nothing_personal(
    municipality: Municipality,
    worker: User,
    notify: tuple[FakeNotify, NotifyNLSender],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    _, sender = notify
    record_opt_out(municipality=municipality, channel=Channel.EMAIL, address="other@example.nl", by=worker)

    _send(municipality, worker, sender=sender)
    _send(municipality, worker, channel=Channel.EMAIL, address=EMAIL)
    _send(municipality, worker, channel=Channel.EMAIL, address="other@example.nl")

    logged = caplog.text + " ".join(repr(record.args) for record in caplog.records)
    assert caplog.records  # sending is logged
    for personal in ("612345678", "jan.jansen", "other@example", *VALUES.values()):
        assert personal.casefold() not in logged.casefold()
