"""The rejected rows of a delivery as CSV and XLSX: the rows as delivered, with their messages,
formula-like values neutralised, and every download recorded as an export."""

import csv
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.exports import MESSAGE_COLUMN
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Delivery, RejectedRow
from eropaf.organisations.models import Partner
from tests.factories import MunicipalityFactory, PartnerFactory, PostcodeAreaFactory, make_user_with_role
from tests.intake.deliveries import csv_bytes, good_row

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://example.com/x","klik")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def partner() -> Partner:
    dordrecht = MunicipalityFactory.create(code="0505", name="Dordrecht")
    PostcodeAreaFactory.create(digits="3311", municipality=dordrecht)
    return PartnerFactory.create(code="woongoed", name="Woongoed", municipalities=[dordrecht])


@pytest.fixture
def user(partner: Partner, client: Client) -> User:
    user = make_user_with_role(Role.PARTNER_USER, partner=partner)
    client.force_login(user)
    return user


@pytest.fixture
def delivery(partner: Partner) -> Delivery:
    rows = [
        good_row("A-1"),
        good_row("A-2", achternaam=FORMULA, postcode="1234 A"),
        good_row("+31-A3", postcode="9999"),
        good_row("A-4"),
    ]
    report = import_delivery(
        partner=partner,
        source=DeliverySource.from_file(csv_bytes(rows), "signalen.csv"),
        channel=DeliveryChannel.PORTAL,
    )
    return report.delivery


def read_csv(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    first_line = text.splitlines()[0]
    delimiter = max(";,\t", key=first_line.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_the_csv_holds_the_rejected_rows_as_delivered_with_their_messages(
    client: Client, user: User, delivery: Delivery
) -> None:
    response = client.get(reverse("intake:rejected-csv", args=[delivery.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="afgekeurd-levering-{delivery.pk}.csv"'
    table = read_csv(response.content)
    header, rows = table[0], table[1:]
    assert len(rows) == 2
    assert set(delivery.headers) <= set(header)
    assert MESSAGE_COLUMN in header
    messages = {row.message for row in RejectedRow.objects.filter(delivery=delivery)}
    for message in messages:
        assert any(message in cell for row in rows for cell in row)
    surname_column = header.index("achternaam")
    surnames = [row[surname_column] for row in rows]
    assert any("HYPERLINK" in surname for surname in surnames)
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_the_xlsx_holds_the_same_rows_without_formulas(
    client: Client, user: User, delivery: Delivery
) -> None:
    response = client.get(reverse("intake:rejected-xlsx", args=[delivery.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="afgekeurd-levering-{delivery.pk}.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    table = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header, rows = [str(value) for value in table[0]], table[1:]
    assert len(rows) == 2
    assert set(delivery.headers) <= set(header)
    assert MESSAGE_COLUMN in header
    messages = {row.message for row in RejectedRow.objects.filter(delivery=delivery)}
    for message in messages:
        assert any(isinstance(value, str) and message in value for row in rows for value in row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", cell.value
            assert not str(cell.value or "").startswith(FORMULA_STARTS), cell.value
    surname_column = header.index("achternaam")
    assert any("HYPERLINK" in str(row[surname_column]) for row in rows)


@pytest.mark.parametrize("url_name", ["intake:rejected-csv", "intake:rejected-xlsx"])
def test_every_download_is_recorded_as_an_export(
    client: Client, user: User, delivery: Delivery, url_name: str
) -> None:
    assert client.get(reverse(url_name, args=[delivery.pk])).status_code == 200

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor_id == user.pk
    assert event.subject_type == "delivery"
    assert event.subject_id == str(delivery.pk)
    assert FORMULA not in event.description
    assert "Jansen" not in event.description


def test_a_delivery_without_rejected_rows_downloads_only_the_header(
    client: Client, user: User, partner: Partner
) -> None:
    report = import_delivery(
        partner=partner,
        source=DeliverySource.from_file(csv_bytes([good_row("A-1")]), "goed.csv"),
        channel=DeliveryChannel.PORTAL,
    )
    response = client.get(reverse("intake:rejected-csv", args=[report.delivery_id]))
    assert response.status_code == 200
    assert len(read_csv(response.content)) == 1
    detail = client.get(reverse("intake:detail", args=[report.delivery_id])).content.decode()
    assert reverse("intake:rejected-csv", args=[report.delivery_id]) not in detail


def test_reading_the_rejected_rows_on_the_report_page_is_recorded(
    client: Client, user: User, delivery: Delivery
) -> None:
    assert client.get(reverse("intake:detail", args=[delivery.pk])).status_code == 200

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert event.actor_id == user.pk
    assert event.subject_id == str(delivery.pk)
    assert FORMULA not in event.description
