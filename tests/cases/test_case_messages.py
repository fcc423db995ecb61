"""An SMS or e-mail to the resident from the case page: sent, counted as an attempt, opt-out kept."""

import httpx
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.cases.case_messages import CaseMessage, send_case_message
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import ContactKind
from eropaf.messaging.defaults import seed_default_templates
from eropaf.messaging.models import MessageTemplate, SentMessage, TemplateKey
from eropaf.messaging.notify import NotifyNLSender
from eropaf.messaging.protocol import Channel, SendStatus
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role
from tests.messaging.conftest import SMS_TEMPLATE_ID
from tests.messaging.notify_fake import API_KEY, BASE_URL, FakeNotify, FakeTemplate

pytestmark = pytest.mark.django_db

EMAIL = "j.jansen@example.nl"
PHONE = "06 12345678"


@pytest.fixture
def case() -> Case:
    seed_default_templates(MessageTemplate)
    return make_case_with_signal(
        team=TeamFactory.create(), surname="Jansen", case_fields={"state": CaseState.QUEUED}
    )


@pytest.fixture
def worker(case: Case) -> User:
    user = make_user_with_role(Role.CASE_WORKER, team=case.team, username="fatima")
    User.objects.filter(pk=user.pk).update(first_name="Fatima", last_name="Bakker")
    user.refresh_from_db()
    return user


def _send(client: Client, case: Case, **fields: str) -> str:
    data = {"kanaal": "email", "sjabloon": "offer", "adres": EMAIL, "terugbelnummer": "14 078"}
    response = client.post(reverse("cases:send-message", args=[case.pk]), {**data, **fields}, follow=True)
    return response.content.decode()


def test_an_email_from_the_case_page_is_sent_and_counts_as_a_contact_attempt(
    client: Client, case: Case, worker: User
) -> None:
    client.force_login(worker)

    page = _send(client, case)

    assert "Het bericht is verstuurd en vastgelegd als contactpoging." in page
    (sent,) = mail.outbox
    assert sent.to == [EMAIL]
    assert "14 078" in sent.body
    assert "Fatima Bakker" in sent.body
    case.refresh_from_db()
    assert case.state == CaseState.IN_PROGRESS
    assert case.assigned_to == worker
    attempt = case.contact_attempts.get()
    assert (attempt.kind, attempt.reached) == (ContactKind.EMAIL, False)
    assert "E-mail verstuurd: Aanbod van hulp" in attempt.note
    message = SentMessage.objects.get()
    assert message.case_id == case.pk
    stored = " ".join(str(value) for value in SentMessage.objects.values().get().values())
    assert EMAIL not in stored  # only a keyed hash of the address
    assert not AuditEvent.objects.filter(description__contains=EMAIL).exists()


def test_an_sms_goes_to_notify_with_the_residents_name_and_the_call_back_number(
    case: Case, worker: User
) -> None:
    fake_notify = FakeNotify(
        templates={SMS_TEMPLATE_ID: FakeTemplate(kind="sms", body="((naam)) ((telefoonnummer))")}
    )
    notify_sender = NotifyNLSender(BASE_URL, api_key=API_KEY, transport=httpx.MockTransport(fake_notify))
    MessageTemplate.objects.filter(kind=Channel.SMS, key=TemplateKey.OFFER).update(
        notify_template_id=SMS_TEMPLATE_ID
    )

    sent = send_case_message(
        user=worker,
        case_id=case.pk,
        message=CaseMessage(
            channel=Channel.SMS, template_key=TemplateKey.OFFER, address=PHONE, callback_phone="14 078"
        ),
        sender=notify_sender,
    )

    assert sent.status == SendStatus.ACCEPTED
    (stored,) = fake_notify.notifications.values()
    values = stored["request"]["personalisation"]
    assert values["telefoonnummer"] == "14 078"
    assert "Jansen" in values["naam"]
    assert values["medewerker"] == "Fatima Bakker"
    assert case.contact_attempts.get().kind == ContactKind.SMS_WHATSAPP


def test_after_an_opt_out_no_message_goes_to_that_address_and_nothing_counts(
    client: Client, case: Case, worker: User
) -> None:
    client.force_login(worker)
    response = client.post(
        reverse("cases:opt-out", args=[case.pk]),
        {"kanaal": "email", "adres": EMAIL.upper(), "reden": "Wil geen mail"},
        follow=True,
    )
    assert "Vastgelegd" in response.content.decode()

    page = _send(client, case)

    assert mail.outbox == []
    assert "geen e-mail" in page.lower() or "afgemeld" in page.lower()
    assert not case.contact_attempts.exists()
    assert SentMessage.objects.get().status == SendStatus.REFUSED


def test_an_invalid_address_is_refused_in_dutch(client: Client, case: Case, worker: User) -> None:
    client.force_login(worker)

    response = client.post(
        reverse("cases:send-message", args=[case.pk]),
        {"kanaal": "sms", "sjabloon": "offer", "adres": "12", "terugbelnummer": "14 078"},
    )

    assert response.status_code == 400
    assert "mobiel" in response.content.decode().lower()
    assert not case.contact_attempts.exists()


def test_a_worker_of_another_team_cannot_send(client: Client, case: Case) -> None:
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create()))

    response = client.post(
        reverse("cases:send-message", args=[case.pk]),
        {"kanaal": "email", "sjabloon": "offer", "adres": EMAIL, "terugbelnummer": "14 078"},
    )

    assert response.status_code == 404
    assert mail.outbox == []
    assert not SentMessage.objects.exists()


def test_the_case_page_offers_the_message_forms_to_its_workers(
    client: Client, case: Case, worker: User
) -> None:
    client.force_login(worker)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'id="bericht-sturen"' in page
    assert 'id="geen-berichten"' in page
