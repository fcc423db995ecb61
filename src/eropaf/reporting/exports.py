"""Tables of figures, shown on a page and downloaded as CSV or XLSX. Pure: no ORM.

A :class:`Table` is what a report page draws and what its download holds, so the file always has
the numbers the page shows. Every text cell is neutralised against formula injection in both
formats, as the rejected rows of a delivery are (``intake.exports``): a spreadsheet program must
never run a partner's, a district's or a resident's ``=HYPERLINK(…)``. Numbers stay numbers.
"""

import csv
import enum
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from eropaf.intake.exports import neutralise_formula
from eropaf.triage.charts import format_number

Cell = str | int | float | None
"""A text, a count, a percentage or a rate; None when there is nothing to divide by."""

SMALL_COUNT = 10
"""Below this many cases (or attempts) a share says little: the row is flagged."""
NOTHING = "–"
_EXCEL_MAX_CELL_CHARS = 32_767


class SheetFormat(enum.StrEnum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def content_type(self) -> str:
        if self is SheetFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Kind(enum.Enum):
    TEXT = "text"
    COUNT = "count"
    PERCENT = "percent"
    """A share in percent, one decimal."""
    RATE = "rate"
    """A ratio such as signals per 1,000 inhabitants, two decimals."""


DECIMALS = {Kind.PERCENT: 1, Kind.RATE: 2}


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = Kind.COUNT
    key: str = ""
    """What the column counts, where a chart needs it (a partner type's code for its colour)."""

    @property
    def is_numeric(self) -> bool:
        return self.kind is not Kind.TEXT


@dataclass(frozen=True)
class TableRow:
    cells: tuple[Cell, ...]
    is_small: bool = False
    """Fewer than ``SMALL_COUNT`` cases behind the shares of this row."""
    is_total: bool = False


@dataclass(frozen=True)
class DisplayCell:
    text: str
    is_numeric: bool


@dataclass(frozen=True)
class DisplayRow:
    head: str
    cells: list[DisplayCell]
    is_small: bool
    is_total: bool


@dataclass(frozen=True)
class Table:
    """One table of a report page; ``key`` is stable: it names the download and the HTML ids."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]
    definition: str = ""
    """How the figures are counted, shown next to them."""
    flags_small: bool = False
    small_label: str = "small number"
    """The header of the flag column in a download (translated by the caller)."""
    yes: str = "yes"

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"table {self.key!r}: a row has {len(row.cells)} cells for {len(self.columns)}"
                )

    @property
    def is_empty(self) -> bool:
        return not self.rows

    def display(self) -> list[DisplayRow]:
        """The rows as Dutch text for the page: ``1.234``, ``12,5%``, ``–``."""
        return [
            DisplayRow(
                head=format_cell(row.cells[0], self.columns[0].kind),
                cells=[
                    DisplayCell(format_cell(cell, column.kind), column.is_numeric)
                    for cell, column in zip(row.cells[1:], self.columns[1:], strict=True)
                ],
                is_small=row.is_small,
                is_total=row.is_total,
            )
            for row in self.rows
        ]

    def column_values(self, index: int) -> list[float]:
        """The numbers of a column over the rows that are not totals (None as 0), for a chart."""
        values = []
        for row in self.rows:
            if row.is_total:
                continue
            value = row.cells[index]
            values.append(float(value) if isinstance(value, int | float) else 0.0)
        return values

    def row_heads(self) -> list[str]:
        return [str(row.cells[0]) for row in self.rows if not row.is_total]


def format_cell(value: Cell, kind: Kind) -> str:
    if value is None:
        return NOTHING
    if kind is Kind.TEXT or isinstance(value, str):
        return str(value)
    if kind in DECIMALS:
        text = format_number(half_up(value, DECIMALS[kind]), decimals=DECIMALS[kind])
        return f"{text}%" if kind is Kind.PERCENT else text
    return format_number(value)


def half_up(value: float, decimals: int) -> float:
    """Rounded as people do (0.175 → 0.18), not as binary floats do (0.17)."""
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def share(part: int, whole: int) -> float | None:
    """``part`` as a percentage of ``whole``; None when there is nothing to divide by."""
    return None if whole == 0 else 100 * part / whole


def _header(table: Table) -> list[str]:
    labels = [column.label for column in table.columns]
    return [*labels, table.small_label] if table.flags_small else labels


def _csv_value(value: Cell, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if kind in DECIMALS:
        # A decimal comma: the file is ";"-separated for a Dutch spreadsheet program.
        return format_number(half_up(value, DECIMALS[kind]), decimals=DECIMALS[kind], grouped=False)
    return str(int(value))


def table_csv(table: Table) -> bytes:
    """UTF-8 with BOM, ``;``-separated, ``\\r\\n`` line ends: what Excel in Dutch opens as is."""
    return rows_csv(
        _header(table),
        (
            [_csv_value(cell, column.kind) for cell, column in zip(row.cells, table.columns, strict=True)]
            + ([table.yes if row.is_small else ""] if table.flags_small else [])
            for row in table.rows
        ),
    )


def rows_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """Text rows as CSV; every value neutralised (a neutralised value is left as it is)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise_formula(text) for text in header])
    for row in rows:
        writer.writerow([neutralise_formula(text) for text in row])
    return buffer.getvalue().encode("utf-8-sig")


_SHEET_TITLE_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE_UNSAFE.sub(" ", title).strip()[:31] or "Tabel"


def table_xlsx(table: Table) -> bytes:
    """One sheet; counts and shares as numbers (shares rounded to one decimal), texts as text."""
    rows: list[list[Cell]] = [
        [
            half_up(cell, DECIMALS[column.kind])
            if isinstance(cell, float) and column.kind in DECIMALS
            else cell
            for cell, column in zip(row.cells, table.columns, strict=True)
        ]
        + ([table.yes if row.is_small else ""] if table.flags_small else [])
        for row in table.rows
    ]
    return rows_xlsx(_sheet_title(table.title), _header(table), rows)


def rows_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    bold = Font(bold=True)
    header_cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=_excel_text(neutralise_formula(text)))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_text(value: str) -> str:
    """XML cannot hold most control characters, and Excel refuses cells over 32,767 characters."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)[:_EXCEL_MAX_CELL_CHARS]


def _xlsx_value(value: Cell) -> Cell:
    if isinstance(value, str):
        # openpyxl stores a text starting with "=" as a formula; neutralised, it never does.
        return _excel_text(neutralise_formula(value))
    return value


def table_file(table: Table, sheet_format: SheetFormat) -> bytes:
    return table_csv(table) if sheet_format is SheetFormat.CSV else table_xlsx(table)
