"""Storing a delivery's accepted signals in bulk: PostgreSQL ``COPY``, SQLite ``executemany``.

Called inside the delivery's transaction; a failure anywhere leaves nothing behind.
"""

import datetime as dt
from collections.abc import Callable

import polars as pl
from django.db import connection

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


def _copy_postgresql(frame: pl.DataFrame, table: str, columns: list[str]) -> None:
    # Every text value is quoted, so only a bare \N is NULL and no partner text can become one.
    data = frame.write_csv(include_header=False, null_value="\\N", quote_style="non_numeric")
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.copy(
            f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        ) as copy,
    ):
        copy.write(data)


def _insert_sqlite(frame: pl.DataFrame, table: str, columns: list[str]) -> None:
    # The sqlite3 module stores dates as ISO text and booleans as 0/1, as Django does.
    prepared = frame.with_columns(
        pl.col(pl.Date).dt.strftime("%Y-%m-%d"),
        pl.col(pl.Boolean).cast(pl.Int8),
    )
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    marks = ", ".join("%s" for _ in columns)
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared.rows())


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
    insert = _copy_postgresql if connection.vendor == "postgresql" else _insert_sqlite
    stored = 0
    for chunk in rows.iter_slices(CHUNK_ROWS):
        selected = chunk if where is None else chunk.filter(where)
        frame = _signal_frame(selected, delivery_id=delivery_id, partner_id=partner_id, period=period)
        if frame.height:
            insert(frame, table, _column_names(frame))
        stored += frame.height
        if on_chunk is not None:
            on_chunk(stored)
    return stored
