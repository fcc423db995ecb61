"""The rejected rows of a delivery as a file the partner can correct and deliver again.

Boundary module: the column names ``rij`` and ``foutmelding`` are partner-facing Dutch. Both files
read back through :func:`eropaf.intake.reading.read_delivery_file` with the same fields; ``rij`` and
``foutmelding`` are then unknown columns, ignored with the usual warning.

Every value is neutralised against formula injection, in both formats: a spreadsheet program must
never run a partner's (or an attacker's) ``=HYPERLINK(…)`` when a municipality or partner opens it.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from eropaf.intake.fields import fold_header

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ROW_COLUMN = "rij"
MESSAGE_COLUMN = "foutmelding"
SHEET_TITLE = "Afgekeurde rijen"
_EXCEL_MAX_CELL_CHARS = 32_767
_EXPORT_COLUMNS = {fold_header(ROW_COLUMN), fold_header(MESSAGE_COLUMN)}


def neutralise_formula(value: str) -> str:
    """``=1+2`` → ``'=1+2``: a leading apostrophe makes a spreadsheet show the text, not run it."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


@dataclass(frozen=True)
class RejectedRowOut:
    row_number: int
    values: Mapping[str, str]
    """Header → the value as the partner gave it."""
    message: str
    """All messages of the row, joined with "; "."""


def rejected_rows_csv(headers: Sequence[str], rows: Iterable[RejectedRowOut]) -> bytes:
    """UTF-8 with BOM (so Excel recognises the encoding), ``;``-separated, ``\\r\\n`` line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for record in _records(headers, rows):
        writer.writerow(record)
    return buffer.getvalue().encode("utf-8-sig")


def rejected_rows_xlsx(headers: Sequence[str], rows: Iterable[RejectedRowOut]) -> bytes:
    """One sheet, every cell a text cell, so that a postcode or a leading zero stays as given."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    bold = Font(bold=True)
    records = _records(headers, rows)
    header_cells = []
    for text in next(records):
        cell = WriteOnlyCell(sheet, value=_excel_text(text))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for record in records:
        sheet.append([_excel_text(value) for value in record])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _records(headers: Sequence[str], rows: Iterable[RejectedRowOut]) -> Iterator[list[str]]:
    """The header, then one list per row: ``rij``, the original columns, ``foutmelding``.

    Original ``rij`` and ``foutmelding`` columns (a corrected export delivered again) are left out, so
    that they do not pile up with every round."""
    columns = [header for header in headers if fold_header(header) not in _EXPORT_COLUMNS]
    yield [neutralise_formula(text) for text in (ROW_COLUMN, *columns, MESSAGE_COLUMN)]
    for row in rows:
        values = (str(row.row_number), *(row.values.get(header, "") for header in columns), row.message)
        yield [neutralise_formula(value) for value in values]


def _excel_text(value: str) -> str:
    """XML cannot hold most control characters, and Excel refuses cells over 32,767 characters."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:_EXCEL_MAX_CELL_CHARS]
