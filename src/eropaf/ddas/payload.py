"""One municipality's signals, cases and contact attempts of a period as the DDAS Uitwisselmodel.

Set-based: a count and at most five queries per page (signals, on later pages the case just
before the page, the links between cases and signals, contact attempts, cases), whatever the
number of rows; no ORM call per row. The rules (which
months, which BSN, how pages are cut) are in docs/ddas.md.
"""

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.ddas.records import (
    AttemptRow,
    CaseRow,
    Record,
    SignalRow,
    case_record,
    delivery_document,
    known_bsn,
    signal_record,
)
from eropaf.intake.models import Signal
from eropaf.organisations.models import Municipality

DEFAULT_SUPPLIER_CODE = "EROPAF"


class Stage(models.TextChoices):
    COUNTING = "counting", _("Counting the signals")
    SIGNALS = "signals", _("Reading the signals")
    ATTEMPTS = "attempts", _("Reading the contact attempts")
    CASES = "cases", _("Reading the cases")
    ASSEMBLING = "assembling", _("Assembling the delivery")


Progress = Callable[[Stage, int, int], None]


@dataclass(frozen=True)
class Paging:
    number: int
    size: int
    total_pages: int
    total_records: int


@dataclass(frozen=True)
class Export:
    document: Record
    signal_ids: list[int]
    case_ids: list[int]
    attempt_count: int
    paging: Paging


class PageOutOfRange(Exception):
    def __init__(self, paging: Paging) -> None:
        super().__init__(f"page {paging.number} of {paging.total_pages}")
        self.paging = paging


def supplier_code() -> str:
    """The ``codeGegevensleverancier``; a deployment may set ``DDAS_SUPPLIER_CODE``."""
    return str(getattr(settings, "DDAS_SUPPLIER_CODE", DEFAULT_SUPPLIER_CODE))


def organisation_name(municipality: Municipality) -> str:
    return f"Gemeente {municipality.name}"


def _local_dates() -> Callable[[dt.datetime], dt.date]:
    """The day in the Netherlands of a moment; the zone is looked up once, not once per row."""
    zone = timezone.get_current_timezone()
    return lambda moment: moment.astimezone(zone).date()


def _signals_of_period(municipality: Municipality, start: dt.date, end: dt.date) -> models.QuerySet[Signal]:
    # A matching period is stored as the first day of its month: the delivery holds the months
    # whose first day lies in [start, end], so consecutive deliveries never overlap.
    return Signal.objects.filter(municipality=municipality, period__gte=start, period__lte=end)


def _ordered(signals: models.QuerySet[Signal]) -> models.QuerySet[Signal]:
    # Signals of one case next to each other (cases in id order), signals without a case last.
    return signals.order_by(F("case_link__case_id").asc(nulls_last=True), "id")


def _read_signals(
    signals: models.QuerySet[Signal], offset: int, limit: int
) -> list[tuple[SignalRow, int | None]]:
    ordered = _ordered(signals).values_list(
        "id",
        "is_crisis",
        "is_warm_handover",
        "amount_cents",
        "arrear_start_date",
        "signal_date",
        "status",
        "signal_type",
        "person_check__bsn",
        "bsn",
        "birth_date",
        "postcode",
        "house_number",
        "house_letter",
        "house_number_addition",
        "case_link__case_id",
    )[offset : offset + limit]
    return [
        (
            SignalRow(
                id=row[0],
                is_crisis=row[1],
                is_warm_handover=row[2],
                amount_cents=row[3],
                arrear_start_date=row[4],
                signal_date=row[5],
                status=row[6],
                signal_type=row[7],
                # The BSN the BRP check found, else the one the partner delivered.
                bsn=known_bsn(row[8] or "", row[9]),
                birth_date=row[10],
                postcode=row[11],
                house_number=row[12],
                house_letter=row[13],
                house_number_addition=row[14],
            ),
            row[15],
        )
        for row in ordered
    ]


def _links_of_period(municipality: Municipality, start: dt.date, end: dt.date) -> models.QuerySet[CaseSignal]:
    return CaseSignal.objects.filter(
        signal__municipality=municipality, signal__period__gte=start, signal__period__lte=end
    )


