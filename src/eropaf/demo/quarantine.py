"""The rejected rows of the demo deliveries: a quarantine judged by the real intake.

Each demo delivery gets a few rows more that the format rejects: about 3 % at the private
landlord (a hand-kept spreadsheet), 2 % at the housing corporations, 1.5 % at the utilities and
under 1 % at the insurers, drawn row by row so some months have none. A few deliveries are bad
exports with five times as many, and only these hold dates in the future: such a date is a
one-off slip (a wrong year), not something a partner sends every month.

The rows come from the delivery-file generator (``broken_share=1.0``: every row is broken in one
way) and are judged by ``validate_rows`` and ``decide`` as the import judges them, so each stored
message is exactly what the partner would have seen; a row the intake would not reject is left out.

The generator is run once per partner, with the partner's first delivery day as its today, and
the rows are sliced over its deliveries; every date written in a row is then moved by as many
days as its delivery lies after that first one, in the notation it was written in, so the row
reads as if written on its own delivery day.

Validation is one call for all rows, with the last delivery day as today (a call costs the same
for one row as for a thousand): only the rule that a date may not lie in the future depends on
today, and a row whose dates all lie on or before its own delivery day breaks it on neither day,
so its errors are the same as on its own day. The few rows with a later date are validated again
per delivery, on their own day. The partner type, the other thing a context holds, only fills in
an empty ``signaaltype`` and is in no message.
"""

import datetime as dt
import random
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

import polars as pl
from django.utils import timezone

from eropaf.core.vocabularies import PartnerType
from eropaf.demo.delivery_files import Breakage, DeliveryPartner, delivery_rows
from eropaf.demo.structure import BATCH_SIZE
from eropaf.intake.fields import FIELD_NAMES, FIELDS, FieldKind
from eropaf.intake.models import Delivery, RejectedRow
from eropaf.intake.validate import ValidationContext, validate_rows
from eropaf.intake.verdicts import REJECTED, Routing, decide
from eropaf.organisations.models import Partner, PostcodeArea

PRIVATE_LANDLORD_SHARE = 0.03
REJECTED_SHARE = {
    PartnerType.RENT: 0.02,
    PartnerType.ENERGY: 0.015,
    PartnerType.WATER: 0.015,
    PartnerType.HEALTH_INSURANCE: 0.008,
}
OTHER_SHARE = 0.015
BAD_EXPORTS = 3
BAD_EXPORT_FACTOR = 5

_DATE_FIELDS = tuple(field.name for field in FIELDS if field.kind == FieldKind.DATE)
# The notations the generator writes dates in (``notations.DATE_FORMATS``): how to recognise each
# and how to write it again; ``%d`` also reads a single digit.
_DATE_NOTATIONS = (
    (r"^\d{4}-\d{2}-\d{2}$", "%Y-%m-%d", "%Y-%m-%d"),
    (r"^\d{8}$", "%Y%m%d", "%Y%m%d"),
    (r"^\d{2}/\d{2}/\d{4}$", "%d/%m/%Y", "%d/%m/%Y"),
    (r"^\d{2}-\d{2}-\d{4}$", "%d-%m-%Y", "%d-%m-%Y"),
    (r"^\d{1,2}-\d{1,2}-\d{4}$", "%d-%m-%Y", "%-d-%-m-%Y"),
)
# Validated dates that must not lie after the delivery day.
_NOT_IN_FUTURE = ("arrear_start_date", "signal_date", "birth_date")
_SHIFT = "_shift_days"


@dataclass(frozen=True)
class _Place:
    """Where a generated row goes: its delivery and that delivery's day."""

    delivery: Delivery
    day: dt.date


def add_rejected_rows(*, deliveries: Iterable[Delivery], seed: int) -> int:
    """Store the rejected rows of the demo ``deliveries`` and make their counts add up again.

    The deliveries hold their signals as rows 2 to ``accepted_count + 1``; the rejected rows follow
    them. Sets ``headers`` to the format's field names, in one ``bulk_update``. Returns the number
    of rejected rows.
    """
    ordered = sorted(
        deliveries, key=lambda delivery: (delivery.partner.code, delivery.received_at, delivery.pk)
    )
    rows = draw_rejected_rows(deliveries=ordered, seed=seed)
    RejectedRow.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    rejected: dict[int, int] = defaultdict(int)
    for row in rows:
        rejected[row.delivery_id] += 1
    for delivery in ordered:
        delivery.rejected_count = rejected[delivery.pk]
        delivery.received_count = delivery.accepted_count + delivery.rejected_count + delivery.duplicate_count
        delivery.headers = list(FIELD_NAMES)
    Delivery.objects.bulk_update(
        ordered, ["received_count", "rejected_count", "headers"], batch_size=BATCH_SIZE
    )
    return len(rows)


