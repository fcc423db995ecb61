"""Dates: every accepted notation, impossible days, the future and the 1900 limit."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.intake.validation.rows import DELIVERED_ON, TODAY, codes, each, one, only_error

NOTATIONS = {
    "2026-01-05": dt.date(2026, 1, 5),
    "05-01-2026": dt.date(2026, 1, 5),
    "5-1-2026": dt.date(2026, 1, 5),
    "05/01/2026": dt.date(2026, 1, 5),
    "5/1/2026": dt.date(2026, 1, 5),
    "20260105": dt.date(2026, 1, 5),
    "2026-01-05 00:00:00": dt.date(2026, 1, 5),
    "2026-01-05 13:45:10": dt.date(2026, 1, 5),
    "2026-01-05T00:00:00": dt.date(2026, 1, 5),
    "2026-01-05T08:30": dt.date(2026, 1, 5),
    "2026-01-05 00:00:00.000": dt.date(2026, 1, 5),
    " 2026-01-05 ": dt.date(2026, 1, 5),
    "29-02-2024": dt.date(2024, 2, 29),
    "31-12-1999": dt.date(1999, 12, 31),
    "01-01-1900": dt.date(1900, 1, 1),
}


def test_every_notation_of_the_format_is_accepted() -> None:
    results = each("ontstaansdatum", list(NOTATIONS))

    assert {
        value: result["arrear_start_date"] for value, result in zip(NOTATIONS, results, strict=True)
    } == NOTATIONS
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize(
    "value",
    ["5 januari 2026", "2026/01/05", "05.01.2026", "5-1/2026", "05-01-26", "2026-1", "202601051", "gisteren"],
)
def test_other_notations_are_refused(value: str) -> None:
    error = only_error(one(ontstaansdatum=value))

    assert error == {
        "field": "ontstaansdatum",
        "code": "invalid",
        "message": (
            f'ontstaansdatum "{value}" is geen geldige datum (verwacht bijv. 2026-01-31, '
            "31-01-2026 of 31/01/2026)"
        ),
    }


@pytest.mark.parametrize(
    "value", ["31-02-2026", "29-02-2025", "2026-13-01", "00-01-2026", "2026-04-31", "20260230"]
)
def test_days_that_do_not_exist_are_refused(value: str) -> None:
    error = only_error(one(ontstaansdatum=value))

    assert error == {
        "field": "ontstaansdatum",
        "code": "invalid",
        "message": (
            f'ontstaansdatum "{value}" bestaat niet (verwacht een bestaande datum; controleer dag en maand)'
        ),
    }


def test_the_arrear_cannot_start_in_the_future() -> None:
    assert one(ontstaansdatum="15-03-2026")["errors"] == []

    error = only_error(one(ontstaansdatum="16-03-2026"))

    assert error == {
        "field": "ontstaansdatum",
        "code": "future",
        "message": (
            'ontstaansdatum "16-03-2026" ligt in de toekomst (verwacht een datum tot en met 15-03-2026)'
        ),
    }


@pytest.mark.parametrize("field", ["signaaldatum", "geboortedatum"])
def test_signal_and_birth_date_cannot_lie_in_the_future(field: str) -> None:
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()

    assert codes(one(**{field: tomorrow})) == [(field, "future")]
    assert one(**{field: TODAY.isoformat()})["errors"] == []


@pytest.mark.parametrize(
    ("field", "output"),
    [
        ("dagvaardingsdatum", "summons_date"),
        ("vonnisdatum", "judgment_date"),
        ("ontruimingsdatum", "eviction_date"),
    ],
)
def test_court_dates_may_lie_in_the_future(field: str, output: str) -> None:
    result = one(**{field: "01-09-2026"})

    assert result["errors"] == []
    assert result[output] == dt.date(2026, 9, 1)


def test_a_birth_date_before_1900_is_refused() -> None:
    error = only_error(one(geboortedatum="31-12-1899"))

    assert error == {
        "field": "geboortedatum",
        "code": "before_1900",
        "message": 'geboortedatum "31-12-1899" ligt vóór 1900 (verwacht een datum vanaf 01-01-1900)',
    }
    assert one(geboortedatum="01-01-1900")["birth_date"] == dt.date(1900, 1, 1)


@pytest.mark.parametrize("field", ["ontstaansdatum", "signaaldatum", "vonnisdatum"])
def test_no_date_lies_before_1900(field: str) -> None:
    assert codes(one(**{field: "0025-01-05"})) == [(field, "before_1900")]


def test_the_signal_date_is_the_delivery_date_when_left_out() -> None:
    results = each("signaaldatum", [None, "", "  ", "2026-03-01"])

    assert [result["signal_date"] for result in results] == [DELIVERED_ON] * 3 + [dt.date(2026, 3, 1)]


def test_an_invalid_signal_date_is_refused_not_replaced() -> None:
    assert codes(one(signaaldatum="2026-02-30")) == [("signaaldatum", "invalid")]


def test_the_arrear_start_date_is_required() -> None:
    error = only_error(one(ontstaansdatum=" "))

    assert error == {
        "field": "ontstaansdatum",
        "code": "required",
        "message": "ontstaansdatum ontbreekt (verplicht veld)",
    }


@settings(max_examples=25, deadline=None)
@given(days=st.lists(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY), min_size=1, max_size=20))
def test_any_day_reads_back_the_same_in_every_notation(days: list[dt.date]) -> None:
    notations = [
        "{:%Y-%m-%d}",
        "{:%d-%m-%Y}",
        "{:%d/%m/%Y}",
        "{:%Y%m%d}",
        "{0.day}-{0.month}-{0:%Y}",
        "{0.day}/{0.month}/{0:%Y}",
        "{:%Y-%m-%d %H:%M:%S}",
    ]
    values = [notation.format(day) for day in days for notation in notations]

    results = each("geboortedatum", values)

    assert [result["birth_date"] for result in results] == [day for day in days for _ in notations]
    assert all(result["errors"] == [] for result in results)
