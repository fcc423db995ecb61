"""The pull API against the official DDAS-VS.yaml (kept verbatim in tests/ddas/spec/).

schemathesis is not among the project's dependencies, so openapi-core (a dev dependency) checks
every request we send and every response we give: status, content type, headers and body against
the specification, with a few fixed scenarios and hypothesis-generated request bodies.

Two adaptations, both mechanical: the spec refers to the Uitwisselmodel by its GitHub URL, so the
official JSON schema from the same folder is put in its place; and the spec's server path ``/v1``
is our ``/ddas/v1``. One deviation is known and asserted: a 200 has no ``nlgov-adr-payload-sig``
header, because payload signing is not implemented (docs/adr/0011-ddas-payload-signing.md).
"""

import datetime as dt
import json
import warnings
from typing import Any, cast

import pytest
import time_machine
import yaml
from django.http import HttpResponse
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.validation.response.exceptions import MissingRequiredHeader
from werkzeug.datastructures import Headers, ImmutableMultiDict

from tests.ddas.conftest import SPEC_DIR, Region, uitwisselmodel_schema

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"
SERVER = "https://api.gegevensuitwissel.com"
OUR_PREFIX, SPEC_PREFIX = "/ddas/v1", "/v1"
SIGNATURE = "nlgov-adr-payload-sig"
POINTER = "#/components/schemas/Uitwisselmodel"
PERIOD = {"aanleverperiodeStartdatum": "2025-01-01", "aanleverperiodeEinddatum": "2025-03-31"}


def _embedded(node: Any) -> Any:
    """The JSON schema as a component: its own ``#/$defs/…`` references point into the component."""
    if isinstance(node, dict):
        return {
            key: POINTER + value[1:]
            if key == "$ref" and str(value).startswith("#/$defs/")
            else _embedded(value)
            for key, value in node.items()
            if key not in {"$id", "$schema"}
        }
    if isinstance(node, list):
        return [_embedded(item) for item in node]
    return node


def _openapi() -> OpenAPI:
    spec: dict[str, Any] = yaml.safe_load((SPEC_DIR / "DDAS-VS.yaml").read_text(encoding="utf-8"))
    assert spec["components"]["schemas"]["Uitwisselmodel"]["$ref"].endswith(
        "/v1.2/json_schema_Uitwisselmodel.json"
    )
    spec["components"]["schemas"]["Uitwisselmodel"] = _embedded(uitwisselmodel_schema())
    return OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers={PROBLEM: json.loads}))


OPENAPI = _openapi()


class SpecRequest:
    def __init__(self, *, method: str, path: str, body: bytes, headers: dict[str, str]) -> None:
        assert path.startswith(OUR_PREFIX)
        self.host_url = SERVER
        self.path = SPEC_PREFIX + path.removeprefix(OUR_PREFIX)
        self.full_url_pattern = self.host_url + self.path
        self.method = method
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(), header=Headers(headers), cookie=ImmutableMultiDict()
        )
        self.content_type = headers.get("Content-Type", "")
        self.body = body


class SpecResponse:
    def __init__(self, response: HttpResponse) -> None:
        self.status_code = response.status_code
        self.content_type = response.get("Content-Type", "")
        self.headers = Headers(dict(response.items()))
        self.data = response.content


def call(
    client: Client, body: bytes, *, token: str = "", method: str = "post"
) -> tuple[SpecRequest, HttpResponse]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    response: HttpResponse = getattr(client, method)(
        f"{OUR_PREFIX}/gegevens",
        body,
        content_type="application/json",
        headers={key: value for key, value in headers.items() if key != "Content-Type"},
    )
    return SpecRequest(method=method, path=f"{OUR_PREFIX}/gegevens", body=body, headers=headers), response