def _read_attempts(links: models.QuerySet[CaseSignal], wanted: set[int]) -> dict[int, list[AttemptRow]]:
    """Every contact attempt of the wanted cases, in the order they were made."""
    attempts_of: dict[int, list[AttemptRow]] = defaultdict(list)
    local_date = _local_dates()
    attempts = ContactAttempt.objects.filter(case_id__in=links.values("case_id")).order_by(
        "case_id", "at", "id"
    )
    for case_id, kind, reached, at, day_part in attempts.values_list(
        "case_id", "kind", "reached", "at", "day_part"
    ):
        if case_id in wanted:
            attempts_of[case_id].append(
                AttemptRow(kind=kind, reached=reached, on=local_date(at), day_part=day_part)
            )
    return attempts_of


def _read_cases(
    links: models.QuerySet[CaseSignal], wanted: set[int], attempts_of: dict[int, list[AttemptRow]]
) -> tuple[list[CaseRow], dict[int, list[int]]]:
    """The wanted cases, and the ids of their signals of the period."""
    signals_of: dict[int, list[int]] = defaultdict(list)
    local_date = _local_dates()
    for case_id, signal_id in links.order_by("case_id", "signal_id").values_list("case_id", "signal_id"):
        if case_id in wanted:
            signals_of[case_id].append(signal_id)
    cases = Case.objects.filter(pk__in=links.values("case_id")).order_by("id")
    rows = [
        CaseRow(
            id=case_id,
            period=period,
            outcome=outcome,
            matched_on=local_date(matched_at) if matched_at is not None else None,
            opened_on=opened_on,
            # The first outreach (an attempt, a letter) puts a case into handling.
            picked_up_on=attempts_of[case_id][0].on if attempts_of.get(case_id) else None,
        )
        for case_id, period, outcome, matched_at, opened_on in cases.values_list(
            "id", "period", "outcome", "matched_at", "opened_on"
        )
        if case_id in wanted
    ]
    return rows, signals_of


def build_export(
    *,
    municipality: Municipality,
    start: dt.date,
    end: dt.date,
    delivered_at: dt.datetime,
    page: int = 1,
    page_size: int | None = None,
    progress: Progress | None = None,
) -> Export:
    """The delivery (or one page of it, at most ``page_size`` signals).

    Pages are cut in the order of cases: the signals of one case are next to each other, and a case
    travels on the page that holds its first signal. Every signal and every case is on exactly one
    page. Raises ``PageOutOfRange`` for a page after the last (page 1 always exists).
    """
    report = progress or (lambda _stage, _done, _total: None)
    report(Stage.COUNTING, 0, 0)
    signals = _signals_of_period(municipality, start, end)
    total = signals.count()
    size = page_size or max(total, 1)
    paging = Paging(number=page, size=size, total_pages=max(1, math.ceil(total / size)), total_records=total)
    if page > paging.total_pages:
        raise PageOutOfRange(paging)
    offset = (page - 1) * size
    report(Stage.SIGNALS, 0, total)
    rows = _read_signals(signals, offset, size)
    report(Stage.SIGNALS, offset + len(rows), total)

    # A case whose first signal lies on an earlier page travels on that page.
    earlier_case = (
        _ordered(signals).values_list("case_link__case_id", flat=True)[offset - 1] if offset else None
    )
    page_cases = {case_id for _row, case_id in rows if case_id is not None and case_id != earlier_case}
    links = _links_of_period(municipality, start, end)
    report(Stage.ATTEMPTS, 0, 0)
    attempts_of = _read_attempts(links, page_cases)
    report(Stage.CASES, 0, len(page_cases))
    cases, signals_of = _read_cases(links, page_cases, attempts_of)
    report(Stage.CASES, len(cases), len(page_cases))

    report(Stage.ASSEMBLING, 0, len(rows) + len(cases))
    document = delivery_document(
        start=start,
        end=end,
        delivered_at=delivered_at,
        supplier_code=supplier_code(),
        municipality_code=municipality.code,
        organisation_name=organisation_name(municipality),
        signals=[signal_record(row) for row, _case_id in rows],
        cases=[
            case_record(case, signal_ids=signals_of[case.id], attempts=attempts_of.get(case.id, ()))
            for case in cases
        ],
    )
    report(Stage.ASSEMBLING, len(rows) + len(cases), len(rows) + len(cases))
    return Export(
        document=document,
        signal_ids=[row.id for row, _case_id in rows],
        case_ids=[case.id for case in cases],
        attempt_count=sum(len(attempts_of.get(case.id, ())) for case in cases),
        paging=paging,
    )
