"""Amounts in euros to exact integer cents, and whole numbers.

Accepted: ``1234,56``, ``1234.56``, ``1.234,56``, ``1,234.56``, ``1 234,56``, ``1234``, ``1234,5``,
``12,-``, with ``€``, ``EUR`` or ``euro`` before or after. Three digits after a single separator are
a thousands group (``1.234`` is 1234 euro); more than two decimals or mixed grouping are refused.
Parsing is on the digits as text, so no amount ever passes through a float.
"""

import polars as pl

from eropaf.intake.validation.common import FieldCheck, Part, PerValue, Rule, about, given, is_given, required

MAX_EURO_DIGITS = 9
"""Up to 999.999.999,99 euro; anything larger in an arrear is a column mix-up."""
MAX_MONTHS = 1200
"""A hundred years; more months in arrears is a column mix-up."""

_FRACTION = r"[0-9]{1,2}|-{1,2}"
_CURRENCY = r"(?:€|euro|eur)"
_AMOUNT = (
    rf"(?i)^(?P<sign>[-−]?)\s*(?:{_CURRENCY}\s*)?(?P<sign_after_currency>[-−]?)\s*"
    r"(?:"
    rf"(?P<plain>[0-9]+)(?:[.,](?P<plain_cents>{_FRACTION}))?"
    rf"|(?P<dot_grouped>[1-9][0-9]{{0,2}}(?:\.[0-9]{{3}})+)(?:,(?P<dot_grouped_cents>{_FRACTION}))?"
    rf"|(?P<comma_grouped>[1-9][0-9]{{0,2}}(?:,[0-9]{{3}})+)(?:\.(?P<comma_grouped_cents>{_FRACTION}))?"
    rf"|(?P<space_grouped>[1-9][0-9]{{0,2}}(?:\s[0-9]{{3}})+)(?:[.,](?P<space_grouped_cents>{_FRACTION}))?"
    r"|[.,](?P<only_cents>[0-9]{1,2})"
    rf")\s*{_CURRENCY}?$"
)
_TOO_PRECISE = rf"(?i)^[-−]?\s*(?:{_CURRENCY}\s*)?[0-9]*[.,][0-9]{{3,}}\s*{_CURRENCY}?$"
_EXPECTED_AMOUNT = "(verwacht een bedrag in euro's, bijv. 1234,56 of 1.234,56)"


def _euros(parts: pl.Expr) -> pl.Expr:
    """The euro digits without grouping and leading zeros (``""`` for ``0``); null when no amount."""
    return pl.coalesce(
        parts.struct.field("plain"),
        parts.struct.field("dot_grouped").str.replace_all(".", "", literal=True),
        parts.struct.field("comma_grouped").str.replace_all(",", "", literal=True),
        parts.struct.field("space_grouped").str.replace_all(r"\s", ""),
        pl.when(parts.struct.field("only_cents").is_not_null()).then(pl.lit("")),
    ).str.strip_chars_start("0")


def _cents(parts: pl.Expr) -> pl.Expr:
    """The cents as a number: ``5`` is 50 cents, ``-`` (as in ``12,-``) is none."""
    return (
        pl.coalesce(
            parts.struct.field("plain_cents"),
            parts.struct.field("dot_grouped_cents"),
            parts.struct.field("comma_grouped_cents"),
            parts.struct.field("space_grouped_cents"),
            parts.struct.field("only_cents"),
            pl.lit("0"),
        )
        .str.replace_all("-", "0", literal=True)
        .str.pad_end(2, "0")
        .cast(pl.Int64, strict=False)
    )


def amount_field(field: str, output: str, *, mandatory: bool = False, repetitive: bool = False) -> Part:
    """An amount in euros; ``repetitive`` when a delivery repeats few values (a monthly instalment)."""
    working = f"_{field}"
    parts, euros, digits = pl.col(f"{working}_parts"), pl.col(f"{working}_euros"), pl.col(f"{working}_digits")
    amount = pl.col(working)
    rules = [
        Rule(
            "invalid",
            digits.is_null() & given(field).str.contains(_TOO_PRECISE),
            about(field, "heeft meer dan 2 decimalen (verwacht euro's en centen, bijv. 1234,56)"),
        ),
        Rule(
            "invalid",
            is_given(field) & digits.is_null(),
            about(field, f"is geen geldig bedrag {_EXPECTED_AMOUNT}"),
        ),
        Rule(
            "too_large",
            digits > MAX_EURO_DIGITS,
            about(field, "is te groot (verwacht een bedrag onder 1.000.000.000 euro)"),
        ),
        Rule(
            "not_positive",
            amount <= 0,
            about(field, "moet groter zijn dan 0 (verwacht een positief bedrag in euro's, bijv. 1234,56)"),
        ),
    ]
    if mandatory:
        rules.insert(0, required(field))
    # Beyond 18 digits the cast gives null; such amounts are refused as too large by ``digits``.
    unsigned = euros.cast(pl.Int64, strict=False).fill_null(0) * 100 + pl.col(f"{working}_cents")
    negative = (parts.struct.field("sign") != "") | (parts.struct.field("sign_after_currency") != "")
    stages = (
        (given(field).str.extract_groups(_AMOUNT).alias(f"{working}_parts"),),
        (
            _euros(parts).alias(f"{working}_euros"),
            _cents(parts).alias(f"{working}_cents"),
            negative.alias(f"{working}_negative"),
        ),
        (
            euros.str.len_chars().alias(f"{working}_digits"),
            pl.when(euros.str.len_chars() <= MAX_EURO_DIGITS)
            .then(pl.when(pl.col(f"{working}_negative")).then(-unsigned).otherwise(unsigned))
            .alias(working),
        ),
    )
    checks = (FieldCheck(field, tuple(rules)),)
    outputs = (amount.alias(output),)
    if repetitive:
        per_value = PerValue(field, stages=stages, keep=(f"{working}_digits", working))
        return Part(per_value=(per_value,), outputs=outputs, checks=checks)
    return Part(stages=stages, outputs=outputs, checks=checks)


def whole_number_field(field: str, output: str) -> Part:
    """A count such as ``maandenAchterstand``; Excel number cells may add ``.0``."""
    value = given(field)
    working = f"_{field}"
    digits = pl.col(f"{working}_digits")
    number = pl.col(working)
    rules = (
        Rule(
            "negative",
            value.str.contains(r"^[-−]\s*[0-9]+(?:[.,][0-9]*)?$"),
            about(field, "is negatief (verwacht 0 of meer)"),
        ),
        Rule(
            "invalid",
            is_given(field) & digits.is_null(),
            about(field, "is geen geheel getal (verwacht een geheel aantal, bijv. 3)"),
        ),
        Rule(
            "too_large",
            is_given(field) & (number.is_null() | (number > MAX_MONTHS)),
            about(field, f"is te groot (verwacht hoogstens {MAX_MONTHS})"),
        ),
    )
    parsed = PerValue(
        field,
        stages=(
            (
                value.str.extract(r"^([0-9]+)(?:[.,]0+)?$", 1)
                .str.strip_chars_start("0")
                .alias(f"{working}_digits"),
            ),
            (
                pl.when(digits.str.len_chars() <= 9)
                .then(pl.when(digits == "").then(0).otherwise(digits.cast(pl.Int64, strict=False)))
                .alias(working),
            ),
        ),
        keep=(f"{working}_digits", working),
    )
    return Part(per_value=(parsed,), outputs=(number.alias(output),), checks=(FieldCheck(field, rules),))
