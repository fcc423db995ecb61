"""The committed OpenAPI document is current, and the partner API answers as it says."""

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
import yaml
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # drf-spectacular brings it
from pytest_django import Settings

from eropaf.accounts.api_tokens import create_api_token
from eropaf.organisations.models import Partner
from tests.factories import DeliveryFactory, SignalFactory
from tests.intake.deliveries import Region, csv_bytes, good_row, make_region

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
PARTNER_PATHS = ("/api/v1/deliveries", "/api/v1/deliveries/{delivery_id}", "/api/v1/withdrawals")
TODAY = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)
Spec = dict[str, Any]


@pytest.fixture(scope="module")
def spec() -> Spec:
    loaded: Spec = yaml.safe_load(COMMITTED.read_text())
    return loaded


def test_the_committed_document_is_current(tmp_path: Path) -> None:
    generated = tmp_path / "openapi.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))

    assert generated.read_text() == COMMITTED.read_text(), "docs/openapi.yaml is stale: run make openapi"


def test_partner_endpoints_take_only_the_partner_key(spec: Spec) -> None:
    assert spec["components"]["securitySchemes"]["partnerToken"]["type"] == "http"
    assert spec["components"]["securitySchemes"]["partnerToken"]["scheme"] == "bearer"
    for path in PARTNER_PATHS:
        for operation in spec["paths"][path].values():
            assert operation["security"] == [{"partnerToken": []}]
            assert operation["tags"] == ["partner"]
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [{"cookieAuth": []}]


# A small walker from OpenAPI 3.0 schemas to JSON Schema ---------------------------------------


def as_json_schema(schema: Any) -> Any:
    """``nullable`` becomes a null alternative; objects admit no undocumented properties."""
    if not isinstance(schema, dict):
        return schema
    converted: dict[str, Any] = {}
    for key, value in schema.items():
        if key in {"nullable", "example"}:
            continue
        if key == "properties":
            converted[key] = {name: as_json_schema(sub) for name, sub in value.items()}
        elif key in {"items", "additionalProperties", "not"}:
            converted[key] = as_json_schema(value)
        elif key in {"oneOf", "anyOf", "allOf"}:
            converted[key] = [as_json_schema(sub) for sub in value]
        else:
            converted[key] = value
    if converted.get("type") == "object" and "properties" in converted:
        converted.setdefault("additionalProperties", False)
    if schema.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def validator(spec: Spec, schema: Spec) -> Draft202012Validator:
    components = {name: as_json_schema(sub) for name, sub in spec["components"]["schemas"].items()}
    root = {**as_json_schema(schema), "components": {"schemas": components}}
    Draft202012Validator.check_schema(root)
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def assert_documented(spec: Spec, method: str, path: str, response: Any) -> tuple[str, str, int]:
    responses = spec["paths"][path][method]["responses"]
    assert str(response.status_code) in responses, (
        f"{method} {path} answered an undocumented {response.status_code}"
    )
    media_type = response["Content-Type"].split(";")[0]
    content = responses[str(response.status_code)]["content"]
    assert media_type in content, f"{method} {path} {response.status_code} answered undocumented {media_type}"
    errors = list(validator(spec, content[media_type]["schema"]).iter_errors(response.json()))
    assert not errors, [error.message for error in errors]
    return method, path, response.status_code


def test_the_examples_match_their_schemas(spec: Spec) -> None:
    checked = 0
    for path in PARTNER_PATHS:
        for operation in spec["paths"][path].values():
            bodies = [operation.get("requestBody", {}).get("content", {})]
            bodies += [response.get("content", {}) for response in operation["responses"].values()]
            for content in bodies:
                for media in content.values():
                    for example in media.get("examples", {}).values():
                        validator(spec, media["schema"]).validate(example["value"])
                        checked += 1
    assert checked >= 5


# Every documented answer of every partner endpoint, as the API gives it ------------------------


@pytest.fixture
def region() -> Iterator[Region]:
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield make_region()


def bearer(partner: Partner) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(partner=partner, name='test', created_by=None).key}"}


@pytest.mark.django_db
def test_every_partner_answer_matches_the_document(
    client: Client, spec: Spec, region: Region, settings: Settings
) -> None:
    headers = bearer(region.partner)
    rows = [good_row("A-1"), good_row("A-2", postcode="1234 A"), good_row("A-1")]
    deliveries, one, withdrawals = PARTNER_PATHS
    seen: set[tuple[str, str, int]] = set()

    def post(path: str, body: object, **kwargs: Any) -> Any:
        options = {"content_type": "application/json", "headers": headers, **kwargs}
        response = client.post(path, body if isinstance(body, bytes) else json.dumps(body), **options)
        seen.add(assert_documented(spec, "post", path, response))
        return response

    def get(template: str, url: str, **kwargs: Any) -> None:
        seen.add(assert_documented(spec, "get", template, client.get(url, **{"headers": headers, **kwargs})))

    delivery_url = post(deliveries, {"signalen": rows}).json()["url"]  # 201
    post(deliveries, {"signalen": rows})  # 200, already delivered
    post(deliveries, b"{")  # 400
    post(deliveries, {}, headers={})  # 401
    post(deliveries, {}, CONTENT_LENGTH="999999999999")  # 413
    post(deliveries, b"x", content_type="text/csv")  # 415
    post(deliveries, {"periode": "2026-10", "signalen": []})  # 422, a closed period
    as_file = {"file": SimpleUploadedFile("signalen.csv", csv_bytes(rows))}
    file_answer = client.post(deliveries, as_file, headers=bearer(region.other_partner))
    seen.add(assert_documented(spec, "post", deliveries, file_answer))

    get(deliveries, deliveries)
    get(deliveries, deliveries, headers={})
    get(one, delivery_url)
    get(one, f"{deliveries}/0")
    get(one, delivery_url, headers={})

    SignalFactory.create(delivery=DeliveryFactory.create(partner=region.partner), reference="W-1")
    post(withdrawals, {"referentie": "W-1", "reden": "betaald"})  # 200
    post(withdrawals, {"referentie": "W-1", "reden": "betaald"})  # 404
    post(withdrawals, {})  # 400
    post(withdrawals, {}, headers={})  # 401

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": "0/hour", "partner_deliveries": "0/hour"},
    }
    post(deliveries, {})
    get(deliveries, deliveries)
    get(one, delivery_url)
    post(withdrawals, {})

    documented = {
        (method, path, int(code))
        for path in PARTNER_PATHS
        for method, operation in spec["paths"][path].items()
        for code in operation["responses"]
    }
    assert documented == seen
