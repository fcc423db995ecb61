"""Matching periods are calendar months stored as their first day (pure logic)."""

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.core.periods import format_period, months_back, parse_period, period_of, shift_months

periods = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)).map(period_of)
shifts = st.integers(min_value=-600, max_value=600)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 3, 1), dt.date(2025, 3, 1)),
        (dt.date(2025, 3, 31), dt.date(2025, 3, 1)),
        (dt.date(2024, 2, 29), dt.date(2024, 2, 1)),
        (dt.date(2025, 12, 31), dt.date(2025, 12, 1)),
    ],
    ids=str,
)
def test_period_of_is_the_first_day_of_the_month(day: dt.date, expected: dt.date) -> None:
    assert period_of(day) == expected


@pytest.mark.parametrize(
    ("period", "months", "expected"),
    [
        (dt.date(2025, 1, 1), -1, dt.date(2024, 12, 1)),
        (dt.date(2024, 12, 1), 1, dt.date(2025, 1, 1)),
        (dt.date(2025, 3, 1), 0, dt.date(2025, 3, 1)),
        (dt.date(2025, 3, 1), -15, dt.date(2023, 12, 1)),
        (dt.date(2025, 3, 1), 22, dt.date(2027, 1, 1)),
    ],
    ids=str,
)
def test_shift_months_crosses_years(period: dt.date, months: int, expected: dt.date) -> None:
    assert shift_months(period, months) == expected


@given(period=periods, months=shifts)
def test_shift_months_is_reversible_and_lands_on_a_first_day(period: dt.date, months: int) -> None:
    shifted = shift_months(period, months)

    assert shifted.day == 1
    assert shift_months(shifted, -months) == period
    assert (shifted.year - period.year) * 12 + shifted.month - period.month == months


@given(period=periods, count=st.integers(min_value=1, max_value=36))
def test_months_back_ends_with_the_period_and_is_consecutive(period: dt.date, count: int) -> None:
    result = months_back(period, count)

    assert len(result) == count
    assert result[-1] == period
    assert result == sorted(result)
    assert all(shift_months(a, 1) == b for a, b in itertools.pairwise(result))


def test_months_back_of_a_quarter() -> None:
    assert months_back(dt.date(2025, 2, 1), 3) == [
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
    ]


@given(period=periods.filter(lambda p: p.year >= 1000))
def test_format_and_parse_round_trip(period: dt.date) -> None:
    text = format_period(period)

    assert len(text) == 7
    assert parse_period(text) == period


def test_format_period_pads() -> None:
    assert format_period(dt.date(2025, 3, 1)) == "2025-03"


def test_parse_period_ignores_surrounding_spaces() -> None:
    assert parse_period(" 2025-03\n") == dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    "text", ["", "2025", "2025-13", "2025-00", "25-03", "2025/03", "maart 2025", "abcd-01"]
)
def test_parse_period_refuses_what_is_no_period(text: str) -> None:
    with pytest.raises(ValueError, match="geen periode in de vorm JJJJ-MM"):
        parse_period(text)


@given(text=st.text(max_size=12))
def test_parse_period_only_ever_raises_value_error(text: str) -> None:
    try:
        result = parse_period(text)
    except ValueError:
        return
    assert result.day == 1
