"""Writing the rows of a delivery as a CSV or XLSX file."""

import datetime as dt
import io
from pathlib import Path
from typing import IO, Literal

import polars as pl
from openpyxl import Workbook

from eropaf.demo.delivery_files.partners import DeliveryPartner
from eropaf.demo.delivery_files.rows import GeneratedDelivery, delivery_rows
from eropaf.intake.fields import FIELD_NAMES

FileFormat = Literal["csv", "xlsx"]


def write_delivery_file(
    target: str | Path | IO[bytes],
    *,
    rows: int,
    partner: DeliveryPartner,
    seed: int,
    today: dt.date,
    broken_share: float = 0.02,
    file_format: FileFormat = "csv",
    delimiter: str = ";",
    bom: bool = False,
) -> GeneratedDelivery:
    """Write a delivery file of ``rows`` rows in the signal delivery format; see ``delivery_rows``."""
    built = delivery_rows(rows=rows, partner=partner, seed=seed, today=today, broken_share=broken_share)
    if isinstance(target, str | Path):
        with Path(target).open("wb") as handle:
            _write(built.frame, handle, file_format=file_format, delimiter=delimiter, bom=bom)
    else:
        _write(built.frame, target, file_format=file_format, delimiter=delimiter, bom=bom)
    return built.generated


def _write(
    frame: pl.DataFrame, handle: IO[bytes], *, file_format: FileFormat, delimiter: str, bom: bool
) -> None:
    if file_format == "csv":
        if bom:
            handle.write("\ufeff".encode())
        # Empty fields are written as nothing at all, as spreadsheet exports do.
        empty_as_null = [pl.when(pl.col(name) != "").then(pl.col(name)).alias(name) for name in FIELD_NAMES]
        frame.select(empty_as_null).write_csv(handle, separator=delimiter)
    elif file_format == "xlsx":
        _write_xlsx(frame, handle)
    else:
        raise ValueError(f"unknown file format {file_format!r}: csv or xlsx")


def _write_xlsx(frame: pl.DataFrame, handle: IO[bytes]) -> None:
    """Dates and amounts as Excel date and number cells, as spreadsheet exports store them."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Signalen")
    sheet.append(list(FIELD_NAMES))
    typed = [f"_{name}" if f"_{name}" in frame.columns else None for name in FIELD_NAMES]
    for row in frame.select(*FIELD_NAMES, *(name for name in typed if name)).iter_rows(named=True):
        sheet.append(
            [
                row[cell] if cell is not None and row[cell] is not None else (row[name] or None)
                for name, cell in zip(FIELD_NAMES, typed, strict=True)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    handle.write(buffer.getvalue())
