"""Contact details: phone numbers to E.164, e-mail addresses, the customer number."""

import pytest

from tests.intake.validation.rows import each, one, only_error

PHONES = {
    "06-12345678": "+31612345678",
    "06 1234 5678": "+31612345678",
    "06 12 34 56 78": "+31612345678",
    "0612345678": "+31612345678",
    "06.12.34.56.78": "+31612345678",
    "(06) 12345678": "+31612345678",
    "(010) 123 45 67": "+31101234567",
    "010-1234567": "+31101234567",
    "020 - 123 45 67": "+31201234567",
    "0031612345678": "+31612345678",
    "0031 6 12345678": "+31612345678",
    "+31 6 12345678": "+31612345678",
    "+31612345678": "+31612345678",
    "+31 (0)6 12345678": "+31612345678",
    "+31(0)20-1234567": "+31201234567",
    "+31 06 12345678": "+31612345678",
    "612345678": "+31612345678",
    "+32 2 123 45 67": "+3221234567",
    "0032 2 123 45 67": "+3221234567",
    "+49 30 1234567": "+49301234567",
    "+1 (212) 555-0123": "+12125550123",
    "+44 20 7946 0958": "+442079460958",
}


def test_phone_numbers_in_any_common_notation_become_e164() -> None:
    results = each("telefoon", list(PHONES))

    assert {value: result["phone"] for value, result in zip(PHONES, results, strict=True)} == PHONES
    assert all(result["errors"] == [] for result in results)


def test_no_phone_number_is_empty() -> None:
    assert [result["phone"] for result in each("telefoon", [None, "", " "])] == ["", "", ""]


@pytest.mark.parametrize("value", ["bel me", "06-1234567a", "06 12345678 (werk)", "+", "06+12345678"])
def test_what_is_no_phone_number_is_refused(value: str) -> None:
    assert only_error(one(telefoon=value)) == {
        "field": "telefoon",
        "code": "invalid",
        "message": (
            f'telefoon "{value}" is geen telefoonnummer '
            "(verwacht alleen cijfers, bijv. 06-12345678 of 010-1234567, of +32 2 123 45 67)"
        ),
    }


@pytest.mark.parametrize("value", ["12345", "1234567890"])
def test_a_number_without_a_trunk_or_country_prefix_is_refused(value: str) -> None:
    assert only_error(one(telefoon=value)) == {
        "field": "telefoon",
        "code": "invalid",
        "message": (
            f'telefoon "{value}" is geen volledig telefoonnummer (verwacht een Nederlands '
            "nummer met netnummer, "
            "bijv. 06-12345678 of 010-1234567, of een buitenlands nummer met + of 00 ervoor)"
        ),
    }


@pytest.mark.parametrize("value", ["06-1234567", "06-123456789", "0612", "+31 6 1234567", "0031 0 12345678"])
def test_a_dutch_number_has_ten_digits(value: str) -> None:
    assert only_error(one(telefoon=value)) == {
        "field": "telefoon",
        "code": "invalid",
        "message": (
            f'telefoon "{value}" is geen geldig Nederlands telefoonnummer '
            "(verwacht 10 cijfers, bijv. 06-12345678 of 010-1234567)"
        ),
    }


@pytest.mark.parametrize("value", ["+32 123", "+1 234 567 890 123 456", "+0 12345678", "0049 30 12"])
def test_a_foreign_number_has_eight_to_fifteen_digits(value: str) -> None:
    assert only_error(one(telefoon=value)) == {
        "field": "telefoon",
        "code": "invalid",
        "message": (
            f'telefoon "{value}" is geen geldig buitenlands telefoonnummer '
            "(verwacht landnummer en nummer samen 8 tot 15 cijfers, bijv. +32 2 123 45 67)"
        ),
    }


def test_e_mail_addresses_are_trimmed_and_lower_case() -> None:
    results = each("email", [" Jan.Jansen@Example.NL ", "a+b@sub.example.com", None])

    assert [result["email"] for result in results] == ["jan.jansen@example.nl", "a+b@sub.example.com", ""]
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize(
    "value",
    [
        "jan",
        "jan@",
        "@example.nl",
        "jan@example",
        "jan jansen@example.nl",
        "a@b@example.nl",
        "jan@.nl",
        "jan@x..nl",
    ],
)
def test_what_is_no_e_mail_address_is_refused(value: str) -> None:
    assert only_error(one(email=value)) == {
        "field": "email",
        "code": "invalid",
        "message": f'email "{value}" is geen geldig e-mailadres (verwacht bijv. naam@voorbeeld.nl)',
    }


def test_an_e_mail_address_has_at_most_254_characters() -> None:
    address = "a" * 245 + "@example.nl"

    assert only_error(one(email=address)) == {
        "field": "email",
        "code": "too_long",
        "message": f'email "{address[:39]}…" is te lang (verwacht een e-mailadres van hoogstens 254 tekens)',
    }


def test_the_customer_number_is_text() -> None:
    assert one(klantnummer="  K 42 ")["customer_number"] == "K 42"
