"""What the matching benchmark measures on: a synthetic municipality and its signals, bulk-loaded.

``Benchmarkgemeente`` (code 9999) with PC4 areas in two districts, one early-detection team, a rent
and an energy partner, and one delivery per partner per month. Its signals (``arrears``) go into
``intake_signal`` with ``core.bulk.insert_frame`` (PostgreSQL ``COPY``, SQLite ``executemany``),
not through the intake pipeline: 1.1 million rows through ``import_delivery`` would take minutes and
measure intake, not matching. Names and addresses are synthetic; there are no BSNs.
"""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
from django.db import connection, transaction
from django.db.models import CASCADE, SET_NULL, Model
from django.utils import timezone

from eropaf.accounts.models import Team
from eropaf.accounts.roles import TeamKind
from eropaf.cases.models import Case
from eropaf.core.bulk import insert_frame
from eropaf.core.periods import shift_months
from eropaf.core.vocabularies import DeliveryChannel, PartnerType
from eropaf.demo.matching_bench.arrears import ArrearBook, Shape
from eropaf.demo.matching_bench.rows import signal_frame
from eropaf.intake.models import Delivery, DeliveryStatus, Signal
from eropaf.matching.models import MatchingRun
from eropaf.organisations.models import District, Municipality, Partner, PostcodeArea

MUNICIPALITY_CODE = "9999"
MUNICIPALITY_NAME = "Benchmarkgemeente"
# The partners by slot, as ``rows`` numbers them: code, name, type, KvK number.
PARTNERS = (
    ("bench-wonen", "Benchmark Wonen", PartnerType.RENT, "99999901"),
    ("bench-energie", "Benchmark Energie", PartnerType.ENERGY, "99999902"),
)
CHUNK_ROWS = 50_000
Progress = Callable[[int], object]


@dataclass
class BenchData:
    municipality: Municipality
    period: dt.date
    """The measured month; the history months are the ``history_months`` before it."""
    periods: list[dt.date]
    signals: int
    month_signals: int
    addresses: int
    """Distinct addresses over all months."""
    seconds: dict[str, float] = field(default_factory=dict)


def remove_bench_data() -> None:
    """Remove the benchmark municipality with its signals and cases, set-based (no row by row)."""
    municipality = Municipality.objects.filter(code=MUNICIPALITY_CODE).first()
    partner_codes = [code for code, *_ in PARTNERS]
    with transaction.atomic():
        if municipality is not None:
            signals = f"SELECT id FROM {Signal._meta.db_table} WHERE municipality_id = %s"  # noqa: S608
            cases = f"SELECT id FROM {Case._meta.db_table} WHERE municipality_id = %s"  # noqa: S608
            _remove_dependants(Signal, signals, municipality.pk)
            _remove_dependants(Case, cases, municipality.pk)
            with connection.cursor() as cursor:
                for model in (Case, Signal):
                    cursor.execute(
                        f"DELETE FROM {model._meta.db_table} WHERE municipality_id = %s",  # noqa: S608
                        [municipality.pk],
                    )
            MatchingRun.objects.filter(municipality=municipality).delete()
        Delivery.objects.filter(partner__code__in=partner_codes).delete()
        Partner.objects.filter(code__in=partner_codes).delete()
        if municipality is not None:
            municipality.delete()


def _remove_dependants(model: type[Model], ids_sql: str, municipality_id: int) -> None:
    """Rows of other tables that point at the rows ``ids_sql`` selects: deleted or set to NULL."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for relation in model._meta.related_objects:
            if relation.many_to_many:
                continue  # the through model's own foreign key is in the list as well
            table = quote(str(relation.related_model._meta.db_table))
            column = quote(str(relation.field.column))
            if relation.on_delete is SET_NULL:
                sql = f"UPDATE {table} SET {column} = NULL WHERE {column} IN ({ids_sql})"  # noqa: S608
            elif relation.on_delete is CASCADE:
                sql = f"DELETE FROM {table} WHERE {column} IN ({ids_sql})"  # noqa: S608
            else:
                continue
            cursor.execute(sql, [municipality_id])


def analyse_signals() -> None:
    """Give the planner statistics of the loaded table, as PostgreSQL's autovacuum would shortly.

    SQLite keeps none unless asked; without them the naive baseline's per-address queries pick the
    (municipality, period) index and read all the windows' months each time.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(str(Signal._meta.db_table))}")


