"""The raw table every channel produces, and the refusal of a delivery that cannot be read.

Rows become a frame of String columns; empty values become null, blank rows go, and the columns are
matched to the format's fields."""

import contextlib
import gc
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import polars as pl

from eropaf.intake.fields import REQUIRED_FIELD_NAMES, canonical_field
from eropaf.intake.reading.messages import REQUIRED_LIST

# What counts as nothing in a cell when deciding that a row is blank; values themselves stay as given.
BLANK = " \t\r\n\x0b\x0c\xa0"
_MAX_COLUMNS = 1_000  # the format has 28 fields; far more is no delivery (and slow to lay out)


class DeliveryRefused(Exception):
    """The delivery cannot be read at all; nothing is stored. ``message`` is plain Dutch for the partner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RawTable:
    frame: pl.DataFrame
    """``row_number`` (Int64) and one String column per file column, ``c0``, ``c1``, … in file order;
    values as given, null when empty."""
    headers: tuple[str, ...]
    """The header texts as in the file, one per ``cN`` column. Columns with neither a name nor a
    value (empty cells after the last name, an empty margin column) are left out."""
    field_columns: dict[str, str]
    """Canonical field name → ``cN``; the first column wins when two headers fold to the same field."""
    unknown_headers: tuple[str, ...]
    """Headers that are no field of the format (or repeat one), in file order."""

    def fields_frame(self) -> pl.DataFrame:
        """``row_number`` and each recognised column, named after its field."""
        return self.frame.select(
            "row_number", *(pl.col(column).alias(field) for field, column in self.field_columns.items())
        )

    def original_rows(self, row_numbers: Sequence[int]) -> dict[int, dict[str, str]]:
        """The rows as the partner gave them, header → value ("" when empty), e.g. to send back.

        When two columns share a header text, the first one's value is kept."""
        wanted = self.frame.filter(pl.col("row_number").is_in(list(set(row_numbers))))
        rows: dict[int, dict[str, str]] = {}
        for row_number, *values in wanted.iter_rows():
            original: dict[str, str] = {}
            for header, value in zip(self.headers, values, strict=True):
                original.setdefault(header, value or "")
            rows[row_number] = original
        return rows


def is_blank(cells: Sequence[str | None]) -> bool:
    return all(not cell or not cell.strip(BLANK) for cell in cells)


def header_width(header: Sequence[str]) -> int:
    """Trailing columns without a name (``a;b;c;;``) are no columns; too many named ones is no header."""
    width = len(header)
    while width and not header[width - 1].strip(BLANK + "\ufeff"):
        width -= 1
    if width > _MAX_COLUMNS:
        raise DeliveryRefused(
            f"De kopregel heeft {width} kolommen; meer dan {_MAX_COLUMNS} wordt niet gelezen. Controleer "
            "of de eerste regel de kolomnamen bevat en of het scheidingsteken klopt."
        )
    return width


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """While a million rows are made into lists, the cyclic garbage collector would walk them again
    and again (they cannot form cycles); reference counting still frees everything meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def rows_frame(row_numbers: list[int], rows: Sequence[Sequence[str | None]], width: int) -> pl.DataFrame:
    """Rows cut or padded with nulls to the header's width, as a frame of String columns."""
    fitted = [
        row
        if len(row) == width
        else row[:width]
        if len(row) > width
        else [*row, *([None] * (width - len(row)))]
        for row in rows
    ]
    columns = list(zip(*fitted, strict=True)) if fitted else [() for _ in range(width)]
    return pl.DataFrame(
        [
            pl.Series("row_number", row_numbers, dtype=pl.Int64),
            *(pl.Series(f"c{index}", column, dtype=pl.String) for index, column in enumerate(columns)),
        ]
    )


def build_table(header: Sequence[str], frame: pl.DataFrame, *, drop_blank_rows: bool) -> RawTable:
    """Empty values become null, blank rows go, and the columns are matched to the format's fields."""
    names = [f"c{index}" for index in range(len(header))]
    frame = frame.with_columns(
        pl.when(pl.col(name).str.len_bytes() == 0).then(None).otherwise(pl.col(name)).alias(name)
        for name in names
    )
    if drop_blank_rows:
        frame = _without_blank_rows(frame, names)
    headers = [text.lstrip("\ufeff") for text in header]
    # A column with neither a name nor a value (a margin column in Excel) is no column.
    keep = [
        index
        for index, text in enumerate(headers)
        if text.strip(BLANK) or frame.get_column(names[index]).null_count() < frame.height
    ]
    frame = frame.select(
        "row_number", *(pl.col(names[index]).alias(f"c{position}") for position, index in enumerate(keep))
    )
    headers = [headers[index] for index in keep]
    field_columns: dict[str, str] = {}
    unknown: list[str] = []
    for position, text in enumerate(headers):
        field = canonical_field(text)
        if field is not None and field not in field_columns:
            field_columns[field] = f"c{position}"
        elif text.strip(BLANK):
            unknown.append(text)
    missing = [field for field in REQUIRED_FIELD_NAMES if field not in field_columns]
    if missing:
        raise DeliveryRefused(_missing_columns_message(missing, headers))
    return RawTable(
        frame=frame, headers=tuple(headers), field_columns=field_columns, unknown_headers=tuple(unknown)
    )


def _without_blank_rows(frame: pl.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    """Column by column, so that a full file pays for about one column: few rows survive the first."""
    blank = frame.select("row_number", *names)
    for name in names:
        blank = blank.filter((pl.col(name).str.strip_chars(BLANK).str.len_bytes() == 0).fill_null(value=True))
        if blank.height == 0:
            return frame
    return frame.filter(~pl.col("row_number").is_in(blank.get_column("row_number").to_list()))


def _missing_columns_message(missing: Sequence[str], headers: Sequence[str]) -> str:
    quoted = [f'"{field}"' for field in missing]
    if len(quoted) == 1:
        what = f"De kolom {quoted[0]} ontbreekt."
    else:
        what = f"De kolommen {', '.join(quoted[:-1])} en {quoted[-1]} ontbreken."
    found = [text.strip(BLANK) for text in headers if text.strip(BLANK)]
    shown = ", ".join(text[:60] for text in found[:40]) + (", …" if len(found) > 40 else "")
    message = f"{what} Gevonden kolommen: {shown or '(geen)'}. Verplichte kolommen: {REQUIRED_LIST}."
    if len(found) == 1:
        message += " Er is maar één kolom gevonden: controleer het scheidingsteken (puntkomma, komma of tab)."
    return message
