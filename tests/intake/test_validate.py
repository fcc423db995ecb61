"""Validating delivery rows as a whole: shape of the result, empty input, absent columns, many errors.

The rules of each kind of field are tested in tests/intake/validation/.
"""

import datetime as dt
import re

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eropaf.intake.fields import FIELD_NAMES, FIELDS, REQUIRED_FIELD_NAMES, DeliveryField
from eropaf.intake.validate import ERROR, OUTPUT_SCHEMA, ValidationContext, validate_rows
from tests.intake.validation.rows import CONTEXT, DELIVERED_ON, VALID, codes, frame, one, validate

ERROR_CODES = {
    "required",
    "invalid",
    "too_long",
    "too_large",
    "not_positive",
    "negative",
    "out_of_range",
    "future",
    "before_1900",
    "elfproef",
    "conflict",
    "unknown_type",
}


def test_a_valid_row_becomes_a_signal_with_defaults_for_what_is_left_out() -> None:
    result = one()

    assert result == {
        "row_number": 2,
        "reference": "CTR-1",
        "signal_type": "energy",
        "arrear_start_date": dt.date(2026, 1, 5),
        "signal_date": DELIVERED_ON,
        "amount_cents": 1250,
        "instalment_cents": None,
        "months_in_arrears": None,
        "is_crisis": False,
        "is_end_of_supply": False,
        "is_warm_handover": False,
        "bsn": "",
        "initials": "",
        "first_names": "",
        "surname_prefix": "",
        "surname": "Jansen",
        "birth_date": None,
        "street": "",
        "house_number": 12,
        "house_letter": "",
        "house_number_addition": "",
        "postcode": "1234AB",
        "pc4": "1234",
        "city": "",
        "address_key": "1234AB|12||",
        "bag_address_id": "",
        "phone": "",
        "email": "",
        "customer_number": "",
        "summons_date": None,
        "judgment_date": None,
        "eviction_date": None,
        "errors": [],
    }


def test_every_field_filled_in() -> None:
    row = {
        "referentie": " HUUR-2026-001 ",
        "signaaltype": "Huur",
        "ontstaansdatum": "01-12-2025",
        "signaaldatum": "2026-03-01",
        "bedrag": "€ 1.234,56",
        "termijnbedrag": "750,00",
        "maandenAchterstand": "2",
        "crisissignaal": "ja",
        "eindelevering": "nee",
        "warmeOverdracht": "x",
        "bsn": "111222333",
        "voorletters": "jp",
        "voornamen": "Jan  Pieter",
        "voorvoegsel": "Van der",
        "achternaam": "Berg",
        "geboortedatum": "15/06/1980",
        "straat": "Lange\tVoorhout",
        "huisnummer": "12a-2",
        "huisletter": "a",
        "huisnummertoevoeging": "2",
        "postcode": "2514 ed",
        "woonplaats": "Den Haag",
        "nummeraanduidingId": "0518 2000 0051 2345",
        "telefoon": "06-12345678",
        "email": "J.P.vanderBerg@Example.NL",
        "klantnummer": "K-42",
        "dagvaardingsdatum": "2026-02-01",
        "vonnisdatum": "2026-03-01",
        "ontruimingsdatum": "2026-05-01",
    }
    assert set(row) == set(FIELD_NAMES)

    (result,) = validate([row])

    assert result == {
        "row_number": 2,
        "reference": "HUUR-2026-001",
        "signal_type": "rent",
        "arrear_start_date": dt.date(2025, 12, 1),
        "signal_date": dt.date(2026, 3, 1),
        "amount_cents": 123456,
        "instalment_cents": 75000,
        "months_in_arrears": 2,
        "is_crisis": True,
        "is_end_of_supply": False,
        "is_warm_handover": True,
        "bsn": "111222333",
        "initials": "J.P.",
        "first_names": "Jan Pieter",
        "surname_prefix": "van der",
        "surname": "Berg",
        "birth_date": dt.date(1980, 6, 15),
        "street": "Lange Voorhout",
        "house_number": 12,
        "house_letter": "A",
        "house_number_addition": "2",
        "postcode": "2514ED",
        "pc4": "2514",
        "city": "Den Haag",
        "address_key": "2514ED|12|A|2",
        "bag_address_id": "0518200000512345",
        "phone": "+31612345678",
        "email": "j.p.vanderberg@example.nl",
        "customer_number": "K-42",
        "summons_date": dt.date(2026, 2, 1),
        "judgment_date": dt.date(2026, 3, 1),
        "eviction_date": dt.date(2026, 5, 1),
        "errors": [],
    }


