"""The floor: a bare Polars read of the file with the simplest vectorised checks."""

import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from eropaf.intake.fields import REQUIRED_FIELD_NAMES

# The floor: what reading the file and the simplest vectorised checks cost, without storing.
_FLOOR_POSTCODE = r"^[1-9][0-9]{3} ?[A-Z]{2}$"
_FLOOR_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y%m%d")


@dataclass(frozen=True)
class FloorRun:
    rows: int
    seconds: float
    failing: int
    """Rows the simple checks reject (fewer than ours: they check less)."""


def measure_floor(path: Path, *, delimiter: str = ";") -> FloorRun:
    """A bare ``pl.read_csv`` (all text) plus required fields, a postcode pattern and a date parse."""
    started = time.perf_counter()
    frame = pl.read_csv(path, separator=delimiter, infer_schema=False)
    arrear_start = pl.col("ontstaansdatum").str.strip_chars()
    checks = frame.select(
        pl.all_horizontal(pl.col(REQUIRED_FIELD_NAMES).str.strip_chars().str.len_chars() > 0).alias(
            "complete"
        ),
        pl.col("postcode")
        .str.strip_chars()
        .str.to_uppercase()
        .str.contains(_FLOOR_POSTCODE)
        .alias("postcode"),
        pl.coalesce(
            [arrear_start.str.strptime(pl.Date, pattern, strict=False) for pattern in _FLOOR_DATE_FORMATS]
        )
        .is_not_null()
        .alias("date"),
    )
    failing = checks.filter(~pl.all_horizontal(pl.all().fill_null(value=False))).height
    return FloorRun(rows=frame.height, seconds=round(time.perf_counter() - started, 3), failing=failing)
