"""A local Haal Centraal BRP Personen v2 server for tests, as an `httpx.MockTransport` handler.

It answers `POST /personen` from a `LocalPersonRegistry`'s records and checks EVERY request it
receives and EVERY response it sends against the official OpenAPI document, so a client that passes
against the fake speaks the real API. openapi-core does not follow `discriminator` (in OpenAPI 3.1
it is an annotation), so the body is also checked against the schema the discriminator selects.
"""

import json
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import yaml
from jsonschema import ValidationError  # type: ignore[import-untyped]
from jsonschema.validators import extend  # type: ignore[import-untyped]
from openapi_core import Config, OpenAPI
from openapi_schema_validator import OAS31Validator

from eropaf.integrations.brp.local import LocalPersonRegistry
from eropaf.integrations.brp.protocol import Person, age_on, today_in_the_netherlands
from tests.integrations.openapi_adapters import SpecRequest, SpecResponse, SpecViolation, spec_schema_errors

# The official Haal Centraal BRP Personen v2.7.0 specification, kept verbatim in the repository.
SPEC_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "brp" / "personen-v2.7.0.openapi.yaml"
# The document's own server; the fake only answers under it, so requests are matched as the spec says.
BASE_URL = "https://proefomgeving.haalcentraal.nl/haalcentraal/api/brp"
JSON = "application/json; charset=utf-8"
PROBLEM = "application/problem+json"
_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]

_SPEC_DICT: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
# openapi-core only knows how to read application/json; the spec's errors are problem+json.
_OPENAPI = OpenAPI.from_dict(_SPEC_DICT, config=Config(extra_media_type_deserializers={PROBLEM: json.loads}))
_descending: ContextVar[frozenset[tuple[int, str]]] = ContextVar("_descending", default=frozenset())


