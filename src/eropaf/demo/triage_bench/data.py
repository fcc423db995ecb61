"""What the triage benchmark measures on: cases of the benchmark municipality, made by matching.

Both datasets start from ``matching_bench``: its synthetic municipality (code 9999, PC4 areas in two
districts) and its generated signals, bulk-loaded. One signal in twelve then gets a small arrear
(€ 10 to € 70), which the generated signals lack, so that the presets' thresholds decide too. Every
month is matched, classified and stored into cases oldest first with ``measure_ours``, as a matching
run does, so that the classes (consecutive, rising, repeat, …) come from the history. The BRP check
is not run: the household facts it gives (age, adults, minors) and the debt-services check's flag
are set on the cases with one set-based UPDATE (``give_household_facts``), deterministic from the
case id. Cases of the months before the measured one are closed as worked, a tenth of them with
help accepted, so that "accepted help before" is read from real earlier cases. After the set-up and
after each reset the tables are vacuumed and analysed. Nothing here is part of a figure."""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from eropaf.cases.models import Case, CaseSignal, TriageDecision
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import Outcome, SignalStatus
from eropaf.demo.matching_bench import Shape, build, measure_ours
from eropaf.intake.models import Signal
from eropaf.matching.services import windows_for
from eropaf.organisations.models import Municipality
from eropaf.triage.triaging import TRIAGE_OWN_STATUSES, untriaged

# Months of history before the month of the 100,000 cases: enough for consecutive, rising and repeat
# cases and for earlier cases to look up, few enough to keep the set-up short.
TRIAGE_HISTORY_MONTHS = 2
# BRIEF: about 4 signals a month per 1,000 inhabitants.
SIGNALS_PER_THOUSAND = 4
Progress = Callable[[int], object]

# Household facts from the case id: 20 % aged 18–27, 2 % 16–17, the rest 28–90; a third with two
# adults; 25 % with minors; about 5 % known to debt services. The moduli are coprime, so the facts
# do not go together by construction.
_HOUSEHOLD_FACTS = """
UPDATE {table} SET
  person_age = CASE
    WHEN id %% 5 = 0 THEN 18 + (id / 5) %% 10
    WHEN id %% 50 = 1 THEN 16 + (id / 50) %% 2
    ELSE 28 + (id / 7) %% 63
  END,
  adult_count = CASE WHEN id %% 3 = 0 THEN 2 ELSE 1 END,
  has_minors = (id %% 4 = 2),
  known_to_debt_services = (id %% 19 = 7)
WHERE municipality_id = %s
"""
# Small arrears, which the generated signals (€ 80 and more) lack: one signal in twelve gets an
# amount of € 10 to € 70, under the thresholds of the presets (€ 20, € 50, € 75) for a single signal.
_SMALL_ARREARS = """
UPDATE {table} SET amount_cents = 1000 + (id * 37) %% 6000
WHERE municipality_id = %s AND id %% 12 = 5
"""
# Earlier cases as the team left them: closed, a tenth with help accepted.
_WORKED = """
UPDATE {table} SET
  state = %s,
  outcome = CASE WHEN id %% 10 = 0 THEN %s ELSE %s END
WHERE municipality_id = %s AND period < %s
"""


@dataclass
class CaseData:
    """A municipality whose months of signals are stored as cases with household facts."""

    municipality: Municipality
    periods: list[dt.date]
    """Oldest first; the last is the measured month of the triage dataset."""
    month_signals: int
    signals: int
    cases: int
    """Of every month."""
    month_cases: int
    """Of the last month."""
    facts: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def period(self) -> dt.date:
        return self.periods[-1]


def month_signals_for(cases: int, shape: Shape | None = None) -> int:
    """Signals a month that the generated month puts on ``cases`` addresses (one case each)."""
    shape = shape or Shape()
    return round(cases * (1 + shape.multiple_share + 2 * shape.triple_share))


def signals_for(inhabitants: int) -> int:
    return max(1, round(inhabitants * SIGNALS_PER_THOUSAND / 1000))


