"""Every row's verdict — accepted, rejected or duplicate — decided set-based (pure, no ORM).

Runs after ``validate_rows``: routes valid rows to the municipality whose postcode areas hold the
postcode, applies the format's duplicate rules within the delivery and against the partner's
earlier deliveries of the period, and leaves exactly one verdict per row.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

ACCEPTED = "accepted"
REJECTED = "rejected"
DUPLICATE = "duplicate"

ERROR_TYPE = pl.Struct({"field": pl.Utf8, "code": pl.Utf8, "message": pl.Utf8})


@dataclass(frozen=True)
class Routing:
    """Where postcodes lie: every known postcode area, and which municipalities the partner serves."""

    areas: pl.DataFrame
    """``pc4`` (Utf8), ``municipality_id`` (Int64), ``municipality_name`` (Utf8): all known areas."""
    served_ids: frozenset[int]
    served_names: Sequence[str]


def _error(field: str, code: str, message: pl.Expr) -> pl.Expr:
    return pl.struct(pl.lit(field).alias("field"), pl.lit(code).alias("code"), message.alias("message")).cast(
        ERROR_TYPE
    )


def _append_error(condition: pl.Expr, error: pl.Expr) -> pl.Expr:
    """The row's error list, with ``error`` added where ``condition`` holds."""
    return pl.when(condition).then(pl.concat_list(pl.col("errors"), error)).otherwise(pl.col("errors"))


def _display_postcode() -> pl.Expr:
    return pl.col("postcode").str.slice(0, 4) + pl.lit(" ") + pl.col("postcode").str.slice(4, 2)


def route(rows: pl.DataFrame, routing: Routing) -> pl.DataFrame:
    """Add ``municipality_id``; a valid row outside every served municipality gets an error.

    Looked up with ``replace_strict`` rather than a join, so no copy of the delivery is made.
    """
    served = ", ".join(routing.served_names) or "geen enkele gemeente"
    pc4s = routing.areas["pc4"].cast(pl.Utf8)
    area_id = pl.col("pc4").replace_strict(
        pc4s, routing.areas["municipality_id"].cast(pl.Int64), default=None, return_dtype=pl.Int64
    )
    area_name = pl.col("pc4").replace_strict(
        pc4s, routing.areas["municipality_name"].cast(pl.Utf8), default=None, return_dtype=pl.Utf8
    )
    in_served = area_id.is_in(list(routing.served_ids))
    valid = pl.col("errors").list.len() == 0
    outside_known = _error(
        "postcode",
        "outside_area",
        pl.format(
            "postcode {} ligt in de gemeente {}, waarvoor u geen signalen levert (u levert voor: {})",
            _display_postcode(),
            area_name,
            pl.lit(served),
        ),
    )
    outside_unknown = _error(
        "postcode",
        "outside_area",
        pl.format(
            "postcode {} ligt niet in een gemeente waarvoor u signalen levert ({})",
            _display_postcode(),
            pl.lit(served),
        ),
    )
    return rows.with_columns(
        pl.when(valid & in_served).then(area_id).alias("municipality_id"),
        pl.when(valid & ~in_served & area_id.is_not_null())
        .then(pl.concat_list(pl.col("errors"), outside_known))
        .when(valid & area_id.is_null())
        .then(pl.concat_list(pl.col("errors"), outside_unknown))
        .otherwise(pl.col("errors"))
        .alias("errors"),
    )


def _euros(cents: pl.Expr) -> pl.Expr:
    whole = (cents // 100).cast(pl.Utf8)
    fraction = (cents % 100).cast(pl.Utf8).str.zfill(2)
    return pl.lit("€ ") + whole + pl.lit(",") + fraction


def _key(reference: pl.Expr, amount_cents: pl.Expr) -> pl.Expr:
    return reference + pl.lit("\x1f") + amount_cents.cast(pl.Utf8)


def _repeated_references(rows: pl.DataFrame) -> pl.DataFrame:
    """Valid rows whose reference occurs more than once among the valid rows (usually very few),
    each with the row and amount of the first valid row of its reference."""
    valid = pl.col("errors").list.len() == 0
    return (
        rows.lazy()
        .select("row_number", "reference", "amount_cents", valid.alias("_valid"))
        .filter(pl.col("_valid") & pl.col("reference").is_duplicated().over("_valid"))
        .sort("row_number")
        .with_columns(
            pl.col("row_number").first().over("reference").alias("first_row"),
            pl.col("amount_cents").first().over("reference").alias("first_amount"),
        )
        .filter(pl.col("row_number") != pl.col("first_row"))
        .select("row_number", "first_row", "first_amount")
        .collect()
    )


def apply_duplicate_rules(rows: pl.DataFrame, earlier: pl.DataFrame) -> pl.DataFrame:
    """Add ``verdict`` (and contradiction errors) following the format's duplicate rules.

    ``earlier`` holds ``reference`` and ``amount_cents`` of the partner's signals already stored
    for the period. Within the delivery the first valid row of a reference sets its amount: a later
    row with that amount is a duplicate, a later row with another amount contradicts it. Only the
    repeated references are looked at row by row; the delivery itself is never copied as a whole.
    """
    valid = pl.col("errors").list.len() == 0
    repeats = _repeated_references(rows)
    row_number = pl.col("row_number")
    first_row = row_number.replace_strict(
        repeats["row_number"], repeats["first_row"], default=None, return_dtype=pl.Int64
    )
    first_amount = row_number.replace_strict(
        repeats["row_number"], repeats["first_amount"], default=None, return_dtype=pl.Int64
    )
    later = first_row.is_not_null()
    contradicts = later & (pl.col("amount_cents") != first_amount)
    contradiction = _error(
        "bedrag",
        "contradiction",
        pl.format(
            'referentie "{}" staat al in rij {} met een ander bedrag ({}); één referentie heeft per '
            "levering één bedrag — lever bij een gewijzigd bedrag alleen de nieuwe regel",
            pl.col("reference").str.slice(0, 40),
            first_row,
            _euros(first_amount),
        ),
    )
    earlier_keys = earlier.select(
        _key(pl.col("reference").cast(pl.Utf8), pl.col("amount_cents").cast(pl.Int64)).alias("key")
    )["key"]
    delivered_before = _key(pl.col("reference"), pl.col("amount_cents")).is_in(earlier_keys.implode())
    return rows.with_columns(
        pl.when(contradicts)
        .then(pl.concat_list(pl.col("errors"), contradiction))
        .otherwise(pl.col("errors"))
        .alias("errors"),
        pl.when(~valid | contradicts)
        .then(pl.lit(REJECTED))
        .when(later | delivered_before)
        .then(pl.lit(DUPLICATE))
        .otherwise(pl.lit(ACCEPTED))
        .alias("verdict"),
    )


def decide(rows: pl.DataFrame, *, routing: Routing, earlier: pl.DataFrame) -> pl.DataFrame:
    """Validated rows → the same rows with ``municipality_id``, final ``errors`` and ``verdict``."""
    typed = rows.with_columns(
        pl.col("pc4", "reference", "postcode").cast(pl.Utf8), pl.col("amount_cents").cast(pl.Int64)
    )
    return apply_duplicate_rules(route(typed, routing), earlier).sort("row_number")
