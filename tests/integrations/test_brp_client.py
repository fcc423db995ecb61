"""The Haal Centraal client against a fake BRP that checks everything against the official spec."""

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
import time_machine
import yaml
from django.core.exceptions import ImproperlyConfigured
from pytest_django import Settings

from eropaf.integrations.brp import Outcome, Person, PersonRegistry, RegistryRefused, RegistryUnavailable
from eropaf.integrations.brp.client import LOOKUP_FIELDS, SEARCH_FIELDS, HaalCentraalPersonRegistry
from eropaf.integrations.brp.local import LocalPersonRegistry
from eropaf.integrations.brp.settings import person_registry_from_settings
from tests.integrations.brp_fake import (
    BASE_URL,
    SPEC_PATH,
    FakeBrp,
    persoon,
    problem,
    schema_errors,
)
from tests.integrations.openapi_adapters import SpecViolation
from tests.integrations.test_brp_local import (
    AMSTERDAM,
    CHILD,
    DECEASED,
    EMIGRATED,
    EVERYONE,
    MOVED,
    PARENT,
    UNKNOWN_BSN,
)

TOKEN_URL = "https://auth.example.nl/oauth2/token"


def _client(handler: Any, **options: Any) -> HaalCentraalPersonRegistry:
    return HaalCentraalPersonRegistry(BASE_URL, transport=httpx.MockTransport(handler), **options)


@pytest.fixture
def fake() -> FakeBrp:
    return FakeBrp(LocalPersonRegistry(EVERYONE), api_key="secret-key")


@pytest.fixture
def client(fake: FakeBrp) -> HaalCentraalPersonRegistry:
    return _client(fake, api_key="secret-key")


def test_lookup_maps_every_outcome(client: HaalCentraalPersonRegistry, fake: FakeBrp) -> None:
    lookups = client.by_bsn(
        [PARENT.bsn, MOVED.bsn, EMIGRATED.bsn, DECEASED.bsn, UNKNOWN_BSN], municipality_code=AMSTERDAM
    )

    assert [lookup.outcome for lookup in lookups] == [
        Outcome.RESIDENT,
        Outcome.MOVED_AWAY,
        Outcome.EMIGRATED,
        Outcome.DECEASED,
        Outcome.NOT_FOUND,
    ]
    assert [lookup.person for lookup in lookups] == [PARENT, MOVED, EMIGRATED, DECEASED, None]
    (request,) = fake.requests
    assert request["type"] == "RaadpleegMetBurgerservicenummer"
    assert "verblijfplaats" in request["fields"]
    assert "gemeenteVanInschrijving" not in request  # filtering there would hide who moved away


def test_search_requests_follow_the_spec_and_map_ages(
    client: HaalCentraalPersonRegistry, fake: FakeBrp
) -> None:
    with time_machine.travel(date(2025, 5, 1), tick=False):
        occupants = client.at_address(postcode="1011 ab", house_number=1, house_letter="a")
        hits = client.by_name_and_birth_date(surname="Vries", prefix="de", birth_date=date(1970, 1, 2))

    assert [(o.bsn, o.age, o.given_names) for o in occupants] == [
        (PARENT.bsn, 45, "Anna"),
        (CHILD.bsn, 9, ""),
    ]
    assert [(hit.bsn, hit.given_names) for hit in hits] == [(MOVED.bsn, "Johanna Petronella")]
    assert all("naam.voornamen" in request["fields"] for request in fake.requests)
    assert [request["type"] for request in fake.requests] == [
        "ZoekMetPostcodeEnHuisnummer",
        "ZoekMetGeslachtsnaamEnGeboortedatum",
    ]
    assert fake.requests[0]["postcode"] == "1011AB"
    assert fake.requests[1]["voorvoegsel"] == "de"