def build_cases(
    shape: Shape, *, today: dt.date, worked_before: dt.date | None, progress: Progress | None = None
) -> CaseData:
    """Load ``shape``'s months, store each as cases oldest first, give them household facts.

    ``worked_before``: cases of earlier months are closed as worked (None: the measured month's).
    """
    data = build(shape, today=today, progress=progress)
    municipality = data.municipality
    seconds = dict(data.seconds)
    windows = windows_for(municipality)
    started = time.perf_counter()
    give_small_arrears(municipality.pk)
    seconds["small arrears"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    for period in data.periods:
        measure_ours(municipality_id=municipality.pk, period=period, windows=windows)
    seconds["matching and storing the months"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    with transaction.atomic():
        give_household_facts(municipality.pk)
        close_as_worked(municipality.pk, before=worked_before or data.period)
    seconds["household facts"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    tidy_tables()
    seconds["vacuum and analyse"] = round(time.perf_counter() - started, 2)
    return CaseData(
        municipality=municipality,
        periods=data.periods,
        month_signals=data.month_signals,
        signals=data.signals,
        cases=Case.objects.filter(municipality=municipality).count(),
        month_cases=Case.objects.filter(municipality=municipality, period=data.period).count(),
        facts=household_fact_counts(municipality.pk, period=data.period),
        seconds=seconds,
    )


def build_triage_data(*, cases: int, seed: int, today: dt.date, progress: Progress | None = None) -> CaseData:
    """A month of ``cases`` cases after ``TRIAGE_HISTORY_MONTHS`` months of history."""
    shape = Shape(history_months=TRIAGE_HISTORY_MONTHS, month_signals=month_signals_for(cases), seed=seed)
    return build_cases(shape, today=today, worked_before=None, progress=progress)


def build_history_data(
    *, inhabitants: int, months: int, seed: int, today: dt.date, progress: Progress | None = None
) -> CaseData:
    """``months`` months of a municipality of ``inhabitants``, every one of them worked."""
    shape = Shape(history_months=months - 1, month_signals=signals_for(inhabitants), seed=seed)
    data = build_cases(shape, today=today, worked_before=timezone.localdate(), progress=progress)
    Municipality.objects.filter(pk=data.municipality.pk).update(inhabitants=inhabitants)
    data.municipality.refresh_from_db()
    return data


def give_small_arrears(municipality_id: int) -> None:
    table = connection.ops.quote_name(str(Signal._meta.db_table))
    with connection.cursor() as cursor, transaction.atomic():
        cursor.execute(_SMALL_ARREARS.format(table=table), [municipality_id])


def give_household_facts(municipality_id: int) -> None:
    table = connection.ops.quote_name(str(Case._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(_HOUSEHOLD_FACTS.format(table=table), [municipality_id])


def close_as_worked(municipality_id: int, *, before: dt.date) -> None:
    table = connection.ops.quote_name(str(Case._meta.db_table))
    params = [CaseState.CLOSED.value, Outcome.FOLLOW_UP_HELP.value, Outcome.NO_CONTACT.value]
    with connection.cursor() as cursor:
        cursor.execute(_WORKED.format(table=table), [*params, municipality_id, before])


def household_fact_counts(municipality_id: int, *, period: dt.date) -> dict[str, int]:
    """How many of the month's cases have each fact (the set-up's check of itself)."""
    counts = Case.objects.filter(municipality_id=municipality_id, period=period).aggregate(
        cases=Count("pk"),
        aged_18_to_27=Count("pk", filter=Q(person_age__range=(18, 27))),
        aged_16_to_17=Count("pk", filter=Q(person_age__range=(16, 17))),
        with_minors=Count("pk", filter=Q(has_minors=True)),
        known_to_debt_services=Count("pk", filter=Q(known_to_debt_services=True)),
        in_a_district=Count("pk", filter=Q(district__isnull=False)),
        multiple=Count("pk", filter=Q(is_multiple=True)),
        consecutive=Count("pk", filter=Q(is_consecutive=True)),
    )
    return {name: int(value) for name, value in counts.items()}


def tidy_tables() -> None:
    """Clear the dead rows of the UPDATEs before and give the planner statistics, as autovacuum would
    shortly: a run should not pay for the set-up's rewrites. PostgreSQL cannot vacuum inside a
    transaction (a test's): then the statistics only."""
    quote = connection.ops.quote_name
    command = (
        "VACUUM ANALYZE"
        if connection.vendor == "postgresql" and not connection.in_atomic_block
        else "ANALYZE"
    )
    with connection.cursor() as cursor:
        for model in (Case, Signal, CaseSignal, TriageDecision):
            cursor.execute(f"{command} {quote(str(model._meta.db_table))}")


def reset_triage(*, municipality_id: int, period: dt.date) -> int:
    """The month's cases back to new and untriaged, their signals to not yet picked up, their
    decisions gone (every run starts from the same tables): two UPDATEs and a DELETE; then
    ``tidy_tables``."""
    with transaction.atomic():
        TriageDecision.objects.filter(case__municipality_id=municipality_id, case__period=period).delete()
        reset = Case.objects.filter(municipality_id=municipality_id, period=period).update(
            state=CaseState.NEW, outcome="", closed_on=None, **untriaged()
        )
        Signal.objects.filter(
            municipality_id=municipality_id, period=period, status__in=TRIAGE_OWN_STATUSES
        ).update(status=SignalStatus.NOT_YET_PICKED_UP)
    tidy_tables()
    return reset
