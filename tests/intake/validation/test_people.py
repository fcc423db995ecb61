"""The person: BSN and the elfproef, initials, surname prefix and surname, names in general."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.intake.validation.rows import each, one, only_error

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def passes_elfproef(bsn: str) -> bool:
    return (
        int(bsn) != 0
        and sum(int(digit) * weight for digit, weight in zip(bsn, WEIGHTS, strict=True)) % 11 == 0
    )


BSNS = {
    "111222333": "111222333",
    "123456782": "123456782",
    "12345672": "012345672",
    "010000008": "010000008",
    "111 222 333": "111222333",
    "111.222.333": "111222333",
    "111-222-333": "111222333",
    " 1234 56 782 ": "123456782",
}


def test_bsns_that_pass_the_elfproef_are_kept_with_nine_digits() -> None:
    results = each("bsn", list(BSNS))

    assert {value: result["bsn"] for value, result in zip(BSNS, results, strict=True)} == BSNS
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize("value", ["123456789", "987654321", "111222334", "12345678"])
def test_a_bsn_failing_the_elfproef_is_refused(value: str) -> None:
    assert only_error(one(bsn=value)) == {
        "field": "bsn",
        "code": "elfproef",
        "message": (
            f'bsn "{value}" klopt niet (voldoet niet aan de elfproef); controleer het nummer '
            "of laat het veld leeg"
        ),
    }


@pytest.mark.parametrize("value", ["12345", "1234567890", "abcdefghi", "12345678a", "+31123456782"])
def test_a_bsn_that_is_not_nine_digits_is_refused(value: str) -> None:
    assert only_error(one(bsn=value)) == {
        "field": "bsn",
        "code": "invalid",
        "message": (
            f'bsn "{value}" is geen geldig BSN (verwacht 9 cijfers; 8 cijfers mag, dan '
            "ontbreekt de voorloopnul)"
        ),
    }


@pytest.mark.parametrize("value", ["000000000", "00000000", "000.000.000"])
def test_a_bsn_of_only_zeros_is_refused(value: str) -> None:
    assert only_error(one(bsn=value)) == {
        "field": "bsn",
        "code": "invalid",
        "message": (
            f'bsn "{value}" is geen geldig BSN (alleen nullen); controleer het nummer of laat het veld leeg'
        ),
    }


@settings(max_examples=20, deadline=None)
@given(numbers=st.lists(st.integers(min_value=0, max_value=999_999_999), min_size=1, max_size=30))
def test_the_elfproef_is_the_one_of_the_bsn(numbers: list[int]) -> None:
    values = [f"{number:09d}" for number in numbers]

    results = each("bsn", values)

    assert [result["errors"] == [] for result in results] == [passes_elfproef(value) for value in values]


INITIALS = {
    "JP": "J.P.",
    "j.p.": "J.P.",
    "J. P.": "J.P.",
    "j p": "J.P.",
    "J.P": "J.P.",
    "A": "A.",
    "a.": "A.",
    "K. L. M.": "K.L.M.",
    "J.Th.": "J.Th.",
    "j.th.": "J.Th.",
    "J.TH.": "J.Th.",
    "ph.j.": "Ph.J.",
    "jp.": "J.P.",
    "Chr. A.": "Chr.A.",
    "É.": "É.",
    "A.-M.": "A.M.",
}


def test_initials_are_written_the_same_way() -> None:
    results = each("voorletters", list(INITIALS))

    assert {value: result["initials"] for value, result in zip(INITIALS, results, strict=True)} == INITIALS
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize("value", ["J5", ".", "J.P. (Jan)", "-"])
def test_initials_are_letters(value: str) -> None:
    assert only_error(one(voorletters=value)) == {
        "field": "voorletters",
        "code": "invalid",
        "message": (
            f'voorletters "{value}" zijn geen geldige voorletters (verwacht letters met punten, bijv. J.P.)'
        ),
    }


def test_initials_are_measured_as_stored() -> None:
    assert one(voorletters="ABCDEFGHIJ")["initials"] == "A.B.C.D.E.F.G.H.I.J."
    assert only_error(one(voorletters="ABCDEFGHIJK")) == {
        "field": "voorletters",
        "code": "too_long",
        "message": (
            'voorletters "ABCDEFGHIJK" zijn te lang (verwacht hoogstens 20 tekens, geschreven als J.P.)'
        ),
    }


SURNAMES = {
    "van der Berg": ("van der", "Berg"),
    "De Vries": ("de", "Vries"),
    "in 't Veld": ("in 't", "Veld"),
    "In ’t Veld": ("in 't", "Veld"),
    "van den Heuvel": ("van den", "Heuvel"),
    "ter Horst": ("ter", "Horst"),
    "'t Hart": ("'t", "Hart"),
    "Van Der Berg": ("van der", "Berg"),
    "op den Brouw": ("op den", "Brouw"),
    "van de la Rey": ("van de la", "Rey"),
    "van  der\tBerg": ("van der", "Berg"),
    "de Boer-van Dijk": ("de", "Boer-van Dijk"),
    "van Tussenbroek van Dijk": ("van", "Tussenbroek van Dijk"),
    "Jansen": ("", "Jansen"),
    "de": ("", "de"),
    "Bakker de Vries": ("", "Bakker de Vries"),
    "Devries": ("", "Devries"),
    "Vandenberg": ("", "Vandenberg"),
    "El Amrani": ("", "El Amrani"),
    "ÖZTÜRK": ("", "ÖZTÜRK"),
}


def test_a_prefix_leading_the_surname_is_split_off_when_no_prefix_is_given() -> None:
    results = each("achternaam", list(SURNAMES))

    assert {
        value: (result["surname_prefix"], result["surname"])
        for value, result in zip(SURNAMES, results, strict=True)
    } == SURNAMES
    assert all(result["errors"] == [] for result in results)


def test_a_given_prefix_is_kept_in_lower_case_and_the_surname_is_left_alone() -> None:
    results = each("achternaam", ["Berg", "de Vries"], voorvoegsel="Van Der")

    assert [(result["surname_prefix"], result["surname"]) for result in results] == [
        ("van der", "Berg"),
        ("van der", "de Vries"),
    ]


def test_names_are_trimmed_with_inner_whitespace_collapsed() -> None:
    result = one(voornamen=" Jan \t Pieter\u00a0Klaas ", achternaam="  Jansen  ")

    assert (result["first_names"], result["surname"]) == ("Jan Pieter Klaas", "Jansen")


def test_the_surname_is_required() -> None:
    assert only_error(one(achternaam=None)) == {
        "field": "achternaam",
        "code": "required",
        "message": "achternaam ontbreekt (verplicht veld)",
    }