def create_municipality(areas: int) -> tuple[Municipality, dict[int, Partner]]:
    """The municipality, its free PC4 areas in two districts, the team and the two partners."""
    municipality = Municipality.objects.create(
        code=MUNICIPALITY_CODE, name=MUNICIPALITY_NAME, inhabitants=900_000
    )
    north = District.objects.create(municipality=municipality, code="noord", name="Noord")
    south = District.objects.create(municipality=municipality, code="zuid", name="Zuid")
    taken = set(PostcodeArea.objects.values_list("digits", flat=True))
    free = [str(digits) for digits in range(9000, 10_000) if str(digits) not in taken][:areas]
    PostcodeArea.objects.bulk_create(
        PostcodeArea(digits=digits, municipality=municipality, district=north if i % 2 else south)
        for i, digits in enumerate(free)
    )
    team = Team.objects.create(
        municipality=municipality, name="Vroegsignalering Benchmark", kind=TeamKind.EARLY_DETECTION
    )
    team.districts.set([north, south])
    partners: dict[int, Partner] = {}
    for slot, (code, name, partner_type, kvk) in enumerate(PARTNERS):
        partners[slot] = Partner.objects.create(
            code=code, name=name, partner_type=partner_type, kvk_number=kvk
        )
        partners[slot].municipalities.add(municipality)
    return municipality, partners


def _check_frame(frame: pl.DataFrame) -> None:
    columns = {str(f.column) for f in Signal._meta.concrete_fields if not f.primary_key}
    if missing := columns - set(frame.columns):
        raise RuntimeError(f"the benchmark leaves columns of intake_signal empty: {sorted(missing)}")
    if frame.select("partner_id", "reference", "amount_cents").is_duplicated().any():
        raise RuntimeError("the benchmark generated a signal twice (partner, period, reference, amount)")


def build(shape: Shape, *, today: dt.date, progress: Progress | None = None) -> BenchData:
    """Remove earlier benchmark data, create the municipality and load every month's signals."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    remove_bench_data()
    seconds["removing earlier benchmark data"] = round(time.perf_counter() - started, 2)
    period = shift_months(today.replace(day=1), -1)
    periods = [shift_months(period, -offset) for offset in range(shape.history_months, -1, -1)]
    generating = loading = 0.0
    book = ArrearBook(shape)
    now = timezone.now()
    with transaction.atomic():
        municipality, partners = create_municipality(shape.areas)
        areas = list(
            PostcodeArea.objects.filter(municipality=municipality)
            .order_by("digits")
            .values_list("digits", flat=True)
        )
        for index, month_period in enumerate(periods):
            mark = time.perf_counter()
            month = book.month(index)
            counts = month.group_by(pl.col("slot").clip(0, 1)).len()
            deliveries: dict[int, Delivery] = {}
            for slot, partner in partners.items():
                count = int(counts.filter(pl.col("slot") == slot).get_column("len").sum())
                deliveries[slot] = Delivery.objects.create(
                    partner=partner,
                    period=month_period,
                    channel=DeliveryChannel.COMMAND_LINE,
                    status=DeliveryStatus.PROCESSED,
                    file_name=f"{partner.code}-{month_period:%Y-%m}.csv",
                    received_at=now,
                    received_count=count,
                    accepted_count=count,
                )
            frame = signal_frame(
                month,
                municipality_id=municipality.pk,
                delivery_ids={slot: delivery.pk for slot, delivery in deliveries.items()},
                partner_ids={slot: partner.pk for slot, partner in partners.items()},
                periods=periods,
                index=index,
                areas=areas,
            )
            _check_frame(frame)
            generating += time.perf_counter() - mark
            mark = time.perf_counter()
            for chunk in frame.iter_slices(CHUNK_ROWS):
                insert_frame(chunk, str(Signal._meta.db_table))
                if progress is not None:
                    progress(chunk.height)
            loading += time.perf_counter() - mark
    seconds["generating"] = round(generating, 2)
    seconds["loading (bulk insert and commit)"] = round(loading + time.perf_counter() - mark, 2)
    mark = time.perf_counter()
    analyse_signals()
    seconds["analysing"] = round(time.perf_counter() - mark, 2)
    return BenchData(
        municipality=municipality,
        period=period,
        periods=periods,
        signals=shape.month_signals * len(periods),
        month_signals=shape.month_signals,
        addresses=book.next_address,
        seconds=seconds,
    )
