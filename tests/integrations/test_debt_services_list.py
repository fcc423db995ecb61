"""Reading the client list debt services export, and recognising their clients from it."""

from datetime import date

import pytest

from eropaf.integrations.debt_services import (
    ClientListRefused,
    ClientQuery,
    ClientRecord,
    ListDebtServicesRegistry,
    RowError,
    read_client_list,
)
from eropaf.integrations.debt_services.protocol import surname_key

BSN = "999990019"
OTHER_BSN = "999990032"
THIRD_BSN = "999990044"
NOT_ELEVEN = "999990010"  # nine digits, fails the elfproef


def csv_text(*lines: str, delimiter: str = ";") -> str:
    return "\n".join(line.replace(";", delimiter) for line in lines) + "\n"


def test_reads_a_semicolon_file_with_both_date_notations() -> None:
    data = csv_text(
        "bsn;achternaam;voorvoegsel;geboortedatum;postcode;huisnummer",
        f"{BSN};Jansen;;1980-03-15;1011 ab;1",
        ";Berg;van der;02-01-1970;2511AA;10A",
    ).encode()

    clients = read_client_list(data)

    assert clients.errors == []
    assert clients.records == [
        ClientRecord(
            bsn=BSN, surname="Jansen", birth_date=date(1980, 3, 15), postcode="1011AB", house_number=1
        ),
        ClientRecord(
            surname="Berg",
            prefix="van der",
            birth_date=date(1970, 1, 2),
            postcode="2511AA",
            house_number=10,
        ),
    ]


def test_reads_a_comma_file_with_a_bom_and_headers_in_any_case_and_order() -> None:
    data = b"\xef\xbb\xbf" + csv_text(
        "Huisnummer,POSTCODE,GeboorteDatum,Achternaam,BSN,opmerking",
        '12,3311 AB,15-03-1980,"Bakker, de",,"klant sinds 2024; actief"',
        delimiter=",",
    ).encode("utf-8")

    (record,) = read_client_list(data).records

    assert record == ClientRecord(
        surname="Bakker, de", birth_date=date(1980, 3, 15), postcode="3311AB", house_number=12
    )


def test_reads_windows_1252() -> None:
    data = csv_text("achternaam;geboortedatum;postcode;huisnummer", "Öztürk;1975-07-20;3311AB;5").encode(
        "cp1252"
    )

    (record,) = read_client_list(data).records

    assert record.surname == "Öztürk"


def test_a_bsn_alone_is_enough_and_an_eight_digit_bsn_gets_its_leading_zero() -> None:
    data = csv_text("bsn", BSN, "12345672").encode()

    clients = read_client_list(data)

    assert [record.bsn for record in clients.records] == [BSN, "012345672"]


def test_bad_rows_are_left_out_with_their_row_number_and_a_dutch_reason() -> None:
    data = csv_text(
        "bsn;achternaam;geboortedatum;postcode;huisnummer",
        f"{BSN};Jansen;1980-03-15;1011AB;1",
        f"{NOT_ELEVEN};;;;",
        "",  # a blank row is skipped, but still counts as a row
        "12345;;;;",
        ";Visser;31-02-1980;1011AB;3",
        ";Visser;1980/02/28;1234 A;drie",
        ";Visser;1980-02-28;;",
        ";;;;",
        ";Smit;1899-12-31;1011AB;4",
    ).encode()

    clients = read_client_list(data)

    assert len(clients.records) == 1
    assert clients.errors == [
        RowError(3, "rij 3: bsn is geen geldig BSN (voldoet niet aan de elfproef)"),
        RowError(5, "rij 5: bsn is geen geldig BSN (verwacht 9 cijfers)"),
        RowError(6, 'rij 6: geboortedatum "31-02-1980" is geen bestaande datum'),
        RowError(
            7,
            'rij 7: geboortedatum "1980/02/28" is geen datum in de vorm JJJJ-MM-DD of DD-MM-JJJJ; '
            'postcode "1234 A" is geen geldige postcode (verwacht bijv. 1234 AB); '
            'huisnummer "drie" is geen huisnummer (verwacht een getal, bijv. 12 of 12A)',
        ),
        RowError(8, "rij 8: geen BSN, en voor herkenning op naam en adres ontbreekt: postcode, huisnummer"),
        RowError(10, 'rij 10: geboortedatum "1899-12-31" ligt voor 1900'),
    ]
    assert all(NOT_ELEVEN not in error.message and "Visser" not in error.message for error in clients.errors)


def test_a_row_of_only_separators_is_blank() -> None:
    clients = read_client_list(csv_text("bsn;achternaam", f"{BSN};Jansen", ";", "  ;  ").encode())

    assert (len(clients.records), clients.errors) == (1, [])


