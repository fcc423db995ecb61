"""What the reporting benchmark measures on: a year of the benchmark municipality, worked.

The months of signals and their cases come from the triage benchmark (``triage_bench.build_cases``:
the matching benchmark's ``Benchmarkgemeente``, code 9999, its generated signals bulk-loaded, every
month matched and stored into cases with the engine, oldest first). The team's work is then given to
the cases set-based, deterministic from the case id, because matching leaves it empty:

- every case is opened a few days into the month after its matching month and due four weeks later;
  it is closed 12 to 56 days after opening when that day has passed (otherwise it is still open);
- the outcomes of the closed cases: 25 % help accepted (advice or quick fix, follow-up help), 22 %
  reached without help (paid already, solves it themselves, no response after contact, another
  trajectory), 3 % known to debt services (not picked up), 50 % no contact;
- contact attempts (bulk-inserted): one or two for a reached case, the last one reaching the
  resident; two or three for a case without contact, none reaching; none for a case not picked up;
  up to two for an open case, none of them yet in the future. Kinds and hours vary with the case
  id; the day part is the local hour's.

``chain`` adds the eviction chain (court steps, Meldpunt, Regieteam, Signalering+). Nothing here is
part of a figure.
"""

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from eropaf.accounts.models import RoleAssignment, User
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.bulk import insert_frame, update_frame
from eropaf.core.periods import shift_months
from eropaf.core.vocabularies import ContactKind, DayPart, Outcome
from eropaf.demo.matching_bench import MUNICIPALITY_CODE, Shape, remove_bench_data
from eropaf.demo.reporting_bench.chain import ChainCounts, add_chain, remove_chain
from eropaf.demo.triage_bench.data import build_cases, tidy_tables
from eropaf.escalation.models import CourtStep, EvictionTrack
from eropaf.organisations.models import Municipality

Progress = Callable[[int], object]
OFFICER_USERNAME = "bench-rapportage-beleid"
# Of every 100 closed cases, by ``(id * 7919) % 100``: the outcome. Help accepted 25, reached 47.
OUTCOME_BANDS: tuple[tuple[int, Outcome], ...] = (
    (12, Outcome.ADVICE_OR_QUICK_FIX),
    (20, Outcome.FOLLOW_UP_HELP),
    (25, Outcome.FOLLOW_UP_FINANCIAL),
    (32, Outcome.ALREADY_PAID),
    (40, Outcome.SOLVES_IT_SELF),
    (44, Outcome.NO_RESPONSE_AFTER_CONTACT),
    (47, Outcome.OTHER_TRAJECTORY),
    (50, Outcome.KNOWN_TO_DEBT_SERVICES),
    (100, Outcome.NO_CONTACT),
)
HELP_ACCEPTED = (Outcome.ADVICE_OR_QUICK_FIX, Outcome.FOLLOW_UP_HELP, Outcome.FOLLOW_UP_FINANCIAL)
REACHED = (
    *HELP_ACCEPTED,
    Outcome.ALREADY_PAID,
    Outcome.SOLVES_IT_SELF,
    Outcome.NO_RESPONSE_AFTER_CONTACT,
    Outcome.OTHER_TRAJECTORY,
)
TRIED_KINDS = (ContactKind.PHONE, ContactKind.SMS_WHATSAPP, ContactKind.LETTER, ContactKind.EMAIL)
REACHING_KINDS = (ContactKind.PHONE, ContactKind.HOME_VISIT, ContactKind.APPOINTMENT_ON_SITE)
ATTEMPT_CHUNK = 100_000
ZONE = "Europe/Amsterdam"


@dataclass
class ReportingData:
    """A municipality with ``periods`` of signals, cases, their work and the eviction chain."""

    municipality: Municipality
    officer: User
    periods: list[dt.date]
    signals: int
    cases: int
    closed: int
    reached: int
    help_accepted: int
    attempts: int
    reached_attempts: int
    chain: ChainCounts
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def start(self) -> dt.date:
        return self.periods[0]

    @property
    def end(self) -> dt.date:
        """The last day of the last month."""
        return shift_months(self.periods[-1], 1) - dt.timedelta(days=1)