def _spec_schema(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its `$ref` followed and its `allOf` parts' properties merged."""
    if "$ref" in schema:
        schema = _spec_schema(spec, spec["components"]["schemas"][schema["$ref"].split("/")[-1]])
    properties = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        properties.update(_spec_schema(spec, part)["properties"])
    return {**schema, "properties": properties}


def _field_exists(spec: dict[str, Any], schema_name: str, path: str) -> bool:
    schema: dict[str, Any] = {"$ref": f"#/components/schemas/{schema_name}"}
    for step in path.split("."):
        properties = _spec_schema(spec, schema)["properties"]
        if step not in properties:
            return False
        schema = properties[step]
    return True


def test_requested_fields_exist_in_what_each_question_returns() -> None:
    """The spec answers searches with `PersoonBeperkt` and refuses fields outside it (HTTP 400)."""
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))

    assert [f for f in SEARCH_FIELDS if not _field_exists(spec, "PersoonBeperkt", f)] == []
    assert [f for f in LOOKUP_FIELDS if not _field_exists(spec, "Persoon", f)] == []
    assert not _field_exists(spec, "PersoonBeperkt", "verblijfplaats")  # the check can fail
    assert "naam.voornamen" in SEARCH_FIELDS


def test_unknown_address_gives_no_results(client: HaalCentraalPersonRegistry) -> None:
    assert client.at_address(postcode="9999ZZ", house_number=99999, addition="bis") == []


def test_more_than_twenty_bsns_are_sent_in_batches(client: HaalCentraalPersonRegistry, fake: FakeBrp) -> None:
    unknown = [f"9999{n:05d}" for n in range(100, 145)]

    lookups = client.by_bsn([PARENT.bsn, *unknown], municipality_code=AMSTERDAM)

    assert [len(request["burgerservicenummer"]) for request in fake.requests] == [20, 20, 6]
    assert len(lookups) == 46
    assert lookups[0].outcome is Outcome.RESIDENT
    assert {lookup.outcome for lookup in lookups[1:]} == {Outcome.NOT_FOUND}


def test_wrong_api_key_is_refused(fake: FakeBrp) -> None:
    with pytest.raises(RegistryRefused, match="HTTP 401"):
        _client(fake, api_key="wrong").by_bsn([PARENT.bsn], municipality_code=AMSTERDAM)


def test_oauth2_token_is_fetched_once_reused_and_refreshed_after_expiry() -> None:
    fake = FakeBrp(LocalPersonRegistry(EVERYONE), bearer_token="token-1")
    token_requests: list[dict[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if str(request.url) == TOKEN_URL:
            token_requests.append(dict(httpx.QueryParams(request.content.decode())))
            fake.bearer_token = f"token-{len(token_requests)}"
            return httpx.Response(200, json={"access_token": fake.bearer_token, "expires_in": 300})
        return fake(request)

    client = _client(handler, token_url=TOKEN_URL, client_id="eropaf", client_secret="s3cret")
    with time_machine.travel(datetime(2025, 5, 1, 9, tzinfo=UTC), tick=False) as traveller:
        client.by_bsn([PARENT.bsn], municipality_code=AMSTERDAM)
        client.by_bsn([CHILD.bsn], municipality_code=AMSTERDAM)
        assert len(token_requests) == 1
        traveller.shift(timedelta(minutes=5))
        (lookup,) = client.by_bsn([PARENT.bsn], municipality_code=AMSTERDAM)

    assert lookup.outcome is Outcome.RESIDENT
    assert len(token_requests) == 2
    assert token_requests[0] == {
        "grant_type": "client_credentials",
        "client_id": "eropaf",
        "client_secret": "s3cret",
    }


def test_refused_client_credentials_are_reported() -> None:
    client = _client(
        lambda _request: httpx.Response(401), token_url=TOKEN_URL, client_id="a", client_secret="b"
    )

    with pytest.raises(RegistryRefused, match="token endpoint"):
        client.at_address(postcode="1011AB", house_number=1)


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (problem(500, "Interne server fout.", "serverError"), RegistryUnavailable),
        (problem(503, "Bronservice BRP is tijdelijk niet beschikbaar.", "notAvailable"), RegistryUnavailable),
        (problem(429, "Too many request", "tooManyRequests"), RegistryUnavailable),
        (problem(400, "Parameter 999990001 is ongeldig.", "999990001"), RegistryRefused),
        (problem(403, "U bent niet geautoriseerd voor deze operatie.", "autorisation"), RegistryRefused),
        (httpx.Response(200, text="<html>proxy</html>"), RegistryUnavailable),
    ],
)
def test_errors_are_typed_and_never_name_a_bsn(answer: httpx.Response, error: type[Exception]) -> None:
    client = _client(lambda _request: answer)

    with pytest.raises(error) as raised:
        client.by_bsn([PARENT.bsn], municipality_code=AMSTERDAM)

    assert PARENT.bsn not in str(raised.value)
    assert str(answer.status_code) in str(raised.value)