def test_the_result_has_the_signal_columns_and_types() -> None:
    result = validate_rows(frame([VALID]), context=CONTEXT)

    assert result.schema == OUTPUT_SCHEMA
    assert result.schema["errors"] == pl.List(ERROR)


def test_no_rows_give_no_rows_with_the_same_columns() -> None:
    empty = frame([VALID]).clear()

    result = validate_rows(empty, context=CONTEXT)

    assert result.height == 0
    assert result.schema == OUTPUT_SCHEMA


def test_absent_optional_columns_count_as_empty() -> None:
    rows = pl.DataFrame({"row_number": [7], **{name: [VALID[name]] for name in REQUIRED_FIELD_NAMES}})

    (result,) = validate_rows(rows, context=CONTEXT).to_dicts()

    assert result["errors"] == []
    assert result["row_number"] == 7
    assert result["signal_date"] == DELIVERED_ON
    assert (result["bsn"], result["phone"], result["email"], result["street"]) == ("", "", "", "")


def test_an_absent_required_column_makes_every_row_miss_that_field() -> None:
    rows = pl.DataFrame({"row_number": [2, 3], "referentie": ["A", "B"]})

    results = validate_rows(rows, context=CONTEXT).to_dicts()

    assert [codes(result) for result in results] == [
        [(name, "required") for name in REQUIRED_FIELD_NAMES if name != "referentie"]
    ] * 2


def test_columns_that_are_not_text_are_read_as_text() -> None:
    rows = frame([VALID]).with_columns(pl.lit(12).alias("huisnummer"), pl.lit(None).alias("bsn"))

    (result,) = validate_rows(rows, context=CONTEXT).to_dicts()

    assert result["house_number"] == 12
    assert result["errors"] == []


def test_empty_and_whitespace_only_values_are_empty() -> None:
    result = one(referentie="   ", achternaam="", bsn=" \t ", telefoon=None)

    assert codes(result) == [("referentie", "required"), ("achternaam", "required")]
    assert result["bsn"] == ""


def test_every_error_of_a_row_is_reported_in_the_order_of_the_format() -> None:
    result = one(
        referentie="x" * 65,
        ontstaansdatum="31-02-2026",
        bedrag="0",
        crisissignaal="misschien",
        bsn="123456789",
        achternaam="",
        huisnummer="twaalf",
        postcode="1234 A",
        email="geen e-mail",
    )

    assert codes(result) == [
        ("referentie", "too_long"),
        ("ontstaansdatum", "invalid"),
        ("bedrag", "not_positive"),
        ("crisissignaal", "invalid"),
        ("bsn", "elfproef"),
        ("achternaam", "required"),
        ("huisnummer", "invalid"),
        ("postcode", "invalid"),
        ("email", "invalid"),
    ]


def test_one_error_per_field_the_first_rule_it_breaks() -> None:
    result = one(ontstaansdatum="1899-02-31")

    assert codes(result) == [("ontstaansdatum", "invalid")]


def test_rows_keep_their_order_and_row_numbers() -> None:
    rows = frame(
        [{**VALID, "referentie": f"R{index}", "bedrag": "0" if index % 3 else "1"} for index in range(50)]
    )
    rows = rows.with_columns((pl.col("row_number") * 10).alias("row_number"))

    result = validate_rows(rows, context=CONTEXT)

    assert result["row_number"].to_list() == rows["row_number"].to_list()
    assert result["reference"].to_list() == [f"R{index}" for index in range(50)]
    assert [len(errors) for errors in result["errors"].to_list()] == [
        int(index % 3 != 0) for index in range(50)
    ]


def test_without_row_numbers_rows_are_numbered_from_one() -> None:
    rows = frame([VALID, VALID]).drop("row_number")

    assert validate_rows(rows, context=CONTEXT)["row_number"].to_list() == [1, 2]


def test_an_unknown_default_signal_type_is_a_programming_error() -> None:
    context = ValidationContext(
        today=dt.date(2026, 3, 15), default_signal_type="huur", default_signal_date=DELIVERED_ON
    )

    with pytest.raises(ValueError, match="huur"):
        validate_rows(frame([VALID]), context=context)


