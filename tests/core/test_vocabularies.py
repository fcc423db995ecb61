"""The DDAS Vroegsignalering v1.2 vocabularies equal the national exchange model (pure logic).

The JSON schema is a verbatim copy of the CBS exchange model (``tests/fixtures/ddas``).
"""

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.core.vocabularies import (
    HELP_ACCEPTED_OUTCOMES,
    NOT_PICKED_UP_OUTCOMES,
    REACHED_OUTCOMES,
    ContactKind,
    DayPart,
    Gender,
    Outcome,
    PartnerType,
    SignalStatus,
)

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "ddas" / "json_schema_Uitwisselmodel.json"


@cache
def ddas_enum(name: str) -> list[str]:
    schema: dict[str, Any] = json.loads(SCHEMA.read_text(encoding="utf-8"))
    values: list[str] = schema["$defs"][name]["enum"]
    return values


def test_partner_types_are_the_ddas_signal_partners() -> None:
    assert sorted({member.ddas for member in PartnerType}) == sorted(ddas_enum("EnumSignaalpartner"))
    # Every DDAS partner has exactly one member of its own; only the bailiff is folded into Overige.
    assert len(PartnerType) == len(ddas_enum("EnumSignaalpartner")) + 1
    assert PartnerType.BAILIFF.ddas == "Overige"


def test_contact_kinds_are_the_ddas_contact_kinds() -> None:
    assert sorted({member.ddas for member in ContactKind}) == sorted(ddas_enum("EnumContactsoort"))
    assert len(ContactKind) == len(ddas_enum("EnumContactsoort")) + 1
    assert ContactKind.WHATSAPP_CALL.ddas == "Telefoon"


def test_day_parts_are_the_ddas_day_parts_in_order() -> None:
    assert [str(member.label) for member in DayPart] == ddas_enum("EnumDagdeel")


def test_outcomes_are_the_ddas_end_results() -> None:
    assert sorted(member.ddas for member in Outcome) == sorted(ddas_enum("EnumEindresultaat"))


def test_signal_statuses_are_the_ddas_signal_statuses() -> None:
    assert sorted(member.ddas for member in SignalStatus) == sorted(ddas_enum("EnumSignaalstatus"))


def test_genders_are_the_ddas_genders() -> None:
    assert sorted(str(member.label) for member in Gender) == sorted(ddas_enum("geslacht"))


@pytest.mark.parametrize(
    "enum",
    [PartnerType, ContactKind, Outcome, SignalStatus],
    ids=lambda enum: enum.__name__,
)
def test_ddas_strings_are_the_labels_except_documented_exceptions(enum: Any) -> None:
    exceptions = {PartnerType.BAILIFF, ContactKind.WHATSAPP_CALL}
    for member in enum:
        if member not in exceptions:
            assert member.ddas == str(member.label), member


def test_every_not_picked_up_outcome_is_also_a_signal_status() -> None:
    """Declining a case sets its signals to the same DDAS status, so the labels must exist there."""
    signal_statuses = {member.ddas for member in SignalStatus}

    assert {outcome.ddas for outcome in NOT_PICKED_UP_OUTCOMES} <= signal_statuses
    assert all(outcome.is_not_picked_up for outcome in NOT_PICKED_UP_OUTCOMES)


def test_outcome_groups_are_consistent() -> None:
    assert HELP_ACCEPTED_OUTCOMES <= REACHED_OUTCOMES
    assert not REACHED_OUTCOMES & NOT_PICKED_UP_OUTCOMES
    assert all(outcome.is_reached for outcome in HELP_ACCEPTED_OUTCOMES)
    assert not Outcome.NO_CONTACT.is_reached
    assert not Outcome.NO_CONTACT.is_help_accepted
    assert {o for o in Outcome if o.ddas.startswith("Niet opgepakt")} <= NOT_PICKED_UP_OUTCOMES


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.time(0, 0), DayPart.MORNING),
        (dt.time(11, 59, 59), DayPart.MORNING),
        (dt.time(11, 59), DayPart.MORNING),
        (dt.time(12, 0), DayPart.AFTERNOON),
        (dt.time(17, 59), DayPart.AFTERNOON),
        (dt.time(17, 59, 59), DayPart.AFTERNOON),
        (dt.time(18, 0), DayPart.EVENING),
        (dt.time(23, 59), DayPart.EVENING),
    ],
    ids=str,
)
def test_day_part_boundaries(moment: dt.time, expected: DayPart) -> None:
    assert DayPart.of(moment) is expected


@given(moment=st.times())
def test_day_part_of_every_moment(moment: dt.time) -> None:
    minutes = moment.hour * 60 + moment.minute
    expected = (
        DayPart.MORNING if minutes < 12 * 60 else DayPart.AFTERNOON if minutes < 18 * 60 else DayPart.EVENING
    )

    assert DayPart.of(moment) is expected