def test_a_timeout_is_unavailable_without_a_bsn() -> None:
    def too_slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(RegistryUnavailable, match="in time") as raised:
        _client(too_slow).by_bsn([PARENT.bsn], municipality_code=AMSTERDAM)

    assert PARENT.bsn not in str(raised.value)


def test_the_fake_rejects_requests_outside_the_spec(fake: FakeBrp) -> None:
    too_many = {
        "type": "RaadpleegMetBurgerservicenummer",
        "fields": ["naam"],
        "burgerservicenummer": ["1"] * 21,
    }
    no_number = {"type": "ZoekMetPostcodeEnHuisnummer", "fields": ["naam"], "postcode": "1011AB"}
    for body in (too_many, no_number):
        with pytest.raises(SpecViolation):
            fake(httpx.Request("POST", f"{BASE_URL}/personen", json=body))


def test_the_spec_check_reaches_into_nested_subtypes() -> None:
    good = {"type": "RaadpleegMetBurgerservicenummer", "personen": [persoon(PARENT), persoon(EMIGRATED)]}
    bad = json.loads(json.dumps(good))
    bad["personen"][0]["verblijfplaats"]["verblijfadres"]["huisnummer"] = 0

    assert schema_errors(good, "#/components/schemas/PersonenQueryResponse") == []
    assert schema_errors(bad, "#/components/schemas/PersonenQueryResponse") != []


def _answers(registry: PersonRegistry, municipality: str) -> list[object]:
    """Every question a matching run asks, about everyone in the test register."""
    bsns = [person.bsn for person in EVERYONE] + [UNKNOWN_BSN]
    answers: list[object] = [registry.by_bsn(bsns, municipality_code=municipality)]
    for person in EVERYONE:
        if person.address is not None:
            answers.append(
                registry.at_address(
                    postcode=person.address.postcode, house_number=person.address.house_number
                )
            )
        if person.birth_date is not None:
            answers.append(
                registry.by_name_and_birth_date(surname=person.surname, birth_date=person.birth_date)
            )
    return answers


@time_machine.travel(date(2025, 5, 1), tick=False)
@pytest.mark.parametrize("municipality", [AMSTERDAM, "0518"])
def test_local_register_and_client_give_the_same_answers(municipality: str, fake: FakeBrp) -> None:
    local: PersonRegistry = LocalPersonRegistry(EVERYONE)
    remote: PersonRegistry = _client(fake, api_key="secret-key")

    assert _answers(remote, municipality) == _answers(local, municipality)
    assert len(fake.requests) == 1 + 4 + 4


def test_settings_choose_the_local_register_by_default(settings: Settings) -> None:
    registry = person_registry_from_settings(local_people=[PARENT])

    assert isinstance(registry, LocalPersonRegistry)
    assert registry.by_bsn([PARENT.bsn], municipality_code=AMSTERDAM)[0].person == PARENT


def test_settings_choose_haal_centraal(settings: Settings) -> None:
    settings.BRP_REGISTRY = "haal-centraal"
    with pytest.raises(ImproperlyConfigured, match="BRP_BASE_URL"):
        person_registry_from_settings()
    settings.BRP_BASE_URL = BASE_URL
    settings.BRP_API_KEY = "secret-key"

    assert isinstance(person_registry_from_settings(), HaalCentraalPersonRegistry)
    settings.BRP_REGISTRY = "elsewhere"
    with pytest.raises(ImproperlyConfigured):
        person_registry_from_settings()


def test_oauth2_needs_both_credentials() -> None:
    with pytest.raises(ValueError, match="client secret"):
        HaalCentraalPersonRegistry(BASE_URL, token_url=TOKEN_URL, client_id="eropaf")


def test_partly_unknown_dates_stay_unknown(fake: FakeBrp) -> None:
    no_date = Person(bsn="999990006", surname="Visser", municipality_code=AMSTERDAM, deceased=True)
    fake.register = LocalPersonRegistry([no_date])

    (lookup,) = _client(fake, api_key="secret-key").by_bsn([no_date.bsn], municipality_code=AMSTERDAM)

    assert lookup.outcome is Outcome.DECEASED
    assert lookup.person == no_date
