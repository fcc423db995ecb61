"""The rejected-rows exports: correctable, re-readable, and safe to open in a spreadsheet."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from eropaf.intake.exports import (
    RejectedRowOut,
    neutralise_formula,
    rejected_rows_csv,
    rejected_rows_xlsx,
)
from eropaf.intake.fields import REQUIRED_FIELD_NAMES
from eropaf.intake.reading import read_delivery_file

HEADERS = [*REQUIRED_FIELD_NAMES, "telefoon", "opmerking"]
ROWS = [
    RejectedRowOut(
        row_number=3,
        values={
            "referentie": "A-1",
            "ontstaansdatum": "31-02-2025",
            "bedrag": "-12,50",
            "achternaam": "Jansen; de Boer",
            "huisnummer": "12",
            "postcode": "0123 AB",
            "telefoon": "+31612345678",
            "opmerking": '=HYPERLINK("http://evil.example","klik")',
        },
        message="ontstaansdatum is geen datum; bedrag moet groter dan 0 zijn",
    ),
    RejectedRowOut(
        row_number=7,
        values={"referentie": "B-2", "achternaam": "Meer\nregels", "postcode": "1234 A"},
        message='postcode "1234 A" is geen geldige postcode',
    ),
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31612345678", "'+31612345678"),
        ("-12,50", "'-12,50"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Jansen", "Jansen"),
        ("12-2", "12-2"),
        ("", ""),
        (" =1", " =1"),
    ],
)
def test_neutralise_formula(value: str, expected: str) -> None:
    assert neutralise_formula(value) == expected


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_csv_is_utf8_with_bom_semicolons_and_crlf() -> None:
    data = rejected_rows_csv(HEADERS, ROWS)

    assert data.startswith(b"\xef\xbb\xbfrij;referentie;ontstaansdatum;")
    assert b"\r\n" in data
    assert data.count(b"\r\n") == 3  # header and two rows; the line break inside a value is "\n"


def test_csv_columns_are_row_number_original_columns_and_message() -> None:
    header, first, second = csv_rows(rejected_rows_csv(HEADERS, ROWS))

    assert header == ["rij", *HEADERS, "foutmelding"]
    assert first == [
        "3",
        "A-1",
        "31-02-2025",
        "'-12,50",
        "Jansen; de Boer",
        "12",
        "0123 AB",
        "'+31612345678",
        '\'=HYPERLINK("http://evil.example","klik")',
        "ontstaansdatum is geen datum; bedrag moet groter dan 0 zijn",
    ]
    assert second == [
        "7",
        "B-2",
        "",
        "",
        "Meer\nregels",
        "",
        "1234 A",
        "",
        "",
        'postcode "1234 A" is geen geldige postcode',
    ]


def test_headers_and_messages_are_neutralised_too() -> None:
    rows = [RejectedRowOut(row_number=2, values={"=kop": "x"}, message="-bedrag ontbreekt")]

    header, row = csv_rows(rejected_rows_csv(["=kop"], rows))

    assert header == ["rij", "'=kop", "foutmelding"]
    assert row == ["2", "x", "'-bedrag ontbreekt"]


def test_an_export_delivered_again_does_not_pile_up_rij_and_foutmelding() -> None:
    rows = [RejectedRowOut(row_number=4, values={"Rij": "3", "referentie": "A"}, message="nieuw")]

    header, row = csv_rows(rejected_rows_csv(["Rij", "referentie", "Foutmelding"], rows))

    assert header == ["rij", "referentie", "foutmelding"]
    assert row == ["4", "A", "nieuw"]


def test_no_rows_gives_just_the_header() -> None:
    assert csv_rows(rejected_rows_csv(HEADERS, [])) == [["rij", *HEADERS, "foutmelding"]]


def test_xlsx_has_one_titled_sheet_of_text_cells_with_a_bold_header() -> None:
    book = load_workbook(io.BytesIO(rejected_rows_xlsx(HEADERS, ROWS)))

    assert book.sheetnames == ["Afgekeurde rijen"]
    sheet = book["Afgekeurde rijen"]
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == ["rij", *HEADERS, "foutmelding"]
    assert all(cell.font.bold for cell in rows[0])
    assert [cell.value for cell in rows[1]][:8] == [
        "3",
        "A-1",
        "31-02-2025",
        "'-12,50",
        "Jansen; de Boer",
        "12",
        "0123 AB",
        "'+31612345678",
    ]
    assert rows[1][8].value == '\'=HYPERLINK("http://evil.example","klik")'
    assert all(cell.data_type == "s" for row in rows for cell in row if cell.value is not None)
    assert [cell.value for cell in rows[2]][:2] == ["7", "B-2"]


def test_xlsx_replaces_characters_a_workbook_cannot_hold() -> None:
    rows = [RejectedRowOut(row_number=2, values={"opmerking": "a\x00b\x1fc" + "x" * 40_000}, message="m")]

    book = load_workbook(io.BytesIO(rejected_rows_xlsx(["opmerking"], rows)))

    value = book.active["B2"].value if book.active is not None else None
    assert isinstance(value, str)
    assert value.startswith("a\ufffdb\ufffdc")
    assert len(value) == 32_767


@pytest.mark.parametrize(
    ("export", "file_name"), [(rejected_rows_csv, "fouten.csv"), (rejected_rows_xlsx, "fouten.xlsx")]
)
def test_an_export_reads_back_as_a_delivery(export: object, file_name: str) -> None:
    assert callable(export)

    table = read_delivery_file(export(HEADERS, ROWS), file_name=file_name)

    assert set(table.field_columns) == set(REQUIRED_FIELD_NAMES) | {"telefoon"}
    assert table.unknown_headers == ("rij", "opmerking", "foutmelding")
    assert table.frame.get_column("row_number").to_list() == [2, 3]
    fields = table.fields_frame()
    assert fields.get_column("referentie").to_list() == ["A-1", "B-2"]
    assert fields.get_column("postcode").to_list() == ["0123 AB", "1234 A"]
    assert fields.get_column("achternaam").to_list() == ["Jansen; de Boer", "Meer\nregels"]
    assert table.original_rows([2])[2]["rij"] == "3"


cell_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=15)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(cell_text, cell_text, cell_text), max_size=8))
def test_any_values_survive_a_csv_round_trip_neutralised(rows: list[tuple[str, str, str]]) -> None:
    headers = ["referentie", "ontstaansdatum", "bedrag", "achternaam", "huisnummer", "postcode"]
    out = [
        RejectedRowOut(
            row_number=index + 2, values=dict(zip(headers[:3], row, strict=True)), message=row[2] or "fout"
        )
        for index, row in enumerate(rows)
    ]

    table = read_delivery_file(rejected_rows_csv(headers, out), file_name="fouten.csv")

    expected = [
        (str(index + 2), *(neutralise_formula(value) or None for value in row))
        for index, row in enumerate(rows)
    ]
    assert table.frame.select("c0", "c1", "c2", "c3").rows() == expected