def response_errors(request: SpecRequest, response: HttpResponse) -> list[str]:
    """Every way the response breaks the specification, except the known missing signature."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unsupported scheme type")  # openapi-core cannot run OAuth2
        result = OPENAPI.unmarshal_response(request, SpecResponse(response))
    errors = [
        f"{type(error).__name__}: {error} {getattr(error.__cause__, 'schema_errors', '')}"
        for error in result.errors
        if not (isinstance(error, MissingRequiredHeader) and error.name == SIGNATURE)
    ]
    if response.status_code != 200 and response.status_code in {400, 401, 403, 405, 422}:
        assert response["Content-Type"] == PROBLEM
    return errors


def request_errors(request: SpecRequest) -> list[str]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unsupported scheme type")
        result = OPENAPI.unmarshal_request(request)
    return [f"{type(error).__name__}: {error}" for error in result.errors]


def _body(data: Any) -> bytes:
    return json.dumps(data).encode()


def test_a_delivery_follows_the_specification(client: Client, region: Region, bearer: str) -> None:
    request, response = call(client, _body(PERIOD), token=bearer)

    assert request_errors(request) == []
    assert response.status_code == 200
    assert response_errors(request, response) == []


def test_a_page_follows_the_specification(client: Client, region: Region, bearer: str) -> None:
    request, response = call(client, _body({**PERIOD, "page": 2, "pageSize": 3}), token=bearer)

    assert request_errors(request) == []
    assert response.status_code == 200
    assert response_errors(request, response) == []


def test_the_one_known_deviation_is_the_missing_payload_signature(
    client: Client, region: Region, bearer: str
) -> None:
    request, response = call(client, _body(PERIOD), token=bearer)

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Unsupported scheme type")
        errors = OPENAPI.unmarshal_response(request, SpecResponse(response)).errors
    assert [(type(error), getattr(error, "name", "")) for error in errors] == [
        (MissingRequiredHeader, SIGNATURE)
    ]


REFUSALS = [
    (PERIOD, "", 401),
    (PERIOD, "unknown", 401),
    ({**PERIOD, "aanleverendeOrganisatie": "Gemeente Elders"}, "bearer", 403),
    ({**PERIOD, "pageSize": 50_001}, "bearer", 400),
    ({**PERIOD, "aanleverperiodeEinddatum": "2024-01-01"}, "bearer", 422),
    ({**PERIOD, "page": 9}, "bearer", 422),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda refusal: str(refusal[2]))
def test_every_refusal_follows_the_specification(
    client: Client, region: Region, bearer: str, refusal: tuple[dict[str, Any], str, int]
) -> None:
    body, token, status = refusal
    request, response = call(client, _body(body), token=bearer if token == "bearer" else token)

    assert response.status_code == status
    assert response_errors(request, response) == []


def test_an_expired_token_follows_the_specification(client: Client, region: Region, bearer: str) -> None:
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(hours=1)):
        request, response = call(client, _body(PERIOD), token=bearer)

    assert response["Fsc-Error-Code"] == "ERROR_CODE_ACCESS_TOKEN_EXPIRED"
    assert response_errors(request, response) == []


def test_a_wrong_method_follows_the_specification(client: Client, region: Region, bearer: str) -> None:
    response = client.get(f"{OUR_PREFIX}/gegevens", headers={"Authorization": f"Bearer {bearer}"})
    request = SpecRequest(method="post", path=f"{OUR_PREFIX}/gegevens", body=b"", headers={})

    assert response.status_code == 405
    assert response_errors(request, cast("HttpResponse", response)) == []


_dates = st.dates(min_value=dt.date(2024, 10, 1), max_value=dt.date(2025, 6, 30)).map(dt.date.isoformat)
_fields = st.fixed_dictionaries(
    {},
    optional={
        "aanleverperiodeStartdatum": st.one_of(_dates, st.text(max_size=12), st.integers()),
        "aanleverperiodeEinddatum": st.one_of(_dates, st.text(max_size=12)),
        "aanleverendeOrganisatie": st.one_of(
            st.sampled_from(["Gemeente Alblasserdam", "0482"]), st.text(max_size=20)
        ),
        "page": st.one_of(st.integers(min_value=-1, max_value=6), st.booleans(), st.text(max_size=3)),
        "pageSize": st.one_of(st.integers(min_value=0, max_value=60_000), st.none()),
        "extra": st.integers(),
    },
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(_fields, st.lists(st.integers(), max_size=2), st.text(max_size=5)))
def test_whatever_is_asked_the_answer_follows_the_specification(
    client: Client, region: Region, bearer: str, data: Any
) -> None:
    request, response = call(client, _body(data), token=bearer)

    assert response.status_code in {200, 400, 403, 422}
    assert response_errors(request, response) == []
    if response.status_code == 200:
        assert request_errors(request) == []
