"""POST /api/v1/withdrawals: a partner withdraws the signals of an arrear that was paid."""

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.translation import gettext

from eropaf.accounts.api_tokens import create_api_token
from eropaf.audit.models import AuditEvent
from eropaf.intake.models import Signal
from eropaf.organisations.models import Partner
from tests.factories import DeliveryFactory, PartnerFactory, SignalFactory

pytestmark = pytest.mark.django_db

WITHDRAWALS = "/api/v1/withdrawals"


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    cache.clear()


@pytest.fixture
def partner() -> Partner:
    return PartnerFactory.create(code="woongoed")


def headers_for(partner: Partner) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(partner=partner, name='test', created_by=None).key}"}


def withdraw(client: Client, partner: Partner, body: object) -> Any:
    return client.post(WITHDRAWALS, body, content_type="application/json", headers=headers_for(partner))


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert (body["status"], bool(body["title"]), bool(body["detail"])) == (status, True, True)
    return body


def test_withdrawing_a_reference_withdraws_its_open_signals(client: Client, partner: Partner) -> None:
    # The same arrear in two periods (a changed amount is a new signal), and another arrear.
    SignalFactory.create(
        delivery=DeliveryFactory.create(partner=partner), reference="HUUR-1", amount_cents=100
    )
    SignalFactory.create(
        delivery=DeliveryFactory.create(partner=partner), reference="HUUR-1", amount_cents=200
    )
    other = SignalFactory.create(delivery=DeliveryFactory.create(partner=partner), reference="HUUR-2")

    response = withdraw(client, partner, {"referentie": "HUUR-1", "reden": "betaald"})

    assert response.status_code == 200
    assert response.json() == {"referentie": "HUUR-1", "withdrawn": 2}
    withdrawn = Signal.objects.filter(reference="HUUR-1")
    assert all(signal.withdrawn_at is not None for signal in withdrawn)
    assert {signal.withdrawal_reason for signal in withdrawn} == {"betaald"}
    other.refresh_from_db()
    assert other.withdrawn_at is None
    assert AuditEvent.objects.filter(subject_type="signal", description__contains="woongoed").exists()


def test_an_unknown_reference_is_a_404_problem_naming_it(client: Client, partner: Partner) -> None:
    response = withdraw(client, partner, {"referentie": "ONBEKEND-7", "reden": "betaald"})

    body = assert_problem(response, 404)
    assert "ONBEKEND-7" in body["detail"]
    assert body["detail"] == gettext(
        'There is no open signal with reference "%(reference)s": the reference is unknown '
        "or its signals were withdrawn before."
    ) % {"reference": "ONBEKEND-7"}


def test_withdrawing_twice_finds_nothing_open_the_second_time(client: Client, partner: Partner) -> None:
    SignalFactory.create(delivery=DeliveryFactory.create(partner=partner), reference="HUUR-1")
    assert withdraw(client, partner, {"referentie": "HUUR-1", "reden": "betaald"}).status_code == 200

    assert_problem(withdraw(client, partner, {"referentie": "HUUR-1", "reden": "betaald"}), 404)


def test_another_partners_reference_cannot_be_withdrawn(client: Client, partner: Partner) -> None:
    theirs = SignalFactory.create(
        delivery=DeliveryFactory.create(partner=PartnerFactory.create()), reference="X-1"
    )

    assert_problem(withdraw(client, partner, {"referentie": "X-1", "reden": "betaald"}), 404)

    theirs.refresh_from_db()
    assert theirs.withdrawn_at is None


def test_missing_or_too_long_fields_are_a_400_problem_per_field(client: Client, partner: Partner) -> None:
    response = withdraw(client, partner, {"referentie": "x" * 65})

    body = assert_problem(response, 400)
    assert set(body["errors"]) == {"referentie", "reden"}


def test_only_json_is_accepted(client: Client, partner: Partner) -> None:
    response = client.post(
        WITHDRAWALS, {"referentie": "HUUR-1", "reden": "betaald"}, headers=headers_for(partner)
    )

    assert_problem(response, 415)


def test_malformed_json_is_a_400_problem(client: Client, partner: Partner) -> None:
    response = client.post(
        WITHDRAWALS, '{"referentie": ', content_type="application/json", headers=headers_for(partner)
    )

    assert_problem(response, 400)


def test_without_a_key_nothing_is_withdrawn(client: Client, partner: Partner) -> None:
    signal = SignalFactory.create(delivery=DeliveryFactory.create(partner=partner), reference="HUUR-1")

    response = client.post(
        WITHDRAWALS, {"referentie": "HUUR-1", "reden": "x"}, content_type="application/json"
    )

    assert_problem(response, 401)
    signal.refresh_from_db()
    assert signal.withdrawn_at is None
