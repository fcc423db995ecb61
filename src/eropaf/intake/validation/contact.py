"""Contact details: phone number to E.164, e-mail address, customer number."""

import polars as pl

from eropaf.intake.validation.common import FieldCheck, Part, Rule, about, given, is_given, merge, text_field

MAX_EMAIL = 254

_DUTCH_EXAMPLES = "bijv. 06-12345678 of 010-1234567"


def phone_field() -> Part:
    """Dutch numbers in any common notation become ``+31`` and nine digits; foreign ones keep theirs.

    A nine-digit number without its leading zero is Dutch: Excel drops that zero from number cells.
    """
    field = "telefoon"
    # ``+31 (0)6 …``: the zero in brackets is the trunk prefix and is not dialled from abroad.
    compact = given(field).str.replace(r"\(\s*0\s*\)", "").str.replace_all(r"[\s\-./()]", "")
    written, digits, national = pl.col("_phone"), pl.col("_phone_digits"), pl.col("_phone_national")
    international = (
        pl.when(written.str.starts_with("+"))
        .then(written.str.slice(1))
        .when(written.str.starts_with("00"))
        .then(written.str.slice(2))
        .when(written.str.starts_with("0"))
        .then(pl.concat_str([pl.lit("31"), written.str.slice(1)]))
        .when(written.str.len_chars() == 9)
        .then(pl.concat_str([pl.lit("31"), written]))
    )
    is_dutch = digits.str.starts_with("31")
    rules = (
        Rule(
            "invalid",
            is_given(field) & ~pl.col("_phone_shape"),
            about(
                field,
                f"is geen telefoonnummer (verwacht alleen cijfers, {_DUTCH_EXAMPLES}, of +32 2 123 45 67)",
            ),
        ),
        Rule(
            "invalid",
            is_given(field) & digits.is_null(),
            about(
                field,
                "is geen volledig telefoonnummer (verwacht een Nederlands nummer met netnummer, "
                f"{_DUTCH_EXAMPLES}, of een buitenlands nummer met + of 00 ervoor)",
            ),
        ),
        Rule(
            "invalid",
            is_dutch & ~national.str.contains(r"^[1-9][0-9]{8}$"),
            about(
                field, f"is geen geldig Nederlands telefoonnummer (verwacht 10 cijfers, {_DUTCH_EXAMPLES})"
            ),
        ),
        Rule(
            "invalid",
            ~is_dutch & ~digits.str.contains(r"^[1-9][0-9]{7,14}$"),
            about(
                field,
                "is geen geldig buitenlands telefoonnummer "
                "(verwacht landnummer en nummer samen 8 tot 15 cijfers, bijv. +32 2 123 45 67)",
            ),
        ),
    )
    e164 = (
        pl.when(is_dutch)
        .then(pl.concat_str([pl.lit("+31"), national]))
        .otherwise(pl.concat_str([pl.lit("+"), digits]))
    )
    shape = written.str.contains(r"^\+?[0-9]+$")
    return Part(
        stages=(
            (compact.alias("_phone"),),
            (shape.alias("_phone_shape"),),
            (pl.when(pl.col("_phone_shape")).then(international).alias("_phone_digits"),),
            (digits.str.slice(2).str.replace(r"^0([0-9]{9})$", "${1}").alias("_phone_national"),),
        ),
        outputs=(e164.fill_null("").alias("phone"),),
        checks=(FieldCheck(field, rules),),
    )


def email_field() -> Part:
    field = "email"
    email = given(field).str.to_lowercase()
    rules = (
        Rule(
            "too_long",
            email.str.len_chars() > MAX_EMAIL,
            about(field, f"is te lang (verwacht een e-mailadres van hoogstens {MAX_EMAIL} tekens)"),
        ),
        Rule(
            "invalid",
            is_given(field) & ~email.str.contains(r"^[^\s@\p{Cc}]+@[^\s@.\p{Cc}]+(?:\.[^\s@.\p{Cc}]+)+$"),
            about(field, "is geen geldig e-mailadres (verwacht bijv. naam@voorbeeld.nl)"),
        ),
    )
    return Part(outputs=(email.fill_null("").alias("email"),), checks=(FieldCheck(field, rules),))


def contact_fields() -> Part:
    return merge(
        phone_field(),
        email_field(),
        text_field("klantnummer", "customer_number", max_length=64),
    )