def remove_reporting_data() -> None:
    """The chain, the officer and then everything ``remove_bench_data`` removes."""
    municipality = Municipality.objects.filter(code=MUNICIPALITY_CODE).first()
    if municipality is not None:
        remove_chain(municipality.pk)
    User.objects.filter(username=OFFICER_USERNAME).delete()
    remove_bench_data()


def build_reporting_data(
    *, month_signals: int, months: int, inhabitants: int, seed: int, today: dt.date, progress: Progress | None
) -> ReportingData:
    """``months`` months of ``month_signals`` signals, stored as cases, worked, with the chain."""
    started = time.perf_counter()
    remove_reporting_data()
    removing = round(time.perf_counter() - started, 2)
    shape = Shape(history_months=months - 1, month_signals=month_signals, seed=seed)
    data = build_cases(shape, today=today, worked_before=None, progress=progress)
    seconds = dict(data.seconds)
    seconds["removing earlier benchmark data"] = round(
        removing + seconds.get("removing earlier benchmark data", 0.0), 2
    )
    municipality = data.municipality
    Municipality.objects.filter(pk=municipality.pk).update(inhabitants=inhabitants)
    municipality.refresh_from_db()

    mark = time.perf_counter()
    cases = work_frame(municipality.pk, today=today)
    with transaction.atomic():
        update_frame(
            cases.select("id", "state", "outcome", "opened_on", "due_on", "closed_on"),
            str(Case._meta.db_table),
        )
    seconds["opening, working and closing the cases"] = round(time.perf_counter() - mark, 2)
    mark = time.perf_counter()
    with transaction.atomic():
        attempts = attempt_frame(cases, now=timezone.now(), today=today)
        for chunk in attempts.iter_slices(ATTEMPT_CHUNK):
            insert_frame(chunk, str(ContactAttempt._meta.db_table))
    seconds["contact attempts"] = round(time.perf_counter() - mark, 2)
    mark = time.perf_counter()
    chain = add_chain(municipality, cases, today=today)
    seconds["eviction chain"] = round(time.perf_counter() - mark, 2)
    officer = User.objects.create(username=OFFICER_USERNAME, first_name="Benchmark", last_name="Beleid")
    RoleAssignment.objects.create(user=officer, role=Role.POLICY_OFFICER, municipality=municipality)
    mark = time.perf_counter()
    tidy_tables()
    analyse(ContactAttempt, EvictionTrack, CourtStep)
    seconds["vacuum and analyse"] = round(
        seconds.get("vacuum and analyse", 0.0) + time.perf_counter() - mark, 2
    )
    counts = Case.objects.filter(municipality=municipality).aggregate(
        cases=Count("pk"),
        closed=Count("pk", filter=Q(state=CaseState.CLOSED)),
        reached=Count("pk", filter=Q(outcome__in=REACHED)),
        help_accepted=Count("pk", filter=Q(outcome__in=HELP_ACCEPTED)),
    )
    return ReportingData(
        municipality=municipality,
        officer=officer,
        periods=data.periods,
        signals=data.signals,
        cases=counts["cases"],
        closed=counts["closed"],
        reached=counts["reached"],
        help_accepted=counts["help_accepted"],
        attempts=attempts.height,
        reached_attempts=int(attempts.get_column("reached").sum()),
        chain=chain,
        seconds=seconds,
    )


