"""The person: BSN (elfproef), initials, surname prefix and surname."""

import polars as pl

from eropaf.intake.validation.common import (
    FieldCheck,
    Part,
    PerValue,
    Rule,
    about,
    collapsed,
    control_characters,
    given,
    is_given,
    merge,
    required,
    text_field,
    too_long,
)

MAX_INITIALS = 20
_CHECK_BSN = "; controleer het nummer of laat het veld leeg"

PREFIX_WORDS = (
    "van", "de", "den", "der", "het", "'t", "'s", "ter", "ten", "te", "in", "op", "uit", "aan", "bij",
    "onder", "over", "voor", "tot", "la", "le", "du", "des", "von", "vom", "zum", "zur",
)  # fmt: skip
"""Dutch surname prefixes (voorvoegsels) that may lead an ``achternaam`` delivered without ``voorvoegsel``."""

_APOSTROPHES = "['’‘`]"
_PREFIX_WORD = "(?:" + "|".join(word.replace("'", _APOSTROPHES) for word in PREFIX_WORDS) + ")"
# Up to three prefix words (``in 't``, ``van der``, ``van de la``), then at least one more word.
_LEADING_PREFIX = rf"(?i)^(?P<prefix>{_PREFIX_WORD}(?: {_PREFIX_WORD}){{0,2}}) (?P<surname>\S.*)$"


# One initial: a capital with lower-case letters (``Th``, ``Chr``), a well-known multi-letter initial
# with its dot (``th.``), or else a single letter, so ``JP`` and ``jp`` are two.
_INITIAL = r"[^\p{L}]*(?:((?i:chr|ch|ph|th))\.|(\p{Lu}\p{Ll}*|\p{Ll}))[^\p{L}]*"


def bsn_field() -> Part:
    """Nine digits passing the elfproef; eight digits get back their leading zero."""
    field = "bsn"
    digits = pl.col("_bsn_digits")
    nine = pl.when(digits.str.len_chars() == 8).then(pl.concat_str([pl.lit("0"), digits])).otherwise(digits)
    number = pl.col("_bsn").cast(pl.Int64)
    weighted = pl.sum_horizontal(
        [
            (number // 10 ** (8 - position) % 10) * weight
            for position, weight in enumerate((9, 8, 7, 6, 5, 4, 3, 2, -1))
        ]
    )
    rules = (
        Rule(
            "invalid",
            is_given(field) & ~pl.col("_bsn_shape"),
            about(
                field, "is geen geldig BSN (verwacht 9 cijfers; 8 cijfers mag, dan ontbreekt de voorloopnul)"
            ),
        ),
        Rule(
            "invalid",
            pl.col("_bsn_shape") & (number == 0),
            about(field, f"is geen geldig BSN (alleen nullen){_CHECK_BSN}"),
        ),
        Rule(
            "elfproef",
            pl.col("_bsn_shape") & (weighted % 11 != 0),
            about(field, f"klopt niet (voldoet niet aan de elfproef){_CHECK_BSN}"),
        ),
    )
    return Part(
        stages=(
            (given(field).str.replace_all(r"[\s.\-]", "").alias("_bsn_digits"),),
            (digits.str.contains(r"^[0-9]{8,9}$").alias("_bsn_shape"),),
            (pl.when(pl.col("_bsn_shape")).then(nine).alias("_bsn"),),
        ),
        outputs=(pl.col("_bsn").fill_null("").alias("bsn"),),
        checks=(FieldCheck(field, rules),),
    )


def initials_field() -> Part:
    """``JP``, ``j.p.``, ``J. P.`` and ``j p`` all become ``J.P.``; ``J.Th.`` stays ``J.Th.``."""
    field = "voorletters"
    value = given(field)
    normalised = value.str.replace_all(_INITIAL, "${1}${2}.").str.to_titlecase()
    rules = (
        Rule(
            "invalid",
            is_given(field) & ~value.str.contains(r"^[\p{L}.\s'’\-]*\p{L}[\p{L}.\s'’\-]*$"),
            about(field, "zijn geen geldige voorletters (verwacht letters met punten, bijv. J.P.)"),
        ),
        Rule(
            "too_long",
            pl.col("_voorletters").str.len_chars() > MAX_INITIALS,
            about(field, f"zijn te lang (verwacht hoogstens {MAX_INITIALS} tekens, geschreven als J.P.)"),
        ),
    )
    return Part(
        per_value=(PerValue(field, stages=((normalised.alias("_voorletters"),),), keep=("_voorletters",)),),
        outputs=(pl.col("_voorletters").fill_null("").alias("initials"),),
        checks=(FieldCheck(field, rules),),
    )


def surname_fields() -> Part:
    """``voorvoegsel`` in lower case; a prefix leading ``achternaam`` moves there when it is empty."""
    prefix_given, surname_given = pl.col("_voorvoegsel"), pl.col("_achternaam")
    split = pl.col("_surname_split")
    leading_prefix = split.struct.field("prefix").str.to_lowercase().str.replace_all(_APOSTROPHES, "'")
    splits = prefix_given.is_null() & split.struct.field("prefix").is_not_null()
    return Part(
        stages=(
            (collapsed("voorvoegsel").alias("_voorvoegsel"), collapsed("achternaam").alias("_achternaam")),
            (surname_given.str.extract_groups(_LEADING_PREFIX).alias("_surname_split"),),
            (
                pl.when(splits)
                .then(leading_prefix)
                .otherwise(prefix_given.str.to_lowercase())
                .alias("_prefix"),
                pl.when(splits)
                .then(split.struct.field("surname"))
                .otherwise(surname_given)
                .alias("_surname"),
            ),
        ),
        outputs=(
            pl.col("_prefix").fill_null("").alias("surname_prefix"),
            pl.col("_surname").fill_null("").alias("surname"),
        ),
        checks=(
            FieldCheck(
                "voorvoegsel",
                (
                    control_characters("voorvoegsel", prefix_given),
                    too_long("voorvoegsel", pl.col("_prefix"), 20),
                ),
            ),
            FieldCheck(
                "achternaam",
                (
                    required("achternaam"),
                    control_characters("achternaam", surname_given),
                    too_long("achternaam", surname_given, 200),
                ),
            ),
        ),
    )


def person_fields() -> Part:
    return merge(
        bsn_field(),
        initials_field(),
        text_field("voornamen", "first_names", max_length=200),
        surname_fields(),
    )
