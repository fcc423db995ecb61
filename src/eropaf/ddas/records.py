"""Pure: the records of the DDAS Uitwisselmodel v1.2 (CBS) from plain values; no models.

This is a boundary module, so the DDAS field names stay Dutch, verbatim from
``json_schema_Uitwisselmodel.json``. The national vocabulary comes from the ``.ddas`` properties in
``core.vocabularies`` (docs/ddas.md lists the few values without a national counterpart).
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from eropaf.core.vocabularies import ContactKind, DayPart, Outcome, PartnerType, SignalStatus

Record = dict[str, Any]

_BSN = re.compile(r"^\d{9}$")


@dataclass(frozen=True)
class SignalRow:
    """What one signal contributes to the delivery (read set-based by ``ddas.payload``)."""

    id: int
    is_crisis: bool
    is_warm_handover: bool
    amount_cents: int
    arrear_start_date: dt.date
    signal_date: dt.date
    status: str
    signal_type: str
    bsn: str
    birth_date: dt.date | None
    postcode: str
    house_number: int
    house_letter: str
    house_number_addition: str


@dataclass(frozen=True)
class CaseRow:
    id: int
    period: dt.date
    outcome: str
    matched_on: dt.date | None
    opened_on: dt.date
    picked_up_on: dt.date | None


@dataclass(frozen=True)
class AttemptRow:
    kind: str
    reached: bool
    on: dt.date
    day_part: str


def whole_euros(cents: int) -> int:
    """DDAS ``bedrag`` is in whole euros; half a euro rounds up (commercial rounding)."""
    return (cents + 50) // 100


def known_bsn(*candidates: str) -> str:
    """The first candidate that is a BSN in the schema's shape (nine digits), or ''."""
    return next((bsn for bsn in candidates if _BSN.match(bsn or "")), "")


def house_number_suffix(letter: str, addition: str) -> str:
    """DDAS has one ``huisnummertoevoeging``; the BAG's house letter and addition are joined as
    NEN 5825 writes them after the number: the letter, then the addition after a hyphen."""
    if letter and addition:
        return f"{letter}-{addition}"
    return letter or addition


def client_record(row: SignalRow) -> Record:
    """The BSN when known; otherwise the reduced identification the schema allows: postcode and
    house number (required), with house number suffix and birth date when known. The schema
    forbids any other field next to a BSN."""
    if row.bsn:
        return {"burgerservicenummer": row.bsn}
    record: Record = {"postcode": row.postcode, "huisnummer": str(row.house_number)}
    suffix = house_number_suffix(row.house_letter, row.house_number_addition)
    if suffix:
        record["huisnummertoevoeging"] = suffix
    if row.birth_date is not None:
        record["geboortedatum"] = row.birth_date.isoformat()
    return record


def signal_record(row: SignalRow) -> Record:
    return {
        "ID": str(row.id),
        "crisissignaal": row.is_crisis,
        "warmeOverdracht": row.is_warm_handover,
        "bedrag": whole_euros(row.amount_cents),
        "ontstaansdatum": row.arrear_start_date.isoformat(),
        "signaaldatum": row.signal_date.isoformat(),
        "status": SignalStatus(row.status).ddas,
        "signaalpartner": {"type": PartnerType(row.signal_type).ddas},
        "client": client_record(row),
    }


def day_part_ddas(value: str) -> str:
    """``DayPart`` has no ``.ddas`` of its own: its labels are the DDAS terms verbatim."""
    return str(DayPart(value).label)


def attempt_record(row: AttemptRow) -> Record:
    return {
        "soort": ContactKind(row.kind).ddas,
        "bereikt": row.reached,
        "datum": row.on.isoformat(),
        "dagdeel": day_part_ddas(row.day_part),
    }


def last_day_of_month(period: dt.date) -> dt.date:
    following = (period.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following - dt.timedelta(days=1)


def case_record(row: CaseRow, *, signal_ids: Iterable[int], attempts: Iterable[AttemptRow]) -> Record:
    """A vroegsignaalzaak: its result once it has one, the matching period, when it was matched
    and picked up, the signals it holds and every contact attempt."""
    record: Record = {}
    if row.outcome:
        record["resultaat"] = Outcome(row.outcome).ddas
    record["matchingsdatum"] = (row.matched_on or row.opened_on).isoformat()
    record["startdatumMatchingperiode"] = row.period.isoformat()
    record["einddatumMatchingperiode"] = last_day_of_month(row.period).isoformat()
    if row.picked_up_on is not None:
        record["datumOpgepakt"] = row.picked_up_on.isoformat()
    record["vroegsignalen"] = [{"ID": str(signal_id)} for signal_id in signal_ids]
    record["contactpogingen"] = [attempt_record(attempt) for attempt in attempts]
    return record


def delivery_document(
    *,
    start: dt.date,
    end: dt.date,
    delivered_at: dt.datetime,
    supplier_code: str,
    municipality_code: str,
    organisation_name: str,
    signals: list[Record],
    cases: list[Record],
) -> Record:
    """The whole Uitwisselmodel: one delivery (``teller`` 1) of one municipality."""
    return {
        "startdatumLevering": start.isoformat(),
        "einddatumLevering": end.isoformat(),
        "aanleverdatumEnTijd": delivered_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "codeGegevensleverancier": supplier_code,
        "leveringen": [
            {
                "teller": 1,
                "gemeentecode": municipality_code,
                "aanleverendeOrganisatie": {"naam": organisation_name},
                "vroegsignalen": signals,
                "vroegsignaalzaken": cases,
            }
        ],
    }