def work_frame(municipality_id: int, *, today: dt.date) -> pl.DataFrame:
    """Every case of the municipality with the dates, state and outcome the team's work gave it."""
    rows = Case.objects.filter(municipality_id=municipality_id).values_list("id", "period", "address_key")
    frame = pl.DataFrame(
        list(rows), schema={"id": pl.Int64, "period": pl.Date, "address_key": pl.String}, orient="row"
    )
    bands = {band: next(value.value for limit, value in OUTCOME_BANDS if band < limit) for band in range(100)}
    outcome = ((pl.col("id") * 7919) % 100).replace_strict(bands, return_dtype=pl.String)
    opened = pl.min_horizontal(
        pl.col("period").dt.offset_by("1mo") + pl.duration(days=pl.col("id") % 5), pl.lit(today)
    )
    return (
        frame.with_columns(opened_on=opened, planned_outcome=outcome)
        .with_columns(
            due_on=pl.col("opened_on") + pl.duration(days=28),
            planned_close=pl.when(pl.col("planned_outcome") == Outcome.KNOWN_TO_DEBT_SERVICES.value)
            .then(pl.col("opened_on") + pl.duration(days=1))
            .otherwise(pl.col("opened_on") + pl.duration(days=12 + pl.col("id") % 45)),
        )
        .with_columns(is_closed=pl.col("planned_close") <= pl.lit(today))
        .with_columns(
            closed_on=pl.when(pl.col("is_closed")).then(pl.col("planned_close")),
            outcome=pl.when(pl.col("is_closed")).then(pl.col("planned_outcome")).otherwise(pl.lit("")),
            state=pl.when(pl.col("is_closed"))
            .then(pl.lit(CaseState.CLOSED.value))
            .when(pl.col("id") % 3 == 0)
            .then(pl.lit(CaseState.QUEUED.value))
            .otherwise(pl.lit(CaseState.IN_PROGRESS.value)),
        )
    )


def _attempt_count() -> pl.Expr:
    outcome = pl.col("outcome")
    return (
        pl.when(outcome.is_in([value.value for value in REACHED]))
        .then(1 + (pl.col("id") % 3 == 0).cast(pl.Int64))
        .when(outcome == Outcome.NO_CONTACT.value)
        .then(2 + pl.col("id") % 2)
        .when(outcome == "")
        .then(pl.col("id") % 3)
        .otherwise(0)
    )


def attempt_frame(cases: pl.DataFrame, *, now: dt.datetime, today: dt.date) -> pl.DataFrame:
    """The contact attempts of ``work_frame``'s cases as ``cases_contactattempt`` rows."""
    reached_outcomes = [value.value for value in REACHED]
    hour = 8 + (pl.col("case_id") + 3 * pl.col("number")) % 13
    local = (pl.col("opened_on") + pl.duration(days=1 + 4 * pl.col("number") + pl.col("case_id") % 3)).cast(
        pl.Datetime("us")
    ) + pl.duration(hours=hour, minutes=(pl.col("case_id") * 7) % 60)
    tried = dict(enumerate(kind.value for kind in TRIED_KINDS))
    reaching = dict(enumerate(kind.value for kind in REACHING_KINDS))
    created = now.astimezone(dt.UTC).replace(tzinfo=None)
    attempts = (
        cases.select(pl.col("id").alias("case_id"), "opened_on", "outcome", count=_attempt_count())
        .filter(pl.col("count") > 0)
        .with_columns(number=pl.int_ranges(0, pl.col("count")))
        .explode("number")
        .with_columns(
            reached=pl.col("outcome").is_in(reached_outcomes) & (pl.col("number") == pl.col("count") - 1),
            local=local,
            hour=hour,
        )
        .filter(pl.col("local").dt.date() <= pl.lit(today))
    )
    return attempts.select(
        pl.lit(created).alias("created_at"),
        pl.lit(created).alias("updated_at"),
        pl.col("case_id").cast(pl.Int64),
        pl.when(pl.col("reached"))
        .then((pl.col("case_id") % len(reaching)).replace_strict(reaching, return_dtype=pl.String))
        .otherwise(
            ((pl.col("case_id") + pl.col("number")) % len(tried)).replace_strict(
                tried, return_dtype=pl.String
            )
        )
        .alias("kind"),
        pl.col("local")
        .dt.replace_time_zone(ZONE)
        .dt.convert_time_zone("UTC")
        .dt.replace_time_zone(None)
        .alias("at"),
        pl.when(pl.col("hour") < 12)
        .then(pl.lit(DayPart.MORNING.value))
        .when(pl.col("hour") < 18)
        .then(pl.lit(DayPart.AFTERNOON.value))
        .otherwise(pl.lit(DayPart.EVENING.value))
        .alias("day_part"),
        (pl.col("hour") >= 18).alias("outside_office_hours"),
        "reached",
        pl.lit("").alias("note"),
        pl.lit(None, dtype=pl.Int64).alias("recorded_by_id"),
    )


def analyse(*models: type[ContactAttempt] | type[EvictionTrack] | type[CourtStep]) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {quote(str(model._meta.db_table))}")