def test_a_header_only_file_is_an_empty_list() -> None:
    assert read_client_list(b"bsn;achternaam\r\n").records == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "leeg"),
        (b"\n\n", "leeg"),
        (csv_text(f"{BSN};Jansen;1980-03-15").encode(), "kopregel"),
        (csv_text("achternaam;geboortedatum;postcode", "Jansen;1980-03-15;1011AB").encode(), "kopregel"),
        (csv_text("bsn;BSN", f"{BSN};{BSN}").encode(), "twee keer"),
        ("bsn\n999990019\n".encode("utf-16"), "UTF-16"),
        (b"%PDF-1.7\x00\x00", "binaire"),
        (b"bsn\n\x81\x8d\x8f\n", "niet te lezen"),
        (csv_text("bsn", NOT_ELEVEN, "1").encode(), "Geen enkele rij"),
    ],
)
def test_files_that_are_no_client_list_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(ClientListRefused, match=reason) as refused:
        read_client_list(data)

    assert BSN not in refused.value.message
    assert NOT_ELEVEN not in refused.value.message


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Öztürk", "OZTURK"),
        ("van der Berg", "Berg"),
        ("Berg, van der", "berg"),
        ("d’Ancona", "D'ancona"),
        ("Jansen-de Vries", "jansen-De  Vries"),
        ("Straße", "Strasse"),
        ("Yıldız", "Yildiz"),
    ],
)
def test_names_are_compared_without_case_diacritics_or_prefixes(one: str, other: str) -> None:
    assert surname_key(one) == surname_key(other)


def test_different_names_stay_different() -> None:
    assert surname_key("de Vries") != surname_key("Vries-de")
    assert surname_key("Van") == "van"  # a name that is only a prefix word keeps it


BIRTH_DATE = date(1980, 3, 15)


def at_home(key: str, *, bsn: str = "", surname: str = "Jansen") -> ClientQuery:
    return ClientQuery(
        key, bsn=bsn, surname=surname, birth_date=BIRTH_DATE, postcode="1011AB", house_number=1
    )


REGISTER = ListDebtServicesRegistry(
    [
        ClientRecord(bsn=BSN, surname="Jansen", birth_date=BIRTH_DATE, postcode="1011AB", house_number=1),
        ClientRecord(surname="van der Berg", birth_date=date(1970, 1, 2), postcode="2511AA", house_number=10),
        ClientRecord(surname="Öztürk", birth_date=date(1975, 7, 20), postcode="3311AB", house_number=5),
    ]
)


def test_a_client_is_known_by_bsn() -> None:
    assert REGISTER.known([ClientQuery("a", bsn=BSN), ClientQuery("b", bsn=THIRD_BSN)]) == {"a"}


def test_a_client_without_bsn_is_known_by_name_birth_date_and_address() -> None:
    queries = [
        ClientQuery(
            "prefix apart",
            surname="Berg",
            prefix="van der",
            birth_date=date(1970, 1, 2),
            postcode="2511 aa",
            house_number=10,
        ),
        ClientQuery(
            "no diacritics, with a bsn",
            bsn=OTHER_BSN,
            surname="OZTURK",
            birth_date=date(1975, 7, 20),
            postcode="3311AB",
            house_number=5,
        ),
        ClientQuery(
            "other house",
            surname="Öztürk",
            birth_date=date(1975, 7, 20),
            postcode="3311AB",
            house_number=7,
        ),
        ClientQuery(
            "other day", surname="Öztürk", birth_date=date(1975, 7, 21), postcode="3311AB", house_number=5
        ),
        ClientQuery("no address", surname="Öztürk", birth_date=date(1975, 7, 20)),
    ]

    assert REGISTER.known(queries) == {"prefix apart", "no diacritics, with a bsn"}


def test_a_query_without_bsn_matches_a_client_with_one_by_name_and_address() -> None:
    assert REGISTER.known([at_home("q", surname="JANSEN")]) == {"q"}


def test_two_different_bsns_are_never_the_same_person() -> None:
    assert REGISTER.known([at_home("q", bsn=OTHER_BSN)]) == set()


def test_a_bsn_that_fails_the_elfproef_counts_as_no_bsn() -> None:
    assert REGISTER.known([at_home("q", bsn=NOT_ELEVEN)]) == {"q"}


def test_an_empty_register_knows_no_one() -> None:
    assert ListDebtServicesRegistry().known([ClientQuery("a", bsn=BSN)]) == set()


def test_the_read_list_answers_questions() -> None:
    data = csv_text(
        "bsn;achternaam;voorvoegsel;geboortedatum;postcode;huisnummer",
        f"{BSN};;;;;",
        ";Berg;van der;02-01-1970;2511AA;10",
    ).encode()
    register = ListDebtServicesRegistry(read_client_list(data).records)

    queries = [
        ClientQuery("by bsn", bsn=BSN),
        ClientQuery(
            "by name", surname="van der Berg", birth_date=date(1970, 1, 2), postcode="2511AA", house_number=10
        ),
    ]

    assert register.known(queries) == {"by bsn", "by name"}
