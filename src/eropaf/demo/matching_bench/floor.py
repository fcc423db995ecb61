"""The floor: the same grouping and classification as one Polars computation, nothing stored.

One query reads the month and its history (the windows) into a frame, the way the engine reads,
and one more the BAG ids that signals outside those months gave (the household keys must be the
engine's); the household keys and ``classify`` then group and classify. The in-memory variant
classifies frames already loaded, so that the floor's own reading cost shows.
"""

import datetime as dt
import statistics
import time
from dataclasses import dataclass

import polars as pl

from eropaf.core.bulk import SchemaDict, read_frame
from eropaf.core.periods import shift_months
from eropaf.intake.models import Signal
from eropaf.matching.classification import CURRENT_SCHEMA, Classified, Windows, classify
from eropaf.matching.households import with_household_keys

_SCHEMA: SchemaDict = {
    "period": pl.Date(),
    **CURRENT_SCHEMA,
    "bag_address_id": pl.String(),
    "postcode": pl.String(),
}


@dataclass(frozen=True)
class FloorRun:
    seconds: float
    """Reading (the rows, and the BAG ids of the other months) and classifying."""
    read_seconds: float
    classify_seconds: float
    rows: int
    cases: int
    in_memory_seconds: float
    """Classifying the loaded frames only: the median of ``in_memory_runs``."""
    in_memory_runs: int


def read_month_and_history(*, municipality_id: int, period: dt.date, windows: Windows) -> pl.DataFrame:
    """The month's signals and those of the windows before it, in one query."""
    sql = (
        "SELECT period, id, address_key, partner_id, reference, signal_type, amount_cents, "  # noqa: S608
        "is_crisis, is_end_of_supply, withdrawn_at IS NOT NULL, bag_address_id, postcode "
        f"FROM {Signal._meta.db_table} "
        "WHERE municipality_id = %s AND period >= %s AND period <= %s"
    )
    since = shift_months(period, -windows.history_months)
    return read_frame(sql, [municipality_id, since, period], schema=_SCHEMA)


def read_other_bag_ids(*, municipality_id: int, period: dt.date, windows: Windows) -> pl.DataFrame:
    """The (address key, BAG id) pairs of the signals outside the month and its windows."""
    sql = (
        f"SELECT DISTINCT address_key, bag_address_id FROM {Signal._meta.db_table} "  # noqa: S608
        "WHERE municipality_id = %s AND bag_address_id <> '' AND (period < %s OR period > %s)"
    )
    since = shift_months(period, -windows.history_months)
    schema = {"address_key": pl.String(), "bag_address_id": pl.String()}
    return read_frame(sql, [municipality_id, since, period], schema=schema)


def _split(
    rows: pl.DataFrame, other_bag_ids: pl.DataFrame, period: dt.date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    known = pl.concat([rows.select("address_key", "bag_address_id"), other_bag_ids])
    rows = with_household_keys(rows, known)
    month = pl.col("period") == period
    return rows.filter(month).drop("period"), rows.filter(~month)


def measure_floor(
    *, municipality_id: int, period: dt.date, windows: Windows, in_memory_runs: int = 3
) -> tuple[FloorRun, Classified]:
    """The floor, and its classification (the naive baseline is checked against it)."""
    started = time.perf_counter()
    rows = read_month_and_history(municipality_id=municipality_id, period=period, windows=windows)
    other_bag_ids = read_other_bag_ids(municipality_id=municipality_id, period=period, windows=windows)
    read = time.perf_counter()
    current, history = _split(rows, other_bag_ids, period)
    classified = classify(current, history, period=period, windows=windows)
    ended = time.perf_counter()
    in_memory = []
    for _ in range(max(1, in_memory_runs)):
        mark = time.perf_counter()
        classify(current, history, period=period, windows=windows)
        in_memory.append(time.perf_counter() - mark)
    run = FloorRun(
        seconds=round(ended - started, 3),
        read_seconds=round(read - started, 3),
        classify_seconds=round(ended - read, 3),
        rows=rows.height,
        cases=classified.cases.height,
        in_memory_seconds=round(statistics.median(in_memory), 3),
        in_memory_runs=len(in_memory),
    )
    return run, classified
