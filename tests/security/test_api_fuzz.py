"""API fuzz: Schemathesis sends generated valid and invalid requests to every operation of our own OpenAPI
document (the partner API under /api/v1/) and of the DDAS pull API, in process through the WSGI
application. No request may end in a server error, and answers the document describes must match it.

The run is bounded (a fixed number of examples per operation, derandomised) so it stays in the normal
suite on SQLite and PostgreSQL.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from pytest_django import Settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from eropaf.accounts.api_tokens import create_api_token
from eropaf.accounts.roles import Role
from eropaf.ddas.clients import issue_token, register_client
from eropaf.ddas.models import DdasClient
from tests.factories import make_case_with_signal, make_user_with_role
from tests.intake.deliveries import csv_bytes, good_row, make_region

ROOT = Path(__file__).resolve().parents[2]
API_DOCUMENT = ROOT / "docs" / "openapi.yaml"
DDAS_DOCUMENT = ROOT / "tests" / "ddas" / "spec" / "DDAS-VS.yaml"
DDAS_BASE_URL = "http://testserver/ddas/v1"  # the specification's server is https://…/v1
EXAMPLES_PER_MODE = 25
TODAY = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)

API_SCHEMA = schemathesis.openapi.from_path(API_DOCUMENT)
DDAS_SCHEMA = schemathesis.openapi.from_path(DDAS_DOCUMENT)


def labels(schema: Any) -> list[str]:
    return [result.ok().label for result in schema.get_all_operations()]


@dataclass(frozen=True)
class Credentials:
    partner_key: str
    session_cookie: str
    ddas_bearer: str


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    cache.clear()  # the API throttles per key; every test starts with a fresh allowance
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def credentials(client: Client, settings: Settings) -> Credentials:
    """A partner with a key, a delivery and a case; a case worker's session; a DDAS client's token."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": None, "partner_deliveries": None},
    }
    region = make_region()
    key = create_api_token(partner=region.partner, name="fuzz", created_by=None).key
    user = make_user_with_role(Role.CASE_WORKER, municipality=region.dordrecht)
    team = user.role_assignments.get().team
    assert team is not None
    make_case_with_signal(team=team)
    client.force_login(user)
    client.post(
        "/api/v1/deliveries",
        {"file": _upload()},
        headers={"Authorization": f"Bearer {key}"},
    )
    ddas_client = DdasClient(municipality=region.dordrecht, name="CBS")
    register_client(client=ddas_client, by=None)
    bearer = issue_token(client=ddas_client).access_token
    return Credentials(partner_key=key, session_cookie=client.cookies["sessionid"].value, ddas_bearer=bearer)


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("signalen.csv", csv_bytes([good_row("A-1"), good_row("A-2", postcode="1")]))


def fuzz(
    schema: Any,
    label: str,
    call: Callable[[Any], Any],
    checks: list[Any],
) -> None:
    operation = schema.find_operation_by_label(label)
    assert operation is not None, label
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @settings(
            max_examples=EXAMPLES_PER_MODE,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case: Any) -> None:
            response = call(case)
            case.validate_response(response, checks=checks)

        run()


@pytest.fixture
def app(credentials: Credentials) -> Iterator[WSGIHandler]:
    """Django's WSGI application, in process. Django closes unusable database connections when a
    request starts and ends; in process that connection holds the test's transaction (on PostgreSQL),
    so this is switched off as Django's own test client does (which switches it on again after each
    of its requests, hence after ``credentials``)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.parametrize("label", labels(API_SCHEMA))
def test_the_partner_api_never_answers_with_a_server_error(
    label: str, credentials: Credentials, app: WSGIHandler
) -> None:
    def call(case: Any) -> Any:
        return case.call(
            app=app,
            headers={"Authorization": f"Bearer {credentials.partner_key}"},
            cookies={"sessionid": credentials.session_cookie},
        )

    fuzz(API_SCHEMA, label, call, [not_a_server_error, response_schema_conformance])


@pytest.mark.django_db
@pytest.mark.parametrize("label", labels(DDAS_SCHEMA))
def test_the_ddas_api_never_answers_with_a_server_error(
    label: str, credentials: Credentials, app: WSGIHandler
) -> None:
    def call(case: Any) -> Any:
        return case.call(
            app=app, base_url=DDAS_BASE_URL, headers={"Authorization": f"Bearer {credentials.ddas_bearer}"}
        )

    fuzz(DDAS_SCHEMA, label, call, [not_a_server_error])


def test_the_fuzz_covers_every_documented_operation() -> None:
    assert len(labels(API_SCHEMA)) >= 9
    assert labels(DDAS_SCHEMA) == ["POST /gegevens"]
