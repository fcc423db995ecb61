"""A small fixed region for the DDAS delivery: what is in it is counted by hand in the tests.

Municipality 0482 over January–March 2025 holds signals s1–s4, cases A and B and three contact
attempts. Signal s5 (December 2024) and s6 (another municipality) must never appear.
"""

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # drf-spectacular brings it

from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import ContactKind, DayPart, Outcome, PartnerType, SignalStatus
from eropaf.ddas.clients import issue_token, register_client
from eropaf.ddas.models import DdasClient
from eropaf.intake.models import Signal
from eropaf.matching.models import PersonCheck, RegistryOutcome
from eropaf.organisations.models import Municipality
from tests.factories import (
    CaseFactory,
    CaseSignalFactory,
    ContactAttemptFactory,
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    SignalFactory,
)

SPEC_DIR = Path(__file__).resolve().parent / "spec"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START = dt.date(2025, 1, 1)
END = dt.date(2025, 3, 31)


def uitwisselmodel_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SPEC_DIR / "json_schema_Uitwisselmodel.json").read_text())
    return loaded


def schema_errors(document: Any) -> list[str]:
    """Every way ``document`` breaks the official schema, formats (date, date-time) included."""
    validator = Draft202012Validator(
        uitwisselmodel_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def local(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


@dataclass(frozen=True)
class Region:
    municipality: Municipality
    other: Municipality
    case_a: Case
    case_b: Case
    s1: Signal
    s2: Signal
    s3: Signal
    s4: Signal
    s5: Signal
    s6: Signal


def _signal(municipality: Municipality, period: dt.date, partner_type: PartnerType, **fields: Any) -> Signal:
    partner = PartnerFactory.create(partner_type=partner_type, municipalities=[municipality])
    delivery = DeliveryFactory.create(partner=partner, period=period)
    signal: Signal = SignalFactory.create(delivery=delivery, municipality=municipality, **fields)
    return signal


@pytest.fixture
def region() -> Region:
    municipality = MunicipalityFactory.create(code="0482", name="Alblasserdam")
    other = MunicipalityFactory.create(code="0590", name="Papendrecht")
    january, february, march = dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)

    case_a = CaseFactory.create(
        municipality=municipality,
        period=january,
        state=CaseState.CLOSED,
        outcome=Outcome.ADVICE_OR_QUICK_FIX,
        matched_at=local(2025, 1, 28, 0, 30),
        opened_on=dt.date(2025, 1, 27),
    )
    s1 = _signal(
        municipality,
        january,
        PartnerType.RENT,
        bsn="999990019",
        amount_cents=64_000,
        is_crisis=True,
        status=SignalStatus.PICKED_UP,
    )
    s2 = _signal(
        municipality,
        january,
        PartnerType.ENERGY,
        bsn="",
        amount_cents=12_349,
        is_warm_handover=True,
        status=SignalStatus.PICKED_UP,
    )
    PersonCheck.objects.create(
        signal=s2, outcome=RegistryOutcome.RESIDENT, bsn="999993653", checked_at=timezone.now()
    )
    for signal in (s1, s2):
        CaseSignalFactory.create(case=case_a, signal=signal)
    ContactAttemptFactory.create(
        case=case_a, kind=ContactKind.LETTER, at=local(2025, 1, 28, 9, 0), day_part=DayPart.MORNING
    )
    # Half past midnight in the Netherlands is still the day before in UTC.
    ContactAttemptFactory.create(
        case=case_a, kind=ContactKind.PHONE, at=local(2025, 2, 3, 0, 30), day_part=DayPart.MORNING
    )
    ContactAttemptFactory.create(
        case=case_a,
        kind=ContactKind.WHATSAPP_CALL,
        at=local(2025, 2, 4, 19, 15),
        day_part=DayPart.EVENING,
        reached=True,
    )

    case_b = CaseFactory.create(
        municipality=municipality, period=february, matched_at=None, opened_on=dt.date(2025, 2, 26)
    )
    s3 = _signal(
        municipality,
        february,
        PartnerType.BAILIFF,
        bsn="",
        amount_cents=12_350,
        postcode="3311AB",
        house_number=12,
        house_letter="A",
        house_number_addition="2",
        birth_date=dt.date(1980, 2, 3),
    )
    CaseSignalFactory.create(case=case_b, signal=s3)
    # Not matched yet, and a BSN of the wrong length: identified by address alone.
    s4 = _signal(
        municipality,
        march,
        PartnerType.WATER,
        bsn="12345678",
        birth_date=None,
        postcode="3312CD",
        house_number=7,
    )

    s5 = _signal(municipality, dt.date(2024, 12, 1), PartnerType.RENT, bsn="999990020")
    CaseSignalFactory.create(
        case=CaseFactory.create(municipality=municipality, period=dt.date(2024, 12, 1)), signal=s5
    )
    s6 = _signal(other, january, PartnerType.RENT, bsn="999990032")
    return Region(municipality, other, case_a, case_b, s1, s2, s3, s4, s5, s6)


@dataclass(frozen=True)
class ClientKeys:
    client: DdasClient
    secret: str


@pytest.fixture
def ddas_client(region: Region) -> ClientKeys:
    client = DdasClient(municipality=region.municipality, name="CBS")
    secret = register_client(client=client, by=None)
    return ClientKeys(client=client, secret=secret)


@pytest.fixture
def bearer(ddas_client: ClientKeys) -> str:
    return issue_token(client=ddas_client.client).access_token
