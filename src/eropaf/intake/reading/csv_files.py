"""CSV deliveries: Polars reads a soundly quoted file quickly; the csv module reads any other file,
and names the line where the quoting breaks when it cannot."""

import csv
import io
import re
from collections.abc import Iterator

import polars as pl

from eropaf.intake.reading.messages import NO_HEADER_CSV
from eropaf.intake.reading.sniffing import decode_text
from eropaf.intake.reading.table import (
    BLANK,
    DeliveryRefused,
    RawTable,
    build_table,
    collector_paused,
    header_width,
    is_blank,
    rows_frame,
)

_DELIMITERS = (";", ",", "\t")  # in order of preference when the header counts tie
_BARE_CARRIAGE_RETURN = re.compile(rb"\r(?:[^\n]|\Z)")
_HEADER_SNIFF_CHARS = 65536


def read_csv(data: bytes) -> RawTable:
    text, encoded = decode_text(data)
    delimiter = _detect_delimiter(text)
    if _polars_reads_as_the_csv_module(encoded, delimiter):
        table = _read_csv_with_polars(text, encoded, delimiter)
        if table is not None:
            return table
    return _read_csv_with_module(text, delimiter)


def _polars_reads_as_the_csv_module(encoded: bytes, delimiter: str) -> bool:
    """Polars only ends lines at \n, and reads broken quoting its own way; both need the csv module.

    Sound quoting: every value is either quoted whole (quotes inside doubled) or holds no quote at
    all; ``"12"a``, ``zeg "hallo"`` or an unclosed quote are not. With few quotes it is quicker to
    take out every sound quoted value and look for a quote left; with many, to match the whole file."""
    if _BARE_CARRIAGE_RETURN.search(encoded):
        return False
    quotes = encoded.count(b'"')
    if quotes == 0:
        return True
    sound_value, sound_file = _SOUND_QUOTING[delimiter]
    if quotes * 4 < encoded.count(delimiter.encode()):
        return b'"' not in sound_value.sub(b"", encoded)
    return sound_file.fullmatch(encoded) is not None


def _sound_quoting(delimiter: str) -> tuple[re.Pattern[bytes], re.Pattern[bytes]]:
    separator = re.escape(delimiter.encode())
    quoted = rb'"(?:[^"]++|"")*+"'
    value = rb"(?:" + quoted + rb'|[^"' + separator + rb"\r\n]*+)"
    return (
        re.compile(
            quoted[:1] + rb"(?<![^" + separator + rb'\n]")' + quoted[1:] + rb"(?![^" + separator + rb"\r\n])"
        ),
        re.compile(value + rb"(?:(?:" + separator + rb"|\r?\n)" + value + rb")*+"),
    )


_SOUND_QUOTING = {delimiter: _sound_quoting(delimiter) for delimiter in _DELIMITERS}


def _detect_delimiter(text: str) -> str:
    """The delimiter that occurs most often outside quotes in the first non-blank line."""
    for match in re.finditer(r"[^\r\n]+", text):
        line = match.group()[:_HEADER_SNIFF_CHARS]
        if not line.strip(BLANK + ';,"'):
            continue
        counts = dict.fromkeys(_DELIMITERS, 0)
        quoted = False
        for character in line:
            if character == '"':
                quoted = not quoted
            elif not quoted and character in counts:
                counts[character] += 1
        return max(_DELIMITERS, key=counts.__getitem__)
    raise DeliveryRefused(NO_HEADER_CSV)


def _lines(text: str) -> Iterator[str]:
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def _first_record(text: str, delimiter: str) -> tuple[int, int, list[str]]:
    """The first non-blank record: its index, the number of lines before it, and its cells."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    lines_before = 0
    for record_index, cells in enumerate(reader):
        if not is_blank(cells):
            return record_index, lines_before, cells
        lines_before = reader.line_num
    raise DeliveryRefused(NO_HEADER_CSV)


def _read_csv_with_polars(text: str, encoded: bytes, delimiter: str) -> RawTable | None:
    """The fast path; None when Polars cannot read the file the way the csv module would."""
    try:
        record_index, lines_before, header = _first_record(text, delimiter)
    except csv.Error:
        return None
    width = header_width(header)
    offset = 0
    for _ in range(lines_before):
        offset = encoded.index(b"\n", offset) + 1
    try:
        frame = pl.read_csv(
            encoded[offset:] if offset else encoded,
            has_header=False,
            separator=delimiter,
            quote_char='"',
            schema={f"f{index}": pl.String for index in range(len(header))},
            # Excel may write thousands of empty columns after the named ones; they are not read.
            columns=list(range(width)),
            truncate_ragged_lines=True,
        )
    except pl.exceptions.PolarsError:
        return None
    if frame.height == 0 or [value or "" for value in frame.row(0)] != header[:width]:
        return None
    frame = (
        frame.with_row_index("row_number", offset=record_index + 1)
        .slice(1)
        .select(
            pl.col("row_number").cast(pl.Int64),
            *(pl.col(f"f{index}").alias(f"c{index}") for index in range(width)),
        )
    )
    return build_table(header[:width], frame, drop_blank_rows=True)


def _read_csv_with_module(text: str, delimiter: str) -> RawTable:
    """Strict first, so that an unclosed quote is reported instead of swallowing the rest of the file;
    then as lenient as Excel about text after a closing quote (``"12"a`` reads as ``12a``)."""
    with collector_paused():
        try:
            return _parse_with_module(text, delimiter, strict=True)
        except _CsvProblem as problem:
            if problem.kind != "quote":
                raise DeliveryRefused(problem.message) from problem
        try:
            return _parse_with_module(text, delimiter, strict=False)
        except _CsvProblem as problem:
            raise DeliveryRefused(problem.message) from problem


class _CsvProblem(Exception):
    def __init__(self, *, kind: str, line: int) -> None:
        reasons = {
            "unclosed": 'een waarde tussen aanhalingstekens (") wordt nergens afgesloten',
            "too_long": (
                f"een waarde is langer dan {csv.field_size_limit()} tekens; waarschijnlijk ontbreekt "
                'een afsluitend aanhalingsteken (")'
            ),
            "quote": 'de aanhalingstekens (") kloppen niet',
        }
        self.kind = kind
        self.message = (
            f"Het CSV-bestand kan niet worden gelezen vanaf regel {line}: {reasons[kind]}. Controleer de "
            "aanhalingstekens en lever het bestand opnieuw aan."
        )
        super().__init__(self.message)


def _parse_with_module(text: str, delimiter: str, *, strict: bool) -> RawTable:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
    header: list[str] = []
    header_row = 0
    rows: list[list[str]] = []
    first_line = 1
    try:
        for cells in reader:
            first_line = reader.line_num + 1
            if header:
                rows.append(cells)
            elif is_blank(cells):
                header_row += 1
            else:
                header = cells
                header_row += 1
    except csv.Error as error:
        reason = str(error)
        kind = (
            "unclosed"
            if "unexpected end of data" in reason
            else "too_long"
            if "field larger than field limit" in reason
            else "quote"
        )
        raise _CsvProblem(kind=kind, line=first_line) from error
    if not header:
        raise DeliveryRefused(NO_HEADER_CSV)
    width = header_width(header)
    # Every record after the header keeps its position; blank ones are dropped with the others.
    row_numbers = list(range(header_row + 1, header_row + 1 + len(rows)))
    return build_table(header[:width], rows_frame(row_numbers, rows, width), drop_blank_rows=True)
