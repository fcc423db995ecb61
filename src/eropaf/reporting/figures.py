"""Counting the dashboard's figures ahead (``reporting.models``), and keeping them fresh.

``refresh_figures`` counts one municipality's signals, cases, households, contact attempts and open
cases with a handful of GROUP BY queries and replaces its rows in one transaction: the dashboard
never sees half a count. It runs as a background task (``refresh_figures_task``):

- when a report page is opened and the figures are older than ``REPORTING_FIGURES_MAX_AGE``
  minutes, or a matching run of the municipality finished after they were counted;
- when a team lead or policy officer asks for it on the dashboard;
- nightly, from ``eropaf refresh_figures`` (cron).

The first time a municipality's report is opened there is nothing to show yet, so that count is
made at once, in the request.
"""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.cases.workflow import OPEN_STATES, CaseState
from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, REACHED_OUTCOMES
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack
from eropaf.intake.models import Signal
from eropaf.intake.quality import signal_counts
from eropaf.matching.models import MatchingRun
from eropaf.organisations.models import Municipality
from eropaf.reporting.models import (
    AttemptMonth,
    CaseMonth,
    CourtResult,
    FiguresRefresh,
    HouseholdMonth,
    OpenCaseCount,
    SignalMonth,
)
from eropaf.reporting.routes import PREVENTED

CLOSED = Q(state=CaseState.CLOSED)
CASE_FIGURES = {
    "cases": Count("id"),
    "closed": Count("id", filter=CLOSED),
    "reached": Count("id", filter=CLOSED & Q(outcome__in=sorted(REACHED_OUTCOMES))),
    "help_accepted": Count("id", filter=CLOSED & Q(outcome__in=sorted(HELP_ACCEPTED_OUTCOMES))),
    "recurring": Count("id", filter=Q(is_consecutive=True)),
}
"""Cases and their results: reached and help accepted count closed cases with such an outcome."""
CASE_KEYS = (*CASE_FIGURES, "signals")
LOST_REQUEST = dt.timedelta(minutes=30)
"""A request for a refresh that has not been carried out after this long is taken as lost."""


@dataclass(frozen=True)
class FiguresState:
    """When the shown figures were counted, and whether a new count is on its way."""

    refreshed_at: dt.datetime | None
    pending: bool


def _signal_months(municipality_id: int) -> list[SignalMonth]:
    rows = (
        Signal.objects.filter(municipality_id=municipality_id)
        .order_by()
        .values("period", "partner_id", "signal_type")
        .annotate(**signal_counts())
    )
    return [SignalMonth(municipality_id=municipality_id, **row) for row in rows]


def _case_months(municipality_id: int) -> list[CaseMonth]:
    counted = (
        Case.objects.filter(municipality_id=municipality_id)
        .order_by()
        .values("period", "district_id")
        .annotate(**CASE_FIGURES)
    )
    months: dict[tuple[dt.date, int | None], dict[str, Any]] = {
        (row["period"], row["district_id"]): dict(row) for row in counted
    }
    linked = (
        CaseSignal.objects.filter(case__municipality_id=municipality_id)
        .order_by()
        .values("case__period", "case__district_id")
        .annotate(signals=Count("id"))
    )
    for row in linked:
        key = (row["case__period"], row["case__district_id"])
        months.setdefault(key, {"period": key[0], "district_id": key[1]})["signals"] = row["signals"]
    return [CaseMonth(municipality_id=municipality_id, **row) for row in months.values()]


