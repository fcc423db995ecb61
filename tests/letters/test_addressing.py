"""The address block follows NEN 5825, line by line."""

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.letters.addressing import (
    MAX_LINES,
    address_block,
    addressee_name,
    format_postcode,
    house_number_text,
    salutation,
)


def block(**overrides: object) -> list[str]:
    fields: dict[str, object] = {
        "addressees": ["J. de Vries"],
        "street": "Dorpsstraat",
        "house_number": 12,
        "postcode": "1234AB",
        "city": "Leiden",
    }
    fields.update(overrides)
    return address_block(**fields)  # type: ignore[arg-type]


def test_the_addressee_comes_first_then_the_street_then_postcode_and_town() -> None:
    assert block() == ["J. de Vries", "Dorpsstraat 12", "1234 AB  LEIDEN"]


def test_the_postcode_has_one_space_and_two_spaces_before_the_town_in_capitals() -> None:
    assert block(postcode="1234ab", city="'s-Gravenhage")[-1] == "1234 AB  'S-GRAVENHAGE"
    assert block(postcode=" 1234  ab ")[-1] == "1234 AB  LEIDEN"


@pytest.mark.parametrize(
    ("letter", "addition", "expected"),
    [
        ("A", "", "Dorpsstraat 12 A"),
        ("a", "", "Dorpsstraat 12 A"),
        ("", "bis", "Dorpsstraat 12-bis"),
        ("", "2", "Dorpsstraat 12-2"),
        ("B", "3", "Dorpsstraat 12 B-3"),
    ],
)
def test_house_letter_follows_a_space_and_the_addition_a_hyphen(
    letter: str, addition: str, expected: str
) -> None:
    assert block(house_letter=letter, house_number_addition=addition)[1] == expected


def test_no_empty_lines_and_no_repeated_names() -> None:
    assert block(addressees=["", "  ", "J. de Vries", "J. de Vries"]) == [
        "J. de Vries",
        "Dorpsstraat 12",
        "1234 AB  LEIDEN",
    ]


def test_no_punctuation_at_the_end_of_a_line() -> None:
    lines = block(addressees=["J. de Vries Jr.", "P. Jansen,"], street="Dorpsstraat.")
    assert lines == ["J. de Vries Jr", "P. Jansen", "Dorpsstraat 12", "1234 AB  LEIDEN"]


def test_at_most_six_lines_keeping_street_and_postcode() -> None:
    lines = block(addressees=[f"Persoon {number}" for number in range(10)])
    assert len(lines) == MAX_LINES
    assert lines[-2:] == ["Dorpsstraat 12", "1234 AB  LEIDEN"]


def test_whitespace_inside_a_line_is_one_space() -> None:
    assert block(street="Lange   Nieuwstraat")[1] == "Lange Nieuwstraat 12"


def test_something_that_is_not_a_postcode_is_refused() -> None:
    with pytest.raises(ValueError, match="geen Nederlandse postcode"):
        format_postcode("0123AB")


def test_names_and_salutations() -> None:
    assert addressee_name(initials="J.P.", first_names="Jan Piet", surname_prefix="de", surname="Vries") == (
        "J.P. de Vries"
    )
    assert salutation(first_names="Jan Piet", surname_prefix="de", surname="Vries") == "Beste Jan de Vries"
    assert (
        salutation(first_names="", surname_prefix="de", surname="Vries") == "Beste heer of mevrouw De Vries"
    )
    assert salutation(first_names="", surname_prefix="", surname="") == "Beste bewoner"
    assert house_number_text(7) == "7"


postcodes = st.builds(
    lambda digits, letters, spaces: f"{digits}{' ' * spaces}{letters}",
    st.integers(1000, 9999).map(str),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", min_size=2, max_size=2),
    st.integers(0, 2),
)
free_text = st.text(max_size=40)


addresses = st.fixed_dictionaries(
    {
        "addressees": st.lists(free_text, max_size=10),
        "street": free_text,
        "house_number": st.integers(1, 99999),
        "house_letter": st.sampled_from(["", "A", "b"]),
        "house_number_addition": st.text(alphabet="abcdefghij0123456789", max_size=4),
        "postcode": postcodes,
        "city": free_text,
    }
)


@given(address=addresses)
def test_any_address_gives_at_most_six_clean_lines_and_a_proper_postcode(address: dict[str, Any]) -> None:
    lines = address_block(**address)
    assert 2 <= len(lines) <= MAX_LINES
    assert all(line.strip() == line and line for line in lines)
    assert not any(line[-1] in ".,;:!?-–" for line in lines)
    assert re.fullmatch(r"[1-9]\d{3} [A-Z]{2}(  \S.*)?", lines[-1])
    assert "\n" not in "".join(lines)
