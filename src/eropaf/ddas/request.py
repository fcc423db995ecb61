"""Pure: reading a ``GegevensRequest`` of DDAS-VS.yaml (POST /gegevens); no models.

The messages are Dutch literal text: they are part of the interface CBS reads, like the problem
details of the rest of the API.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import Any

MAX_PAGE_SIZE = 50_000
FIELDS = frozenset(
    {"aanleverperiodeStartdatum", "aanleverperiodeEinddatum", "aanleverendeOrganisatie", "page", "pageSize"}
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class DataRequest:
    start: dt.date
    end: dt.date
    organisation: str
    page: int
    page_size: int


class RequestRefused(Exception):
    """400: the request does not follow the specification; 422: it does, but cannot be served."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _date(data: dict[str, Any], field: str) -> dt.date:
    value = data.get(field)
    if value is None:
        raise RequestRefused(400, f"{field} is verplicht.")
    if not isinstance(value, str) or not _DATE.match(value):
        raise RequestRefused(400, f"{field} moet een datum zijn in de vorm JJJJ-MM-DD.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise RequestRefused(400, f"{field} is geen bestaande datum.") from error


def _whole_number(data: dict[str, Any], field: str, default: int) -> int:
    value = data.get(field, default)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RequestRefused(400, f"De parameter {field} moet een geheel getal zijn.")
    if value < 1:
        raise RequestRefused(400, f"De parameter {field} moet groter zijn dan of gelijk zijn aan 1.")
    return value


def parse_data_request(body: bytes) -> DataRequest:
    """The period, organisation and page asked for; raises ``RequestRefused``."""
    try:
        data = json.loads(body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise RequestRefused(400, "De body is geen geldige JSON.") from error
    if not isinstance(data, dict):
        raise RequestRefused(400, "De body moet een JSON-object (GegevensRequest) zijn.")
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise RequestRefused(400, f"Onbekende velden: {', '.join(unknown)}.")
    organisation = data.get("aanleverendeOrganisatie", "")
    if not isinstance(organisation, str):
        raise RequestRefused(400, "aanleverendeOrganisatie moet tekst zijn.")
    start = _date(data, "aanleverperiodeStartdatum")
    end = _date(data, "aanleverperiodeEinddatum")
    page = _whole_number(data, "page", 1)
    page_size = _whole_number(data, "pageSize", MAX_PAGE_SIZE)
    if page_size > MAX_PAGE_SIZE:
        raise RequestRefused(400, f"De parameter pageSize mag hoogstens {MAX_PAGE_SIZE} zijn.")
    if end < start:
        raise RequestRefused(422, "aanleverperiodeEinddatum ligt voor aanleverperiodeStartdatum.")
    return DataRequest(
        start=start, end=end, organisation=organisation.strip(), page=page, page_size=page_size
    )


def names_municipality(organisation: str, *, name: str, code: str) -> bool:
    """Does the requested organisation name this municipality (empty asks for the client's own)?"""
    wanted = " ".join(organisation.split()).casefold()
    return wanted in {"", name.casefold(), f"gemeente {name}".casefold(), code}
