"""POST and GET /api/v1/deliveries: a partner system hands in signals and reads its reports."""

import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.translation import gettext
from openpyxl import Workbook
from pytest_django import DjangoAssertNumQueries, Settings

from eropaf.accounts.api_tokens import create_api_token
from eropaf.audit.models import AuditEvent
from eropaf.intake.management.commands.import_signals import report_as_json
from eropaf.intake.models import Delivery, RejectedRow, Signal
from eropaf.intake.reports import build_report
from eropaf.organisations.models import Partner
from tests.factories import DeliveryFactory, PartnerFactory
from tests.intake.deliveries import HEADER, Region, csv_bytes, good_row, make_region

pytestmark = pytest.mark.django_db

DELIVERIES = "/api/v1/deliveries"
TODAY = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)
REPORT_FIELDS = {
    "delivery_id",
    "period",
    "already_delivered",
    "received",
    "accepted",
    "rejected",
    "duplicate",
    "warnings",
    "per_municipality",
    "rejected_rows",
    "url",
}
# Row A-2 has a wrong postcode, A-1 comes twice, A-4 has a negative amount, A-5 lives elsewhere.
ROWS = [
    good_row("A-1"),
    good_row("A-2", postcode="1234 A"),
    good_row("A-1"),
    good_row("A-4", bedrag="-3"),
    good_row("A-5", postcode="3331 CD"),
]


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def region() -> Region:
    return make_region()


def headers_for(partner: Partner) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(partner=partner, name='test', created_by=None).key}"}


