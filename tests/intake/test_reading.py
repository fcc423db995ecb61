"""Reading delivery files and JSON bodies into raw tables, or refusing them (pure logic, no database)."""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from typing import TypeVar

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from eropaf.intake.fields import FIELD_NAMES, REQUIRED_FIELD_NAMES
from eropaf.intake.reading import DeliveryRefused, RawTable, read_delivery_file, read_json_delivery

HEADER = "referentie;ontstaansdatum;bedrag;achternaam;huisnummer;postcode"
ROW = "A-1;2025-01-15;120,50;Jansen;12;1234 AB"
REQUIRED_LIST = "referentie, ontstaansdatum, bedrag, achternaam, huisnummer, postcode"


def read(data: bytes | str, file_name: str = "levering.csv", **options: int) -> RawTable:
    raw = data.encode() if isinstance(data, str) else data
    return read_delivery_file(raw, file_name=file_name, **options)


def refusal(data: bytes | str, file_name: str = "levering.csv", **options: int) -> str:
    with pytest.raises(DeliveryRefused) as refused:
        read(data, file_name, **options)
    assert str(refused.value) == refused.value.message
    return refused.value.message


T = TypeVar("T")


def table_or_refusal(read: Callable[[], T]) -> T | DeliveryRefused:
    try:
        return read()
    except DeliveryRefused as refused:
        return refused


def values(table: RawTable) -> list[tuple[object, ...]]:
    return table.frame.rows()


Cell = bool | float | str | dt.date | None


