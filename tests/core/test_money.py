"""Amounts are whole cents; people read them in Dutch notation (pure logic)."""

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.core.money import cents_to_euros, format_euros

DUTCH_AMOUNT = re.compile(r"^-?€ (0|[1-9]\d{0,2}(\.\d{3})*),\d{2}$")
cents = st.integers(min_value=-(10**15), max_value=10**15)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "€ 0,00"),
        (5, "€ 0,05"),
        (99, "€ 0,99"),
        (100, "€ 1,00"),
        (64_000, "€ 640,00"),
        (123_456, "€ 1.234,56"),
        (100_000_000, "€ 1.000.000,00"),
        (-123_456, "-€ 1.234,56"),
        (-5, "-€ 0,05"),
    ],
    ids=str,
)
def test_format_euros_uses_dutch_notation(amount: int, expected: str) -> None:
    assert format_euros(amount) == expected


def test_format_euros_of_nothing_is_empty() -> None:
    assert format_euros(None) == ""


@given(amount=cents)
def test_format_euros_can_be_read_back(amount: int) -> None:
    text = format_euros(amount)

    assert DUTCH_AMOUNT.match(text), text
    digits = text.replace("€ ", "").replace(".", "").replace(",", "")
    assert int(digits) == amount


@given(amount=cents)
def test_cents_to_euros_is_exact(amount: int) -> None:
    euros = cents_to_euros(amount)

    assert isinstance(euros, Decimal)
    assert euros * 100 == amount
    assert euros.as_tuple().exponent == -2


def test_cents_to_euros_example() -> None:
    assert cents_to_euros(123_456) == Decimal("1234.56")
    assert str(cents_to_euros(5)) == "0.05"
