"""The real BRP: Haal Centraal BRP Personen v2 (`POST /personen`).

Dutch names appear only where they are the API's own field names. Error messages carry the HTTP
status and the API's error code, never the request body, so a BSN cannot end up in a log.
"""

import json
import re
import ssl
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from eropaf.integrations.brp.protocol import (
    Address,
    Lookup,
    Person,
    PersonSummary,
    RegistryRefused,
    RegistryUnavailable,
    age_on,
    classify,
    today_in_the_netherlands,
)

BSN_BATCH_SIZE = 20  # the specification's maxItems for burgerservicenummer
_TOKEN_EXPIRY_MARGIN = timedelta(seconds=30)
_JSON_UTF8 = "application/json; charset=utf-8"  # the only request media type the spec lists
_DIGIT_RUNS = re.compile(r"\d{5,}")

LOOKUP_FIELDS = [
    "burgerservicenummer",
    "naam",
    "geboorte.datum",
    "overlijden",
    "verblijfplaats",
    "gemeenteVanInschrijving",
]
# Search hits are `PersoonBeperkt`: only the name parts Eropaf compares are asked for (no titles,
# no derived full name); the given names are needed to compare initials during manual review.
SEARCH_FIELDS = [
    "burgerservicenummer",
    "naam.voornamen",
    "naam.voorvoegsel",
    "naam.geslachtsnaam",
    "geboorte.datum",
    "leeftijd",
]

Json = Mapping[str, Any]


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: datetime


class _ClientCredentials(httpx.Auth):
    """OAuth2 client-credentials bearer token, fetched once and reused until shortly before expiry."""

    def __init__(self, *, token_url: str, client_id: str, client_secret: str) -> None:
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._token: _Token | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._token is None or datetime.now(tz=UTC) >= self._token.expires_at:
            response = yield httpx.Request(
                "POST",
                self._token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self._client_id,
                    "client_secret": self._client_secret,
                },
                headers={"Accept": "application/json"},
            )
            response.read()
            self._token = self._parse_token(response)
        request.headers["Authorization"] = f"Bearer {self._token.value}"
        yield request

    @staticmethod
    def _parse_token(response: httpx.Response) -> _Token:
        if response.status_code >= 500:
            raise RegistryUnavailable(f"BRP token endpoint unavailable (HTTP {response.status_code})")
        if response.status_code != 200:
            raise RegistryRefused(
                f"BRP token endpoint refused the client credentials (HTTP {response.status_code})"
            )
        try:
            body = response.json()
            value = str(body["access_token"])
            lifetime = int(body.get("expires_in", 300))
        except (ValueError, KeyError, TypeError):
            raise RegistryUnavailable("BRP token endpoint answered without a usable token") from None
        return _Token(
            value=value, expires_at=datetime.now(tz=UTC) + timedelta(seconds=lifetime) - _TOKEN_EXPIRY_MARGIN
        )