def draw_rejected_rows(*, deliveries: Iterable[Delivery], seed: int) -> list[RejectedRow]:
    """The rejected rows of ``deliveries`` (unsaved), the same for the same seed and deliveries."""
    ordered = sorted(
        deliveries, key=lambda delivery: (delivery.partner.code, delivery.received_at, delivery.pk)
    )
    if not ordered:
        return []
    rng = random.Random(f"{seed}:quarantine")  # noqa: S311 - synthetic data, not security
    bad = set(rng.sample(range(len(ordered)), min(BAD_EXPORTS, len(ordered))))
    planned: dict[str, list[tuple[_Place, int, bool]]] = defaultdict(list)
    for index, delivery in enumerate(ordered):
        share = _rejected_share(delivery.partner) * (BAD_EXPORT_FACTOR if index in bad else 1)
        count = sum(rng.random() < share for _ in range(delivery.accepted_count))
        place = _Place(delivery, timezone.localdate(delivery.received_at))
        planned[delivery.partner.code].append((place, count, index in bad))

    places: list[_Place] = []
    frames = [_partner_rows(code, plan, seed=seed, places=places) for code, plan in planned.items()]
    if not places:
        return []
    written = pl.concat([frame for frame in frames if frame.height])
    written = written.with_columns(
        pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("row_number"), *_shifted_dates()
    ).drop(_SHIFT)
    decided = _decide(_validate(written, places), places)

    values = written.select(FIELD_NAMES).to_dicts()
    next_row = {place.delivery.pk: place.delivery.accepted_count + 2 for place in places}
    rejected = []
    for row_number, errors in (
        decided.filter(pl.col("verdict") == REJECTED).select("row_number", "errors").iter_rows()
    ):
        delivery = places[row_number - 1].delivery
        rejected.append(
            RejectedRow(
                delivery=delivery,
                row_number=next_row[delivery.pk],
                values=values[row_number - 1],
                errors=errors,
            )
        )
        next_row[delivery.pk] += 1
    return rejected


def _rejected_share(partner: Partner) -> float:
    if partner.is_private_landlord:
        return PRIVATE_LANDLORD_SHARE
    return REJECTED_SHARE.get(PartnerType(partner.partner_type), OTHER_SHARE)


