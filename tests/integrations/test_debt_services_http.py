"""The HTTP client against a fake debt-services system that checks everything against the interface."""

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django import Settings

from eropaf.integrations.debt_services import (
    ClientQuery,
    ClientRecord,
    DebtServicesRefused,
    DebtServicesRegistry,
    DebtServicesUnavailable,
    ListDebtServicesRegistry,
)
from eropaf.integrations.debt_services.http import HttpDebtServicesRegistry
from eropaf.integrations.debt_services.settings import debt_services_registry_from_settings
from tests.integrations.debt_services_fake import BASE_URL, FakeDebtServices, problem
from tests.integrations.openapi_adapters import SpecViolation

API_KEY = "secret-key"
BSN = "999990019"
OTHER_BSN = "999990032"
CLIENTS = [
    ClientRecord(bsn=BSN),
    ClientRecord(surname="van der Berg", birth_date=date(1970, 1, 2), postcode="2511AA", house_number=10),
    ClientRecord(
        bsn=OTHER_BSN, surname="Öztürk", birth_date=date(1975, 7, 20), postcode="3311AB", house_number=5
    ),
]
QUERIES = [
    ClientQuery("by bsn", bsn="9999 900 19"),
    ClientQuery("unknown bsn", bsn="999990044"),
    ClientQuery(
        "by name",
        surname="Berg",
        prefix="van der",
        birth_date=date(1970, 1, 2),
        postcode="2511 aa",
        house_number=10,
    ),
    ClientQuery(
        "name without bsn", surname="OZTURK", birth_date=date(1975, 7, 20), postcode="3311AB", house_number=5
    ),
    ClientQuery(
        "other house", surname="Öztürk", birth_date=date(1975, 7, 20), postcode="3311AB", house_number=7
    ),
    ClientQuery("too little", surname="Öztürk", birth_date=date(1975, 7, 20)),
    ClientQuery("not a bsn", bsn="12345"),
]


def _client(handler: Any, **options: Any) -> HttpDebtServicesRegistry:
    return HttpDebtServicesRegistry(BASE_URL, transport=httpx.MockTransport(handler), **options)


@pytest.fixture
def fake() -> FakeDebtServices:
    return FakeDebtServices(ListDebtServicesRegistry(CLIENTS), api_key=API_KEY)


@pytest.fixture
def client(fake: FakeDebtServices) -> HttpDebtServicesRegistry:
    return _client(fake, api_key=API_KEY)


def test_known_clients_are_named_by_key(client: HttpDebtServicesRegistry, fake: FakeDebtServices) -> None:
    assert client.known(QUERIES) == {"by bsn", "by name", "name without bsn"}
    (question,) = fake.requests
    assert fake.headers[0]["x-api-key"] == API_KEY
    # A query that could never be answered is not sent at all.
    assert [person["sleutel"] for person in question["personen"]] == [
        "by bsn",
        "unknown bsn",
        "by name",
        "name without bsn",
        "other house",
    ]
    assert question["personen"][0] == {"sleutel": "by bsn", "bsn": BSN}
    assert question["personen"][2] == {
        "sleutel": "by name",
        "geslachtsnaam": "Berg",
        "voorvoegsel": "van der",
        "geboortedatum": "1970-01-02",
        "postcode": "2511AA",
        "huisnummer": 10,
    }


def test_the_list_and_the_http_client_give_the_same_answers(
    client: HttpDebtServicesRegistry,
) -> None:
    local: DebtServicesRegistry = ListDebtServicesRegistry(CLIENTS)
    remote: DebtServicesRegistry = client

    assert remote.known(QUERIES) == local.known(QUERIES)


def test_250_queries_go_in_three_requests_of_at_most_100(
    client: HttpDebtServicesRegistry, fake: FakeDebtServices
) -> None:
    born = date(1960, 1, 1)
    fake.register = ListDebtServicesRegistry(
        ClientRecord(surname="Visser", birth_date=born + timedelta(days=n), postcode="1011AB", house_number=1)
        for n in range(0, 250, 2)
    )
    queries = [
        ClientQuery(
            f"signal-{n}",
            surname="Visser",
            birth_date=born + timedelta(days=n),
            postcode="1011AB",
            house_number=1,
        )
        for n in range(250)
    ]

    known = client.known(queries)

    assert [len(question["personen"]) for question in fake.requests] == [100, 100, 50]
    assert known == {f"signal-{n}" for n in range(0, 250, 2)}
    assert all(headers["x-api-key"] == API_KEY for headers in fake.headers)


