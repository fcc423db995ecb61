"""Set-based reads and writes between Polars frames and tables: PostgreSQL ``COPY``, SQLite
``executemany``. No ORM objects per row; callers run these inside their own transaction."""

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from django.db import connection

SchemaDict = Mapping[str, pl.DataType | type[pl.DataType]]


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(name) for name in names)


def _copy_postgresql(frame: pl.DataFrame, table: str, columns: Sequence[str]) -> None:
    # Every text value is quoted, so only a bare \N is NULL and no partner text can become one.
    data = frame.write_csv(include_header=False, null_value="\\N", quote_style="non_numeric")
    target = f"{connection.ops.quote_name(table)} ({_quoted(columns)})"
    sql = f"COPY {target} FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        copy.write(data)


def _sqlite_rows(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    # The sqlite3 module stores dates as ISO text and booleans as 0/1, as Django does.
    return frame.with_columns(
        pl.col(pl.Date).dt.strftime("%Y-%m-%d"),
        pl.col(pl.Datetime).dt.strftime("%Y-%m-%d %H:%M:%S.%f"),
        pl.col(pl.Boolean).cast(pl.Int8),
    ).rows()


def insert_frame(frame: pl.DataFrame, table: str) -> None:
    """Insert every row of ``frame``; its column names are the table's column names."""
    if frame.height == 0:
        return
    if connection.vendor == "postgresql":
        _copy_postgresql(frame, table, frame.columns)
        return
    marks = ", ".join("%s" for _ in frame.columns)
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({_quoted(frame.columns)}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, _sqlite_rows(frame))


def update_frame(frame: pl.DataFrame, table: str, *, key: str = "id") -> None:
    """Set the other columns of ``frame`` on the rows whose ``key`` it holds."""
    if frame.height == 0:
        return
    columns = [column for column in frame.columns if column != key]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        staging = quote(f"staging_{table}")
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {_quoted(frame.columns)} FROM {quote(table)} WITH NO DATA"
            )
            _copy_postgresql(frame, f"staging_{table}", frame.columns)
            assignments = ", ".join(f"{quote(column)} = {staging}.{quote(column)}" for column in columns)
            cursor.execute(
                f"UPDATE {quote(table)} SET {assignments} FROM {staging} "  # noqa: S608
                f"WHERE {quote(table)}.{quote(key)} = {staging}.{quote(key)}"
            )
            cursor.execute(f"DROP TABLE {staging}")
        return
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = f"UPDATE {quote(table)} SET {assignments} WHERE {quote(key)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, _sqlite_rows(frame.select(*columns, key)))


def read_frame(sql: str, params: Sequence[Any], *, schema: SchemaDict) -> pl.DataFrame:
    """The rows of a query as a frame with ``schema`` (one entry per selected column, in order).

    SQLite gives booleans computed in SQL as 0/1; they come out typed as on PostgreSQL.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row", strict=False)
