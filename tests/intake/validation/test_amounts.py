"""Amounts to exact cents, and the whole number of months in arrears."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.intake.validation.rows import codes, each, one, only_error

NOTATIONS = {
    "1234,56": 123456,
    "1234.56": 123456,
    "1.234,56": 123456,
    "€ 1.234,56": 123456,
    "€1.234,56": 123456,
    "1,234.56": 123456,
    "€1234": 123400,
    "1234": 123400,
    "1234,5": 123450,
    "1234.5": 123450,
    "EUR 12,50": 1250,
    "eur 12,50": 1250,
    "12,50 EUR": 1250,
    "12,50 €": 1250,
    "12 euro": 1200,
    "€\u00a01.234,56": 123456,
    "1\u00a0234,56": 123456,
    "1 234,56": 123456,
    "1\u202f234,56": 123456,
    "1.234": 123400,
    "1,234": 123400,
    "12.345.678,90": 1234567890,
    "12,345,678.90": 1234567890,
    "12,-": 1200,
    "€ 12,--": 1200,
    ",50": 50,
    "0,01": 1,
    "0.99": 99,
    "007": 700,
    "999999999,99": 99999999999,
}


def test_every_notation_gives_exact_cents() -> None:
    results = each("bedrag", list(NOTATIONS))

    assert {
        value: result["amount_cents"] for value, result in zip(NOTATIONS, results, strict=True)
    } == NOTATIONS
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize(
    "value",
    [
        "12a",
        "twaalf",
        "1.234.56",
        "1,234,56",
        "1.234,567",
        "1,234.5.6",
        "12.34,56",
        "1.23.456",
        "12,",
        "12.",
        "1 23",
        "+12",
        "12-",
        "€",
        "$ 12",
        "1e3",
        "0.500",
    ],
)
def test_other_notations_are_refused(value: str) -> None:
    error = only_error(one(bedrag=value))

    assert error["code"] == "invalid"
    assert error["message"] in {
        f'bedrag "{value}" is geen geldig bedrag (verwacht een bedrag in euro\'s, bijv. 1234,56 of 1.234,56)',
        f'bedrag "{value}" heeft meer dan 2 decimalen (verwacht euro\'s en centen, bijv. 1234,56)',
    }


@pytest.mark.parametrize("value", ["1234,567", "12.3456", "0,123", "0.500"])
def test_more_than_two_decimals_are_named_as_such(value: str) -> None:
    assert only_error(one(bedrag=value)) == {
        "field": "bedrag",
        "code": "invalid",
        "message": f'bedrag "{value}" heeft meer dan 2 decimalen (verwacht euro\'s en centen, bijv. 1234,56)',
    }


@pytest.mark.parametrize("value", ["0", "0,00", "-12,50", "€ -12,50", "- € 12,50", "−5"])
def test_the_arrear_must_be_more_than_nothing(value: str) -> None:
    assert only_error(one(bedrag=value)) == {
        "field": "bedrag",
        "code": "not_positive",
        "message": (
            f'bedrag "{value}" moet groter zijn dan 0 (verwacht een positief bedrag in '
            "euro's, bijv. 1234,56)"
        ),
    }


def test_an_absurdly_large_amount_is_refused() -> None:
    assert only_error(one(bedrag="1.000.000.000")) == {
        "field": "bedrag",
        "code": "too_large",
        "message": 'bedrag "1.000.000.000" is te groot (verwacht een bedrag onder 1.000.000.000 euro)',
    }
    assert codes(one(bedrag="9" * 40)) == [("bedrag", "too_large")]


def test_the_amount_is_required() -> None:
    assert only_error(one(bedrag="")) == {
        "field": "bedrag",
        "code": "required",
        "message": "bedrag ontbreekt (verplicht veld)",
    }


def test_the_instalment_is_an_optional_amount() -> None:
    results = each("termijnbedrag", [None, "750,00", "1.050,25", "0", "abc"])

    assert [result["instalment_cents"] for result in results[:3]] == [None, 75000, 105025]
    assert [codes(result) for result in results] == [
        [],
        [],
        [],
        [("termijnbedrag", "not_positive")],
        [("termijnbedrag", "invalid")],
    ]


@settings(max_examples=40, deadline=None)
@given(cents=st.lists(st.integers(min_value=1, max_value=99_999_999_999), min_size=1, max_size=10))
def test_any_amount_reads_back_exactly_in_every_notation(cents: list[int]) -> None:
    def notations(amount: int) -> list[str]:
        euros, rest = divmod(amount, 100)
        grouped = f"{euros:,}"
        return [
            f"{euros},{rest:02d}",
            f"{euros}.{rest:02d}",
            f"{grouped.replace(',', '.')},{rest:02d}",
            f"{grouped}.{rest:02d}",
            f"€ {grouped.replace(',', '.')},{rest:02d}",
            f"EUR\u00a0{euros},{rest:02d}",
            f"{grouped.replace(',', ' ')},{rest:02d}",
        ]

    values = [value for amount in cents for value in notations(amount)]

    results = each("bedrag", values)

    assert [result["amount_cents"] for result in results] == [amount for amount in cents for _ in range(7)]
    assert all(result["errors"] == [] for result in results)


@settings(max_examples=25, deadline=None)
@given(euros=st.lists(st.integers(min_value=1, max_value=999_999_999), min_size=1, max_size=10))
def test_whole_euros_read_back_with_or_without_grouping(euros: list[int]) -> None:
    values = [
        value for amount in euros for value in (str(amount), f"{amount:,}".replace(",", "."), f"{amount},-")
    ]

    results = each("bedrag", values)

    assert [result["amount_cents"] for result in results] == [
        amount * 100 for amount in euros for _ in range(3)
    ]


MONTHS = {"0": 0, "3": 3, " 12 ": 12, "3.0": 3, "3,0": 3, "007": 7, "1200": 1200}


def test_months_in_arrears_is_a_whole_number() -> None:
    results = each("maandenAchterstand", [*MONTHS, None])

    assert [result["months_in_arrears"] for result in results] == [*MONTHS.values(), None]
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        (
            "3,5",
            "invalid",
            'maandenAchterstand "3,5" is geen geheel getal (verwacht een geheel aantal, bijv. 3)',
        ),
        (
            "drie",
            "invalid",
            'maandenAchterstand "drie" is geen geheel getal (verwacht een geheel aantal, bijv. 3)',
        ),
        ("-1", "negative", 'maandenAchterstand "-1" is negatief (verwacht 0 of meer)'),
        ("1201", "too_large", 'maandenAchterstand "1201" is te groot (verwacht hoogstens 1200)'),
        ("9" * 30, "too_large", f'maandenAchterstand "{"9" * 30}" is te groot (verwacht hoogstens 1200)'),
    ],
)
def test_months_in_arrears_that_are_no_count(value: str, code: str, message: str) -> None:
    assert only_error(one(maandenAchterstand=value)) == {
        "field": "maandenAchterstand",
        "code": code,
        "message": message,
    }