def workbook(rows: list[list[Cell]], *, first_row: int = 1, first_column: int = 1) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row_offset, row in enumerate(rows):
        for column_offset, value in enumerate(row):
            if value is not None:
                sheet.cell(row=first_row + row_offset, column=first_column + column_offset, value=value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_with_sheet_data(sheet_data: str) -> bytes:
    """A real workbook whose first sheet's <sheetData> is replaced by hand-written XML."""
    original = zipfile.ZipFile(io.BytesIO(workbook([["x"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as crafted:
        for name in original.namelist():
            content = original.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb"<sheetData>.*</sheetData>|<sheetData\s*/>",
                    f"<sheetData>{sheet_data}</sheetData>".encode(),
                    content,
                    flags=re.DOTALL,
                )
            crafted.writestr(name, content)
    return buffer.getvalue()


def inline(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


REQUIRED_ROW_XML = '<row r="1">' + "".join(
    inline(f"{letter}1", field) for letter, field in zip("ABCDEF", REQUIRED_FIELD_NAMES, strict=True)
)


# --- CSV -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_each_delimiter_is_detected_from_the_header(delimiter: str) -> None:
    data = (
        HEADER.replace(";", delimiter)
        + "\n"
        + "A-1;2025-01-15;120.50;Jansen;12;1234 AB".replace(";", delimiter)
    )

    table = read(data)

    assert table.headers == tuple(REQUIRED_FIELD_NAMES)
    assert values(table) == [(2, "A-1", "2025-01-15", "120.50", "Jansen", "12", "1234 AB")]


def test_delimiter_inside_quotes_does_not_count_and_semicolon_wins_a_tie() -> None:
    table = read(f'{HEADER};"opmerking, vrij, met, veel, komma\'s, erin, zeg, maar"\n{ROW};ok')

    assert table.headers[-1] == "opmerking, vrij, met, veel, komma's, erin, zeg, maar"
    assert table.frame.row(0)[3] == "120,50"

    tie = refusal("referentie;ontstaansdatum,bedrag;achternaam,huisnummer\nA;B,C;D,E")
    assert "Gevonden kolommen: referentie, ontstaansdatum,bedrag, achternaam,huisnummer." in tie


def test_utf8_bom_is_stripped_from_the_first_header() -> None:
    table = read(b"\xef\xbb\xbf" + f"{HEADER}\n{ROW}\n".encode())

    assert table.headers[0] == "referentie"
    assert table.field_columns["referentie"] == "c0"


def test_windows_1252_is_detected() -> None:
    data = f"{HEADER};straat\nA-1;2025-01-15;€ 1.234,56;Müller;12;1234 AB;Überweg".encode("cp1252")

    table = read(data)

    assert table.frame.row(0)[3:5] == ("€ 1.234,56", "Müller")


def test_text_that_is_neither_utf8_nor_windows_1252_is_refused() -> None:
    message = refusal(f"{HEADER}\nA-1;".encode() + b"\x81\x8d")

    assert "geen UTF-8 en ook geen Windows-1252" in message
    assert "CSV UTF-8" in message


def test_quoted_values_keep_delimiters_quotes_and_line_breaks() -> None:
    data = f'{HEADER}\r\n"A;1";"2025-01-15";"zeg ""hallo""";"Jansen\r\nde Boer";12;"1234\nAB"\r\n'

    table = read(data)

    assert values(table) == [(2, "A;1", "2025-01-15", 'zeg "hallo"', "Jansen\r\nde Boer", "12", "1234\nAB")]


@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
def test_blank_lines_are_skipped_but_keep_their_row_number(line_end: str) -> None:
    lines = ["", HEADER, ROW, "", ";;;;;", "  ;  ", '"Rij";"met\nregeleinde";x;y;z', ROW]
    data = line_end.join(lines) + line_end + line_end

    table = read(data)

    assert table.frame.get_column("row_number").to_list() == [3, 7, 8]
    assert table.frame.row(1)[1:3] == ("Rij", "met\nregeleinde")
    assert table.frame.schema["row_number"] == pl.Int64


def test_short_rows_get_nulls_and_extra_cells_are_ignored() -> None:
    table = read(f"{HEADER}\nA-1;2025-01-15\nB-2;2025-01-15;1;J;2;1234AB;te;veel\n")

    assert values(table) == [
        (2, "A-1", "2025-01-15", None, None, None, None),
        (3, "B-2", "2025-01-15", "1", "J", "2", "1234AB"),
    ]


def test_empty_values_are_null_but_whitespace_stays_as_given() -> None:
    table = read(f'{HEADER}\nA-1;"";  ;Jansen;;1234 AB\n')

    assert table.frame.row(0) == (2, "A-1", None, "  ", "Jansen", None, "1234 AB")


@pytest.mark.parametrize(
    "header", ["Ontstaans datum", "ontstaans_datum", "ontstaansDatum", "ONTSTAANS-DATUM"]
)
def test_headers_fold_to_the_field(header: str) -> None:
    table = read(f"referentie;{header};bedrag;achternaam;huisnummer;postcode\n{ROW}")

    assert table.field_columns["ontstaansdatum"] == "c1"
    assert table.headers[1] == header
    assert table.unknown_headers == ()
    assert table.fields_frame().columns == ["row_number", *REQUIRED_FIELD_NAMES]


def test_the_first_of_two_columns_for_one_field_wins() -> None:
    table = read(f"{HEADER};Post code;opmerking\n{ROW};9999 ZZ;let op\n")

    assert table.field_columns["postcode"] == "c5"
    assert table.unknown_headers == ("Post code", "opmerking")
    assert table.fields_frame().row(0)[-1] == "1234 AB"


def test_original_rows_give_every_column_as_given() -> None:
    table = read(f"{HEADER};opmerking;opmerking\n{ROW};eerste;tweede\nB-2;;;;;;\n\nC-3;x\n")

    originals = table.original_rows([2, 5, 99])

    assert set(originals) == {2, 5}
    assert originals[2] == {
        "referentie": "A-1",
        "ontstaansdatum": "2025-01-15",
        "bedrag": "120,50",
        "achternaam": "Jansen",
        "huisnummer": "12",
        "postcode": "1234 AB",
        "opmerking": "eerste",
    }
    assert originals[5]["referentie"] == "C-3"
    assert originals[5]["postcode"] == ""


def test_nameless_trailing_and_empty_columns_are_no_columns() -> None:
    table = read(f";{HEADER};;\n;{ROW};;\n")

    assert table.headers == tuple(REQUIRED_FIELD_NAMES)
    assert table.field_columns["referentie"] == "c0"


def test_a_nameless_column_with_values_is_kept_but_not_reported_unknown() -> None:
    table = read(f"{HEADER};;opmerking\n{ROW};los;ok\n")

    assert table.headers[-2:] == ("", "opmerking")
    assert table.unknown_headers == ("opmerking",)
    assert table.original_rows([2])[2][""] == "los"


def test_a_missing_required_column_is_named_with_the_columns_found() -> None:
    message = refusal("referentie;ontstaansdatum;bedrag;achternaam;huisnummer;woonplaats\nA;B;C;D;E;F\n")

    assert message == (
        'De kolom "postcode" ontbreekt. Gevonden kolommen: referentie, ontstaansdatum, bedrag, achternaam, '
        f"huisnummer, woonplaats. Verplichte kolommen: {REQUIRED_LIST}."
    )


def test_several_missing_columns_are_all_named() -> None:
    message = refusal("referentie,bedrag\nA,1\n")

    assert message.startswith(
        'De kolommen "ontstaansdatum", "achternaam", "huisnummer" en "postcode" ontbreken. '
        "Gevonden kolommen: referentie, bedrag."
    )


def test_one_column_found_hints_at_the_delimiter() -> None:
    message = refusal("referentie|ontstaansdatum|bedrag\nA|B|C\n")

    assert "Gevonden kolommen: referentie|ontstaansdatum|bedrag." in message
    assert "controleer het scheidingsteken" in message


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    assert refusal(data).startswith("Het bestand is leeg.")


@pytest.mark.parametrize("data", ["\n\n", " \r\n\t\r\n", ";;;\n,,\n", '"";""\n'])
def test_a_file_of_blank_lines_has_no_header(data: str) -> None:
    assert "geen kopregel" in refusal(data)


def test_a_header_without_rows_is_an_empty_delivery() -> None:
    table = read(f"{HEADER}\n\n")

    assert table.frame.height == 0
    assert table.frame.columns == ["row_number", "c0", "c1", "c2", "c3", "c4", "c5"]


def test_an_unclosed_quote_is_refused_with_its_line() -> None:
    message = refusal(f'{HEADER}\n{ROW}\nB-2;"2025-01-15;1;J;2;1234AB\nC-3;2025-01-15;1;J;2;1234AB\n')

    assert message.startswith("Het CSV-bestand kan niet worden gelezen vanaf regel 3:")
    assert "aanhalingstekens" in message


def test_text_after_a_closing_quote_is_read_as_excel_does() -> None:
    table = read(f'{HEADER}\n"A"-1;2025-01-15;1;J;2;1234AB\n')

    assert table.frame.row(0)[1] == "A-1"


def test_a_runaway_value_is_refused_not_swallowed() -> None:
    message = refusal(f'{HEADER}\r{ROW}\rB;"' + "x" * 200_000)

    assert "langer dan" in message
    assert "afsluitend aanhalingsteken" in message


# --- what is not CSV -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "maar een PDF-bestand"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "maar een afbeelding"),
        (b"\x1f\x8b\x08\x00", "maar een gzip-archief"),
        (b"referentie;bedrag\x00\x00\x01\x02", "het bevat binaire gegevens"),
        (b"\xff\xfer\x00e\x00f\x00", "UTF-16"),
        (b"<!DOCTYPE html><html><table>", "webpagina of XML-bestand"),
    ],
)
def test_other_files_are_refused_plainly(data: bytes, expected: str) -> None:
    message = refusal(data)

    assert expected in message
    assert "CSV" in message


def test_old_xls_is_refused_with_what_to_do() -> None:
    message = refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "levering.xls")

    assert "oud Excel-bestand (.xls)" in message
    assert "niet ondersteund" in message
    assert "Excel-werkmap (.xlsx) of als CSV" in message


def test_a_password_protected_workbook_is_named_as_such() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")

    assert "beveiligd met een wachtwoord" in refusal(data, "levering.xlsx")


def test_a_renamed_text_file_named_xlsx_is_refused() -> None:
    message = refusal(f"{HEADER}\n{ROW}\n", "Levering.XLSX")

    assert message.startswith(
        'Het bestand "Levering.XLSX" heeft de extensie .xlsx maar is geen Excel-werkmap.'
    )


def test_the_content_decides_not_the_extension() -> None:
    table = read(workbook([[*REQUIRED_FIELD_NAMES], ["A-1", "2025-01-15", "1", "J", "2", "1234AB"]]), "x.csv")

    assert table.frame.height == 1


# --- XLSX ----------------------------------------------------------------------------------------


def test_xlsx_cells_become_text_as_a_partner_would_type_them() -> None:
    data = workbook(
        [
            [*REQUIRED_FIELD_NAMES, "signaaldatum", "crisissignaal", "termijnbedrag", "opmerking"],
            [
                "A-1",
                dt.date(2025, 1, 15),
                1234.56,
                "Jansen",
                12,
                "1234 AB",
                dt.datetime(2025, 2, 1, 9, 30),  # noqa: DTZ001 (Excel knows no time zones)
                True,
            ],
            [
                "B-2",
                dt.datetime(2025, 1, 15),  # noqa: DTZ001
                120.0,
                "de Vries",
                12.0,
                "1234AB",
                None,
                False,
                0.1,
                "=1+1",
            ],
        ]
    )

    table = read(data, "levering.xlsx")

    assert values(table) == [
        (
            2,
            "A-1",
            "2025-01-15",
            "1234.56",
            "Jansen",
            "12",
            "1234 AB",
            "2025-02-01 09:30:00",
            "true",
            None,
            None,
        ),
        (3, "B-2", "2025-01-15", "120", "de Vries", "12", "1234AB", None, "false", "0.1", None),
    ]


def test_xlsx_numbers_read_as_excel_shows_them_without_float_noise() -> None:
    noisy = 0.1 + 0.2  # 0.30000000000000004, as a formula can leave it in a cell
    data = workbook(
        [[*REQUIRED_FIELD_NAMES], ["A-1", "2025-01-15", 923.18 * 1.0000000000000002, "J", 2, "1234AB"]]
    )
    data_noisy = workbook([[*REQUIRED_FIELD_NAMES], ["A-1", "2025-01-15", noisy, "J", 2, "1234AB"]])

    assert values(read(data, "levering.xlsx"))[0][3] == "923.18"
    assert values(read(data_noisy, "levering.xlsx"))[0][3] == "0.3"


def test_xlsx_formulas_are_never_evaluated_only_their_cached_value_is_read() -> None:
    data = workbook_with_sheet_data(
        REQUIRED_ROW_XML
        + "</row>"
        + '<row r="2">'
        + inline("A2", "A-1")
        + '<c r="B2"><f>DATE(2025,1,15)</f><v>45672</v></c>'
        + '<c r="C2"><f>HYPERLINK("http://evil.example","x")</f><v>12.5</v></c>'
        + '<c r="D2" t="str"><f>A2&amp;"x"</f></c>'
        + "</row>"
    )

    table = read(data, "levering.xlsx")

    assert table.frame.row(0)[:5] == (2, "A-1", "45672", "12.5", None)


def test_xlsx_rows_keep_their_excel_row_number_and_empty_rows_are_skipped() -> None:
    data = workbook(
        [
            [*REQUIRED_FIELD_NAMES],
            ["A-1", "2025-01-15", "1", "J", "2", "1234AB", "buiten de kop"],
            [None] * 6,
            ["  ", None, None, None, None, " "],
            ["B-2", "2025-01-15", "1", "J", "2", "1234AB"],
        ],
        first_row=3,
        first_column=2,
    )

    table = read(data, "levering.xlsx")

    assert table.headers == tuple(REQUIRED_FIELD_NAMES)
    assert table.frame.get_column("row_number").to_list() == [4, 7]
    assert table.frame.width == 7


def test_an_empty_first_sheet_has_no_header() -> None:
    assert "geen kopregel" in refusal(workbook([]), "levering.xlsx")


def test_an_xlsx_without_required_columns_is_refused_like_csv() -> None:
    message = refusal(workbook([["referentie", "bedrag"], ["A", 1]]), "levering.xlsx")

    assert message.startswith(
        'De kolommen "ontstaansdatum", "achternaam", "huisnummer" en "postcode" ontbreken.'
    )


def test_an_xlsx_written_without_cell_references_is_read_in_order() -> None:
    header = "".join(f'<c t="inlineStr"><is><t>{field}</t></is></c>' for field in REQUIRED_FIELD_NAMES)
    data = workbook_with_sheet_data(
        f'<row>{header}</row><row/><row><c t="inlineStr"><is><t>A-1</t></is></c><c/><c><v>7</v></c></row>'
    )

    table = read(data, "levering.xlsx")

    assert values(table) == [(3, "A-1", None, "7", None, None, None)]


# --- zip safety ----------------------------------------------------------------------------------


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_that_is_no_workbook_is_refused() -> None:
    message = refusal(zip_of({"levering.csv": f"{HEADER}\n{ROW}".encode()}), "levering.zip")

    assert message.startswith("Dit bestand is een zip-archief maar geen Excel-werkmap (.xlsx).")


@pytest.mark.parametrize("cut", [30, 200, -40])
def test_a_damaged_workbook_is_refused(cut: int) -> None:
    data = workbook([[*REQUIRED_FIELD_NAMES], ["A", "B", "C", "D", "E", "F"]])

    assert "beschadigd of onvolledig" in refusal(data[:cut], "levering.xlsx")


def test_a_workbook_with_an_encrypted_member_is_refused() -> None:
    data = bytearray(workbook([[*REQUIRED_FIELD_NAMES], ["A", "B", "C", "D", "E", "F"]]))
    # Mark every member as encrypted, in its local header and in the central directory.
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start >= 0:
            data[start + flags_at] |= 0x01
            start = data.find(signature, start + 4)

    assert "beschadigd of onvolledig" in refusal(bytes(data), "levering.xlsx")


def test_an_empty_zip_is_no_workbook() -> None:
    assert "geen Excel-werkmap" in refusal(zip_of({}), "levering.xlsx")


def test_a_workbook_with_broken_xml_is_refused() -> None:
    data = workbook_with_sheet_data('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></row>')

    assert "beschadigd of onvolledig" in refusal(data, "levering.xlsx")


def test_a_zip_bomb_is_refused_before_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            zeros = bytes(1024 * 1024)
            for _ in range(300):
                member.write(zeros)
    assert len(buffer.getvalue()) < 1_000_000

    message = refusal(buffer.getvalue(), "levering.xlsx")

    assert "verdacht sterk gecomprimeerd" in message


def test_a_workbook_larger_than_the_limit_unpacked_is_refused() -> None:
    data = workbook([[*REQUIRED_FIELD_NAMES], ["A", "B", "C", "D", "E", "F"]])

    message = refusal(data, "levering.xlsx", max_uncompressed_bytes=5_000)

    assert "uitgepakt groter dan" in message


def test_a_zip_with_too_many_members_is_refused() -> None:
    data = zip_of({f"x/{index}": b"" for index in range(10_001)} | {"xl/workbook.xml": b""})

    assert "meer dan 10000 onderdelen" in refusal(data, "levering.xlsx")


@pytest.mark.parametrize(
    "sheet_data",
    [
        # One far cell: calamine would lay out 1,048,576 x 16,384 cells (a 5 KB file, 512 GB).
        REQUIRED_ROW_XML + '</row><row r="1048576">' + inline("XFD1048576", "x") + "</row>",
        # The same hidden in a second reference of one cell; calamine takes the last.
        '<row r="1"><c r="A1" r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        # Or spelled unusually.
        "<row r='1'><c t='inlineStr' r = 'XFD1048576'><is><t>x</t></is></c></row>",
        # Or reached by counting: cells and rows without reference sit one past the previous one.
        '<row r="1">' + "<c><v>1</v></c>" * 16_384 + '</row><row r="2000"><c><v>1</v></c></row>',
        '<row r="1"><c r="XFD1"><v>1</v></c></row>' + "<row/>" * 2_000 + "<row><c><v>1</v></c></row>",
    ],
)
def test_a_sheet_that_would_not_fit_in_memory_is_refused_before_it_is_laid_out(sheet_data: str) -> None:
    message = refusal(workbook_with_sheet_data(sheet_data), "levering.xlsx")

    assert message.startswith("Het werkblad is te groot om in te lezen")
    assert "lever het bestand aan als CSV" in message


# --- JSON ----------------------------------------------------------------------------------------


def test_a_json_body_becomes_the_same_table() -> None:
    payload = {
        "periode": "2025-03",
        "signalen": [
            {"referentie": "A-1", "Ontstaans datum": "2025-01-15", "bedrag": 120.5, "achternaam": "Jansen",
             "huisnummer": 12, "postcode": "1234 AB", "crisissignaal": True},
            {"referentie": "B-2", "ontstaansdatum": "2025-01-16", "bedrag": 80.0, "achternaam": None,
             "huisnummer": "7a", "postcode": "1234AB", "opmerking": ["a", 1]},
        ],
    }  # fmt: skip

    table, period = read_json_delivery(payload)

    assert period == "2025-03"
    assert table.headers == (
        "referentie", "Ontstaans datum", "bedrag", "achternaam", "huisnummer", "postcode", "crisissignaal",
        "ontstaansdatum", "opmerking",
    )  # fmt: skip
    assert table.unknown_headers == ("ontstaansdatum", "opmerking")
    assert values(table) == [
        (1, "A-1", "2025-01-15", "120.5", "Jansen", "12", "1234 AB", "true", None, None),
        (2, "B-2", None, "80", None, "7a", "1234AB", None, "2025-01-16", '["a", 1]'),
    ]


def test_a_json_body_without_periode_and_with_an_empty_signal() -> None:
    signal = dict.fromkeys(REQUIRED_FIELD_NAMES, "x")

    table, period = read_json_delivery({"signalen": [signal, {}]})

    assert period is None
    assert table.frame.get_column("row_number").to_list() == [1, 2]
    assert table.frame.row(1) == (2, None, None, None, None, None, None)


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ([{"referentie": "A"}], "moet een JSON-object zijn"),
        ("signalen", "moet een JSON-object zijn"),
        ({"signaal": []}, 'De lijst "signalen" ontbreekt'),
        ({"signalen": {"referentie": "A"}}, '"signalen" moet een lijst'),
        ({"signalen": []}, "is leeg"),
        ({"signalen": [{"referentie": "A"}, "B"]}, 'Signaal 2 in "signalen" is geen object'),
        ({"signalen": [{}], "periode": 202503}, '"periode" moet tekst zijn'),
        ({"signalen": [{"referentie": "A", "bedrag": 1}]}, 'De kolommen "ontstaansdatum"'),
    ],
)
def test_json_of_the_wrong_shape_is_refused(payload: object, expected: str) -> None:
    with pytest.raises(DeliveryRefused, match=re.escape(expected)):
        read_json_delivery(payload)


# --- never anything but a table or a refusal -----------------------------------------------------


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(
        [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\xef\xbb\xbf", f"{HEADER}\n".encode()]
    ),
    data=st.binary(max_size=600),
    file_name=st.sampled_from(["levering.csv", "levering.xlsx", "levering"]),
)
def test_any_bytes_give_a_table_or_a_refusal(prefix: bytes, data: bytes, file_name: str) -> None:
    outcome = table_or_refusal(lambda: read_delivery_file(prefix + data, file_name=file_name))

    if isinstance(outcome, DeliveryRefused):
        assert outcome.message
    else:
        assert set(REQUIRED_FIELD_NAMES) <= set(outcome.field_columns)
        columns = [f"c{index}" for index in range(len(outcome.headers))]
        assert outcome.frame.columns == ["row_number", *columns]


VALID_WORKBOOK = workbook([[*REQUIRED_FIELD_NAMES], ["A-1", dt.date(2025, 1, 15), 1.5, "J", 2, "1234AB"]])


@settings(max_examples=200)
@given(changes=st.lists(st.tuples(st.integers(0, len(VALID_WORKBOOK) - 1), st.integers(0, 255)), max_size=8))
def test_damaged_workbooks_give_a_table_or_a_refusal(changes: list[tuple[int, int]]) -> None:
    data = bytearray(VALID_WORKBOOK)
    for position, value in changes:
        data[position] = value
    outcome = table_or_refusal(lambda: read_delivery_file(bytes(data), file_name="levering.xlsx"))

    assert isinstance(outcome, RawTable) or outcome.message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@settings(max_examples=200)
@given(
    payload=json_values
    | st.fixed_dictionaries(
        {
            "signalen": st.lists(
                st.dictionaries(st.sampled_from([*FIELD_NAMES, "x", "Post Code"]), json_values)
            )
        },
        optional={"periode": json_values},
    )
)
def test_any_json_gives_a_table_or_a_refusal(payload: object) -> None:
    outcome = table_or_refusal(lambda: read_json_delivery(payload))

    if isinstance(outcome, DeliveryRefused):
        assert outcome.message
    else:
        table, period = outcome
        assert isinstance(payload, dict)
        assert period is None or isinstance(period, str)
        assert table.frame.height == len(payload["signalen"])


cell_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.tuples(cell_text, *([cell_text] * 6)), max_size=12),
    delimiter=st.sampled_from([";", ",", "\t"]),
    # The csv module quotes a value with a line break only when the break is in its line terminator:
    # with "\n" alone a bare "\r" would go out unquoted, which no reader can tell from a line end.
    line_end_and_quote_all=st.sampled_from([("\r\n", False), ("\r\n", True), ("\n", True)]),
    bom=st.booleans(),
)
def test_a_table_written_by_the_csv_module_reads_back_identically(
    rows: list[tuple[str, ...]], delimiter: str, line_end_and_quote_all: tuple[str, bool], bom: bool
) -> None:
    line_end, quote_all = line_end_and_quote_all
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=line_end,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow([*REQUIRED_FIELD_NAMES, "opmerking"])
    # A row needs one visible character to be a row at all (blank lines are skipped).
    writer.writerows([f"R{first}", *rest] for first, *rest in rows)
    data = buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")

    table = read_delivery_file(data, file_name="levering.csv")

    assert table.frame.height == len(rows)
    assert values(table) == [
        (number, f"R{first}", *(value or None for value in rest))
        for number, (first, *rest) in enumerate(rows, start=2)
    ]