def _discriminator(
    validator: Any, discriminator: Mapping[str, Any], instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not isinstance(instance, dict) or discriminator["propertyName"] not in instance:
        return
    value = instance[discriminator["propertyName"]]
    target = discriminator.get("mapping", {}).get(value)
    if target is None:
        yield ValidationError(f"{value!r} is not a known {discriminator['propertyName']}")
        return
    key = (id(instance), target)
    if key in _descending.get():  # the subtype's allOf points back at this base schema
        return
    token = _descending.set(_descending.get() | {key})
    try:
        yield from validator.descend(instance, {"$ref": target})
    finally:
        _descending.reset(token)


_StrictValidator = extend(OAS31Validator, {"discriminator": _discriminator})


def schema_errors(instance: Any, pointer: str) -> list[str]:
    return spec_schema_errors(_SPEC_DICT, instance, pointer, validator=_StrictValidator)


def brp_date(value: date) -> dict[str, Any]:
    return {
        "type": "Datum",
        "datum": value.isoformat(),
        "langFormaat": f"{value.day} {_MONTHS[value.month - 1]} {value.year}",
    }


def _name(person: Person) -> dict[str, str]:
    name = {"geslachtsnaam": person.surname}
    if person.prefix:
        name["voorvoegsel"] = person.prefix
    if person.given_names:
        name["voornamen"] = person.given_names
    return name


def _residence(person: Person) -> dict[str, Any]:
    if person.abroad:
        country = {"code": "0000", "omschrijving": person.country} if person.country else {"code": "0000"}
        return {"type": "VerblijfplaatsBuitenland", "verblijfadres": {"land": country}}
    if person.address is None:
        return {"type": "VerblijfplaatsOnbekend"}
    address = person.address
    found: dict[str, Any] = {"postcode": address.postcode, "huisnummer": address.house_number}
    for key, value in [
        ("huisletter", address.house_letter),
        ("huisnummertoevoeging", address.addition),
        ("officieleStraatnaam", address.street),
        ("woonplaats", address.town),
    ]:
        if value:
            found[key] = value
    return {"type": "Adres", "verblijfadres": found}


def persoon(person: Person) -> dict[str, Any]:
    """A `Persoon` (RaadpleegMetBurgerservicenummer) as the BRP returns it."""
    body: dict[str, Any] = {
        "burgerservicenummer": person.bsn,
        "naam": _name(person),
        "verblijfplaats": _residence(person),
    }
    if person.birth_date:
        body["geboorte"] = {"datum": brp_date(person.birth_date)}
    if person.municipality_code:
        body["gemeenteVanInschrijving"] = {"code": person.municipality_code}
    if person.deceased:
        body["overlijden"] = (
            {"datum": brp_date(person.date_of_death)}
            if person.date_of_death
            else {"datum": {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}}
        )
    return body


def persoon_beperkt(person: Person) -> dict[str, Any]:
    """A `PersoonBeperkt` (search hit) as the BRP returns it."""
    body: dict[str, Any] = {"burgerservicenummer": person.bsn, "naam": _name(person)}
    if person.birth_date:
        body["geboorte"] = {"datum": brp_date(person.birth_date)}
        age = age_on(person.birth_date, today_in_the_netherlands())
        if age is not None:
            body["leeftijd"] = age
    return body


def _only_fields(body: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    wanted = {path.split(".")[0] for path in fields}
    return {key: value for key, value in body.items() if key in wanted}


def problem(status: int, title: str, code: str) -> httpx.Response:
    body = {
        "type": "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html",
        "title": title,
        "status": status,
    }
    return httpx.Response(status, json={**body, "code": code}, headers={"content-type": PROBLEM})


@dataclass
class FakeBrp:
    """Call it as an `httpx.MockTransport` handler. `requests` keeps every validated request body."""

    register: LocalPersonRegistry
    api_key: str | None = None
    bearer_token: str | None = None
    requests: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        checked = SpecRequest(request)
        try:
            _OPENAPI.validate_request(checked)
        except Exception as error:
            raise SpecViolation(f"request does not follow the BRP specification: {error}") from error
        query = json.loads(request.content)
        errors = schema_errors(query, "#/components/schemas/PersonenQuery")
        if errors:
            raise SpecViolation(f"request does not follow the BRP specification: {errors}")
        self.requests.append(query)
        response = self._answer(request, query)
        checked_response = SpecResponse(response)
        try:
            _OPENAPI.validate_response(checked, checked_response)
        except Exception as error:
            raise SpecViolation(f"fake response does not follow the BRP specification: {error}") from error
        if response.status_code == 200:
            errors = schema_errors(json.loads(response.content), "#/components/schemas/PersonenQueryResponse")
            if errors:
                raise SpecViolation(f"fake response does not follow the BRP specification: {errors}")
        return response

    def _answer(self, request: httpx.Request, query: dict[str, Any]) -> httpx.Response:
        if self.api_key is not None and request.headers.get("x-api-key") != self.api_key:
            return problem(401, "Niet correct geauthenticeerd.", "authentication")
        if (
            self.bearer_token is not None
            and request.headers.get("authorization") != f"Bearer {self.bearer_token}"
        ):
            return problem(401, "Niet correct geauthenticeerd.", "authentication")
        kind = query["type"]
        people = {person.bsn: person for person in self.register.people()}
        if kind == "RaadpleegMetBurgerservicenummer":
            found = [persoon(people[bsn]) for bsn in query["burgerservicenummer"] if bsn in people]
        elif kind == "ZoekMetPostcodeEnHuisnummer":
            hits = self.register.at_address(
                postcode=query["postcode"],
                house_number=query["huisnummer"],
                house_letter=query.get("huisletter", ""),
                addition=query.get("huisnummertoevoeging", ""),
            )
            found = [persoon_beperkt(people[hit.bsn]) for hit in hits]
        elif kind == "ZoekMetGeslachtsnaamEnGeboortedatum":
            hits = self.register.by_name_and_birth_date(
                surname=query["geslachtsnaam"],
                birth_date=date.fromisoformat(query["geboortedatum"]),
                prefix=query.get("voorvoegsel", ""),
            )
            found = [persoon_beperkt(people[hit.bsn]) for hit in hits]
        else:
            return problem(400, "Zoektype wordt niet ondersteund.", "unsupported")
        body = {"type": kind, "personen": [_only_fields(item, query["fields"]) for item in found]}
        return httpx.Response(200, content=json.dumps(body).encode(), headers={"content-type": JSON})