def test_the_default_signal_type_is_the_partners_own() -> None:
    context = ValidationContext(
        today=dt.date(2026, 3, 15), default_signal_type="water", default_signal_date=DELIVERED_ON
    )

    (result,) = validate_rows(frame([VALID]), context=context).to_dicts()

    assert result["signal_type"] == "water"


def test_long_values_are_cut_off_in_messages() -> None:
    long_reference = "R" * 100

    (error,) = one(referentie=long_reference)["errors"]

    assert error["message"] == f'referentie "{"R" * 39}…" is te lang (verwacht hoogstens 64 tekens)'


def test_messages_quote_the_value_as_given_without_surrounding_whitespace() -> None:
    (error,) = one(postcode="  1234 A  ")["errors"]

    assert error["message"] == (
        'postcode "1234 A" is geen geldige postcode (verwacht 4 cijfers en 2 letters, bijv. 1234 AB)'
    )


# Initials are measured as stored (``J.P.``) and a house letter is one letter, tested elsewhere.
LIMITED_TEXT = [
    field for field in FIELDS if field.max_length and field.name not in {"voorletters", "huisletter"}
]


@pytest.mark.parametrize("field", LIMITED_TEXT, ids=lambda field: field.name)
def test_text_longer_than_the_field_allows_is_too_long(field: DeliveryField) -> None:
    name, max_length = field.name, field.max_length
    assert max_length is not None

    result = one(**{name: "A" * (max_length + 1)})

    assert codes(result) == [(name, "too_long")]
    assert result["errors"][0]["message"].endswith(f"is te lang (verwacht hoogstens {max_length} tekens)")
    assert one(**{name: "A" * max_length})["errors"] == []


field_text = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "0", "-1", "12a", "1.234,56", "2026-01-05", "31-02-2026", "ja", "1234 AB", "€"]
    ),
)
any_row = st.fixed_dictionaries(dict.fromkeys(FIELD_NAMES, field_text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(any_row, max_size=12), first_row=st.integers(min_value=-5, max_value=10**6))
def test_any_text_in_any_column_gives_one_verdict_per_row(
    rows: list[dict[str, str | None]], first_row: int
) -> None:
    delivered = frame(rows).with_columns((pl.int_range(0, pl.len()) + first_row).alias("row_number"))

    result = validate_rows(delivered, context=CONTEXT)

    assert result.height == len(rows)
    assert result.schema == OUTPUT_SCHEMA
    assert result["row_number"].to_list() == list(range(first_row, first_row + len(rows)))
    for row in result.to_dicts():
        assert {error["code"] for error in row["errors"]} <= ERROR_CODES
        assert all(error["field"] in FIELD_NAMES and error["message"] for error in row["errors"])
        if not row["errors"]:
            assert all(row[name] is not None for name, dtype in OUTPUT_SCHEMA.items() if dtype == pl.String)
            assert row["amount_cents"] > 0
            assert len(row["postcode"]) == 6
            assert 1 <= row["house_number"] <= 99_999


def _with_check_digit(first_eight: int) -> str | None:
    digits = f"{first_eight:08d}"
    check = sum(int(digit) * weight for digit, weight in zip(digits, range(9, 1, -1), strict=True)) % 11
    return None if check > 9 or first_eight == 0 else f"{digits}{check}"


def _date_notation(day: dt.date) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            f"{day:%Y-%m-%d}",
            f"{day:%d-%m-%Y}",
            f"{day:%d/%m/%Y}",
            f"{day.day}-{day.month}-{day:%Y}",
            f"{day:%Y%m%d}",
        ]
    )


def _amount_notation(cents: int) -> st.SearchStrategy[str]:
    euros, rest = divmod(cents, 100)
    grouped = f"{euros:,}"
    return st.sampled_from(
        [
            f"{euros},{rest:02d}",
            f"{euros}.{rest:02d}",
            f"€ {grouped.replace(',', '.')},{rest:02d}",
            f"{grouped}.{rest:02d}",
        ]
    )


def _optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


