"""Generated delivery files: the format's fields and notations, the demo mix, and broken rows that
the intake pipeline really rejects."""

import datetime as dt
import io
import re
from collections import Counter
from pathlib import Path

import polars as pl
import pytest
from django.utils import timezone

from eropaf.core.vocabularies import DeliveryChannel, PartnerType
from eropaf.demo.delivery_files import (
    BREAKAGES,
    Breakage,
    DeliveryPartner,
    GeneratedDelivery,
    ServedArea,
    delivery_rows,
    write_delivery_file,
)
from eropaf.demo.structure import create_region
from eropaf.intake.fields import FIELD_NAMES, canonical_field
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Signal
from eropaf.intake.reports import DeliveryReport
from eropaf.organisations.models import Partner

TODAY = dt.date(2026, 11, 21)
PERIOD = dt.date(2024, 1, 1)
RENT = DeliveryPartner.from_demo("woongoed-merwede")


def csv_of(*, rows: int, seed: int, broken_share: float = 0.02) -> tuple[bytes, GeneratedDelivery]:
    buffer = io.BytesIO()
    generated = write_delivery_file(
        buffer, rows=rows, partner=RENT, seed=seed, today=TODAY, broken_share=broken_share
    )
    return buffer.getvalue(), generated


def read(data: bytes) -> pl.DataFrame:
    return pl.read_csv(data, separator=";", infer_schema=False).fill_null("")


def test_the_same_seed_gives_the_same_file_and_another_seed_another() -> None:
    first, _ = csv_of(rows=500, seed=1)
    again, _ = csv_of(rows=500, seed=1)
    other, _ = csv_of(rows=500, seed=2)
    assert first == again
    assert first != other


def test_the_header_holds_the_format_field_names_in_its_order() -> None:
    data, _ = csv_of(rows=10, seed=1)
    header = data.decode().splitlines()[0].split(";")
    assert header == list(FIELD_NAMES)
    assert all(canonical_field(name) == name for name in header)


def test_references_are_unique_except_where_a_contradiction_repeats_one() -> None:
    built = delivery_rows(rows=3_000, partner=RENT, seed=4, today=TODAY)
    frame = built.frame
    contradictions = sum(
        1 for kind in built.generated.broken.values() if kind == Breakage.CONTRADICTORY_AMOUNT
    )
    assert contradictions > 0
    assert frame["referentie"].n_unique() == frame.height - contradictions
    assert frame["referentie"].str.contains(r"^WM-[0-9]{8}$").all()


@pytest.mark.parametrize(("rows", "share", "broken"), [(2_000, 0.02, 40), (1_000, 0.1, 100), (300, 0.0, 0)])
def test_the_broken_share_is_kept_and_every_kind_of_breakage_occurs(
    rows: int, share: float, broken: int
) -> None:
    _, generated = csv_of(rows=rows, seed=3, broken_share=share)
    assert len(generated.broken) == broken
    assert generated.valid_rows == rows - broken
    assert all(2 <= row_number <= rows + 1 for row_number in generated.broken)
    if broken:
        assert set(generated.broken.values()) == set(BREAKAGES)


def test_rows_follow_the_demo_mix_and_the_notations_partners_use() -> None:
    data, generated = csv_of(rows=4_000, seed=5, broken_share=0.0)
    frame = read(data)
    filled = frame.select((pl.all() != "").mean()).row(0, named=True)
    assert 0.6 <= filled["telefoon"] <= 0.75
    assert 0.3 <= filled["email"] <= 0.6
    assert 0.2 <= filled["bsn"] <= 0.5  # landlords know a BSN now and then
    # Combined house numbers, postcodes with and without a space, several date and amount notations.
    assert frame["huisnummer"].str.contains(r"^[0-9]+[a-z]$").any()
    assert frame["huisnummer"].str.contains(r"^[0-9]+ [A-D]$").any()
    assert frame["huisnummer"].str.contains(r"^[0-9]+-").any()
    assert frame["postcode"].str.contains(r"^[0-9]{4} [A-Za-z]{2}$").any()
    assert frame["postcode"].str.contains(r"^[0-9]{4}[A-Za-z]{2}$").any()
    assert set(frame["postcode"].str.slice(0, 4).unique()) <= {area.pc4 for area in RENT.areas}
    notations = Counter(_date_notation(value) for value in frame["ontstaansdatum"])
    assert set(notations) == {"iso", "dash", "slash", "short", "compact"}
    assert frame["bedrag"].str.starts_with("€ ").any()
    assert frame["bedrag"].str.contains(r"^[0-9]{1,3}\.[0-9]{3},[0-9]{2}$").any()
    assert frame["bedrag"].str.contains(r"^[0-9]{1,3},[0-9]{3}\.[0-9]{2}$").any()
    # Rent arrears: months of rent, some with a summons and a planned eviction, and crisis flags.
    assert frame["dagvaardingsdatum"].ne("").any()
    assert frame["ontruimingsdatum"].ne("").any()
    assert frame["crisissignaal"].is_in(["ja", "j", "true", "1", "x"]).any()
    assert frame["warmeOverdracht"].is_in(["ja", "j", "true", "1", "x"]).any()
    assert not generated.broken


