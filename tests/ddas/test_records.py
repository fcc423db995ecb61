"""The pure parts: the national vocabulary against the schema's enums, and each record's shape."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db.models import TextChoices
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from eropaf.core.vocabularies import ContactKind, DayPart, Outcome, PartnerType, SignalStatus
from eropaf.ddas.records import (
    AttemptRow,
    CaseRow,
    SignalRow,
    case_record,
    client_record,
    day_part_ddas,
    house_number_suffix,
    known_bsn,
    last_day_of_month,
    signal_record,
    whole_euros,
)
from tests.ddas.conftest import uitwisselmodel_schema

DEFS = uitwisselmodel_schema()["$defs"]


def _ddas(member: Any) -> str:
    return str(member.ddas)


VOCABULARIES: list[tuple[type[TextChoices], str, Callable[[Any], str]]] = [
    (PartnerType, "EnumSignaalpartner", _ddas),
    (ContactKind, "EnumContactsoort", _ddas),
    (Outcome, "EnumEindresultaat", _ddas),
    (SignalStatus, "EnumSignaalstatus", _ddas),
    (DayPart, "EnumDagdeel", lambda member: day_part_ddas(member.value)),
]


@pytest.mark.parametrize(
    ("enum", "definition", "national"), VOCABULARIES, ids=lambda v: getattr(v, "__name__", "")
)
def test_every_value_we_store_has_a_national_value_in_the_schema(
    enum: type[TextChoices], definition: str, national: Callable[[Any], str]
) -> None:
    allowed = set(DEFS[definition]["enum"])

    assert {member: national(member) for member in enum if national(member) not in allowed} == {}


@pytest.mark.parametrize(
    ("enum", "definition", "national"), VOCABULARIES, ids=lambda v: getattr(v, "__name__", "")
)
def test_every_national_value_can_be_registered(
    enum: type[TextChoices], definition: str, national: Callable[[Any], str]
) -> None:
    assert set(DEFS[definition]["enum"]) - {national(member) for member in enum} == set()


def test_values_without_a_national_counterpart_map_as_documented() -> None:
    assert PartnerType.BAILIFF.ddas == "Overige"
    assert ContactKind.WHATSAPP_CALL.ddas == "Telefoon"


@pytest.mark.parametrize(
    ("cents", "euros"), [(1, 0), (49, 0), (50, 1), (12_349, 123), (12_350, 124), (64_000, 640)]
)
def test_amounts_are_whole_euros_rounding_half_up(cents: int, euros: int) -> None:
    assert whole_euros(cents) == euros


def test_only_a_nine_digit_bsn_counts_and_the_first_known_wins() -> None:
    assert known_bsn("", "999990019") == "999990019"
    assert known_bsn("999993653", "999990019") == "999993653"
    assert known_bsn("12345678", "") == ""
    assert known_bsn("99999001X") == ""


@pytest.mark.parametrize(
    ("letter", "addition", "suffix"), [("", "", ""), ("A", "", "A"), ("", "bis", "bis"), ("A", "2", "A-2")]
)
def test_house_letter_and_addition_share_the_one_ddas_field(letter: str, addition: str, suffix: str) -> None:
    assert house_number_suffix(letter, addition) == suffix


def _row(**fields: Any) -> SignalRow:
    values: dict[str, Any] = {
        "id": 7,
        "is_crisis": False,
        "is_warm_handover": False,
        "amount_cents": 10_000,
        "arrear_start_date": dt.date(2025, 1, 1),
        "signal_date": dt.date(2025, 3, 2),
        "status": SignalStatus.NOT_YET_PICKED_UP,
        "signal_type": PartnerType.WATER,
        "bsn": "",
        "birth_date": None,
        "postcode": "3311AB",
        "house_number": 12,
        "house_letter": "",
        "house_number_addition": "",
    }
    return SignalRow(**{**values, **fields})


def _client_errors(record: dict[str, Any]) -> list[str]:
    schema = uitwisselmodel_schema()
    client = schema["properties"]["leveringen"]["items"]["properties"]["vroegsignalen"]["items"][
        "properties"
    ]["client"]
    validator = Draft202012Validator(
        {**client, "$defs": DEFS}, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(record)]


def test_with_a_bsn_the_client_is_the_bsn_alone() -> None:
    record = client_record(_row(bsn="999990019", birth_date=dt.date(1990, 5, 17), house_letter="A"))

    assert record == {"burgerservicenummer": "999990019"}
    assert _client_errors(record) == []


def test_without_a_bsn_the_client_is_the_reduced_identification() -> None:
    record = client_record(_row(birth_date=dt.date(1980, 2, 3), house_letter="A", house_number_addition="2"))

    assert record == {
        "postcode": "3311AB",
        "huisnummer": "12",
        "huisnummertoevoeging": "A-2",
        "geboortedatum": "1980-02-03",
    }
    assert _client_errors(record) == []


@given(
    bsn=st.one_of(st.just(""), st.from_regex(r"\A\d{9}\Z")),
    birth=st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2010, 12, 31))),
    letter=st.sampled_from(["", "A", "z"]),
    addition=st.sampled_from(["", "2", "bis", "III"]),
    number=st.integers(min_value=1, max_value=99_999),
)
def test_every_client_record_fits_the_schema(
    bsn: str, birth: dt.date | None, letter: str, addition: str, number: int
) -> None:
    record = client_record(
        _row(
            bsn=bsn,
            birth_date=birth,
            house_letter=letter,
            house_number_addition=addition,
            house_number=number,
        )
    )

    assert _client_errors(record) == []


def test_a_signal_record_uses_the_national_terms() -> None:
    record = signal_record(_row(signal_type=PartnerType.BAILIFF, status=SignalStatus.NOT_PICKED_UP_REPEAT))

    assert record["ID"] == "7"
    assert record["signaalpartner"] == {"type": "Overige"}
    assert record["status"] == "Niet opgepakt: herhaalde melding"
    assert record["bedrag"] == 100


def test_a_case_without_outcome_or_attempts_has_no_result_and_no_pick_up_date() -> None:
    row = CaseRow(
        id=1,
        period=dt.date(2024, 2, 1),
        outcome="",
        matched_on=None,
        opened_on=dt.date(2024, 2, 27),
        picked_up_on=None,
    )

    record = case_record(row, signal_ids=[3, 4], attempts=[])

    assert record == {
        "matchingsdatum": "2024-02-27",
        "startdatumMatchingperiode": "2024-02-01",
        "einddatumMatchingperiode": "2024-02-29",
        "vroegsignalen": [{"ID": "3"}, {"ID": "4"}],
        "contactpogingen": [],
    }


def test_a_case_with_an_outcome_and_attempts() -> None:
    row = CaseRow(
        id=1,
        period=dt.date(2025, 12, 1),
        outcome=Outcome.FOLLOW_UP_FINANCIAL,
        matched_on=dt.date(2025, 12, 28),
        opened_on=dt.date(2025, 12, 27),
        picked_up_on=dt.date(2026, 1, 2),
    )
    attempt = AttemptRow(
        kind=ContactKind.WHATSAPP_CALL, reached=True, on=dt.date(2026, 1, 2), day_part=DayPart.EVENING
    )

    record = case_record(row, signal_ids=[9], attempts=[attempt])

    assert record["resultaat"] == "Vervolghulp en/of verwijzing financieel"
    assert record["matchingsdatum"] == "2025-12-28"
    assert record["einddatumMatchingperiode"] == "2025-12-31"
    assert record["datumOpgepakt"] == "2026-01-02"
    assert record["contactpogingen"] == [
        {"soort": "Telefoon", "bereikt": True, "datum": "2026-01-02", "dagdeel": "Avond"}
    ]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 1)))
def test_the_last_day_of_a_month_is_the_day_before_the_next_month(day: dt.date) -> None:
    last = last_day_of_month(day.replace(day=1))

    assert last.month == day.month
    assert (last + dt.timedelta(days=1)).day == 1
