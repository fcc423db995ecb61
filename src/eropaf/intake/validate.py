"""Validating and normalising the rows of a delivery, set-based (signal delivery format, version 1).

Pure: no ORM. Takes the rows as read (one text column per delivery field, named as the format
spells it) and returns one row per input row with the ``Signal`` columns and ``errors``: a list of
``{field, code, message}`` that is empty for a valid row. ``code`` is stable and groups rejections
by reason; ``message`` is the plain-Dutch text the partner sees next to the rejected row.

Error codes: ``required``, ``invalid``, ``too_long``, ``too_large``, ``not_positive``, ``negative``,
``out_of_range``, ``future``, ``before_1900``, ``elfproef``, ``conflict``, ``unknown_type``.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass

import polars as pl

from eropaf.core.vocabularies import PartnerType
from eropaf.intake.fields import FIELD_NAMES
from eropaf.intake.validation.addresses import address_fields
from eropaf.intake.validation.amounts import amount_field, whole_number_field
from eropaf.intake.validation.choices import flag_field, signal_type_field
from eropaf.intake.validation.common import (
    ERROR,
    FieldCheck,
    Part,
    PerValue,
    first_match,
    given_column,
    merge,
    render,
    text_field,
)
from eropaf.intake.validation.contact import contact_fields
from eropaf.intake.validation.dates import date_field
from eropaf.intake.validation.people import person_fields

__all__ = ["ERROR", "OUTPUT_SCHEMA", "ValidationContext", "validate_rows"]

OUTPUT_SCHEMA = pl.Schema(
    {
        "row_number": pl.Int64(),
        "reference": pl.String(),
        "signal_type": pl.String(),
        "arrear_start_date": pl.Date(),
        "signal_date": pl.Date(),
        "amount_cents": pl.Int64(),
        "instalment_cents": pl.Int64(),
        "months_in_arrears": pl.Int64(),
        "is_crisis": pl.Boolean(),
        "is_end_of_supply": pl.Boolean(),
        "is_warm_handover": pl.Boolean(),
        "bsn": pl.String(),
        "initials": pl.String(),
        "first_names": pl.String(),
        "surname_prefix": pl.String(),
        "surname": pl.String(),
        "birth_date": pl.Date(),
        "street": pl.String(),
        "house_number": pl.Int64(),
        "house_letter": pl.String(),
        "house_number_addition": pl.String(),
        "postcode": pl.String(),
        "pc4": pl.String(),
        "city": pl.String(),
        "address_key": pl.String(),
        "bag_address_id": pl.String(),
        "phone": pl.String(),
        "email": pl.String(),
        "customer_number": pl.String(),
        "summons_date": pl.Date(),
        "judgment_date": pl.Date(),
        "eviction_date": pl.Date(),
        "errors": pl.List(ERROR),
    }
)

_INDEX = "_index"


@dataclass(frozen=True)
class ValidationContext:
    """What a row is judged against besides its own values."""

    today: dt.date
    """``ontstaansdatum``, ``signaaldatum`` and ``geboortedatum`` may not lie after this day."""
    default_signal_type: str
    """A ``PartnerType`` value, used when ``signaaltype`` is empty: the partner's own type."""
    default_signal_date: dt.date
    """The delivery date, used when ``signaaldatum`` is empty."""


def validate_rows(rows: pl.DataFrame, *, context: ValidationContext) -> pl.DataFrame:
    """One output row per input row, in the same order; see the module docstring for the columns."""
    part = _fields(context)
    given = (
        rows.lazy()
        .select(_row_number(rows), *(_given(rows, field) for field in FIELD_NAMES))
        .with_columns(_empty_is_null(field) for field in FIELD_NAMES)
        .collect()
    )
    per_value = pl.collect_all([_per_value(given, columns) for columns in part.per_value])
    working = given.hstack([column for frame in per_value for column in frame.get_columns()]).lazy()
    for stage in part.stages:
        working = working.with_columns(*stage)
    checked = (
        working.with_row_index(_INDEX)
        .with_columns(*(_broken_rule(check) for check in part.checks), *part.outputs)
        .collect()
    )
    # Messages are built only for the (usually few) values at fault, one field at a time.
    errors = (
        pl.concat([_errors(checked.lazy(), check, position) for position, check in enumerate(part.checks)])
        .sort(_INDEX, "_position")
        .group_by(_INDEX, maintain_order=True)
        .agg(pl.struct("field", "code", "message").alias("errors"))
    )
    by_row = (
        checked.lazy()
        .select(_INDEX)
        .join(errors, on=_INDEX, how="left", maintain_order="left")
        .select(pl.col("errors").fill_null(pl.lit([], dtype=pl.List(ERROR))))
        .collect()
    )
    # Taking the columns as they are: a select on the wide working frame costs more than all of this.
    signals = pl.DataFrame([checked.get_column(name) for name in OUTPUT_SCHEMA.names() if name != "errors"])
    return signals.hstack(by_row).cast(OUTPUT_SCHEMA)


