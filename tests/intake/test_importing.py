"""The one intake pipeline: verdicts, routing, duplicates, resends, refusals and atomicity."""

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import time_machine

from eropaf.audit.models import AuditEvent
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake import importing
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Delivery, RejectedRow, Signal
from eropaf.intake.reading import DeliveryRefused
from eropaf.intake.reports import DeliveryReport
from eropaf.organisations.models import Partner
from tests.factories import PartnerFactory
from tests.intake.deliveries import HEADER, Region, csv_bytes, good_row, make_region

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)
NOVEMBER = dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def region() -> Region:
    return make_region()


def deliver(partner: Partner, data: bytes, **kwargs: object) -> DeliveryReport:
    return import_delivery(
        partner=partner,
        source=DeliverySource.from_file(data, "signalen.csv"),
        channel=DeliveryChannel.COMMAND_LINE,
        **kwargs,  # type: ignore[arg-type]
    )


def messages_of(report: DeliveryReport, row_number: int) -> list[str]:
    return [row.message for row in report.rejected_rows if row.row_number == row_number]


def test_every_row_gets_one_verdict_and_the_counts_add_up(region: Region) -> None:
    report = deliver(
        region.partner,
        csv_bytes([good_row("A-1"), good_row("A-2", postcode="1234 A"), good_row("A-1"), good_row("A-3")]),
    )
    assert (report.received, report.accepted, report.rejected, report.duplicate) == (4, 2, 1, 1)
    assert report.received == report.accepted + report.rejected + report.duplicate
    assert report.period == NOVEMBER
    assert set(Signal.objects.values_list("reference", flat=True)) == {"A-1", "A-3"}


def test_accepted_signals_are_normalised(region: Region) -> None:
    deliver(region.partner, csv_bytes([good_row("A-1")]))
    signal = Signal.objects.get()
    assert (signal.postcode, signal.house_number, signal.house_letter) == ("3311AB", 12, "A")
    assert signal.amount_cents == 123_456
    assert signal.phone == "+31612345678"
    assert signal.arrear_start_date == dt.date(2026, 8, 1)
    assert signal.signal_date == dt.date(2026, 11, 10)
    assert signal.address_key == "3311AB|12|A|"
    assert signal.municipality == region.dordrecht
    assert signal.signal_type == region.partner.partner_type


def test_rejected_rows_are_kept_with_their_original_values_and_messages(region: Region) -> None:
    report = deliver(
        region.partner, csv_bytes([good_row("A-1"), good_row("A-2", postcode="1234 A", bedrag="0")])
    )
    quarantined = RejectedRow.objects.get()
    assert quarantined.row_number == 3
    assert quarantined.values["postcode"] == "1234 A"
    assert quarantined.values["bedrag"] == "0"
    assert {error["field"] for error in quarantined.errors} == {"postcode", "bedrag"}
    assert any("geen geldige postcode" in message for message in messages_of(report, 3))
    assert Delivery.objects.get().headers == list(HEADER)


def test_signals_go_to_the_municipality_of_their_postcode(region: Region) -> None:
    report = deliver(
        region.partner,
        csv_bytes([good_row("A-1"), good_row("A-2", postcode="3312CD"), good_row("A-3", postcode="3331 EF")]),
    )
    assert {(item.name, item.accepted) for item in report.per_municipality} == {
        ("Dordrecht", 2),
        ("Zwijndrecht", 1),
    }


def test_a_postcode_outside_the_served_municipalities_is_rejected_with_a_reason(region: Region) -> None:
    report = deliver(
        region.partner, csv_bytes([good_row("A-1", postcode="2311AA"), good_row("A-2", postcode="9999ZZ")])
    )
    assert report.rejected == 2
    known, unknown = messages_of(report, 2)[0], messages_of(report, 3)[0]
    assert "2311 AA ligt in de gemeente Leiden" in known
    assert "Dordrecht, Zwijndrecht" in known
    assert "9999 ZZ ligt niet in een gemeente waarvoor u signalen levert" in unknown


def test_the_same_reference_with_another_amount_in_one_delivery_is_contradictory(region: Region) -> None:
    report = deliver(
        region.partner, csv_bytes([good_row("A-1"), good_row("A-1", bedrag="99,00"), good_row("A-1")])
    )
    assert (report.accepted, report.rejected, report.duplicate) == (1, 1, 1)
    assert "staat al in rij 2" in messages_of(report, 3)[0]


def test_an_earlier_delivery_of_the_period_makes_the_same_amount_a_duplicate(region: Region) -> None:
    deliver(region.partner, csv_bytes([good_row("A-1"), good_row("A-2")]))
    report = deliver(
        region.partner, csv_bytes([good_row("A-1"), good_row("A-2", bedrag="1.500,00"), good_row("A-3")])
    )
    assert (report.accepted, report.duplicate) == (2, 1)
    assert Signal.objects.filter(reference="A-2").count() == 2  # the arrear changed: a new signal


def test_another_partner_may_use_the_same_reference(region: Region) -> None:
    deliver(region.partner, csv_bytes([good_row("A-1")]))
    report = deliver(region.other_partner, csv_bytes([good_row("A-1")]))
    assert report.accepted == 1


def test_another_period_is_not_a_duplicate(region: Region) -> None:
    deliver(region.partner, csv_bytes([good_row("A-1")]))
    report = deliver(region.partner, csv_bytes([good_row("A-1")]), period=dt.date(2026, 12, 1))
    assert (report.accepted, report.period) == (1, dt.date(2026, 12, 1))


