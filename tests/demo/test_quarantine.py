"""The demo deliveries have a realistic quarantine: rejected rows judged by the real intake."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
import time_machine
from django.db import transaction
from django.db.models import Count, F
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from eropaf.accounts.models import User
from eropaf.core.vocabularies import DeliveryChannel, PartnerType
from eropaf.demo.builder import DemoSummary
from eropaf.demo.quarantine import draw_rejected_rows
from eropaf.demo.signals import SIGNAL_PARTNERS
from eropaf.intake.fields import FIELD_NAMES
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Delivery, RejectedRow
from eropaf.intake.quality.reasons import reason_label
from tests.demo.conftest import SEED, TODAY
from tests.intake.deliveries import csv_bytes

pytestmark = pytest.mark.django_db

# Words of the messages the partner reads; every message has at least one.
DUTCH_WORDS = ("verwacht", "ontbreekt", "ligt", "moet", "geen", "bestaat", "klopt niet")


def stored_rows() -> list[tuple[int, int, dict[str, str], list[dict[str, str]]]]:
    return list(
        RejectedRow.objects.order_by("delivery_id", "row_number").values_list(
            "delivery_id", "row_number", "values", "errors"
        )
    )


def rejected_share(rows: list[Delivery]) -> float:
    return sum(delivery.rejected_count for delivery in rows) / sum(
        delivery.received_count for delivery in rows
    )


def test_every_delivery_still_adds_up(demo: DemoSummary) -> None:
    deliveries = Delivery.objects.annotate(
        signal_count=Count("signals", distinct=True), rejected_row_count=Count("rejected_rows", distinct=True)
    )
    assert deliveries.count() == len(SIGNAL_PARTNERS) * 12
    for delivery in deliveries:
        assert delivery.received_count == (
            delivery.accepted_count + delivery.rejected_count + delivery.duplicate_count
        )
        assert delivery.accepted_count == delivery.signal_count
        assert delivery.rejected_count == delivery.rejected_row_count
        assert delivery.duplicate_count == 0
        assert delivery.headers == list(FIELD_NAMES)
    assert demo.counts["rejected_rows"] == RejectedRow.objects.count()


def test_rejected_rows_are_a_few_percent_and_vary_per_partner(demo: DemoSummary) -> None:
    deliveries = list(Delivery.objects.select_related("partner"))
    by_partner: dict[str, list[Delivery]] = defaultdict(list)
    for delivery in deliveries:
        by_partner[delivery.partner.code].append(delivery)

    assert 0.01 <= rejected_share(deliveries) <= 0.03
    with_rejects = [code for code, rows in by_partner.items() if any(row.rejected_count for row in rows)]
    assert len(with_rejects) >= len(by_partner) - 1
    # Some months a partner delivers without a fault.
    assert 0 < sum(not delivery.rejected_count for delivery in deliveries) < len(deliveries) / 2
    landlord = next(rows for rows in by_partner.values() if rows[0].partner.is_private_landlord)
    insurers = [
        row
        for rows in by_partner.values()
        for row in rows
        if row.partner.partner_type == PartnerType.HEALTH_INSURANCE
    ]
    assert rejected_share(landlord) > 2 * rejected_share(insurers)


def test_rejected_rows_follow_the_accepted_rows(demo: DemoSummary) -> None:
    numbers: dict[int, list[int]] = defaultdict(list)
    for delivery_id, row_number in RejectedRow.objects.values_list("delivery_id", "row_number"):
        numbers[delivery_id].append(row_number)
    accepted = dict(Delivery.objects.values_list("id", "accepted_count"))
    for delivery_id, rows in numbers.items():
        # The header is row 1 and the signals are rows 2 to accepted + 1.
        first = accepted[delivery_id] + 2
        assert sorted(rows) == list(range(first, first + len(rows)))


def test_every_rejected_row_says_in_dutch_what_is_wrong(demo: DemoSummary) -> None:
    codes: Counter[str] = Counter()
    for _, _, values, errors in stored_rows():
        assert set(values) == set(FIELD_NAMES)  # jsonb (PostgreSQL) keeps no key order; headers do
        assert all(isinstance(value, str) for value in values.values())
        assert errors
        for error in errors:
            assert set(error) == {"field", "code", "message"}
            assert error["field"] in FIELD_NAMES
            assert error["message"].startswith(error["field"])
            assert any(word in error["message"] for word in DUTCH_WORDS), error["message"]
            codes[error["code"]] += 1
    # Every way the generator breaks a row shows up, a future date only now and then.
    assert {"required", "invalid", "not_positive", "elfproef", "unknown_type", "outside_area"} <= set(codes)
    assert 0 < codes["future"] <= codes.total() / 10


def test_the_messages_are_those_of_the_real_import(demo: DemoSummary) -> None:
    """Handing the stored values in again, on the delivery's own day, gives the same rows back
    rejected with the same errors: the whole pipeline, from reading the file on."""
    deliveries = Delivery.objects.filter(rejected_count__gt=0).select_related("partner")
    with_future = {
        delivery_id
        for delivery_id, _, _, errors in stored_rows()
        if any(error["code"] == "future" for error in errors)
    }
    most_per_partner = {}
    for delivery in deliveries.order_by("rejected_count", "id"):
        most_per_partner[delivery.partner_id] = delivery.pk
    chosen = deliveries.filter(pk__in=with_future | set(most_per_partner.values()))
    assert len(with_future) >= 1
    assert chosen.count() >= len(SIGNAL_PARTNERS)

    for delivery in chosen:
        stored = list(delivery.rejected_rows.order_by("row_number"))
        data = csv_bytes([row.values for row in stored], header=delivery.headers)
        with transaction.atomic(), time_machine.travel(delivery.received_at, tick=False):
            assert timezone.localdate() == timezone.localdate(delivery.received_at)
            report = import_delivery(
                partner=delivery.partner,
                source=DeliverySource.from_file(data, "opnieuw.csv"),
                channel=DeliveryChannel.PORTAL,
                period=delivery.period,
                may_name_closed_period=True,
            )
            transaction.set_rollback(True)

        assert report.rejected == len(stored), delivery
        again = defaultdict(list)
        for error in report.rejected_rows:
            again[error.row_number].append(
                {"field": error.field, "code": error.code, "message": error.message}
            )
        assert list(again.values()) == [row.errors for row in stored]


def test_the_same_seed_draws_the_same_rows_and_another_seed_others(demo: DemoSummary) -> None:
    deliveries = list(Delivery.objects.select_related("partner"))

    drawn = draw_rejected_rows(deliveries=deliveries, seed=SEED)
    other = draw_rejected_rows(deliveries=deliveries, seed=SEED + 1)

    as_stored = [(row.delivery_id, row.row_number, row.values, row.errors) for row in drawn]
    assert sorted(as_stored, key=lambda row: (row[0], row[1])) == stored_rows()
    assert [row.values for row in other] != [row.values for row in drawn]


def test_the_partner_sees_its_rejected_rows(demo: DemoSummary, client: Client) -> None:
    delivery = (
        Delivery.objects.filter(partner__code="van-dalen-vastgoed", rejected_count__gt=0)
        .order_by("-rejected_count", "id")
        .first()
    )
    assert delivery is not None
    client.force_login(User.objects.get(username="vandalen"))

    page = client.get(reverse("intake:detail", args=[delivery.pk]))

    assert page.status_code == 200
    assert "Afgekeurde rijen" in page.content.decode()
    for row in delivery.rejected_rows.all():
        assert escape(row.errors[0]["message"]) in page.content.decode()
        assert row.values["referentie"] in page.content.decode()

    download = client.get(reverse("intake:rejected-csv", args=[delivery.pk]))

    assert download.status_code == 200
    text = download.content.decode("utf-8-sig")
    assert all(row.values["referentie"] in text for row in delivery.rejected_rows.all())


def test_the_quality_page_counts_the_rejections_per_reason(demo: DemoSummary, client: Client) -> None:
    client.force_login(User.objects.get(username="stroomlijn"))
    reasons = Counter(
        (error["field"], error["code"])
        for errors in RejectedRow.objects.filter(delivery__partner__code="stroomlijn-energie").values_list(
            "errors", flat=True
        )
        for error in errors
    )
    first = Delivery.objects.order_by("period").values_list("period", flat=True).first()
    assert first is not None

    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12)), tick=False):
        page = client.get(reverse("intake:quality"), {"van": f"{first:%Y-%m}", "tot": f"{TODAY:%Y-%m}"})

    assert page.status_code == 200
    with translation.override("nl"):
        for field, code in reasons:
            assert escape(reason_label(field, code)) in page.content.decode()


def test_a_delivery_without_faults_has_no_rejected_rows(demo: DemoSummary) -> None:
    clean = Delivery.objects.filter(rejected_count=0)
    assert clean.exists()
    assert not RejectedRow.objects.filter(delivery__in=clean).exists()
    assert clean.filter(received_count=F("accepted_count")).count() == clean.count()
