"""Normalising postcodes and building household address keys (pure logic)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.intake.normalise import address_key, normalise_postcode

NORMALISED = r"^[1-9]\d{3}[A-Z]{2}$"
FORBIDDEN_LETTERS = {"SA", "SD", "SS"}

valid_digits = st.from_regex(r"\A[1-9][0-9]{3}\Z")
valid_letters = st.from_regex(r"\A[A-Z]{2}\Z").filter(lambda letters: letters not in FORBIDDEN_LETTERS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234AB", "1234AB"),
        ("1234 AB", "1234AB"),
        ("1234 ab", "1234AB"),
        ("1234ab", "1234AB"),
        (" 3311 ab ", "3311AB"),
        ("9999ZZ", "9999ZZ"),
    ],
)
def test_normalise_postcode(raw: str, expected: str) -> None:
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "1234", "123AB", "12345AB", "0123AB", "1234A", "1234ABC", "ABCD12", "1234 SA", "1234sd", "1234SS"],
)
def test_normalise_postcode_refuses_what_is_no_postcode_in_dutch(raw: str) -> None:
    with pytest.raises(ValueError, match="geen geldige postcode") as raised:
        normalise_postcode(raw)

    message = str(raised.value)
    assert f'postcode "{raw}"' in message
    assert "verwacht 4 cijfers en 2 letters" in message
    assert "1234 AB" in message


@given(
    digits=valid_digits, letters=valid_letters, spaces=st.sampled_from(["", " ", "  "]), lower=st.booleans()
)
def test_every_valid_postcode_normalises_to_one_form(
    digits: str, letters: str, spaces: str, lower: bool
) -> None:
    raw = f"{digits}{spaces}{letters.lower() if lower else letters}"

    result = normalise_postcode(raw)

    assert result == f"{digits}{letters}"
    assert normalise_postcode(result) == result


@given(text=st.text(max_size=10))
def test_normalise_postcode_returns_the_normal_form_or_refuses(text: str) -> None:
    try:
        result = normalise_postcode(text)
    except ValueError:
        return
    assert len(result) == 6
    assert result[:4].isdigit()
    assert result[0] != "0"
    assert result[4:].isupper()
    assert result[4:] not in FORBIDDEN_LETTERS


def test_address_key_with_every_part() -> None:
    assert (
        address_key(postcode="1234 ab", house_number=12, house_letter="a", addition="2hg")
        == "1234AB|12|A|2HG"
    )


def test_address_key_without_letter_or_addition() -> None:
    assert address_key(postcode="3311AB", house_number=7) == "3311AB|7||"


def test_address_key_is_the_same_for_upper_and_lower_case() -> None:
    assert address_key(postcode="1234ab", house_number=12, house_letter="a") == address_key(
        postcode="1234 AB", house_number=12, house_letter="A"
    )


def test_address_key_tells_apart_letter_and_addition() -> None:
    with_letter = address_key(postcode="1234AB", house_number=12, house_letter="A")
    with_addition = address_key(postcode="1234AB", house_number=12, addition="A")
    other_number = address_key(postcode="1234AB", house_number=121)

    assert len({with_letter, with_addition, other_number}) == 3


@given(
    digits=valid_digits,
    letters=valid_letters,
    number=st.integers(min_value=1, max_value=99_999),
    letter=st.sampled_from(["", "a", "B"]),
    addition=st.sampled_from(["", "1", "bis", "Hg"]),
)
def test_address_key_fits_the_column_and_is_case_insensitive(
    digits: str, letters: str, number: int, letter: str, addition: str
) -> None:
    key = address_key(
        postcode=f"{digits}{letters}", house_number=number, house_letter=letter, addition=addition
    )

    assert len(key) <= 24  # Signal.address_key and Case.address_key are 24 characters
    assert key == key.upper()
    assert key == address_key(
        postcode=f"{digits} {letters.lower()}",
        house_number=number,
        house_letter=letter.swapcase(),
        addition=addition.swapcase(),
    )
