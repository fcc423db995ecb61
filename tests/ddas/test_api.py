"""The pull API's behaviour: the OAuth2 token endpoint, POST /gegevens, pages, Digest and audit."""

import base64
import datetime as dt
import hashlib
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.ddas.clients import issue_token, register_client, renew_secret
from eropaf.ddas.models import DdasAccessToken, DdasClient
from tests.ddas.conftest import ClientKeys, Region, schema_errors
from tests.factories import make_superuser

pytestmark = pytest.mark.django_db

TOKEN_URL = "/ddas/v1/token"
DATA_URL = "/ddas/v1/gegevens"
PERIOD = {"aanleverperiodeStartdatum": "2025-01-01", "aanleverperiodeEinddatum": "2025-03-31"}


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def ask_token(client: Client, keys: ClientKeys, **form: str) -> Any:
    return client.post(
        TOKEN_URL,
        {"grant_type": "client_credentials", **form},
        headers={"Authorization": basic(keys.client.client_id, keys.secret)},
    )


def ask_data(client: Client, token: str, body: Any = None, **headers: str) -> Any:
    content = json.dumps(PERIOD if body is None else body).encode()
    return client.post(
        DATA_URL,
        content,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **headers},
    )


def test_the_urls_are_where_the_specification_puts_them() -> None:
    assert reverse("ddas:token") == TOKEN_URL
    assert reverse("ddas:gegevens") == DATA_URL


# The token endpoint (RFC 6749 §4.4) ------------------------------------------------------------


def test_client_credentials_give_a_short_lived_read_token_stored_only_as_a_hash(
    client: Client, ddas_client: ClientKeys
) -> None:
    response = ask_token(client, ddas_client)

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 600
    assert body["scope"] == "read"
    assert response["Cache-Control"] == "no-store"
    stored = DdasAccessToken.objects.get(client=ddas_client.client)
    assert stored.token_hash == hashlib.sha256(body["access_token"].encode()).hexdigest()
    assert stored.scope == "read"
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, subject_type="ddas_client").count() == 1


def test_the_credentials_may_come_in_the_form_instead(client: Client, ddas_client: ClientKeys) -> None:
    response = client.post(
        TOKEN_URL,
        {
            "grant_type": "client_credentials",
            "client_id": ddas_client.client.client_id,
            "client_secret": ddas_client.secret,
        },
    )

    assert response.status_code == 200


def test_a_wrong_secret_is_refused_and_audited(client: Client, ddas_client: ClientKeys) -> None:
    response = client.post(
        TOKEN_URL,
        {"grant_type": "client_credentials"},
        headers={"Authorization": basic(ddas_client.client.client_id, "guessed")},
    )

    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client"}
    assert response["WWW-Authenticate"].startswith("Basic")
    assert not DdasAccessToken.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, subject_type="ddas_client").count() == 1


def test_an_unknown_client_is_refused_without_filling_the_audit_trail(client: Client, region: Region) -> None:
    response = client.post(
        TOKEN_URL, {"grant_type": "client_credentials", "client_id": "ddas-nobody", "client_secret": "x"}
    )

    assert response.status_code == 401
    assert not AuditEvent.objects.filter(subject_type="ddas_client").exists()


def test_an_inactive_client_gets_no_token(client: Client, ddas_client: ClientKeys) -> None:
    DdasClient.objects.filter(pk=ddas_client.client.pk).update(is_active=False)

    assert ask_token(client, ddas_client).status_code == 401


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": ""}, "invalid_request"),
        ({"grant_type": "password"}, "unsupported_grant_type"),
        ({"scope": "write"}, "invalid_scope"),
        ({"client_id": "ddas-x"}, "invalid_request"),  # credentials twice: Basic and the form
    ],
)
def test_malformed_token_requests_get_the_oauth2_error(
    client: Client, ddas_client: ClientKeys, form: dict[str, str], error: str
) -> None:
    response = ask_token(client, ddas_client, **form)

    assert response.status_code == 400
    assert response.json() == {"error": error}


