"""The address: house number with letter and addition, postcode, street and city, and the address key."""

import polars as pl

from eropaf.intake.validation.common import (
    FieldCheck,
    Part,
    PerValue,
    Rule,
    about,
    collapsed,
    given,
    is_given,
    merge,
    required,
    text_field,
    too_long,
)

MAX_HOUSE_NUMBER = 99_999
MAX_ADDITION = 4

# A letter is one letter right after the number or after a space, followed by the end or a separator
# (``12a``, ``12 A``, ``12a-2``, ``12 A 3``); anything else after the number is an addition (``12-2``,
# ``12 bis``, ``12-II``, ``12/2``, ``12hs``).
_HOUSE_NUMBER = (
    r"^(?P<number>[0-9]+)(?:"
    r"\s?(?P<letter>[A-Za-z])(?:(?:\s?[-/]\s?|\s)(?P<letter_addition>[A-Za-z0-9]+))?"
    r"|(?:\s?[-/]\s?|\s?)(?P<addition>[A-Za-z0-9]+)"
    r")?$"
)
_EXCEL_WHOLE_NUMBER = r"^([0-9]+)\.0+$"

# What ``stdnum.nl.postcode.compact`` does, so both agree on every input (``normalise_postcode``):
# Unicode dashes and spaces are dropped anywhere, other digits become ASCII, then upper case,
# surrounding whitespace (as Python's ``str.strip`` sees it) and a leading ``NL`` go.
_POSTCODE_DROPPED = (
    " -\u00a0\u00af\u02d7\u058a\u05be\u1680\u180a\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2010\u2011\u2012\u2013\u2014\u2015\u202f\u203e\u2043\u205f\u207b\u208b\u2212\u23af"
    "\u23ba\u23bb\u23bc\u23bd\u23e4\u3000\ufe63\uff0d\uffe3"
)
_POSTCODE_DIGIT_ZEROS = (0xFF10, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6)
_POSTCODE_REPLACEMENTS = dict.fromkeys(_POSTCODE_DROPPED, "") | {
    chr(zero + digit): str(digit) for zero in _POSTCODE_DIGIT_ZEROS for digit in range(10)
}
_PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_UNUSED_POSTCODE_LETTERS = ("SA", "SD", "SS")
_CONFLICT = (
    'spreekt huisnummer "{huisnummer}" tegen (verwacht dit op één plek, of op beide plekken hetzelfde)'
)
_EXPECTED_POSTCODE = "(verwacht 4 cijfers en 2 letters, bijv. 1234 AB)"


def compact_postcode(value: pl.Expr) -> pl.Expr:
    """``1234 ab`` → ``1234AB``, and anything else compacted the same way."""
    return (
        value.str.replace_many(_POSTCODE_REPLACEMENTS)
        .str.to_uppercase()
        .str.strip_chars(_PYTHON_WHITESPACE)
        .str.strip_prefix("NL")
    )


def postcode_field() -> Part:
    field = "postcode"
    postcode = pl.col("_postcode")
    rules = (
        required(field),
        Rule("invalid", postcode.is_null(), about(field, f"is geen geldige postcode {_EXPECTED_POSTCODE}")),
        Rule(
            "invalid",
            postcode.str.slice(4).is_in(_UNUSED_POSTCODE_LETTERS),
            about(field, "is geen geldige postcode (de lettercombinaties SA, SD en SS komen niet voor)"),
        ),
    )
    return Part(
        stages=(
            (compact_postcode(given(field)).alias("_postcode_compact"),),
            (
                pl.when(pl.col("_postcode_compact").str.contains(r"^[1-9][0-9]{3}[A-Z]{2}$"))
                .then(pl.col("_postcode_compact"))
                .alias("_postcode"),
            ),
        ),
        outputs=(postcode.alias("postcode"), postcode.str.slice(0, 4).alias("pc4")),
        checks=(FieldCheck(field, rules),),
    )


