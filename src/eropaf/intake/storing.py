"""Storing a delivery's accepted signals in bulk (``core.bulk``: PostgreSQL ``COPY``, SQLite ``executemany``).

Called inside the delivery's transaction; a failure anywhere leaves nothing behind.
"""

import datetime as dt
from collections.abc import Callable

import polars as pl

from eropaf.core.bulk import insert_frame
from eropaf.core.vocabularies import SignalStatus
from eropaf.intake.models import Signal

CHUNK_ROWS = 50_000

# Signal columns taken from the decided rows, as named by ``validate_rows``.
ROW_COLUMNS = (
    "row_number",
    "reference",
    "signal_type",
    "arrear_start_date",
    "signal_date",
    "amount_cents",
    "instalment_cents",
    "months_in_arrears",
    "is_crisis",
    "is_end_of_supply",
    "is_warm_handover",
    "bsn",
    "initials",
    "first_names",
    "surname_prefix",
    "surname",
    "birth_date",
    "street",
    "house_number",
    "house_letter",
    "house_number_addition",
    "postcode",
    "city",
    "address_key",
    "bag_address_id",
    "phone",
    "email",
    "customer_number",
    "summons_date",
    "judgment_date",
    "eviction_date",
    "municipality_id",
)


def _signal_frame(rows: pl.DataFrame, *, delivery_id: int, partner_id: int, period: dt.date) -> pl.DataFrame:
    return rows.select(
        pl.lit(delivery_id, dtype=pl.Int64).alias("delivery_id"),
        pl.lit(partner_id, dtype=pl.Int64).alias("partner_id"),
        pl.lit(period, dtype=pl.Date).alias("period"),
        pl.lit(str(SignalStatus.NOT_YET_PICKED_UP)).alias("status"),
        pl.lit("").alias("withdrawal_reason"),
        *ROW_COLUMNS,
    )


def _column_names(frame: pl.DataFrame) -> list[str]:
    by_attname = {field.attname: str(field.column) for field in Signal._meta.concrete_fields}
    return [by_attname[name] for name in frame.columns]


def store_signals(
    rows: pl.DataFrame,
    *,
    where: pl.Expr | None = None,
    delivery_id: int,
    partner_id: int,
    period: dt.date,
    on_chunk: Callable[[int], None] | None = None,
) -> int:
    """Insert the rows (those matching ``where``) as signals of the delivery; returns how many.

    Chunk by chunk, so a million rows never exist twice in memory.
    """
    table = Signal._meta.db_table
    stored = 0
    for chunk in rows.iter_slices(CHUNK_ROWS):
        selected = chunk if where is None else chunk.filter(where)
        frame = _signal_frame(selected, delivery_id=delivery_id, partner_id=partner_id, period=period)
        insert_frame(frame.rename(dict(zip(frame.columns, _column_names(frame), strict=True))), table)
        stored += frame.height
        if on_chunk is not None:
            on_chunk(stored)
    return stored