def test_the_token_endpoint_only_takes_post(client: Client) -> None:
    response = client.get(TOKEN_URL)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


# POST /gegevens -----------------------------------------------------------------------------------


def test_a_token_fetches_the_delivery_with_a_digest_of_the_body(
    client: Client, region: Region, bearer: str
) -> None:
    response = ask_data(client, bearer)

    assert response.status_code == 200
    body = response.json()
    assert schema_errors(body["gegevens"]) == []
    assert len(body["gegevens"]["leveringen"][0]["vroegsignalen"]) == 4
    assert body["paginering"] == {"pageSize": 50_000, "currentPage": 1, "totalPages": 1, "totalRecords": 4}
    expected = base64.b64encode(hashlib.sha256(response.content).digest()).decode()
    assert response["Digest"] == f"SHA-256={expected}"


def test_a_client_sees_only_its_own_municipality(client: Client, region: Region) -> None:
    other = DdasClient(municipality=region.other, name="CBS")
    register_client(client=other, by=None)
    token = issue_token(client=other).access_token

    body = ask_data(client, token).json()

    assert [signal["ID"] for signal in body["gegevens"]["leveringen"][0]["vroegsignalen"]] == [
        str(region.s6.pk)
    ]
    assert body["gegevens"]["leveringen"][0]["gemeentecode"] == "0590"


def _fsc(response: Any) -> tuple[int, str, str]:
    return response.status_code, response["Fsc-Error-Code"], response.json()["code"]


def test_no_token_an_unknown_token_and_an_expired_token_are_told_apart(
    client: Client, region: Region, bearer: str
) -> None:
    missing = client.post(DATA_URL, json.dumps(PERIOD), content_type="application/json")
    unknown = ask_data(client, "not-a-token")
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(minutes=11)):
        expired = ask_data(client, bearer)

    assert _fsc(missing) == (401, "ERROR_CODE_ACCESS_TOKEN_MISSING", "ERROR_CODE_ACCESS_TOKEN_MISSING")
    assert _fsc(unknown) == (401, "ERROR_CODE_ACCESS_TOKEN_INVALID", "ERROR_CODE_ACCESS_TOKEN_INVALID")
    assert _fsc(expired) == (401, "ERROR_CODE_ACCESS_TOKEN_EXPIRED", "ERROR_CODE_ACCESS_TOKEN_EXPIRED")
    assert missing["Content-Type"] == "application/problem+json"
    assert missing["WWW-Authenticate"].startswith("Bearer")


def test_a_logged_in_session_is_not_a_token(client: Client, region: Region) -> None:
    client.force_login(make_superuser())

    response = client.post(DATA_URL, json.dumps(PERIOD), content_type="application/json")

    assert _fsc(response)[:2] == (401, "ERROR_CODE_ACCESS_TOKEN_MISSING")


def test_a_new_secret_ends_the_tokens_of_the_old_one(
    client: Client, ddas_client: ClientKeys, bearer: str
) -> None:
    renew_secret(client=ddas_client.client, by=None)

    assert _fsc(ask_data(client, bearer))[:2] == (401, "ERROR_CODE_ACCESS_TOKEN_INVALID")


def test_an_inactive_clients_token_stops_working(
    client: Client, ddas_client: ClientKeys, bearer: str
) -> None:
    DdasClient.objects.filter(pk=ddas_client.client.pk).update(is_active=False)

    assert _fsc(ask_data(client, bearer))[:2] == (401, "ERROR_CODE_ACCESS_TOKEN_INVALID")


def test_pages_of_at_most_the_asked_size(client: Client, region: Region, bearer: str) -> None:
    first = ask_data(client, bearer, {**PERIOD, "page": 1, "pageSize": 2}).json()
    second = ask_data(client, bearer, {**PERIOD, "page": 2, "pageSize": 2}).json()

    ids = [[s["ID"] for s in page["gegevens"]["leveringen"][0]["vroegsignalen"]] for page in (first, second)]
    assert ids == [[str(region.s1.pk), str(region.s2.pk)], [str(region.s3.pk), str(region.s4.pk)]]
    assert second["paginering"] == {"pageSize": 2, "currentPage": 2, "totalPages": 2, "totalRecords": 4}