def test_amounts_follow_the_partner_type() -> None:
    water = DeliveryPartner.from_demo("oevermaas-water")
    rent = delivery_rows(rows=1_000, partner=RENT, seed=6, today=TODAY, broken_share=0).frame
    water_rows = delivery_rows(rows=1_000, partner=water, seed=6, today=TODAY, broken_share=0).frame
    rent_amounts, water_amounts = rent["_bedrag"].to_list(), water_rows["_bedrag"].to_list()
    assert sorted(rent_amounts)[len(rent_amounts) // 2] > 1_000 > max(water_amounts)
    assert min(water_amounts) >= 80
    assert set(water_rows["signaaltype"].unique()) <= {"", "water", "Water"}
    assert water_rows["klantnummer"].str.contains(r"^[1-9][0-9]{8}$").all()


def test_unusable_arguments_are_refused() -> None:
    nowhere = DeliveryPartner(code="x", partner_type=PartnerType.RENT, reference_prefix="X", areas=())
    with pytest.raises(ValueError, match="share"):
        delivery_rows(rows=10, partner=RENT, seed=1, today=TODAY, broken_share=1.5)
    with pytest.raises(ValueError, match="rows"):
        delivery_rows(rows=-1, partner=RENT, seed=1, today=TODAY)
    with pytest.raises(ValueError, match="postcode area"):
        delivery_rows(rows=10, partner=nowhere, seed=1, today=TODAY)
    with pytest.raises(ValueError, match="file format"):
        write_delivery_file(io.BytesIO(), rows=1, partner=RENT, seed=1, today=TODAY, file_format="ods")  # type: ignore[arg-type]


def test_a_file_with_a_bom_on_disk_starts_with_it(tmp_path: Path) -> None:
    path = tmp_path / "levering.csv"
    write_delivery_file(path, rows=3, partner=RENT, seed=1, today=TODAY, bom=True, delimiter=",")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfreferentie,")


@pytest.mark.django_db
@pytest.mark.parametrize(("file_format", "rows"), [("csv", 2_000), ("xlsx", 300)])
def test_the_pipeline_rejects_exactly_the_broken_rows_for_the_reason_given(
    file_format: str, rows: int
) -> None:
    create_region()
    partner = Partner.objects.get(code="woongoed-merwede")
    buffer = io.BytesIO()
    generated = write_delivery_file(
        buffer,
        rows=rows,
        partner=RENT,
        seed=11,
        today=timezone.localdate(),
        broken_share=0.05,
        file_format=file_format,  # type: ignore[arg-type]
    )
    report = _deliver(partner, buffer.getvalue(), f"levering.{file_format}")

    assert report.received == rows
    assert report.accepted + report.rejected + report.duplicate == report.received
    assert (report.accepted, report.rejected, report.duplicate) == (
        generated.valid_rows,
        len(generated.broken),
        0,
    )
    fields_at_fault: dict[int, set[str]] = {}
    for error in report.rejected_rows:
        fields_at_fault.setdefault(error.row_number, set()).add(error.field)
    assert set(fields_at_fault) == set(generated.broken)
    assert all(kind.field in fields_at_fault[row] for row, kind in generated.broken.items())
    assert Signal.objects.filter(delivery_id=report.delivery_id).count() == generated.valid_rows


@pytest.mark.django_db
def test_a_second_file_of_another_partner_type_goes_through_too() -> None:
    create_region()
    partner = Partner.objects.get(code="vitazorg")
    data = io.BytesIO()
    generated = write_delivery_file(
        data, rows=500, partner=DeliveryPartner.from_demo("vitazorg"), seed=2, today=timezone.localdate()
    )
    report = _deliver(partner, data.getvalue(), "zorg.csv")
    assert (report.accepted, report.rejected) == (generated.valid_rows, len(generated.broken))
    assert set(Signal.objects.values_list("signal_type", flat=True)) == {PartnerType.HEALTH_INSURANCE}


def test_a_partner_outside_the_demo_can_be_described_by_its_areas() -> None:
    partner = DeliveryPartner(
        code="elders",
        partner_type=PartnerType.ENERGY,
        reference_prefix="EL",
        areas=(ServedArea("1012", "Amsterdam"),),
    )
    frame = delivery_rows(rows=200, partner=partner, seed=1, today=TODAY).frame
    postcodes = frame["postcode"].str.slice(0, 4)
    assert postcodes.is_in(["1012"]).sum() > 180
    assert not postcodes.is_in(["1012"]).all()  # the rows broken as outside the served area


def _deliver(partner: Partner, data: bytes, file_name: str) -> DeliveryReport:
    return import_delivery(
        partner=partner,
        source=DeliverySource.from_file(data, file_name),
        channel=DeliveryChannel.COMMAND_LINE,
        period=PERIOD,
        may_name_closed_period=True,
    )


def _date_notation(value: str) -> str:
    patterns = {
        "iso": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "dash": r"^[0-9]{2}-[0-9]{2}-[0-9]{4}$",
        "slash": r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$",
        "short": r"^[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}$",
        "compact": r"^[0-9]{8}$",
    }
    return next((name for name, pattern in patterns.items() if re.match(pattern, value)), "other")
