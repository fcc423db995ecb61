"""Partner systems authenticate with their API key, and only with it."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from eropaf.accounts.api_tokens import create_api_token, revoke_api_token
from eropaf.accounts.models import PartnerApiToken
from eropaf.accounts.roles import Role
from eropaf.organisations.models import Partner
from tests.factories import DeliveryFactory, PartnerFactory, make_user_with_role

pytestmark = pytest.mark.django_db

DELIVERIES = "/api/v1/deliveries"
REFUSED_KEY = "This API key is unknown, revoked or expired."


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    cache.clear()


@pytest.fixture
def partner() -> Partner:
    return PartnerFactory.create(code="woongoed")


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def assert_unauthenticated(response: Any, *, detail: str | None = None) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401
    assert body["title"]
    assert body["detail"]
    if detail is not None:
        assert body["detail"] == gettext(detail)


def test_a_live_key_reaches_the_partner_endpoints_as_its_partner(client: Client, partner: Partner) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)
    DeliveryFactory.create(partner=partner)
    DeliveryFactory.create(partner=PartnerFactory.create())

    response = client.get(DELIVERIES, headers=bearer(issued.key))

    assert response.status_code == 200
    assert response.json()["count"] == 1
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "Token"])
def test_bearer_and_token_schemes_are_accepted(client: Client, partner: Partner, scheme: str) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)

    response = client.get(DELIVERIES, headers={"Authorization": f"{scheme} {issued.key}"})

    assert response.status_code == 200


def test_without_a_key_the_answer_is_401_with_a_bearer_challenge(client: Client) -> None:
    assert_unauthenticated(client.get(DELIVERIES))
    assert_unauthenticated(client.post(DELIVERIES, {"signalen": []}, content_type="application/json"))


def test_another_scheme_is_not_a_key(client: Client, partner: Partner) -> None:
    create_api_token(partner=partner, name="SAP", created_by=None)

    assert_unauthenticated(client.get(DELIVERIES, headers={"Authorization": "Basic d29vbmdvZWQ6Z2VoZWlt"}))


@pytest.mark.parametrize(
    "key",
    [
        "eropaf_deadbeef_not-the-secret",
        "not-a-key-at-all",
        "eropaf_",
    ],
)
def test_a_wrong_key_is_refused(client: Client, partner: Partner, key: str) -> None:
    create_api_token(partner=partner, name="SAP", created_by=None)

    assert_unauthenticated(client.get(DELIVERIES, headers=bearer(key)), detail=REFUSED_KEY)


def test_the_right_prefix_with_a_wrong_secret_is_refused(client: Client, partner: Partner) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)
    forged = f"eropaf_{issued.token.prefix}_{'x' * 43}"

    assert_unauthenticated(client.get(DELIVERIES, headers=bearer(forged)), detail=REFUSED_KEY)


def test_a_header_with_two_keys_is_refused(client: Client, partner: Partner) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)

    response = client.get(DELIVERIES, headers={"Authorization": f"Bearer {issued.key} {issued.key}"})

    assert_unauthenticated(response, detail="Send exactly one API key: Authorization: Bearer <key>.")


def test_a_revoked_key_stops_working_at_once(client: Client, partner: Partner) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)
    assert client.get(DELIVERIES, headers=bearer(issued.key)).status_code == 200
    revoke_api_token(token=issued.token, revoked_by=make_user_with_role(Role.PARTNER_USER, partner=partner))

    assert_unauthenticated(client.get(DELIVERIES, headers=bearer(issued.key)), detail=REFUSED_KEY)


def test_an_expired_key_is_refused(client: Client, partner: Partner) -> None:
    expires_at = timezone.now() + dt.timedelta(days=30)
    issued = create_api_token(partner=partner, name="SAP", created_by=None, expires_at=expires_at)
    assert client.get(DELIVERIES, headers=bearer(issued.key)).status_code == 200

    with time_machine.travel(expires_at + dt.timedelta(seconds=1)):
        response = client.get(DELIVERIES, headers=bearer(issued.key))

    assert_unauthenticated(response, detail=REFUSED_KEY)


def test_a_logged_in_partner_user_cannot_use_the_partner_endpoints(client: Client, partner: Partner) -> None:
    client.force_login(make_user_with_role(Role.PARTNER_USER, partner=partner))
    DeliveryFactory.create(partner=partner)

    assert_unauthenticated(client.get(DELIVERIES))
    assert_unauthenticated(
        client.post("/api/v1/withdrawals", {"referentie": "A"}, content_type="application/json")
    )


def test_a_partner_key_does_not_open_the_internal_endpoints(client: Client, partner: Partner) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)

    response = client.get("/api/v1/me", headers=bearer(issued.key))

    assert response.status_code in {401, 403}
    assert response["Content-Type"] == "application/problem+json"


def test_the_session_still_opens_the_internal_endpoints(client: Client, partner: Partner) -> None:
    client.force_login(make_user_with_role(Role.PARTNER_USER, partner=partner, username="jan"))

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == "jan"


def test_the_key_is_stored_only_as_a_hash(partner: Partner) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)

    stored = PartnerApiToken.objects.get(pk=issued.token.pk)
    assert issued.key not in {stored.key_hash, stored.prefix, stored.name}
    assert issued.key.startswith(f"eropaf_{stored.prefix}_")


def test_a_partner_system_may_fetch_the_openapi_document_with_its_key(
    client: Client, partner: Partner
) -> None:
    issued = create_api_token(partner=partner, name="SAP", created_by=None)

    assert client.get("/api/v1/schema").status_code in {401, 403}
    response = client.get("/api/v1/schema", headers=bearer(issued.key))

    assert response.status_code == 200
    assert b"/api/v1/deliveries" in response.content