def test_a_page_holds_at_most_50000_signals(client: Client, region: Region, bearer: str) -> None:
    too_big = ask_data(client, bearer, {**PERIOD, "pageSize": 50_001})
    largest = ask_data(client, bearer, {**PERIOD, "pageSize": 50_000})

    assert too_big.status_code == 400
    assert too_big["Content-Type"] == "application/problem+json"
    assert "50000" in too_big.json()["detail"]
    assert largest.status_code == 200


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({**PERIOD, "page": 0}, 400),
        ({**PERIOD, "page": "1"}, 400),
        ({**PERIOD, "periode": "2025"}, 400),
        ({"aanleverperiodeStartdatum": "2025-01-01"}, 400),
        ({**PERIOD, "aanleverperiodeEinddatum": "31-03-2025"}, 400),
        ([PERIOD], 400),
        ({**PERIOD, "aanleverperiodeEinddatum": "2024-12-31"}, 422),
        ({**PERIOD, "page": 3, "pageSize": 2}, 422),
    ],
)
def test_requests_that_cannot_be_served_get_problem_details(
    client: Client, region: Region, bearer: str, body: Any, status: int
) -> None:
    response = ask_data(client, bearer, body)

    assert response.status_code == status
    problem = response.json()
    assert problem["status"] == status
    assert problem["instance"] == DATA_URL
    assert problem["detail"]
    assert not AuditEvent.objects.filter(subject_type="ddas_delivery").exists()


@pytest.mark.parametrize("organisation", ["", "Gemeente Alblasserdam", "alblasserdam", "0482"])
def test_the_client_may_name_its_own_municipality(
    client: Client, region: Region, bearer: str, organisation: str
) -> None:
    assert ask_data(client, bearer, {**PERIOD, "aanleverendeOrganisatie": organisation}).status_code == 200


def test_naming_another_organisation_is_refused(client: Client, region: Region, bearer: str) -> None:
    response = ask_data(client, bearer, {**PERIOD, "aanleverendeOrganisatie": "Gemeente Papendrecht"})

    assert _fsc(response) == (403, "ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN", "ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN")


def test_a_request_digest_must_match_its_body(client: Client, region: Region, bearer: str) -> None:
    body = json.dumps(PERIOD).encode()
    good = "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
    bad = "SHA-256=" + base64.b64encode(hashlib.sha256(b"other").digest()).decode()

    assert ask_data(client, bearer, PERIOD, Digest=good).status_code == 200
    assert ask_data(client, bearer, PERIOD, Digest=bad).status_code == 400


def test_only_post(client: Client, region: Region, bearer: str) -> None:
    response = client.get(DATA_URL, headers={"Authorization": f"Bearer {bearer}"})

    assert _fsc(response) == (405, "ERROR_CODE_METHOD_UNSUPPORTED", "ERROR_CODE_METHOD_UNSUPPORTED")
    assert response["Allow"] == "POST"


def test_every_page_fetched_is_audited_with_the_client_and_counts(
    client: Client, ddas_client: ClientKeys, region: Region, bearer: str
) -> None:
    ask_data(client, bearer, {**PERIOD, "page": 1, "pageSize": 2})
    ask_data(client, bearer, {**PERIOD, "page": 2, "pageSize": 2})

    events = list(AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("id"))
    assert [event.actor_username for event in events] == [f"ddas:{ddas_client.client.client_id}"] * 2
    assert events[0].municipality_code == "0482"
    assert "pagina 1 van 2: 2 signalen, 1 zaken, 3 contactpogingen" in events[0].description
    assert "pagina 2 van 2: 2 signalen, 1 zaken, 0 contactpogingen" in events[1].description
    assert events[1].signal_ids == sorted([region.s3.pk, region.s4.pk])
    assert all("999990019" not in event.description for event in events)