def test_nothing_to_ask_sends_nothing(client: HttpDebtServicesRegistry, fake: FakeDebtServices) -> None:
    assert client.known([]) == set()
    assert client.known([ClientQuery("too little", surname="Jansen")]) == set()
    assert fake.requests == []


def test_a_wrong_api_key_is_refused(fake: FakeDebtServices) -> None:
    with pytest.raises(DebtServicesRefused, match="HTTP 401"):
        _client(fake, api_key="wrong").known(QUERIES)


def test_the_fake_insists_on_an_api_key(fake: FakeDebtServices) -> None:
    with pytest.raises(SpecViolation):
        _client(fake).known(QUERIES)


def test_keys_that_were_not_asked_are_ignored() -> None:
    def confused(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"bekend": ["by bsn", "someone else"]})

    assert _client(confused).known(QUERIES[:1]) == {"by bsn"}


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (problem(500, "Interne fout."), DebtServicesUnavailable),
        (problem(503, "Tijdelijk niet beschikbaar."), DebtServicesUnavailable),
        (problem(429, "Te veel verzoeken."), DebtServicesUnavailable),
        (problem(400, f"Persoon {BSN} is ongeldig."), DebtServicesRefused),
        (problem(403, "Niet geautoriseerd."), DebtServicesRefused),
        (httpx.Response(200, text="<html>proxy</html>"), DebtServicesUnavailable),
        (httpx.Response(200, json={"bekend": "by bsn"}), DebtServicesUnavailable),
        (httpx.Response(200, json={"bekend": [1]}), DebtServicesUnavailable),
    ],
)
def test_errors_are_typed_and_never_name_a_person(answer: httpx.Response, error: type[Exception]) -> None:
    with pytest.raises(error) as raised:
        _client(lambda _request: answer).known(QUERIES)

    assert BSN not in str(raised.value)
    assert "Berg" not in str(raised.value)
    assert str(answer.status_code) in str(raised.value)


@pytest.mark.parametrize(
    ("failure", "reason"),
    [(httpx.ReadTimeout, "in time"), (httpx.ConnectError, "could not be reached")],
)
def test_a_timeout_or_lost_connection_is_unavailable(
    failure: type[httpx.TransportError], reason: str
) -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        raise failure("failed", request=request)

    with pytest.raises(DebtServicesUnavailable, match=reason) as raised:
        _client(broken).known(QUERIES)

    assert BSN not in str(raised.value)


def test_the_fake_rejects_requests_outside_the_interface(fake: FakeDebtServices) -> None:
    too_many = {"personen": [{"sleutel": str(n), "bsn": BSN} for n in range(101)]}
    no_identity = {"personen": [{"sleutel": "a", "geslachtsnaam": "Jansen"}]}
    bad_postcode = {
        "personen": [
            {
                "sleutel": "a",
                "geslachtsnaam": "Jansen",
                "geboortedatum": "1980-03-15",
                "postcode": "1011 AB",
                "huisnummer": 1,
            }
        ]
    }
    nobody: dict[str, Any] = {"personen": []}
    for body in (too_many, no_identity, bad_postcode, nobody):
        request = httpx.Request(
            "POST", f"{BASE_URL}/clienten/bekend", json=body, headers={"X-Api-Key": API_KEY}
        )
        with pytest.raises(SpecViolation):
            fake(request)


def test_settings_choose_the_list_by_default(settings: Settings) -> None:
    registry = debt_services_registry_from_settings(records=[ClientRecord(bsn=BSN)])

    assert isinstance(registry, ListDebtServicesRegistry)
    assert registry.known([ClientQuery("a", bsn=BSN)]) == {"a"}


def test_settings_choose_http(settings: Settings) -> None:
    settings.DEBT_SERVICES_REGISTRY = "http"
    settings.DEBT_SERVICES_BASE_URL = ""
    with pytest.raises(ImproperlyConfigured, match="DEBT_SERVICES_BASE_URL"):
        debt_services_registry_from_settings()
    settings.DEBT_SERVICES_BASE_URL = BASE_URL
    settings.DEBT_SERVICES_API_KEY = API_KEY

    assert isinstance(debt_services_registry_from_settings(), HttpDebtServicesRegistry)
    settings.DEBT_SERVICES_REGISTRY = "elsewhere"
    with pytest.raises(ImproperlyConfigured):
        debt_services_registry_from_settings()