past = st.dates(min_value=dt.date(1900, 1, 1), max_value=CONTEXT.today).flatmap(_date_notation)
any_day = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).flatmap(_date_notation)
amount = st.integers(min_value=1, max_value=99_999_999_999)
word = st.from_regex(r"\A[A-Z][a-z]{1,15}\Z")
valid_row = st.fixed_dictionaries(
    {
        "referentie": st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9/ -]{0,62}[A-Za-z0-9]\Z"),
        "signaaltype": st.sampled_from(["", "huur", "Energie", "CAK Eigen bijdrage", "toeslagen", "overig"]),
        "ontstaansdatum": past,
        "signaaldatum": _optional(past),
        "bedrag": amount.flatmap(_amount_notation),
        "termijnbedrag": _optional(amount.flatmap(_amount_notation)),
        "maandenAchterstand": _optional(st.integers(min_value=0, max_value=1200).map(str)),
        "crisissignaal": st.sampled_from(["", "ja", "nee", "J", "n", "true", "0", "1", "x", "X"]),
        "eindelevering": st.sampled_from(["", "ja", "nee"]),
        "warmeOverdracht": st.sampled_from(["", "x", "false"]),
        "bsn": _optional(
            st.integers(min_value=1, max_value=99_999_999).map(_with_check_digit).filter(bool).map(str)
        ),
        "voorletters": _optional(st.from_regex(r"\A([A-Z]\. ?){1,5}\Z")),
        "voornamen": _optional(word),
        "voorvoegsel": st.sampled_from(["", "van", "de", "Van der", "in 't"]),
        "achternaam": word,
        "geboortedatum": _optional(past),
        "straat": _optional(word),
        "huisnummer": st.builds(
            "{}{}{}".format,
            st.integers(min_value=1, max_value=99_999),
            st.sampled_from(["", "a", " B"]),
            st.sampled_from(["", "-2", " bis", "/1", "-hs"]),
        ),
        "postcode": st.builds(
            "{}{}{}".format,
            st.integers(min_value=1000, max_value=9999),
            st.sampled_from(["", " "]),
            st.from_regex(r"\A[A-Za-z]{2}\Z").filter(
                lambda letters: letters.upper() not in {"SA", "SD", "SS"}
            ),
        ),
        "woonplaats": _optional(word),
        "telefoon": _optional(
            st.integers(min_value=10_000_000, max_value=99_999_999).flatmap(
                lambda number: st.sampled_from([f"06-{number}", f"+31 6 {number}", f"00316{number}"])
            )
        ),
        "email": _optional(st.from_regex(r"\A[a-z][a-z.]{0,10}[a-z]@[a-z]{1,10}\.(nl|com)\Z")),
        "klantnummer": _optional(st.from_regex(r"\A[A-Z0-9-]{1,20}\Z")),
        "dagvaardingsdatum": _optional(any_day),
        "vonnisdatum": _optional(any_day),
        "ontruimingsdatum": _optional(any_day),
    }
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(valid_row, min_size=1, max_size=10))
def test_rows_written_by_the_format_are_accepted(rows: list[dict[str, str | None]]) -> None:
    results = validate(rows)

    assert [result["errors"] for result in results] == [[] for _ in rows]
    for row, result in zip(rows, results, strict=True):
        assert result["postcode"] == str(row["postcode"]).replace(" ", "").upper()
        assert result["surname"] == row["achternaam"]
        assert result["house_number"] == int(re.findall(r"[0-9]+", str(row["huisnummer"]))[0])


TEXT_FIELDS = {
    "referentie": "reference",
    "voornamen": "first_names",
    "voorvoegsel": "surname_prefix",
    "achternaam": "surname",
    "straat": "street",
    "woonplaats": "city",
    "klantnummer": "customer_number",
}


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_text_with_control_characters_is_refused(name: str) -> None:
    (error,) = one(**{name: "Jan\x00sen"})["errors"]

    assert error == {
        "field": name,
        "code": "invalid",
        "message": f'{name} "Jan\N{REPLACEMENT CHARACTER}sen" bevat onzichtbare stuurtekens '
        "(verwacht alleen gewone tekst)",
    }


@pytest.mark.parametrize(("name", "output"), TEXT_FIELDS.items())
def test_tabs_and_line_breaks_in_text_become_spaces(name: str, output: str) -> None:
    result = one(**{name: "jan\t\r\n\u00a0sen"})

    assert result["errors"] == []
    assert result[output] == "jan sen"


@pytest.mark.parametrize("value", ["0518300000512345", "51820000051234", "05182000005123456", "BAG-1"])
def test_a_nummeraanduiding_id_that_is_not_one_is_rejected(value: str) -> None:
    (result,) = validate([{**VALID, "nummeraanduidingId": value}])

    assert result["errors"][0]["field"] == "nummeraanduidingId"
    assert "BAG-nummeraanduidingnummer" in result["errors"][0]["message"]