def house_number_fields() -> Part:
    """``huisnummer``, with ``huisletter`` and ``huisnummertoevoeging`` in the same cell or their own."""
    written = collapsed("huisnummer").str.replace(_EXCEL_WHOLE_NUMBER, "${1}")
    parts = pl.col("_house_parts")
    own_addition = pl.col("_own_addition_text")
    own_letter_ok = given("huisletter").str.contains(r"^[A-Za-z]$")
    own_addition_ok = pl.col("_own_addition").str.contains(r"^[A-Za-z0-9]+$")

    number, letter, addition = pl.col("_house_number"), pl.col("_letter"), pl.col("_addition")
    house_number_rules = (
        required("huisnummer"),
        Rule(
            "invalid",
            is_given("huisnummer") & pl.col("_combined_number").is_null(),
            about(
                "huisnummer",
                "is geen geldig huisnummer (verwacht een getal, eventueel met huisletter of toevoeging, "
                "bijv. 12, 12a, 12-2 of 12 bis)",
            ),
        ),
        Rule(
            "out_of_range",
            number.is_null() | (number < 1) | (number > MAX_HOUSE_NUMBER),
            about(
                "huisnummer",
                f"valt buiten het bereik (verwacht een huisnummer van 1 tot en met {MAX_HOUSE_NUMBER})",
            ),
        ),
        Rule(
            "too_long",
            pl.col("_combined_addition").str.len_chars() > MAX_ADDITION,
            about(
                "huisnummer",
                f"heeft een te lange toevoeging (verwacht hoogstens {MAX_ADDITION} letters of cijfers, "
                "bijv. 12-2 of 12 bis)",
            ),
        ),
    )
    letter_rules = (
        Rule(
            "invalid",
            is_given("huisletter") & ~own_letter_ok,
            about("huisletter", "is geen geldige huisletter (verwacht één letter, bijv. A)"),
        ),
        Rule(
            "conflict",
            pl.col("_combined_letter").is_not_null() & (pl.col("_combined_letter") != letter),
            about("huisletter", _CONFLICT),
        ),
    )
    addition_rules = (
        Rule(
            "invalid",
            pl.col("_own_addition").is_not_null() & ~own_addition_ok,
            about(
                "huisnummertoevoeging",
                f"is geen geldige toevoeging (verwacht 1 tot {MAX_ADDITION} letters of cijfers, "
                "bijv. 2 of HS)",
            ),
        ),
        too_long("huisnummertoevoeging", pl.col("_own_addition"), MAX_ADDITION),
        Rule(
            "conflict",
            pl.col("_combined_addition").is_not_null() & (pl.col("_combined_addition") != addition),
            about("huisnummertoevoeging", _CONFLICT),
        ),
    )
    combined = PerValue(
        "huisnummer",
        stages=(
            (written.str.extract_groups(_HOUSE_NUMBER).alias("_house_parts"),),
            (
                parts.struct.field("number").alias("_combined_number"),
                parts.struct.field("letter").str.to_uppercase().alias("_combined_letter"),
                pl.coalesce(parts.struct.field("letter_addition"), parts.struct.field("addition"))
                .str.to_uppercase()
                .alias("_combined_addition"),
            ),
        ),
        keep=("_combined_number", "_combined_letter", "_combined_addition"),
    )
    return Part(
        per_value=(combined,),
        stages=(
            (given("huisnummertoevoeging").str.replace(r"^[\s\-/]+", "").alias("_own_addition_text"),),
            (pl.when(own_addition != "").then(own_addition).alias("_own_addition"),),
            (
                pl.col("_combined_number").cast(pl.Int64, strict=False).alias("_house_number"),
                pl.coalesce(
                    pl.when(own_letter_ok).then(given("huisletter").str.to_uppercase()),
                    pl.col("_combined_letter"),
                )
                .fill_null("")
                .alias("_letter"),
                pl.coalesce(
                    pl.when(own_addition_ok).then(pl.col("_own_addition").str.to_uppercase()),
                    pl.col("_combined_addition"),
                )
                .fill_null("")
                .alias("_addition"),
            ),
        ),
        outputs=(
            number.alias("house_number"),
            letter.alias("house_letter"),
            addition.alias("house_number_addition"),
            pl.concat_str(
                [pl.col("_postcode"), number.cast(pl.String), letter, addition], separator="|"
            ).alias("address_key"),
        ),
        checks=(
            FieldCheck("huisnummer", house_number_rules),
            FieldCheck("huisletter", letter_rules),
            FieldCheck("huisnummertoevoeging", addition_rules),
        ),
    )


# A BAG nummeraanduiding id: 4 digits of the municipality, object type 20, then 10 digits.
_NUMMERAANDUIDING = r"^[0-9]{4}20[0-9]{10}$"


def nummeraanduiding_field() -> Part:
    """``nummeraanduidingId``: the BAG id of the address, optional; when given it is the household key."""
    field = "nummeraanduidingId"
    value = collapsed(field).str.replace_all(r"[\s.]", "")
    rules = (
        Rule(
            "invalid",
            is_given(field) & ~pl.col("_bag_id").str.contains(_NUMMERAANDUIDING).fill_null(False),
            about(
                field,
                "is geen geldig BAG-nummeraanduidingnummer (verwacht 16 cijfers met 20 op plek 5 en 6, "
                "bijv. 0505200000012345)",
            ),
        ),
    )
    return Part(
        stages=((value.alias("_bag_id"),),),
        outputs=(
            pl.when(pl.col("_bag_id").str.contains(_NUMMERAANDUIDING))
            .then(pl.col("_bag_id"))
            .otherwise(pl.lit(""))
            .alias("bag_address_id"),
        ),
        checks=(FieldCheck(field, rules),),
    )


def address_fields() -> Part:
    return merge(
        text_field("straat", "street", max_length=200),
        house_number_fields(),
        postcode_field(),
        text_field("woonplaats", "city", max_length=100),
        nummeraanduiding_field(),
    )
