"""Debt services over HTTP: `POST {base_url}/clienten/bekend`, the interface Eropaf proposes to
suppliers (docs/integrations/debt-services.openapi.yaml).

Dutch names appear only where they are the interface's own field names. Error messages carry the
HTTP status, never a request or response body, so a BSN or name cannot end up in a log.
"""

import json
from collections.abc import Sequence
from typing import Any

import httpx

from eropaf.integrations.debt_services.protocol import (
    ClientQuery,
    DebtServicesRefused,
    DebtServicesUnavailable,
    compact_postcode,
    query_identity,
    usable_bsn,
)

BATCH_SIZE = 100  # the interface's maxItems for personen
_JSON = "application/json"


def person_of(query: ClientQuery) -> dict[str, Any] | None:
    """The `Persoon` for a query; None when it holds neither a usable BSN nor a complete identity,
    as no answer could name that person. Values the interface would refuse are left out."""
    bsn = usable_bsn(query.bsn)
    identity = query_identity(query)
    if not bsn and identity is None:
        return None
    person: dict[str, Any] = {"sleutel": query.key}
    if bsn:
        person["bsn"] = bsn
    if identity is not None and query.birth_date is not None and query.house_number is not None:
        person["geslachtsnaam"] = " ".join(query.surname.split())
        prefix = " ".join(query.prefix.split())
        if prefix:
            person["voorvoegsel"] = prefix
        person["geboortedatum"] = query.birth_date.isoformat()
        person["postcode"] = compact_postcode(query.postcode)
        person["huisnummer"] = query.house_number
    return person


class HttpDebtServicesRegistry:
    """`DebtServicesRegistry` over HTTP, authenticated with an API key in `X-Api-Key`."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str | None = None,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        headers = {"Accept": f"{_JSON}, application/problem+json"}
        if api_key:
            headers["X-Api-Key"] = api_key
        self._endpoint = base_url.rstrip("/") + "/clienten/bekend"
        self._client = httpx.Client(headers=headers, timeout=timeout, transport=transport)

    def close(self) -> None:
        self._client.close()

    def known(self, queries: Sequence[ClientQuery]) -> set[str]:
        people = [person for person in map(person_of, queries) if person is not None]
        found: set[str] = set()
        for start in range(0, len(people), BATCH_SIZE):
            batch = people[start : start + BATCH_SIZE]
            asked = {person["sleutel"] for person in batch}
            # Only keys that were asked count: a confused server must not mark anyone else.
            found.update(self._ask(batch) & asked)
        return found

    def _ask(self, batch: list[dict[str, Any]]) -> set[str]:
        try:
            response = self._client.post(
                self._endpoint,
                content=json.dumps({"personen": batch}).encode(),
                headers={"Content-Type": _JSON},
            )
        except httpx.TimeoutException as exc:
            raise DebtServicesUnavailable("Debt services did not answer in time") from exc
        except httpx.TransportError as exc:
            raise DebtServicesUnavailable(
                f"Debt services could not be reached ({type(exc).__name__})"
            ) from exc
        status = response.status_code
        if status == 429 or status >= 500:
            raise DebtServicesUnavailable(f"Debt services answered with HTTP {status}")
        if status != 200:
            raise DebtServicesRefused(f"Debt services refused the question with HTTP {status}")
        unreadable = DebtServicesUnavailable("Debt services answered with an unreadable response (HTTP 200)")
        try:
            keys = response.json()["bekend"]
        except (ValueError, KeyError, TypeError):
            raise unreadable from None
        if not isinstance(keys, list) or not all(isinstance(key, str) for key in keys):
            raise unreadable
        return set(keys)