def _fields(context: ValidationContext) -> Part:
    today = context.today
    merged = merge(
        text_field("referentie", "reference", max_length=64, mandatory=True),
        signal_type_field("signaaltype", "signal_type", default=PartnerType(context.default_signal_type)),
        date_field("ontstaansdatum", "arrear_start_date", today=today, mandatory=True, not_in_future=True),
        date_field(
            "signaaldatum",
            "signal_date",
            today=today,
            not_in_future=True,
            default=context.default_signal_date,
        ),
        amount_field("bedrag", "amount_cents", mandatory=True),
        amount_field("termijnbedrag", "instalment_cents", repetitive=True),
        whole_number_field("maandenAchterstand", "months_in_arrears"),
        flag_field("crisissignaal", "is_crisis"),
        flag_field("eindelevering", "is_end_of_supply"),
        flag_field("warmeOverdracht", "is_warm_handover"),
        person_fields(),
        date_field("geboortedatum", "birth_date", today=today, not_in_future=True),
        address_fields(),
        contact_fields(),
        date_field("dagvaardingsdatum", "summons_date", today=today),
        date_field("vonnisdatum", "judgment_date", today=today),
        date_field("ontruimingsdatum", "eviction_date", today=today),
    )
    # Errors are listed in the order the format lists the fields.
    checks = tuple(sorted(merged.checks, key=lambda check: FIELD_NAMES.index(check.field)))
    return dataclasses.replace(merged, checks=checks)


def _row_number(rows: pl.DataFrame) -> pl.Expr:
    if "row_number" in rows.columns:
        return pl.col("row_number").cast(pl.Int64, strict=False)
    return pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("row_number")


def _given(rows: pl.DataFrame, field: str) -> pl.Expr:
    """The value trimmed; an absent column is all empty."""
    if field not in rows.columns:
        return pl.lit(None, dtype=pl.String).alias(given_column(field))
    return pl.col(field).cast(pl.String, strict=False).str.strip_chars().alias(given_column(field))


def _per_value(given: pl.DataFrame, columns: PerValue) -> pl.LazyFrame:
    """``columns.keep`` for every row, worked out once per distinct value of ``columns.field``."""
    key = given_column(columns.field)
    distinct = given.lazy().select(key).unique()
    for stage in columns.stages:
        distinct = distinct.with_columns(*stage)
    return (
        given.lazy()
        .select(key)
        .join(
            distinct.select(key, *columns.keep), on=key, how="left", nulls_equal=True, maintain_order="left"
        )
        .select(columns.keep)
    )


def _empty_is_null(field: str) -> pl.Expr:
    """Empty is absent; and a value our own rejected-rows export neutralised (``'+316…``, see
    ``exports.neutralise_formula``) is read as it was, so a corrected file can be sent back as is."""
    given = pl.col(given_column(field))
    value = pl.when(given.str.contains(r"^'[=+\-@\t\r]")).then(given.str.slice(1)).otherwise(given)
    return pl.when(value != "").then(value).alias(given_column(field))


def _rule_column(check: FieldCheck) -> str:
    return f"_rule.{check.field}"


def _broken_rule(check: FieldCheck) -> pl.Expr:
    """The number (from 1) of the first rule the field breaks; 0 when it breaks none."""
    cases = [
        (rule.broken, pl.lit(number, dtype=pl.UInt8)) for number, rule in enumerate(check.rules, start=1)
    ]
    return first_match(cases, otherwise=pl.lit(0, dtype=pl.UInt8)).alias(_rule_column(check))


def _errors(checked: pl.LazyFrame, check: FieldCheck, position: int) -> pl.LazyFrame:
    """``_index``, ``field``, ``code`` and ``message`` for each row where ``check.field`` is at fault."""
    broken = pl.col(_rule_column(check))
    numbered = list(enumerate(check.rules, start=1))
    return checked.filter(broken > 0).select(
        _INDEX,
        pl.lit(position, dtype=pl.UInt8).alias("_position"),
        pl.lit(check.field).alias("field"),
        first_match([(broken == number, pl.lit(rule.code)) for number, rule in numbered]).alias("code"),
        first_match(
            [(broken == number, render(check.field, rule.message)) for number, rule in numbered]
        ).alias("message"),
    )