def test_sending_the_same_file_twice_stores_nothing_new(region: Region) -> None:
    data = csv_bytes([good_row("A-1"), good_row("A-2", postcode="xx")])
    first = deliver(region.partner, data)
    second = deliver(region.partner, data)
    assert second.already_delivered
    assert second.delivery_id == first.delivery_id
    assert (Delivery.objects.count(), Signal.objects.count(), RejectedRow.objects.count()) == (1, 1, 1)


def test_a_file_without_a_required_column_is_refused_and_nothing_is_stored(region: Region) -> None:
    data = csv_bytes([good_row("A-1")], header=[name for name in HEADER if name != "postcode"])
    with pytest.raises(DeliveryRefused, match="postcode"):
        deliver(region.partner, data)
    assert not Delivery.objects.exists()


def test_unknown_columns_give_one_warning_per_delivery(region: Region) -> None:
    rows = [{**good_row(f"A-{n}"), "kleur": "rood", "opmerking": "x"} for n in range(3)]
    report = deliver(region.partner, csv_bytes(rows, header=[*HEADER, "kleur", "opmerking"]))
    assert len(report.warnings) == 1
    assert '"kleur"' in report.warnings[0]
    assert '"opmerking"' in report.warnings[0]


def test_json_and_csv_give_the_same_verdicts(region: Region) -> None:
    rows = [
        good_row("A-1"),
        good_row("A-2", postcode="1234 A"),
        good_row("A-1"),
        good_row("A-4", bedrag="-3"),
    ]
    from_csv = deliver(region.partner, csv_bytes(rows))
    from_json = import_delivery(
        partner=region.other_partner,
        source=DeliverySource.from_json({"signalen": rows}),
        channel=DeliveryChannel.API,
    )
    assert (from_csv.accepted, from_csv.rejected, from_csv.duplicate) == (
        from_json.accepted,
        from_json.rejected,
        from_json.duplicate,
    )
    assert [(r.row_number - 1, r.field, r.code) for r in from_csv.rejected_rows] == [
        (r.row_number, r.field, r.code) for r in from_json.rejected_rows
    ]


def test_a_json_delivery_may_name_its_period(region: Region) -> None:
    report = import_delivery(
        partner=region.partner,
        source=DeliverySource.from_json({"periode": "2026-12", "signalen": [good_row("A-1")]}),
        channel=DeliveryChannel.API,
    )
    assert report.period == dt.date(2026, 12, 1)


def test_a_partner_cannot_deliver_for_a_closed_period_but_an_administrator_can(region: Region) -> None:
    data = csv_bytes([good_row("A-1")])
    with pytest.raises(DeliveryRefused, match="gesloten"):
        deliver(region.partner, data, period=dt.date(2026, 10, 1))
    report = deliver(region.partner, data, period=dt.date(2026, 10, 1), may_name_closed_period=True)
    assert report.period == dt.date(2026, 10, 1)


def test_after_the_cut_off_day_a_delivery_goes_into_the_next_period(region: Region) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC), tick=False):
        report = deliver(region.partner, csv_bytes([good_row("A-1")]))
    assert report.period == dt.date(2026, 12, 1)


def test_a_partner_without_municipalities_is_refused() -> None:
    partner = PartnerFactory.create()
    with pytest.raises(DeliveryRefused, match="geen enkele gemeente"):
        deliver(partner, csv_bytes([good_row("A-1")]))


def test_a_delivery_is_stored_completely_or_not_at_all(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "_store_rejected", crash)
    with pytest.raises(RuntimeError):
        deliver(region.partner, csv_bytes([good_row("A-1"), good_row("A-2", postcode="x")]))
    assert (Delivery.objects.count(), Signal.objects.count(), RejectedRow.objects.count()) == (0, 0, 0)
    monkeypatch.undo()
    report = deliver(region.partner, csv_bytes([good_row("A-1"), good_row("A-2", postcode="x")]))
    assert (report.accepted, report.rejected) == (1, 1)


def test_a_delivery_is_recorded_in_the_audit_trail_without_personal_data(region: Region) -> None:
    report = deliver(region.partner, csv_bytes([good_row("A-1")]))
    event = AuditEvent.objects.get(subject_type="delivery")
    assert event.subject_id == str(report.delivery_id)
    assert "Jansen" not in event.description


def test_an_empty_delivery_counts_as_delivered(region: Region) -> None:
    report = deliver(region.partner, csv_bytes([]))
    assert (report.received, report.accepted) == (0, 0)
    assert Delivery.objects.count() == 1


def test_the_report_lists_every_error_of_a_row(region: Region) -> None:
    report = deliver(region.partner, csv_bytes([good_row("A-1", postcode="x", achternaam="", bedrag="nul")]))
    assert {row.field for row in report.rejected_rows} == {"postcode", "achternaam", "bedrag"}
    assert json.dumps([row.message for row in report.rejected_rows], ensure_ascii=False)


def test_values_neutralised_by_our_own_export_are_read_back_as_they_were(region: Region) -> None:
    report = deliver(region.partner, csv_bytes([good_row("A-1", telefoon="'+31 6 12345678")]))
    assert report.accepted == 1
    assert Signal.objects.get().phone == "+31612345678"


def test_validating_in_batches_changes_no_verdict(region: Region, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importing, "VALIDATION_BATCH_ROWS", 2)
    rows = [
        good_row("A-1"),
        good_row("A-2", postcode="x"),
        good_row("A-1"),
        good_row("A-1", bedrag="5"),
        good_row("A-5"),
    ]
    report = deliver(region.partner, csv_bytes(rows))
    assert (report.accepted, report.rejected, report.duplicate) == (2, 2, 1)
    assert "staat al in rij 2" in messages_of(report, 5)[0]
