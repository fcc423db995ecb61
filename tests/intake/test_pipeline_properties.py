"""Whatever a partner sends ends in one verdict per row or one clear refusal — never an unhandled
exception, never a lost row. Property tests through the whole pipeline, database included."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.fields import FIELD_NAMES, REQUIRED_FIELD_NAMES
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Delivery, RejectedRow, Signal
from eropaf.intake.reading import DeliveryRefused
from eropaf.intake.reports import DeliveryReport
from tests.intake.deliveries import Region, good_row, make_region

pytestmark = pytest.mark.django_db

PIPELINE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values that look almost right are more interesting than pure noise.
NEAR_MISSES = st.sampled_from(
    [
        "",
        " ",
        "3311 AB",
        "3311AB",
        "1234 A",
        "12a",
        "12-II",
        "0",
        "-5",
        "1.234,56",
        "€ 85,00",
        "x",
        "2026-08-01",
        "31-02-2026",
        "2099-01-01",
        "999990019",
        "123456789",
        "06-12345678",
        "ja",
        "=1+1",
        "<script>alert(1)</script>",
        "van der Berg",
        "huur",
        "onbekend",
    ]
)
CELL = st.one_of(NEAR_MISSES, st.text(max_size=30))
BLANK = " \t\r\n\x0b\x0c\xa0"  # what the reader counts as an empty cell


@pytest.fixture
def region() -> Region:
    return make_region()


def outcome(region: Region, source: DeliverySource) -> DeliveryReport | DeliveryRefused:
    try:
        return import_delivery(partner=region.partner, source=source, channel=DeliveryChannel.PORTAL)
    except DeliveryRefused as refusal:
        return refusal


def assert_verdicts_or_one_refusal(region: Region, source: DeliverySource, rows: int | None = None) -> None:
    deliveries_before = Delivery.objects.count()
    result = outcome(region, source)
    if isinstance(result, DeliveryRefused):
        assert result.message.strip()
        assert Delivery.objects.count() == deliveries_before  # refused: nothing stored
    else:
        assert_every_row_accounted_for(result, rows)


def assert_every_row_accounted_for(report: DeliveryReport, rows: int | None = None) -> None:
    assert all(row.message for row in report.rejected_rows)
    delivery = Delivery.objects.get(pk=report.delivery_id)
    assert (
        delivery.received_count
        == delivery.accepted_count + delivery.rejected_count + delivery.duplicate_count
    )
    if rows is not None and not report.already_delivered:
        assert delivery.received_count == rows
    assert Signal.objects.filter(delivery=delivery).count() == delivery.accepted_count
    assert RejectedRow.objects.filter(delivery=delivery).count() == delivery.rejected_count


@PIPELINE
@given(data=st.binary(max_size=2_000))
def test_arbitrary_bytes_end_in_verdicts_or_one_refusal(region: Region, data: bytes) -> None:
    assert_verdicts_or_one_refusal(region, DeliverySource.from_file(data, "levering.csv"))


@PIPELINE
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            dict.fromkeys(REQUIRED_FIELD_NAMES, CELL),
            optional=dict.fromkeys(set(FIELD_NAMES) - set(REQUIRED_FIELD_NAMES), CELL),
        ),
        max_size=12,
    ),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
def test_arbitrary_rows_each_get_one_verdict(
    region: Region, rows: list[dict[str, str]], delimiter: str
) -> None:
    rows = [*rows, good_row("ALTIJD-GOED")]  # at least one row that must be accepted or a duplicate
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(FIELD_NAMES), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    blank = sum(1 for row in rows if all(not value.strip(BLANK) for value in row.values()))
    source = DeliverySource.from_file(buffer.getvalue().encode(), "levering.csv")
    assert_verdicts_or_one_refusal(region, source, rows=len(rows) - blank)


@PIPELINE
@given(
    payload=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from([*FIELD_NAMES, "signalen", "periode", "x"]), children, max_size=6
            )
        ),
        max_leaves=30,
    )
)
def test_arbitrary_json_bodies_end_in_verdicts_or_one_refusal(region: Region, payload: object) -> None:
    assert_verdicts_or_one_refusal(region, DeliverySource.from_json(payload))