def xlsx_bytes(rows: Sequence[Mapping[str, str]], header: Sequence[str] = HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(name, "") for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def post_json(client: Client, headers: dict[str, str], body: object) -> Any:
    return client.post(DELIVERIES, json.dumps(body), content_type="application/json", headers=headers)


def post_file(client: Client, headers: dict[str, str], data: bytes, name: str, **fields: str) -> Any:
    upload = SimpleUploadedFile(name, data)
    return client.post(DELIVERIES, {"file": upload, **fields}, headers=headers)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"]
    assert body["title"]
    assert body["detail"]
    return body


# Handing in -----------------------------------------------------------------------------------


def test_a_json_delivery_answers_201_with_the_report(client: Client, region: Region) -> None:
    response = post_json(client, headers_for(region.partner), {"signalen": ROWS})

    assert response.status_code == 201
    report = response.json()
    assert set(report) == REPORT_FIELDS
    assert (report["received"], report["accepted"], report["rejected"], report["duplicate"]) == (5, 2, 2, 1)
    assert report["received"] == report["accepted"] + report["rejected"] + report["duplicate"]
    assert report["period"] == "2026-11"
    assert report["already_delivered"] is False
    assert report["per_municipality"] == [
        {"code": "0505", "name": "Dordrecht", "accepted": 1},
        {"code": "0642", "name": "Zwijndrecht", "accepted": 1},
    ]
    assert {(row["row_number"], row["field"]) for row in report["rejected_rows"]} == {
        (2, "postcode"),
        (4, "bedrag"),
    }
    assert all(row["code"] and row["message"] for row in report["rejected_rows"])
    assert report["url"] == f"http://testserver/api/v1/deliveries/{report['delivery_id']}"
    assert response["Location"] == report["url"]
    delivery = Delivery.objects.get()
    assert (delivery.pk, delivery.partner, delivery.channel, delivery.file_name) == (
        report["delivery_id"],
        region.partner,
        "api",
        "",
    )
    assert Signal.objects.filter(delivery=delivery).count() == 2


def test_the_report_has_the_command_lines_json_shape(client: Client, region: Region) -> None:
    report = post_json(client, headers_for(region.partner), {"signalen": ROWS}).json()

    from_command_line = report_as_json(build_report(Delivery.objects.get()))
    assert {key: value for key, value in report.items() if key != "url"} == from_command_line


def test_csv_xlsx_and_json_give_the_same_verdicts(client: Client, region: Region) -> None:
    served = [region.dordrecht, region.zwijndrecht]
    csv_partner, xlsx_partner = (PartnerFactory.create(municipalities=served) for _ in range(2))

    from_json = post_json(client, headers_for(region.partner), {"signalen": ROWS}).json()
    from_csv = post_file(client, headers_for(csv_partner), csv_bytes(ROWS), "signalen.csv").json()
    from_xlsx = post_file(client, headers_for(xlsx_partner), xlsx_bytes(ROWS), "signalen.xlsx").json()

    def verdicts(report: dict[str, Any], first_row: int) -> tuple[object, ...]:
        rows = [(row["row_number"] - first_row, row["field"], row["code"]) for row in report["rejected_rows"]]
        counts = (report["received"], report["accepted"], report["rejected"], report["duplicate"])
        return counts, report["per_municipality"], rows

    # A file's first signal is on row 2 (under the header); the first JSON signal is number 1.
    assert verdicts(from_csv, 2) == verdicts(from_json, 1) == verdicts(from_xlsx, 2)
    assert Delivery.objects.get(partner=csv_partner).file_name == "signalen.csv"


def test_sending_the_same_content_again_answers_200_and_stores_nothing(
    client: Client, region: Region
) -> None:
    headers = headers_for(region.partner)
    first = post_json(client, headers, {"signalen": ROWS}).json()
    stored = (Delivery.objects.count(), Signal.objects.count(), RejectedRow.objects.count())

    again = post_json(client, headers, {"signalen": ROWS})

    assert again.status_code == 200
    assert "Location" not in again
    assert again.json() == {**first, "already_delivered": True}
    assert (Delivery.objects.count(), Signal.objects.count(), RejectedRow.objects.count()) == stored


def test_sending_the_same_file_again_answers_200(client: Client, region: Region) -> None:
    headers = headers_for(region.partner)
    data = csv_bytes(ROWS)
    assert post_file(client, headers, data, "signalen.csv").status_code == 201

    again = post_file(client, headers, data, "opnieuw.csv")

    assert again.status_code == 200
    assert again.json()["already_delivered"] is True
    assert Delivery.objects.count() == 1


def test_a_delivery_may_name_its_period(client: Client, region: Region) -> None:
    headers = headers_for(region.partner)

    from_json = post_json(client, headers, {"periode": "2026-12", "signalen": [good_row("A-1")]})
    from_file = post_file(client, headers, csv_bytes([good_row("B-1")]), "b.csv", periode="2026-12")

    assert from_json.json()["period"] == from_file.json()["period"] == "2026-12"


@pytest.mark.parametrize("period", ["december", "2026-13", "2026-10"])
def test_a_period_that_may_not_be_named_is_refused_in_both_forms(
    client: Client, region: Region, period: str
) -> None:
    headers = headers_for(region.partner)

    as_json = post_json(client, headers, {"periode": period, "signalen": [good_row("A-1")]})
    as_file = post_file(client, headers, csv_bytes([good_row("A-1")]), "a.csv", periode=period)

    assert_problem(as_json, 422)
    assert_problem(as_file, 422)
    assert not Delivery.objects.exists()


def test_the_delivery_is_recorded_in_the_audit_trail(client: Client, region: Region) -> None:
    report = post_json(client, headers_for(region.partner), {"signalen": ROWS}).json()

    event = AuditEvent.objects.get(subject_type="delivery")
    assert event.subject_id == str(report["delivery_id"])
    assert "api" in event.description
    assert region.partner.code in event.description


# Refusals and malformed requests --------------------------------------------------------------


def test_a_file_without_a_required_column_is_refused_with_422(client: Client, region: Region) -> None:
    header = [name for name in HEADER if name != "postcode"]

    response = post_file(client, headers_for(region.partner), csv_bytes(ROWS, header=header), "a.csv")

    body = assert_problem(response, 422)
    assert "postcode" in body["detail"]
    assert not Delivery.objects.exists()


def test_a_file_that_is_no_delivery_is_refused_with_422(client: Client, region: Region) -> None:
    response = post_file(client, headers_for(region.partner), b"\x00\x01\x02PK\x00binary", "a.pdf")

    assert_problem(response, 422)
    assert not Delivery.objects.exists()


def test_a_json_body_without_signals_is_refused_with_422(client: Client, region: Region) -> None:
    response = post_json(client, headers_for(region.partner), {"rijen": ROWS})

    assert_problem(response, 422)
    assert not Delivery.objects.exists()


def test_malformed_json_is_a_400_problem(client: Client, region: Region) -> None:
    response = client.post(
        DELIVERIES, '{"signalen": [', content_type="application/json", headers=headers_for(region.partner)
    )

    body = assert_problem(response, 400)
    assert body["detail"] == gettext(
        "The request body could not be read: it is not valid JSON or multipart/form-data."
    )


def test_a_json_body_that_is_not_an_object_is_a_400_problem(client: Client, region: Region) -> None:
    assert_problem(post_json(client, headers_for(region.partner), ROWS), 400)


def test_a_form_without_a_file_is_a_400_problem_naming_the_field(client: Client, region: Region) -> None:
    response = client.post(DELIVERIES, {"periode": "2026-11"}, headers=headers_for(region.partner))

    body = assert_problem(response, 400)
    assert set(body["errors"]) == {"file"}


def test_another_content_type_is_a_415_problem(client: Client, region: Region) -> None:
    response = client.post(
        DELIVERIES, csv_bytes(ROWS), content_type="text/csv", headers=headers_for(region.partner)
    )

    assert_problem(response, 415)


def test_a_request_without_a_content_type_is_a_415_problem(client: Client, region: Region) -> None:
    response = client.generic("POST", DELIVERIES, b"{}", content_type="", headers=headers_for(region.partner))

    assert_problem(response, 415)


def test_an_over_large_file_is_refused_with_413_before_it_is_read(
    client: Client, region: Region, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DELIVERY_FILE_MAX_BYTES = 2 * 1024 * 1024
    headers = headers_for(region.partner)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the body was read")

    monkeypatch.setattr("rest_framework.request.Request._load_data_and_files", no_reading)
    response = post_file(client, headers, b"x" * (2 * 1024 * 1024 + 1), "groot.csv")

    body = assert_problem(response, 413)
    assert "2 MB" in body["detail"]
    assert not Delivery.objects.exists()


def test_an_announced_over_large_body_is_refused_with_413(
    client: Client, region: Region, settings: Settings
) -> None:
    settings.DELIVERY_FILE_MAX_BYTES = 1024 * 1024
    body = json.dumps({"signalen": ROWS})

    response = client.post(
        DELIVERIES,
        body,
        content_type="application/json",
        headers=headers_for(region.partner),
        CONTENT_LENGTH=str(1024 * 1024 + 1),
    )

    assert_problem(response, 413)


def test_a_json_body_larger_than_djangos_body_limit_is_refused_with_413(
    client: Client, region: Region, settings: Settings
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    rows = [good_row(f"A-{n}", achternaam="x" * 200) for n in range(5_000)]

    response = post_json(client, headers_for(region.partner), {"signalen": rows})

    assert_problem(response, 413)
    assert not Delivery.objects.exists()


# Reading deliveries ---------------------------------------------------------------------------


def test_the_list_shows_only_the_own_deliveries_newest_first(client: Client, region: Region) -> None:
    older = DeliveryFactory.create(partner=region.partner, received_at=TODAY - dt.timedelta(days=40))
    newer = DeliveryFactory.create(partner=region.partner, received_at=TODAY - dt.timedelta(days=1))
    DeliveryFactory.create(partner=region.other_partner)

    response = client.get(DELIVERIES, headers=headers_for(region.partner))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert (body["next"], body["previous"]) == (None, None)
    assert [item["id"] for item in body["results"]] == [newer.pk, older.pk]
    first = body["results"][0]
    assert set(first) == {
        "id",
        "period",
        "received_at",
        "channel",
        "file_name",
        "received",
        "accepted",
        "rejected",
        "duplicate",
        "url",
    }
    assert first["period"] == f"{newer.period:%Y-%m}"
    assert first["channel"] == "portal"
    assert first["url"] == f"http://testserver/api/v1/deliveries/{newer.pk}"


def test_the_list_is_paginated(
    client: Client, region: Region, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for days in range(30):
        DeliveryFactory.create(partner=region.partner, received_at=TODAY - dt.timedelta(days=days))
    headers = headers_for(region.partner)

    with django_assert_max_num_queries(6):
        first = client.get(DELIVERIES, headers=headers).json()
    second = client.get(first["next"], headers=headers).json()

    assert first["count"] == 30
    assert len(first["results"]) == 25
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"] is not None
    assert len(client.get(DELIVERIES, {"limit": 500}, headers=headers).json()["results"]) == 30


def test_a_delivery_report_can_be_read_again(client: Client, region: Region) -> None:
    headers = headers_for(region.partner)
    created = post_json(client, headers, {"signalen": ROWS}).json()

    response = client.get(created["url"], headers=headers)

    assert response.status_code == 200
    assert response.json() == created


def test_another_partners_delivery_is_answered_exactly_like_a_missing_one(
    client: Client, region: Region
) -> None:
    theirs = DeliveryFactory.create(partner=region.other_partner)
    headers = headers_for(region.partner)

    other = client.get(f"{DELIVERIES}/{theirs.pk}", headers=headers)
    missing = client.get(f"{DELIVERIES}/{theirs.pk + 1000}", headers=headers)
    malformed = client.get(f"{DELIVERIES}/abc", headers=headers)
    huge = client.get(f"{DELIVERIES}/{'9' * 40}", headers=headers)

    body = assert_problem(other, 404)
    for response in (missing, malformed, huge):
        assert_problem(response, 404)
        assert response.json() == body


# Throttling -----------------------------------------------------------------------------------


def test_deliveries_are_limited_per_key(client: Client, region: Region, settings: Settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": "100/hour", "partner_deliveries": "2/hour"},
    }
    headers = headers_for(region.partner)
    for number in range(2):
        assert post_json(client, headers, {"signalen": [good_row(f"A-{number}")]}).status_code == 201

    refused = post_json(client, headers, {"signalen": [good_row("A-9")]})

    assert_problem(refused, 429)
    assert int(refused["Retry-After"]) > 0
    assert Delivery.objects.count() == 2
    # Reading is not a delivery, and another key of another system has its own count.
    assert client.get(DELIVERIES, headers=headers).status_code == 200
    other_key = headers_for(region.partner)
    assert post_json(client, other_key, {"signalen": [good_row("A-9")]}).status_code == 201


def test_all_calls_of_a_key_are_limited_too(client: Client, region: Region, settings: Settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": "3/hour", "partner_deliveries": "60/hour"},
    }
    headers = headers_for(region.partner)
    for _ in range(3):
        assert client.get(DELIVERIES, headers=headers).status_code == 200

    assert_problem(client.get(DELIVERIES, headers=headers), 429)
    assert_problem(
        client.post("/api/v1/withdrawals", {}, content_type="application/json", headers=headers), 429
    )


def test_the_configured_rates() -> None:
    assert django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] == {
        "partner": "1200/hour",
        "partner_deliveries": "60/hour",
    }


def test_reading_a_report_with_rejected_rows_is_recorded_with_the_key(client: Client, region: Region) -> None:
    headers = headers_for(region.partner)
    report = post_json(client, headers, {"signalen": [good_row("A-1"), good_row("A-2", postcode="x")]}).json()

    answer = client.get(f"/api/v1/deliveries/{report['delivery_id']}", headers=headers)

    assert answer.status_code == 200
    event = AuditEvent.objects.get(subject_type="delivery", action="view")
    assert event.subject_id == str(report["delivery_id"])
    assert event.actor_username.startswith("api:")