def _household_months(municipality_id: int) -> list[HouseholdMonth]:
    """Per household and matching month: the month of its case before, and whether a contact attempt
    reached it, or a case of it was closed with contact or help, on or after the day this month's case
    was opened (``reporting.routes`` states these definitions); with its court procedure's result."""
    case, attempt = Case._meta.db_table, ContactAttempt._meta.db_table
    track = EvictionTrack._meta.db_table
    reached = ", ".join(["%s"] * len(REACHED_OUTCOMES))
    helped = ", ".join(["%s"] * len(HELP_ACCEPTED_OUTCOMES))
    sql = f"""
        WITH months AS (
            SELECT address_key, period, MIN(opened_on) AS entered FROM {case}
            WHERE municipality_id = %s GROUP BY address_key, period
        ),
        ordered AS (
            SELECT address_key, period, entered,
                LAG(period) OVER (PARTITION BY address_key ORDER BY period) AS previous_period
            FROM months
        ),
        attempted AS (
            SELECT c.address_key, MAX(a.at) AS last_reached FROM {attempt} a
            JOIN {case} c ON c.id = a.case_id
            WHERE c.municipality_id = %s AND a.reached GROUP BY c.address_key
        ),
        closed AS (
            SELECT address_key,
                MAX(CASE WHEN outcome IN ({reached}) THEN closed_on END) AS last_reached,
                MAX(CASE WHEN outcome IN ({helped}) THEN closed_on END) AS last_helped
            FROM {case} WHERE municipality_id = %s AND closed_on IS NOT NULL GROUP BY address_key
        )
        SELECT
            o.period,
            o.previous_period,
            CASE WHEN a.last_reached >= o.entered OR k.last_reached >= o.entered THEN 1 ELSE 0 END,
            CASE WHEN k.last_helped >= o.entered THEN 1 ELSE 0 END,
            CASE WHEN t.stage IN (%s, %s) THEN %s WHEN t.stage = %s THEN %s ELSE '' END,
            COUNT(*)
        FROM ordered o
        LEFT JOIN attempted a ON a.address_key = o.address_key
        LEFT JOIN closed k ON k.address_key = o.address_key
        LEFT JOIN {track} t ON t.municipality_id = %s AND t.address_key = o.address_key
        GROUP BY 1, 2, 3, 4, 5
    """  # noqa: S608 - table names from the models, values as parameters
    # Joins of per-household aggregates, not correlated look-ups: the latest reaching attempt and the
    # latest closing with contact or help, compared with the day the month's case was opened.
    params: list[Any] = [
        municipality_id, municipality_id,
        *sorted(REACHED_OUTCOMES), *sorted(HELP_ACCEPTED_OUTCOMES), municipality_id,
        *PREVENTED, CourtResult.PREVENTED, CourtStage.EXECUTED, CourtResult.EXECUTED, municipality_id,
    ]  # fmt: skip
    with connection.cursor() as cursor:
        # The vocabularies are str enums; the drivers want plain text.
        cursor.execute(sql, [str(value) if isinstance(value, str) else value for value in params])
        rows = cursor.fetchall()
    return [
        HouseholdMonth(
            municipality_id=municipality_id,
            period=_as_date(period),
            previous_period=None if previous is None else _as_date(previous),
            reached=bool(was_reached),
            helped=bool(was_helped),
            court_result=court_result,
            households=households,
        )
        for period, previous, was_reached, was_helped, court_result, households in rows
    ]


def _as_date(value: dt.date | str) -> dt.date:
    """SQLite returns the raw SQL's dates as text."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _attempt_months(municipality_id: int) -> list[AttemptMonth]:
    rows = (
        ContactAttempt.objects.filter(case__municipality_id=municipality_id)
        .order_by()
        .annotate(month=TruncMonth("at"))
        .values("month", "case__team_id")
        .annotate(attempts=Count("id"), reached_attempts=Count("id", filter=Q(reached=True)))
    )
    return [
        AttemptMonth(
            municipality_id=municipality_id,
            month=timezone.localtime(row["month"]).date(),
            team_id=row["case__team_id"],
            attempts=row["attempts"],
            reached=row["reached_attempts"],
        )
        for row in rows
    ]


def _open_cases(municipality_id: int) -> list[OpenCaseCount]:
    rows = (
        Case.objects.filter(municipality_id=municipality_id, state__in=[state.value for state in OPEN_STATES])
        .order_by()
        .values("team_id", "due_on")
        .annotate(cases=Count("id"))
    )
    return [OpenCaseCount(municipality_id=municipality_id, **row) for row in rows]


COUNTED = (SignalMonth, CaseMonth, HouseholdMonth, AttemptMonth, OpenCaseCount)
KEPT_AFTER_PURGE: dict[type[Any], tuple[tuple[str, ...], tuple[str, ...]]] = {
    SignalMonth: (
        ("period", "partner_id", "signal_type"),
        ("signals", "without_phone", "without_email", "without_contact", "old_arrears"),
    ),
    CaseMonth: (("period", "district_id"), CASE_KEYS),
    HouseholdMonth: (("period", "previous_period", "reached", "helped", "court_result"), ("households",)),
    AttemptMonth: (("month", "team_id"), ("attempts", "reached")),
}
"""Per figures table kept after a purge: the fields that key a row, and the counts in it. Open
cases are never purged, so ``OpenCaseCount`` has no purged rows."""
Counted = list[Any]


def count_figures(*, municipality_id: int) -> Counted:
    """The municipality's figures as counted from the domain tables now (unsaved rows)."""
    return [
        *_signal_months(municipality_id),
        *_case_months(municipality_id),
        *_household_months(municipality_id),
        *_attempt_months(municipality_id),
        *_open_cases(municipality_id),
    ]


