"""The address: house number with letter and addition, postcode, street and city, the address key."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.util import _char_map

from eropaf.intake.normalise import address_key, normalise_postcode
from eropaf.intake.validation import addresses
from tests.intake.validation.rows import codes, each, one, only_error

HOUSE_NUMBERS = {
    "12": (12, "", ""),
    "7": (7, "", ""),
    "012": (12, "", ""),
    "12.0": (12, "", ""),
    "99999": (99999, "", ""),
    "12a": (12, "A", ""),
    "12A": (12, "A", ""),
    "12 A": (12, "A", ""),
    "12 a": (12, "A", ""),
    "12-2": (12, "", "2"),
    "12 - 2": (12, "", "2"),
    "12/2": (12, "", "2"),
    "12a-2": (12, "A", "2"),
    "12 A-2": (12, "A", "2"),
    "12a/2": (12, "A", "2"),
    "12 bis": (12, "", "BIS"),
    "12-II": (12, "", "II"),
    "12 A 3": (12, "A", "3"),
    "12  A\t3": (12, "A", "3"),
    "12hs": (12, "", "HS"),
    "12-hg": (12, "", "HG"),
    "12 rood": (12, "", "ROOD"),
    "12A3": (12, "", "A3"),
    "12-a": (12, "", "A"),
}


def test_combined_house_numbers_are_split_into_number_letter_and_addition() -> None:
    results = each("huisnummer", list(HOUSE_NUMBERS))

    assert {
        value: (result["house_number"], result["house_letter"], result["house_number_addition"])
        for value, result in zip(HOUSE_NUMBERS, results, strict=True)
    } == HOUSE_NUMBERS
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize(
    "value", ["twaalf", "a12", "12--2", "12 bis-2", "12 A B C", "12,5", "-12", "12 #2", "½"]
)
def test_what_is_no_house_number_is_refused(value: str) -> None:
    assert only_error(one(huisnummer=value)) == {
        "field": "huisnummer",
        "code": "invalid",
        "message": (
            f'huisnummer "{value}" is geen geldig huisnummer (verwacht een getal, eventueel '
            "met huisletter of "
            "toevoeging, bijv. 12, 12a, 12-2 of 12 bis)"
        ),
    }


@pytest.mark.parametrize("value", ["0", "000", "100000", "123456789012345678901234567890"])
def test_a_house_number_is_from_1_to_99999(value: str) -> None:
    assert only_error(one(huisnummer=value)) == {
        "field": "huisnummer",
        "code": "out_of_range",
        "message": (
            f'huisnummer "{value}" valt buiten het bereik (verwacht een huisnummer van 1 tot en met 99999)'
        ),
    }


def test_an_addition_in_the_house_number_has_at_most_four_characters() -> None:
    assert one(huisnummer="12-abcd")["house_number_addition"] == "ABCD"
    assert only_error(one(huisnummer="12-abcde")) == {
        "field": "huisnummer",
        "code": "too_long",
        "message": (
            'huisnummer "12-abcde" heeft een te lange toevoeging (verwacht hoogstens 4 letters of cijfers, '
            "bijv. 12-2 of 12 bis)"
        ),
    }


def test_the_house_number_is_required() -> None:
    assert codes(one(huisnummer="")) == [("huisnummer", "required")]


def test_letter_and_addition_in_their_own_columns() -> None:
    result = one(huisnummer="12", huisletter=" b ", huisnummertoevoeging="hs")

    assert (result["house_number"], result["house_letter"], result["house_number_addition"]) == (
        12,
        "B",
        "HS",
    )
    assert result["address_key"] == "1234AB|12|B|HS"


@pytest.mark.parametrize(
    ("value", "expected"), [("-2", "2"), ("/2", "2"), (" 2hg ", "2HG"), ("-", ""), ("1a2b", "1A2B")]
)
def test_an_addition_column_may_start_with_a_separator(value: str, expected: str) -> None:
    result = one(huisnummertoevoeging=value)

    assert result["errors"] == []
    assert result["house_number_addition"] == expected


def test_the_same_letter_or_addition_in_both_places_is_no_conflict() -> None:
    result = one(huisnummer="12a-2", huisletter="A", huisnummertoevoeging="2")

    assert result["errors"] == []
    assert result["address_key"] == "1234AB|12|A|2"


def test_different_letters_in_the_house_number_and_the_letter_column_conflict() -> None:
    assert only_error(one(huisnummer="12a", huisletter="b")) == {
        "field": "huisletter",
        "code": "conflict",
        "message": (
            'huisletter "b" spreekt huisnummer "12a" tegen (verwacht dit op één plek, of op '
            "beide plekken hetzelfde)"
        ),
    }


def test_different_additions_in_the_house_number_and_the_addition_column_conflict() -> None:
    assert only_error(one(huisnummer="12-2", huisnummertoevoeging="3")) == {
        "field": "huisnummertoevoeging",
        "code": "conflict",
        "message": (
            'huisnummertoevoeging "3" spreekt huisnummer "12-2" tegen '
            "(verwacht dit op één plek, of op beide plekken hetzelfde)"
        ),
    }


def test_letter_and_addition_from_different_places_combine() -> None:
    result = one(huisnummer="12-2", huisletter="a")

    assert result["errors"] == []
    assert (result["house_letter"], result["house_number_addition"]) == ("A", "2")


@pytest.mark.parametrize("value", ["AB", "1", "ä", "-"])
def test_a_house_letter_is_one_letter(value: str) -> None:
    assert only_error(one(huisletter=value)) == {
        "field": "huisletter",
        "code": "invalid",
        "message": f'huisletter "{value}" is geen geldige huisletter (verwacht één letter, bijv. A)',
    }


@pytest.mark.parametrize("value", ["2 hg", "2-b", "#1", "é"])
def test_an_addition_is_letters_and_digits(value: str) -> None:
    assert only_error(one(huisnummertoevoeging=value)) == {
        "field": "huisnummertoevoeging",
        "code": "invalid",
        "message": (
            f'huisnummertoevoeging "{value}" is geen geldige toevoeging '
            "(verwacht 1 tot 4 letters of cijfers, bijv. 2 of HS)"
        ),
    }


def test_an_addition_column_has_at_most_four_characters() -> None:
    assert only_error(one(huisnummertoevoeging="12345")) == {
        "field": "huisnummertoevoeging",
        "code": "too_long",
        "message": 'huisnummertoevoeging "12345" is te lang (verwacht hoogstens 4 tekens)',
    }


POSTCODES = {
    "1234AB": "1234AB",
    "1234 AB": "1234AB",
    "1234 ab": "1234AB",
    "1234ab": "1234AB",
    " 3311 ab ": "3311AB",
    "9999ZZ": "9999ZZ",
    "1000 aa": "1000AA",
    "NL-1234 AB": "1234AB",
    "1234-AB": "1234AB",
    "1234\u00a0AB": "1234AB",
}


def test_postcodes_are_stored_in_one_form_with_their_four_digits_for_routing() -> None:
    results = each("postcode", list(POSTCODES))

    assert {
        value: (result["postcode"], result["pc4"]) for value, result in zip(POSTCODES, results, strict=True)
    } == {value: (postcode, postcode[:4]) for value, postcode in POSTCODES.items()}
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize(
    "value", ["1234", "123AB", "12345AB", "0123AB", "1234 A", "1234ABC", "ABCD12", "1234 A 1"]
)
def test_what_is_no_postcode_is_refused_with_the_formats_example(value: str) -> None:
    assert only_error(one(postcode=value)) == {
        "field": "postcode",
        "code": "invalid",
        "message": (
            f'postcode "{value}" is geen geldige postcode (verwacht 4 cijfers en 2 letters, bijv. 1234 AB)'
        ),
    }


@pytest.mark.parametrize("value", ["1234 SA", "1234sd", "1234SS"])
def test_postcodes_with_unused_letters_are_refused(value: str) -> None:
    assert only_error(one(postcode=value)) == {
        "field": "postcode",
        "code": "invalid",
        "message": (
            f'postcode "{value}" is geen geldige postcode (de lettercombinaties SA, SD en SS komen niet voor)'
        ),
    }


def test_the_postcode_is_required() -> None:
    assert codes(one(postcode=" ")) == [("postcode", "required")]


def test_the_characters_dropped_from_postcodes_are_those_of_stdnum() -> None:
    # stdnum maps these to a space or a dash and then drops them, or maps them to an ASCII digit.
    dropped = {char for char, ascii_char in _char_map.items() if ascii_char in " -"} | {" ", "-"}
    digits = {char: ascii_char for char, ascii_char in _char_map.items() if ascii_char.isdigit()}

    assert set(addresses._POSTCODE_DROPPED) == dropped
    assert {
        char: ascii_char for char, ascii_char in addresses._POSTCODE_REPLACEMENTS.items() if ascii_char
    } == digits
    assert (
        "".join(char for char in map(chr, range(0x110000)) if char.isspace()) == addresses._PYTHON_WHITESPACE
    )


postcode_like = st.one_of(
    st.text(max_size=12),
    st.from_regex(r"\A\s*(NL)?[\s-]*[0-9]{4}[\s\-\u00a0]*[A-Za-z]{2}\s*\Z"),
    st.builds(
        lambda digits, letters, between: f"{digits}{between}{letters}",
        st.text(alphabet="0123456789１２３４", min_size=4, max_size=4),
        st.text(alphabet="ABSDabsdzZıſß", min_size=1, max_size=3),
        st.text(alphabet=" -\u00a0\u2013\t\x1c", max_size=2),
    ),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(postcode_like, min_size=1, max_size=25))
def test_postcodes_agree_with_normalise_postcode_for_every_input(values: list[str]) -> None:
    results = each("postcode", values)

    for value, result in zip(values, results, strict=True):
        try:
            expected = normalise_postcode(value)
        except ValueError:
            assert [error["field"] for error in result["errors"]] == ["postcode"], value
        else:
            assert result["errors"] == [], value
            assert (result["postcode"], result["pc4"]) == (expected, expected[:4])


@settings(max_examples=30, deadline=None)
@given(
    number=st.integers(min_value=1, max_value=99_999),
    letter=st.sampled_from(["", "a", "Z"]),
    addition=st.sampled_from(["", "2", "bis", "Hg", "III"]),
    postcode=st.sampled_from(["1234 ab", "3311AB", "9999 zz"]),
)
def test_the_address_key_is_that_of_normalise(number: int, letter: str, addition: str, postcode: str) -> None:
    combined = f"{number}{letter}{'-' if addition else ''}{addition}"

    result = one(huisnummer=combined, postcode=postcode)

    assert result["errors"] == []
    assert result["address_key"] == address_key(
        postcode=normalise_postcode(postcode), house_number=number, house_letter=letter, addition=addition
    )


def test_street_and_city_are_text() -> None:
    result = one(straat=" Lange  Voorhout ", woonplaats="Den\tHaag")

    assert (result["street"], result["city"]) == ("Lange Voorhout", "Den Haag")
