"""A local debt-services system for tests, as an `httpx.MockTransport` handler.

It answers `POST /clienten/bekend` from a `ListDebtServicesRegistry` and checks EVERY request it
receives and EVERY response it sends against Eropaf's proposed interface
(docs/integrations/debt-services.openapi.yaml), so a client that passes against the fake speaks it.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import yaml
from openapi_core import Config, OpenAPI

from eropaf.integrations.debt_services import ClientQuery, ListDebtServicesRegistry
from tests.integrations.openapi_adapters import SpecRequest, SpecResponse, SpecViolation, spec_schema_errors

SPEC_PATH = Path(__file__).resolve().parents[2] / "docs" / "integrations" / "debt-services.openapi.yaml"
BASE_URL = "https://schuldhulp.example.nl/api/eropaf/v1"  # the document's own (example) server
JSON = "application/json"
PROBLEM = "application/problem+json"

_SPEC_DICT: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
# openapi-core only knows how to read application/json; the interface's errors are problem+json.
_OPENAPI = OpenAPI.from_dict(_SPEC_DICT, config=Config(extra_media_type_deserializers={PROBLEM: json.loads}))


def schema_errors(instance: Any, pointer: str) -> list[str]:
    return spec_schema_errors(_SPEC_DICT, instance, pointer)


def problem(status: int, title: str) -> httpx.Response:
    body = {"type": "about:blank", "title": title, "status": status}
    return httpx.Response(status, json=body, headers={"content-type": PROBLEM})


def query_of(person: dict[str, Any]) -> ClientQuery:
    """A `Persoon` from the request as the `ClientQuery` it stands for."""
    birth_date = person.get("geboortedatum")
    return ClientQuery(
        key=person["sleutel"],
        bsn=person.get("bsn", ""),
        surname=person.get("geslachtsnaam", ""),
        prefix=person.get("voorvoegsel", ""),
        birth_date=date.fromisoformat(birth_date) if birth_date else None,
        postcode=person.get("postcode", ""),
        house_number=person.get("huisnummer"),
    )


@dataclass
class FakeDebtServices:
    """Call it as an `httpx.MockTransport` handler. `requests` keeps every validated request body,
    `headers` the headers each came with."""

    register: ListDebtServicesRegistry
    api_key: str | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[httpx.Headers] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        checked = SpecRequest(request)
        try:
            _OPENAPI.validate_request(checked)
        except Exception as error:
            raise SpecViolation(f"request does not follow the interface: {error}") from error
        question = json.loads(request.content)
        errors = schema_errors(question, "#/components/schemas/Vraag")
        if errors:
            raise SpecViolation(f"request does not follow the interface: {errors}")
        self.requests.append(question)
        self.headers.append(request.headers)
        response = self._answer(request, question)
        try:
            _OPENAPI.validate_response(checked, SpecResponse(response))
        except Exception as error:
            raise SpecViolation(f"fake response does not follow the interface: {error}") from error
        if response.status_code == 200:
            errors = schema_errors(json.loads(response.content), "#/components/schemas/Antwoord")
            if errors:
                raise SpecViolation(f"fake response does not follow the interface: {errors}")
        return response

    def _answer(self, request: httpx.Request, question: dict[str, Any]) -> httpx.Response:
        if self.api_key is not None and request.headers.get("x-api-key") != self.api_key:
            return problem(401, "Niet correct geauthenticeerd.")
        queries = [query_of(person) for person in question["personen"]]
        known = self.register.known(queries)
        # In the order asked, each key once, as `uniqueItems` demands.
        keys = list(dict.fromkeys(query.key for query in queries if query.key in known))
        return httpx.Response(
            200, content=json.dumps({"bekend": keys}).encode(), headers={"content-type": JSON}
        )