class HaalCentraalPersonRegistry:
    """`PersonRegistry` over HTTP. Authenticates with an API key, OAuth2 client credentials, or both,
    optionally over mutual TLS (`client_cert`: a PEM file with key, or a (certificate, key) pair)."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        token_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        client_cert: str | tuple[str, str] | None = None,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Accept": "application/json"}
        if api_key:
            headers["X-Api-Key"] = api_key
        auth: httpx.Auth | None = None
        if token_url:
            if not client_id or not client_secret:
                raise ValueError("OAuth2 for the BRP needs a client id and a client secret")
            auth = _ClientCredentials(token_url=token_url, client_id=client_id, client_secret=client_secret)
        verify: ssl.SSLContext | bool = True
        if client_cert is not None:
            verify = ssl.create_default_context()
            certificate, key = client_cert if isinstance(client_cert, tuple) else (client_cert, None)
            verify.load_cert_chain(certificate, key)
        self._endpoint = base_url.rstrip("/") + "/personen"
        self._client = httpx.Client(
            headers=headers, auth=auth, timeout=timeout, verify=verify, transport=transport
        )

    def close(self) -> None:
        self._client.close()

    def by_bsn(self, bsns: Sequence[str], *, municipality_code: str) -> list[Lookup]:
        wanted = list(dict.fromkeys(bsns))
        found: dict[str, Person] = {}
        for start in range(0, len(wanted), BSN_BATCH_SIZE):
            batch = wanted[start : start + BSN_BATCH_SIZE]
            body = self._query(
                {
                    "type": "RaadpleegMetBurgerservicenummer",
                    "fields": LOOKUP_FIELDS,
                    "burgerservicenummer": batch,
                }
            )
            for item in body:
                person = person_from_brp(item)
                found[person.bsn] = person
        return [
            Lookup(
                bsn=bsn,
                outcome=classify(found.get(bsn), municipality_code=municipality_code),
                person=found.get(bsn),
            )
            for bsn in wanted
        ]

    def at_address(
        self, *, postcode: str, house_number: int, house_letter: str = "", addition: str = ""
    ) -> list[PersonSummary]:
        query: dict[str, Any] = {
            "type": "ZoekMetPostcodeEnHuisnummer",
            "fields": SEARCH_FIELDS,
            "postcode": postcode.replace(" ", "").upper(),
            "huisnummer": house_number,
        }
        if house_letter:
            query["huisletter"] = house_letter
        if addition:
            query["huisnummertoevoeging"] = addition
        return [summary_from_brp(item) for item in self._query(query)]

    def by_name_and_birth_date(
        self, *, surname: str, birth_date: date, prefix: str = ""
    ) -> list[PersonSummary]:
        query: dict[str, Any] = {
            "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
            "fields": SEARCH_FIELDS,
            "geslachtsnaam": surname,
            "geboortedatum": birth_date.isoformat(),
        }
        if prefix:
            query["voorvoegsel"] = prefix
        return [summary_from_brp(item) for item in self._query(query)]

    def _query(self, query: Json) -> list[Json]:
        kind = query["type"]
        try:
            response = self._client.post(
                self._endpoint, content=json.dumps(query).encode(), headers={"Content-Type": _JSON_UTF8}
            )
        except httpx.TimeoutException as exc:
            raise RegistryUnavailable(f"BRP did not answer in time ({kind})") from exc
        except httpx.TransportError as exc:
            raise RegistryUnavailable(f"BRP could not be reached ({kind}: {type(exc).__name__})") from exc
        if response.status_code != 200:
            raise _error_for(response, kind)
        unreadable = RegistryUnavailable(f"BRP answered {kind} with an unreadable response (HTTP 200)")
        try:
            people = response.json()["personen"]
        except (ValueError, KeyError, TypeError):
            raise unreadable from None
        if not isinstance(people, list):
            raise unreadable
        return people


def _error_for(response: httpx.Response, kind: str) -> RegistryRefused | RegistryUnavailable:
    code = ""
    try:
        problem = response.json()
        if isinstance(problem, dict):
            code = _DIGIT_RUNS.sub("…", str(problem.get("code", "")))[:25]
    except ValueError:
        pass
    message = f"BRP answered {kind} with HTTP {response.status_code}" + (f" ({code})" if code else "")
    if response.status_code == 429 or response.status_code >= 500:
        return RegistryUnavailable(message)
    return RegistryRefused(message)


def _date(value: Json | None) -> date | None:
    """Only a complete date (`type: Datum`) becomes a date; partly unknown dates stay unknown."""
    if not value or value.get("type") != "Datum":
        return None
    return date.fromisoformat(value["datum"])


def person_from_brp(item: Json) -> Person:
    name = item.get("naam", {})
    residence = item.get("verblijfplaats") or {}
    residence_type = residence.get("type")
    address = None
    if residence_type == "Adres":
        found = residence.get("verblijfadres", {})
        address = Address(
            postcode=found.get("postcode", ""),
            house_number=found.get("huisnummer", 0),
            house_letter=found.get("huisletter", ""),
            addition=found.get("huisnummertoevoeging", ""),
            street=found.get("officieleStraatnaam") or found.get("korteStraatnaam", ""),
            town=found.get("woonplaats", ""),
        )
    death = item.get("overlijden")
    return Person(
        bsn=item["burgerservicenummer"],
        surname=name.get("geslachtsnaam", ""),
        prefix=name.get("voorvoegsel", ""),
        given_names=name.get("voornamen", ""),
        birth_date=_date(item.get("geboorte", {}).get("datum")),
        municipality_code=item.get("gemeenteVanInschrijving", {}).get("code", ""),
        address=address,
        abroad=residence_type == "VerblijfplaatsBuitenland",
        country=residence.get("verblijfadres", {}).get("land", {}).get("omschrijving", "")
        if residence_type == "VerblijfplaatsBuitenland"
        else "",
        deceased=bool(death),
        date_of_death=_date(death.get("datum")) if death else None,
    )


def summary_from_brp(item: Json) -> PersonSummary:
    name = item.get("naam", {})
    birth_date = _date(item.get("geboorte", {}).get("datum"))
    age = item.get("leeftijd")
    return PersonSummary(
        bsn=item.get("burgerservicenummer", ""),
        surname=name.get("geslachtsnaam", ""),
        prefix=name.get("voorvoegsel", ""),
        birth_date=birth_date,
        age=age if isinstance(age, int) else age_on(birth_date, today_in_the_netherlands()),
        given_names=name.get("voornamen", ""),
    )
