"""The client list debt services export, and a `DebtServicesRegistry` that answers from it.

A boundary module: the column names are the Dutch ones of the export, and the messages about the
file are Dutch because they go straight to the municipality's staff. Messages name dates, postcodes
and house numbers as written, so a row can be found, but never a BSN or a name.

The file is CSV in UTF-8 (with or without BOM) or Windows-1252, separated by ``;`` or ``,``, with a
header row. A row identifies a client by a valid BSN, or by surname, birth date, postcode and house
number together.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from eropaf.integrations.debt_services.protocol import (
    ClientQuery,
    Identity,
    compact_bsn,
    compact_postcode,
    identity_of,
    is_postcode,
    query_identity,
    surname_key,
    usable_bsn,
)

BSN = "bsn"
SURNAME = "achternaam"
PREFIX = "voorvoegsel"
BIRTH_DATE = "geboortedatum"
POSTCODE = "postcode"
HOUSE_NUMBER = "huisnummer"
COLUMNS = (BSN, SURNAME, PREFIX, BIRTH_DATE, POSTCODE, HOUSE_NUMBER)
IDENTITY_COLUMNS = (SURNAME, BIRTH_DATE, POSTCODE, HOUSE_NUMBER)
"""Without a BSN, these four together identify a client."""

MAX_SURNAME = 200
MAX_PREFIX = 20
EARLIEST_BIRTH_DATE = date(1900, 1, 1)

_BOM = b"\xef\xbb\xbf"
_DELIMITERS = (";", ",")
_ISO_DATE = re.compile(r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})$")
_DUTCH_DATE = re.compile(r"^(?P<day>[0-9]{1,2})-(?P<month>[0-9]{1,2})-(?P<year>[0-9]{4})$")
# The number, optionally followed by a letter or addition (``12A``, ``12-2``, ``12 bis``) that is not kept.
_HOUSE_NUMBER = re.compile(r"^0*(?P<number>[1-9][0-9]{0,4})(?:\s*[-/]?\s*[A-Za-z0-9]{1,6})?$")

_EXPECTED_HEADER = (
    'verwacht een kopregel met de kolom "bsn", of met de kolommen "achternaam", "geboortedatum", '
    '"postcode" en "huisnummer" (los van hoofdletters; "voorvoegsel" mag erbij)'
)


class ClientListRefused(Exception):
    """The file as a whole cannot be read as a client list. The message is Dutch, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ClientRecord:
    """One client on the list: a BSN, or surname, birth date, postcode and house number, or both."""

    bsn: str = ""
    surname: str = ""
    prefix: str = ""
    birth_date: date | None = None
    postcode: str = ""
    house_number: int | None = None


@dataclass(frozen=True)
class RowError:
    """A row that was left out. `row_number` counts the header as row 1, as a spreadsheet does."""

    row_number: int
    message: str


