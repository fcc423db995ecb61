"""Importing the debt-services client list, the command that does it, and asking who is a client."""

import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from eropaf.audit.models import AuditEvent
from eropaf.integrations.debt_services import ClientListRefused, ClientQuery
from eropaf.integrations.debt_services.http import HttpDebtServicesRegistry
from eropaf.matching.debt_services import debt_services_registry_for, import_client_list
from eropaf.matching.models import DebtServicesClient
from eropaf.organisations.models import Municipality
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

BSN = "999990019"
OTHER_BSN = "999990032"
NOT_ELEVEN = "999990010"
HEADER = "bsn;achternaam;voorvoegsel;geboortedatum;postcode;huisnummer"


def client_list(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


@pytest.fixture
def dordrecht() -> Municipality:
    return MunicipalityFactory.create(code="0505", name="Dordrecht")


def stored(municipality: Municipality) -> list[tuple[str, str]]:
    return sorted(DebtServicesClient.objects.filter(municipality=municipality).values_list("bsn", "surname"))


def test_an_import_replaces_the_previous_list(dordrecht: Municipality) -> None:
    zwijndrecht = MunicipalityFactory.create(code="0642", name="Zwijndrecht")
    import_client_list(municipality=zwijndrecht, content=client_list(f"{OTHER_BSN};;;;;"))
    import_client_list(municipality=dordrecht, content=client_list(f"{OTHER_BSN};;;;;", f"{BSN};;;;;"))

    result = import_client_list(
        municipality=dordrecht,
        content=client_list(f"{BSN};;;;;", ";Berg;van der;02-01-1970;2511 AA;10", f"{NOT_ELEVEN};;;;;"),
    )

    assert (result.imported, result.replaced, result.rejected) == (2, 2, 1)
    assert result.errors[0].row_number == 4
    assert stored(dordrecht) == [("", "van der Berg"), (BSN, "")]
    assert stored(zwijndrecht) == [(OTHER_BSN, "")]  # another municipality's list is its own
    row = DebtServicesClient.objects.get(municipality=dordrecht, bsn="")
    assert (row.birth_date, row.postcode, row.house_number) == (date(1970, 1, 2), "2511AA", 10)
    event = AuditEvent.objects.filter(subject_type="debt_services_client_list").first()
    assert event is not None
    assert event.municipality_code == "0505"
    assert BSN not in event.description


def test_a_large_list_is_stored_in_a_few_queries(dordrecht: Municipality) -> None:
    rows = [f";Visser;;1970-01-01;1011AB;{number}" for number in range(1, 5001)]

    with CaptureQueriesContext(connection) as queries:
        result = import_client_list(municipality=dordrecht, content=client_list(*rows))

    assert result.imported == 5000
    assert DebtServicesClient.objects.filter(municipality=dordrecht).count() == 5000
    assert len(queries) < 100  # batched inserts (SQLite caps a batch by its parameter limit)


def test_a_refused_file_leaves_the_old_list(dordrecht: Municipality) -> None:
    import_client_list(municipality=dordrecht, content=client_list(f"{BSN};;;;;"))

    with pytest.raises(ClientListRefused):
        import_client_list(municipality=dordrecht, content=b"naam;adres\nJansen;Dorpsstraat 1\n")
    with pytest.raises(ClientListRefused):
        import_client_list(municipality=dordrecht, content=client_list(f"{NOT_ELEVEN};;;;;"))

    assert stored(dordrecht) == [(BSN, "")]


def test_the_registry_finds_a_stored_client(dordrecht: Municipality) -> None:
    import_client_list(
        municipality=dordrecht,
        content=client_list(f"{BSN};;;;;", ";Berg;van der;02-01-1970;2511AA;10"),
    )
    elsewhere = MunicipalityFactory.create(code="0546", name="Leiden")
    queries = [
        ClientQuery("by bsn", bsn=BSN),
        ClientQuery(
            "by name",
            surname="Berg",
            prefix="van der",
            birth_date=date(1970, 1, 2),
            postcode="2511AA",
            house_number=10,
        ),
        ClientQuery("stranger", bsn=OTHER_BSN),
    ]

    assert debt_services_registry_for(municipality=dordrecht).known(queries) == {"by bsn", "by name"}
    assert debt_services_registry_for(municipality=elsewhere).known(queries) == set()


def test_the_registry_is_the_http_one_when_configured(dordrecht: Municipality, settings: Settings) -> None:
    settings.DEBT_SERVICES_REGISTRY = "http"
    settings.DEBT_SERVICES_BASE_URL = "https://schuldhulp.example.nl/api/eropaf/v1"

    assert isinstance(debt_services_registry_for(municipality=dordrecht), HttpDebtServicesRegistry)


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_debt_clients", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_command_prints_json(dordrecht: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "klanten.csv"
    path.write_bytes(client_list(f"{BSN};;;;;", ";Visser;;31-02-1980;1011AB;3"))

    report = json.loads(run("--municipality", "0505", "--json", str(path)))

    assert report["municipality"] == "0505"
    assert (report["imported"], report["replaced"], report["rejected"]) == (1, 0, 1)
    assert report["rejected_rows"] == [
        {"row_number": 3, "message": 'rij 3: geboortedatum "31-02-1980" is geen bestaande datum'}
    ]
    assert stored(dordrecht) == [(BSN, "")]


def test_the_command_prints_counts_and_at_most_50_row_errors(dordrecht: Municipality, tmp_path: Path) -> None:
    path = tmp_path / "klanten.csv"
    path.write_bytes(client_list(f"{BSN};;;;;", *[f";Visser;;1980-01-01;1011AB;x{n}" for n in range(60)]))

    output = run("--municipality", "0505", str(path))

    summary = output.splitlines()[0]
    assert "Dordrecht (0505)" in summary
    assert re.search(r"\b1\b\D+\b60\b\D+\b0\b", summary)  # imported, left out, replaced
    assert output.count('huisnummer "x') == 50
    assert "rij 52:" in output
    assert "rij 53:" not in output
    assert re.search(r"\b10\b", output.splitlines()[-1])


@pytest.mark.parametrize(
    ("args", "content", "reason"),
    [
        (["--municipality", "9999"], client_list(f"{BSN};;;;;"), "9999"),
        (["--municipality", "0505"], b"naam;adres\nJansen;Dorpsstraat 1\n", "kopregel"),
        (["--municipality", "0505"], client_list(f"{NOT_ELEVEN};;;;;"), "Geen enkele rij"),
    ],
)
def test_the_command_exits_with_2_when_nothing_is_imported(
    dordrecht: Municipality, tmp_path: Path, args: list[str], content: bytes, reason: str
) -> None:
    import_client_list(municipality=dordrecht, content=client_list(f"{OTHER_BSN};;;;;"))
    path = tmp_path / "klanten.csv"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=reason) as raised:
        run(*args, str(path))

    assert raised.value.returncode == 2
    assert stored(dordrecht) == [(OTHER_BSN, "")]


def test_a_missing_file_exits_with_2(dordrecht: Municipality, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        run("--municipality", "0505", str(tmp_path / "nope.csv"))

    assert raised.value.returncode == 2