def _replace(municipality_id: int, counted: Counted, started_at: dt.datetime, started: float) -> float:
    for kept_model in KEPT_AFTER_PURGE:
        kept_model.objects.filter(municipality_id=municipality_id, purged=False).delete()
    OpenCaseCount.objects.filter(municipality_id=municipality_id).delete()
    for model in COUNTED:
        rows: list[Any] = [row for row in counted if type(row) is model]
        model.objects.bulk_create(rows, batch_size=2_000)
    seconds = time.perf_counter() - started
    FiguresRefresh.objects.update_or_create(
        municipality_id=municipality_id, defaults={"refreshed_at": started_at, "seconds": seconds}
    )
    return seconds


def refresh_figures(*, municipality_id: int) -> float:
    """Count the municipality's figures again and replace them; returns the seconds it took.

    The figures are as of the moment the count started (``refreshed_at``)."""
    started_at, started = timezone.now(), time.perf_counter()
    with transaction.atomic():
        return _replace(municipality_id, count_figures(municipality_id=municipality_id), started_at, started)


def _by_key(rows: Counted, model: type[Any]) -> dict[tuple[Any, ...], list[int]]:
    keys, counts = KEPT_AFTER_PURGE[model]
    summed: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        if type(row) is model:
            values = summed.setdefault(tuple(getattr(row, key) for key in keys), [0] * len(counts))
            for index, name in enumerate(counts):
                values[index] += getattr(row, name)
    return summed


def keep_purged_counts(*, municipality_id: int, before: Counted, purge: Callable[[], object]) -> float:
    """Run ``purge`` (which deletes domain rows) and keep what it took out of the figures: the counts
    before minus the counts after, per key, as purged rows; then the figures are replaced as a
    refresh does. Call inside the purge's transaction, with ``before`` counted in it."""
    started_at, started = timezone.now(), time.perf_counter()
    purge()
    after = count_figures(municipality_id=municipality_id)
    kept: list[Any] = []
    for model, (keys, counts) in KEPT_AFTER_PURGE.items():
        then, now = _by_key(before, model), _by_key(after, model)
        for key in then.keys() | now.keys():
            difference = [
                a - b
                for a, b in zip(
                    then.get(key, [0] * len(counts)), now.get(key, [0] * len(counts)), strict=True
                )
            ]
            if any(difference):
                fields = dict(zip(keys, key, strict=True)) | dict(zip(counts, difference, strict=True))
                kept.append(model(municipality_id=municipality_id, purged=True, **fields))
    for model in KEPT_AFTER_PURGE:
        model.objects.bulk_create([row for row in kept if type(row) is model], batch_size=2_000)
    return _replace(municipality_id, after, started_at, started)


def _max_age() -> dt.timedelta:
    return dt.timedelta(minutes=settings.REPORTING_FIGURES_MAX_AGE)


def _state(record: FiguresRefresh, now: dt.datetime) -> FiguresState:
    requested, refreshed = record.requested_at, record.refreshed_at
    pending = (
        requested is not None
        and (refreshed is None or requested > refreshed)
        and now - requested < LOST_REQUEST
    )
    return FiguresState(refreshed_at=refreshed, pending=pending)


def figures_state(*, municipality: Municipality, now: dt.datetime) -> FiguresState:
    record = FiguresRefresh.objects.filter(municipality=municipality).first()
    if record is None:
        return FiguresState(refreshed_at=None, pending=False)
    return _state(record, now)


def request_refresh(*, municipality: Municipality, now: dt.datetime) -> FiguresState:
    """Put a count of the municipality's figures on the task queue (once, while one is pending)."""
    from eropaf.reporting.tasks import refresh_figures_task  # noqa: PLC0415 — the task module imports this one

    with transaction.atomic():
        record, _created = FiguresRefresh.objects.select_for_update().get_or_create(municipality=municipality)
        state = _state(record, now)
        if state.pending:
            return state
        record.requested_at = now
        record.save(update_fields=["requested_at"])
        transaction.on_commit(lambda: refresh_figures_task.enqueue(municipality_id=municipality.pk))
    return FiguresState(refreshed_at=record.refreshed_at, pending=True)


def _is_stale(municipality: Municipality, refreshed_at: dt.datetime, now: dt.datetime) -> bool:
    if now - refreshed_at > _max_age():
        return True
    return MatchingRun.objects.filter(municipality=municipality, finished_at__gt=refreshed_at).exists()


def ensure_figures(*, municipality: Municipality, now: dt.datetime) -> FiguresState:
    """Before a report page reads the figures: count them now when there are none, and ask for a new
    count when they are stale. Returns the state the page shows."""
    state = figures_state(municipality=municipality, now=now)
    if state.refreshed_at is None:
        refresh_figures(municipality_id=municipality.pk)
        return figures_state(municipality=municipality, now=now)
    if not state.pending and _is_stale(municipality, state.refreshed_at, now):
        request_refresh(municipality=municipality, now=now)
        return figures_state(municipality=municipality, now=now)
    return state
