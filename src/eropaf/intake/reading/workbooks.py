"""XLSX deliveries, read defensively: the zip directory and the sheet's extent are checked before
python-calamine unpacks anything, and cells (numbers and dates too) become the text a partner would
have typed."""

import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook

from eropaf.intake.reading.messages import DAMAGED_WORKBOOK, DELIVER_AS, NO_HEADER_XLSX, ZIP_NOT_WORKBOOK
from eropaf.intake.reading.table import (
    DeliveryRefused,
    RawTable,
    build_table,
    collector_paused,
    header_width,
    is_blank,
    rows_frame,
)

_MAX_ZIP_MEMBERS = 10_000
_MAX_COMPRESSION_RATIO = 200
# A member this small cannot be a bomb, and small XML parts legitimately compress very well.
_RATIO_CHECK_FROM_BYTES = 1_000_000
# calamine lays out the sheet as a dense grid of 32-byte cells: 30 million cells is about 1 GB,
# and covers 1,000,000 rows of the 28 format fields.
_MAX_SHEET_CELLS = 30_000_000
_SCAN_CHUNK_BYTES = 32 * 1024 * 1024


def read_xlsx(data: bytes, *, max_uncompressed_bytes: int) -> RawTable:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip_directory(archive, max_uncompressed_bytes=max_uncompressed_bytes)
            _check_sheet_extents(archive)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        raise DeliveryRefused(DAMAGED_WORKBOOK) from error
    with collector_paused():
        return _sheet_table(_first_sheet(data))


def _sheet_table(cells: Sequence[Sequence[object]]) -> RawTable:
    header_index = next((index for index, row in enumerate(cells) if not is_blank(_texts(row))), None)
    if header_index is None:
        raise DeliveryRefused(NO_HEADER_XLSX)
    header = [text or "" for text in _texts(cells[header_index])]
    width = header_width(header)
    # The row number is the one Excel shows; empty rows are dropped with the others.
    rows = [_texts(row[:width]) for row in cells[header_index + 1 :]]
    row_numbers = list(range(header_index + 2, header_index + 2 + len(rows)))
    return build_table(header[:width], rows_frame(row_numbers, rows, width), drop_blank_rows=True)


def _check_zip_directory(archive: zipfile.ZipFile, *, max_uncompressed_bytes: int) -> None:
    members = archive.infolist()
    if len(members) > _MAX_ZIP_MEMBERS:
        raise DeliveryRefused(
            f"Dit zip-bestand bevat meer dan {_MAX_ZIP_MEMBERS} onderdelen en wordt niet uitgepakt. "
            f"{DELIVER_AS}"
        )
    if sum(member.file_size for member in members) > max_uncompressed_bytes:
        raise DeliveryRefused(
            f"Deze Excel-werkmap is uitgepakt groter dan {max_uncompressed_bytes // 1_000_000} MB en wordt "
            "niet gelezen. Lever zo veel signalen aan als CSV of verdeel ze over meer bestanden."
        )
    for member in members:
        if member.file_size >= _RATIO_CHECK_FROM_BYTES and member.file_size > _MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise DeliveryRefused(
                "Deze Excel-werkmap is verdacht sterk gecomprimeerd (een zip-bom?) en wordt niet uitgepakt. "
                f"{DELIVER_AS}"
            )
    if "xl/workbook.xml" not in archive.namelist():
        raise DeliveryRefused(ZIP_NOT_WORKBOOK)


def _first_sheet(data: bytes) -> Sequence[Sequence[object]]:
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            if not workbook.sheet_names:
                raise DeliveryRefused(NO_HEADER_XLSX)
            return workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, TypeError, OSError, IndexError) as error:
        raise DeliveryRefused(DAMAGED_WORKBOOK) from error
    except BaseException as error:
        # The Rust reader turns an internal failure into pyo3's PanicException (a BaseException).
        if type(error).__name__ == "PanicException":
            raise DeliveryRefused(DAMAGED_WORKBOOK) from error
        raise


def _texts(row: Sequence[object]) -> list[str | None]:
    return [value if value.__class__ is str else scalar_text(value) for value in row]


def scalar_text(value: object) -> str | None:
    """An XLSX cell or JSON value as the text a partner would have typed."""
    if value is None:
        return None
    return _TEXT_BY_TYPE.get(type(value), str)(value)