def _partner_rows(
    code: str, plan: list[tuple[_Place, int, bool]], *, seed: int, places: list[_Place]
) -> pl.DataFrame:
    """One generator run for the partner, sliced over its deliveries in order: the field texts
    and per row the days to move its dates by. Appends each row's place to ``places``.

    Rows broken by a future date go only to the bad exports, a third of their rows; elsewhere they
    are passed over, so a few more rows are generated than are planned."""
    wanted = sum(count for _, count, _ in plan)
    if not wanted:
        return pl.DataFrame()
    first_day = min(place.day for place, _, _ in plan)
    generated = delivery_rows(
        rows=wanted + wanted // 4 + 10,
        partner=DeliveryPartner.from_demo(code),
        seed=zlib.crc32(f"{seed}:quarantine:{code}".encode()),
        today=first_day,
        broken_share=1.0,
    )
    future = sorted(
        row_number - 2
        for row_number, kind in generated.generated.broken.items()
        if kind is Breakage.FUTURE_DATE
    )
    slips = iter(future)
    others = iter(sorted(set(range(generated.frame.height)) - set(future)))
    picked: list[int] = []
    shifts: list[int] = []
    for place, count, is_bad_export in plan:
        slipped = max(1, count // 3) if is_bad_export and count else 0
        positions = sorted([*islice(slips, slipped), *islice(others, count - slipped)])
        picked += positions
        shifts += [(place.day - first_day).days] * len(positions)
        places += [place] * len(positions)
    return (
        generated.frame.select(FIELD_NAMES)
        .with_columns(pl.all().fill_null(""))[picked]
        .with_columns(pl.Series(_SHIFT, shifts, dtype=pl.Int64))
    )


def _shifted_dates() -> list[pl.Expr]:
    """Every date field moved by ``_shift_days``, in the notation it is written in; text that is
    no existing date (a broken one) stays as it is."""
    moved = []
    for field in _DATE_FIELDS:
        text = pl.col(field)
        result = text
        for pattern, read, write in reversed(_DATE_NOTATIONS):
            day = text.str.to_date(read, strict=False)
            result = (
                pl.when(text.str.contains(pattern) & day.is_not_null())
                .then((day + pl.duration(days=pl.col(_SHIFT))).dt.strftime(write))
                .otherwise(result)
            )
        moved.append(result.alias(field))
    return moved


def _validate(written: pl.DataFrame, places: list[_Place]) -> pl.DataFrame:
    """``validate_rows`` for every row as on its own delivery day (see the module docstring)."""
    rows = written.select("row_number", *FIELD_NAMES)
    days = pl.Series("_day", [place.day for place in places], dtype=pl.Date)
    validated = validate_rows(
        rows,
        context=ValidationContext(
            today=max(place.day for place in places),
            default_signal_type=places[0].delivery.partner.partner_type,
            default_signal_date=min(place.day for place in places),
        ),
    )
    later = pl.any_horizontal(pl.col(name) > pl.col("_day") for name in _NOT_IN_FUTURE).fill_null(value=False)
    again = validated.with_columns(days).filter(later)["row_number"].to_list()
    if not again:
        return validated
    by_delivery: dict[int, list[int]] = defaultdict(list)
    for row_number in again:
        by_delivery[places[row_number - 1].delivery.pk].append(row_number)
    revalidated = []
    for row_numbers in by_delivery.values():
        place = places[row_numbers[0] - 1]
        revalidated.append(
            validate_rows(
                rows.filter(pl.col("row_number").is_in(row_numbers)),
                context=ValidationContext(
                    today=place.day,
                    default_signal_type=place.delivery.partner.partner_type,
                    default_signal_date=place.day,
                ),
            )
        )
    return pl.concat([validated.filter(~pl.col("row_number").is_in(again)), *revalidated]).sort("row_number")


def _decide(validated: pl.DataFrame, places: list[_Place]) -> pl.DataFrame:
    """``decide`` with each partner's routing, as the import builds it, for the partners of one
    routing at once. References never repeat within a partner's rows, nor between partners (each
    has its own prefix), so no row is judged against a row of another delivery; rows already
    stored (``earlier``) only make valid rows duplicates, and no such row is kept."""
    routings = _routings({place.delivery.partner_id for place in places})
    groups: dict[frozenset[int], list[int]] = defaultdict(list)
    for row_number, place in enumerate(places, start=1):
        groups[routings[place.delivery.partner_id].served_ids].append(row_number)
    by_served = {routing.served_ids: routing for routing in routings.values()}
    earlier = pl.DataFrame(schema={"reference": pl.Utf8, "amount_cents": pl.Int64})
    return pl.concat(
        [
            decide(
                validated.filter(pl.col("row_number").is_in(row_numbers)),
                routing=by_served[served],
                earlier=earlier,
            )
            for served, row_numbers in groups.items()
        ]
    ).sort("row_number")


def _routings(partner_ids: set[int]) -> dict[int, Routing]:
    """Per partner the routing the import uses (``importing._routing``): all known postcode areas
    and the municipalities the partner serves, by name."""
    areas = pl.DataFrame(
        list(PostcodeArea.objects.values_list("digits", "municipality_id", "municipality__name")),
        schema={"pc4": pl.Utf8, "municipality_id": pl.Int64, "municipality_name": pl.Utf8},
        orient="row",
    )
    served: dict[int, list[tuple[int, str]]] = {partner_id: [] for partner_id in partner_ids}
    links = (
        Partner.municipalities.through.objects.filter(partner_id__in=partner_ids)
        .order_by("municipality__name")
        .values_list("partner_id", "municipality_id", "municipality__name")
    )
    for partner_id, municipality_id, name in links:
        served[partner_id].append((municipality_id, name))
    return {
        partner_id: Routing(
            areas=areas,
            served_ids=frozenset(municipality_id for municipality_id, _ in municipalities),
            served_names=[name for _, name in municipalities],
        )
        for partner_id, municipalities in served.items()
    }