@dataclass(frozen=True)
class ClientList:
    records: list[ClientRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def read_client_list(data: bytes) -> ClientList:
    """Every usable row as a record and every other row as an error, in file order.

    Refused: a file that is not text, has no usable header, or has rows of which none is usable.
    Blank rows are skipped without an error.
    """
    text = _decode(data)
    records: list[ClientRecord] = []
    errors: list[RowError] = []
    rows = _records(text, _detect_delimiter(text))
    columns = _columns(next(rows, None))
    for row_number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {name: cells[index].strip() for name, index in columns.items() if index < len(cells)}
        record, problems = _record(values)
        if record is None:
            errors.append(RowError(row_number=row_number, message=f"rij {row_number}: {'; '.join(problems)}"))
        else:
            records.append(record)
    if errors and not records:
        raise ClientListRefused(
            f"Geen enkele rij in dit bestand is bruikbaar ({len(errors)} afgekeurd). "
            f"De eerste fout: {errors[0].message}"
        )
    return ClientList(records=records, errors=errors)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ClientListRefused(
            "Dit bestand is als UTF-16 opgeslagen; sla de klantenlijst op als CSV in UTF-8 of Windows-1252."
        )
    if b"\x00" in data[:8192]:
        raise ClientListRefused("Dit bestand is geen CSV-bestand: het bevat binaire gegevens.")
    data = data.removeprefix(_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ClientListRefused(
            "De tekens in dit bestand zijn niet te lezen: het is geen UTF-8 en ook geen Windows-1252."
        ) from error


def _detect_delimiter(text: str) -> str:
    """The delimiter that occurs most often outside quotes in the first non-blank line."""
    for line in io.StringIO(text):
        if not line.strip():
            continue
        counts = dict.fromkeys(_DELIMITERS, 0)
        quoted = False
        for character in line:
            if character == '"':
                quoted = not quoted
            elif not quoted and character in counts:
                counts[character] += 1
        return max(_DELIMITERS, key=counts.__getitem__)
    raise ClientListRefused(f"Dit bestand is leeg; {_EXPECTED_HEADER}.")


def _records(text: str, delimiter: str) -> Iterator[list[str]]:
    """The header and every record after it; blank lines before the header are passed over."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    started = False
    try:
        for cells in reader:
            if started or any(cell.strip() for cell in cells):
                started = True
                yield cells
    except csv.Error as error:
        raise ClientListRefused(
            f"Dit bestand is geen leesbaar CSV-bestand (fout rond regel {reader.line_num})."
        ) from error


def _columns(header: Sequence[str] | None) -> dict[str, int]:
    if header is None:
        raise ClientListRefused(f"Dit bestand is leeg; {_EXPECTED_HEADER}.")
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().strip('"').strip().casefold()
        if name not in COLUMNS:
            continue
        if name in columns:
            raise ClientListRefused(f'De kolom "{name}" staat twee keer in de kopregel.')
        columns[name] = index
    if BSN not in columns and not all(name in columns for name in IDENTITY_COLUMNS):
        raise ClientListRefused(
            f"De eerste regel van dit bestand is geen bruikbare kopregel; {_EXPECTED_HEADER}."
        )
    return columns


def _record(values: dict[str, str]) -> tuple[ClientRecord | None, list[str]]:
    """The record, or None and what is wrong with the row (in Dutch, without BSN or name)."""
    problems: list[str] = []
    bsn = _bsn(values.get(BSN, ""), problems)
    surname = " ".join(values.get(SURNAME, "").split())
    prefix = " ".join(values.get(PREFIX, "").split())
    if len(surname) > MAX_SURNAME:
        problems.append(f"achternaam is langer dan {MAX_SURNAME} tekens")
    if len(prefix) > MAX_PREFIX:
        problems.append(f"voorvoegsel is langer dan {MAX_PREFIX} tekens")
    birth_date = _birth_date(values.get(BIRTH_DATE, ""), problems)
    postcode = _postcode(values.get(POSTCODE, ""), problems)
    house_number = _house_number(values.get(HOUSE_NUMBER, ""), problems)
    if problems:
        return None, problems
    record = ClientRecord(
        bsn=bsn,
        surname=surname,
        prefix=prefix,
        birth_date=birth_date,
        postcode=postcode,
        house_number=house_number,
    )
    if not bsn and _identity(record) is None:
        missing = [
            name
            for name, present in (
                (SURNAME, bool(surname_key(surname))),
                (BIRTH_DATE, birth_date is not None),
                (POSTCODE, bool(postcode)),
                (HOUSE_NUMBER, house_number is not None),
            )
            if not present
        ]
        return None, [f"geen BSN, en voor herkenning op naam en adres ontbreekt: {', '.join(missing)}"]
    return record, []


def _bsn(value: str, problems: list[str]) -> str:
    if not value:
        return ""
    digits = compact_bsn(value)
    if len(digits) != 9 or not digits.isdigit():
        problems.append("bsn is geen geldig BSN (verwacht 9 cijfers)")
        return ""
    bsn = usable_bsn(digits)
    if not bsn:
        problems.append("bsn is geen geldig BSN (voldoet niet aan de elfproef)")
    return bsn


def _birth_date(value: str, problems: list[str]) -> date | None:
    if not value:
        return None
    found = _ISO_DATE.match(value) or _DUTCH_DATE.match(value)
    if found is None:
        problems.append(f'geboortedatum "{value[:20]}" is geen datum in de vorm JJJJ-MM-DD of DD-MM-JJJJ')
        return None
    try:
        day = date(int(found["year"]), int(found["month"]), int(found["day"]))
    except ValueError:
        problems.append(f'geboortedatum "{value}" is geen bestaande datum')
        return None
    if day < EARLIEST_BIRTH_DATE:
        problems.append(f'geboortedatum "{value}" ligt voor 1900')
        return None
    return day


def _postcode(value: str, problems: list[str]) -> str:
    if not value:
        return ""
    postcode = compact_postcode(value)
    if not is_postcode(postcode):
        problems.append(f'postcode "{value[:20]}" is geen geldige postcode (verwacht bijv. 1234 AB)')
        return ""
    return postcode


def _house_number(value: str, problems: list[str]) -> int | None:
    if not value:
        return None
    found = _HOUSE_NUMBER.match(value)
    if found is None:
        problems.append(f'huisnummer "{value[:20]}" is geen huisnummer (verwacht een getal, bijv. 12 of 12A)')
        return None
    return int(found["number"])


def _identity(record: ClientRecord) -> Identity | None:
    return identity_of(
        surname=record.surname,
        birth_date=record.birth_date,
        postcode=record.postcode,
        house_number=record.house_number,
    )


class ListDebtServicesRegistry:
    """`DebtServicesRegistry` answered from the imported client list (or any list of records).

    The BSN decides when both sides have one; surname, birth date and address decide when either
    side has none, so two different BSNs are never the same person because their names agree.
    """

    def __init__(self, records: Iterable[ClientRecord] = ()) -> None:
        self._bsns: set[str] = set()
        self._identities: set[Identity] = set()
        self._identities_without_bsn: set[Identity] = set()
        for record in records:
            bsn = usable_bsn(record.bsn)
            identity = _identity(record)
            if bsn:
                self._bsns.add(bsn)
            if identity is not None:
                self._identities.add(identity)
                if not bsn:
                    self._identities_without_bsn.add(identity)

    def known(self, queries: Sequence[ClientQuery]) -> set[str]:
        return {query.key for query in queries if self._is_client(query)}

    def _is_client(self, query: ClientQuery) -> bool:
        bsn = usable_bsn(query.bsn)
        if bsn in self._bsns:
            return True
        identity = query_identity(query)
        return identity is not None and identity in (
            self._identities_without_bsn if bsn else self._identities
        )