def _integer_text(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # more digits than Python will write out; validation rejects it anyway
        return "(getal te groot)"


def _number_text(value: float) -> str:
    """``12.0`` → ``12``; otherwise the number as Excel shows it at full precision.

    Excel keeps 15 significant digits, so a formula's ``923.1800000000001`` is the 923,18 the
    partner sees in the cell, not an amount with thirteen decimals.
    """
    if value.is_integer() and -(2**53) <= value <= 2**53:
        return str(int(value))
    text = format(value, ".15g")
    return text if "e" not in text else repr(value)


_TEXT_BY_TYPE: dict[type, Callable[[Any], str]] = {
    str: str,
    bool: lambda value: "true" if value else "false",
    int: _integer_text,
    float: _number_text,
    datetime.datetime: lambda value: value.isoformat(sep=" ", timespec="seconds"),
    datetime.date: datetime.date.isoformat,
    datetime.time: datetime.time.isoformat,
}


# calamine places a cell at its ``r`` reference, or one past the previous cell (and row) when there
# is none, and allocates the whole rectangle up to the furthest one. Excel, LibreOffice and openpyxl
# write every cell as ``<c r="B7" s="1" t="s">``: such parts are measured with fast literal searches.
# Any other spelling makes the part "irregular", and it is measured with slower, conservative counts.
_IRREGULAR_CELL = re.compile(
    rb'<c(?:[>/\t\r\n]| (?!r="[A-Z]{1,3}[0-9]{1,7}"(?: (?:s|t|cm|vm|ph)="[^"<>]*")* ?/?>))'
)
_PREFIXED_CELL_OR_ROW = re.compile(rb":(?:c|row)[\s/>]")
_TWO_OR_MORE_LETTER_COLUMN = re.compile(rb'<c r="([A-Z]{2,3})[0-9]')
_LONG_ROW = re.compile(rb'<c r="[A-Z]+([0-9]{6,})"')
_ANY_ROW = re.compile(rb'<c r="[A-Z]+([0-9]+)"')
_TAG_PREFIX = rb"(?:[A-Za-z_][\w.\-]*:)?"
_ATTRIBUTE_NOT_R = rb"""\s+(?!r[\s=/>])[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?"""
_CELL_WITHOUT_R = re.compile(rb"<" + _TAG_PREFIX + rb"c(?:" + _ATTRIBUTE_NOT_R + rb")*\s*/?>")
_ROW_WITHOUT_R = re.compile(rb"<" + _TAG_PREFIX + rb"row(?:" + _ATTRIBUTE_NOT_R + rb")*\s*/?>")
_ANY_R = re.compile(rb"""\sr\s*=\s*["']?\s*\$?([A-Za-z]*)\$?([0-9]*)""")


def _check_sheet_extents(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook any part of which would make calamine allocate more than the cell limit.

    Every part is measured, not only the first sheet, so the workbook's relations need no parsing."""
    for member in archive.infolist():
        extents = [_regular_extent(chunk) for chunk in _chunks(archive, member)]
        if all(extent is not None for extent in extents):
            rows = max((extent[0] for extent in extents if extent is not None), default=0)
            columns = max((extent[1] for extent in extents if extent is not None), default=0)
        else:
            rows, columns = _irregular_extent(archive, member)
        if rows * columns > _MAX_SHEET_CELLS:
            raise DeliveryRefused(
                "Het werkblad is te groot om in te lezen: de cellen beslaan meer dan "
                f"{_MAX_SHEET_CELLS // 1_000_000} miljoen vakjes. Verwijder lege rijen en kolommen onder "
                "en rechts van de gegevens, of lever het bestand aan als CSV."
            )


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in pieces cut before a ``<``, so no tag is split."""
    rest = b""
    with archive.open(member) as stream:
        while piece := stream.read(_SCAN_CHUNK_BYTES):
            piece = rest + piece
            cut = piece.rfind(b"<")
            if cut <= 0:
                rest = piece
                continue
            yield piece[:cut]
            rest = piece[cut:]
    if rest:
        yield rest


def _regular_extent(chunk: bytes) -> tuple[int, int] | None:
    """(furthest row, furthest column) when every cell has a plain reference, else None.

    The row is exact from 100,000 on; below that 99,999 bounds it, unless the sheet is so wide that
    the bound would matter."""
    if _IRREGULAR_CELL.search(chunk) or _PREFIXED_CELL_OR_ROW.search(chunk):
        return None
    wide_columns = set(_TWO_OR_MORE_LETTER_COLUMN.findall(chunk))
    columns = max(map(_column_index, wide_columns), default=26)
    long_rows = set(_LONG_ROW.findall(chunk))
    if long_rows:
        rows = max(map(_row_index, long_rows))
    elif columns * 99_999 > _MAX_SHEET_CELLS:
        rows = max(map(_row_index, set(_ANY_ROW.findall(chunk))), default=0)
    else:
        rows = 99_999
    return rows, columns


def _irregular_extent(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> tuple[int, int]:
    """Bounds for any spelling: the furthest reference anywhere, plus one row (cell) for every row
    (cell) without a reference, as each of those may sit one past the furthest."""
    rows = columns = rows_without_r = cells_without_r = 0
    for chunk in _chunks(archive, member):
        references = _ANY_R.findall(chunk)
        if references:
            letters, digits = zip(*references, strict=True)
            rows = max(rows, *map(_row_index, set(digits)))
            columns = max(columns, *map(_column_index, set(letters)))
        rows_without_r += len(_ROW_WITHOUT_R.findall(chunk))
        cells_without_r += len(_CELL_WITHOUT_R.findall(chunk))
    return rows + rows_without_r, columns + cells_without_r


def _column_index(letters: bytes) -> int:
    if len(letters) > 4:
        return 10**9
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index


def _row_index(digits: bytes) -> int:
    return int(digits) if 0 < len(digits) <= 9 else (0 if not digits else 10**9)
