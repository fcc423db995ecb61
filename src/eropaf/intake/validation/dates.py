"""Dates: ``YYYY-MM-DD``, ``DD-MM-YYYY``, ``DD/MM/YYYY``, ``D-M-YYYY``, ``YYYYMMDD`` and Excel date cells.

An Excel date cell reaches us as ISO text, sometimes with a time of day, which is dropped.
"""

import datetime as dt

import polars as pl

from eropaf.intake.validation.common import (
    FieldCheck,
    Part,
    PerValue,
    Rule,
    about,
    given,
    is_given,
    required,
)

EARLIEST = dt.date(1900, 1, 1)
"""No date in a delivery lies before 1900: such a value is a typing error (``0025`` for ``2025``)."""

_NOTATIONS = (
    r"^(?:"
    r"(?P<iso_year>[0-9]{4})-(?P<iso_month>[0-9]{1,2})-(?P<iso_day>[0-9]{1,2})"
    r"(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
    r"|(?P<dash_day>[0-9]{1,2})-(?P<dash_month>[0-9]{1,2})-(?P<dash_year>[0-9]{4})"
    r"|(?P<slash_day>[0-9]{1,2})/(?P<slash_month>[0-9]{1,2})/(?P<slash_year>[0-9]{4})"
    r"|(?P<compact_year>[0-9]{4})(?P<compact_month>[0-9]{2})(?P<compact_day>[0-9]{2})"
    r")$"
)
_EXPECTED = "(verwacht bijv. 2026-01-31, 31-01-2026 of 31/01/2026)"


def _dutch(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"


def _part(parts: pl.Expr, name: str) -> pl.Expr:
    return pl.coalesce(
        *(parts.struct.field(f"{notation}_{name}") for notation in ("iso", "dash", "slash", "compact"))
    ).cast(pl.Int32)


def to_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """The day the numbers name, or null when there is no such day (``31-02-2026``)."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days_in_month = (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    exists = month.is_between(1, 12) & day.is_between(1, days_in_month)
    # pl.date refuses impossible days, so those rows build a placeholder that is then masked.
    return pl.when(exists).then(
        pl.date(
            pl.when(exists).then(year).otherwise(2000),
            pl.when(exists).then(month).otherwise(1),
            pl.when(exists).then(day).otherwise(1),
        )
    )


def date_field(
    field: str,
    output: str,
    *,
    today: dt.date,
    mandatory: bool = False,
    not_in_future: bool = False,
    default: dt.date | None = None,
) -> Part:
    working = f"_{field}"
    parts, value = pl.col(f"{working}_parts"), pl.col(working)
    rules = [
        Rule(
            "invalid",
            is_given(field) & pl.col(f"{working}_year").is_null(),
            about(field, f"is geen geldige datum {_EXPECTED}"),
        ),
        Rule(
            "invalid",
            is_given(field) & value.is_null(),
            about(field, "bestaat niet (verwacht een bestaande datum; controleer dag en maand)"),
        ),
        Rule(
            "before_1900",
            value < pl.lit(EARLIEST),
            about(field, f"ligt vóór 1900 (verwacht een datum vanaf {_dutch(EARLIEST)})"),
        ),
    ]
    if mandatory:
        rules.insert(0, required(field))
    if not_in_future:
        rules.append(
            Rule(
                "future",
                value > pl.lit(today),
                about(field, f"ligt in de toekomst (verwacht een datum tot en met {_dutch(today)})"),
            )
        )
    result = value if default is None else pl.coalesce(value, pl.lit(default))
    return Part(
        per_value=(
            PerValue(
                field,
                stages=(
                    (given(field).str.extract_groups(_NOTATIONS).alias(f"{working}_parts"),),
                    tuple(_part(parts, name).alias(f"{working}_{name}") for name in ("year", "month", "day")),
                    (
                        to_date(*(pl.col(f"{working}_{name}") for name in ("year", "month", "day"))).alias(
                            working
                        ),
                    ),
                ),
                keep=(f"{working}_year", working),
            ),
        ),
        outputs=(result.alias(output),),
        checks=(FieldCheck(field, tuple(rules)),),
    )
