"""The last step of a matching run: what the checks mean for each case, decided set-based.

Per case, over its active signals (all of them when every signal was withdrawn):

1. a person the BRP did not find, and nobody found resident: the case waits for the review;
2. nobody resident and every person deceased: "Inwoner is overleden";
3. nobody resident otherwise: "Persoon is geen inwoner (meer) in de gemeente" (listed for forwarding);
4. a repeat of the same arrear that did not rise (and no crisis): "Niet opgepakt: herhaalde melding";
5. a resident already known to debt services: to the debt-services team's queue,
   "Inwoner al bekend bij schuldhulpverlening";
6. otherwise the case goes on to triage.

Matching only decides cases it still owns: nobody assigned, no contact attempt, and either new or
in the state matching itself put it in. The household facts (age of the youngest signalled
resident, adults, minors, known to debt services) are rewritten on every case.
"""

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.utils import timezone

from eropaf.accounts.models import Team
from eropaf.accounts.roles import TeamKind
from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.bulk import update_frame
from eropaf.core.vocabularies import SignalStatus
from eropaf.intake.models import Signal
from eropaf.matching.engine import default_teams
from eropaf.matching.models import RegistryOutcome
from eropaf.matching.ownership import CLOSING_DECISIONS, owned_expression

GONE = (RegistryOutcome.MOVED_AWAY, RegistryOutcome.EMIGRATED, RegistryOutcome.NOT_IDENTIFIED)

CASE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "id": pl.Int64,
    "state": pl.String,
    "outcome": pl.String,
    "matching_decision": pl.String,
    "assigned_to_id": pl.Int64,
    "assigned_automatically": pl.Boolean,
    "team_id": pl.Int64,
    "district_id": pl.Int64,
    "closed_on": pl.Date,
    "is_repeat": pl.Boolean,
    "is_crisis": pl.Boolean,
    "attempts": pl.Int64,
    "person_age": pl.Int64,
    "adult_count": pl.Int64,
    "has_minors": pl.Boolean,
    "known_to_debt_services": pl.Boolean,
    "triaged": pl.Boolean,
    "triage_outcome": pl.String,
}
SIGNAL_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "signal_id": pl.Int64,
    "case_id": pl.Int64,
    "status": pl.String,
    "is_withdrawn": pl.Boolean,
    "check": pl.String,
    "age": pl.Int64,
    "adults": pl.Int64,
    "minors": pl.Int64,
    "known": pl.Boolean,
}


def _read_cases(municipality_id: int, period: dt.date) -> pl.DataFrame:
    rows = (
        Case.objects.filter(municipality_id=municipality_id, period=period)
        .annotate(
            attempts=Count("contact_attempts"),
            triaged=ExpressionWrapper(Q(triaged_at__isnull=False), output_field=BooleanField()),
        )
        .order_by("pk")
        .values_list(*CASE_SCHEMA)
    )
    return pl.DataFrame(list(rows), schema=CASE_SCHEMA, orient="row")


def _read_signals(municipality_id: int, period: dt.date) -> pl.DataFrame:
    rows = (
        CaseSignal.objects.filter(case__municipality_id=municipality_id, case__period=period)
        .order_by("signal_id")
        .values_list(
            "signal_id",
            "case_id",
            "signal__status",
            "signal__withdrawn_at",
            "signal__person_check__outcome",
            "signal__person_check__age",
            "signal__person_check__adults",
            "signal__person_check__minors",
            "signal__person_check__known_to_debt_services",
        )
    )
    return pl.DataFrame(
        [(*row[:3], row[3] is not None, *row[4:]) for row in rows], schema=SIGNAL_SCHEMA, orient="row"
    )


def _household_facts(signals: pl.DataFrame) -> pl.DataFrame:
    counted = signals.with_columns(
        counts=~pl.col("is_withdrawn") | pl.col("is_withdrawn").all().over("case_id"),
        resident=pl.col("check") == RegistryOutcome.RESIDENT.value,
    ).filter(pl.col("counts"))
    resident = pl.col("resident")
    return counted.group_by("case_id").agg(
        pl.len().alias("persons"),
        resident.sum().alias("residents"),
        (pl.col("check") == RegistryOutcome.DECEASED.value).sum().alias("deceased"),
        (pl.col("check").is_null() | (pl.col("check") == RegistryOutcome.NOT_FOUND.value))
        .sum()
        .alias("pending"),
        pl.col("age").filter(resident).min().alias("new_person_age"),
        pl.col("adults").filter(resident).max().alias("new_adult_count"),
        (pl.col("minors").filter(resident) > 0).any().alias("new_has_minors"),
        (pl.col("known").filter(resident).fill_null(False)).any().alias("new_known"),
    )


def _decision() -> pl.Expr:
    return (
        pl.when((pl.col("pending") > 0) & (pl.col("residents") == 0))
        .then(pl.lit(""))
        .when((pl.col("residents") == 0) & (pl.col("deceased") == pl.col("persons")))
        .then(pl.lit(SignalStatus.DECEASED.value))
        .when(pl.col("residents") == 0)
        .then(pl.lit(SignalStatus.NOT_A_RESIDENT.value))
        .when(pl.col("is_repeat") & ~pl.col("is_crisis"))
        .then(pl.lit(SignalStatus.NOT_PICKED_UP_REPEAT.value))
        .when(pl.col("new_known"))
        .then(pl.lit(SignalStatus.KNOWN_TO_DEBT_SERVICES.value))
        .otherwise(pl.lit(""))
    )


def _placed(cases: pl.DataFrame, municipality_id: int, today: dt.date) -> pl.DataFrame:
    by_district, fallback = default_teams(municipality_id)
    debt_team = (
        Team.objects.filter(municipality_id=municipality_id, kind=TeamKind.DEBT_SERVICES)
        .order_by("name")
        .values_list("pk", flat=True)
        .first()
    )
    known = pl.col("decision") == SignalStatus.KNOWN_TO_DEBT_SERVICES.value
    closing = pl.col("decision").is_in([decision.value for decision in CLOSING_DECISIONS])
    default_team = (
        pl.col("district_id").replace_strict(by_district, default=fallback, return_dtype=pl.Int64)
        if by_district
        else pl.lit(fallback, dtype=pl.Int64)
    )
    # Still on to triage and already triaged: the state is triage's (see ownership), not matching's.
    triage_keeps = (pl.col("decision") == "") & (pl.col("matching_decision") == "") & pl.col("triaged")
    return cases.with_columns(
        new_state=pl.when(closing)
        .then(pl.lit(CaseState.CLOSED.value))
        .when(known)
        .then(pl.lit(CaseState.QUEUED.value))
        .when(triage_keeps)
        .then(pl.col("state"))
        .otherwise(pl.lit(CaseState.NEW.value)),
        new_outcome=pl.when(closing)
        .then(pl.col("decision"))
        .when(triage_keeps)
        .then(pl.col("outcome"))
        .otherwise(pl.lit("")),
        new_closed_on=pl.when((closing & (pl.col("outcome") == pl.col("decision"))) | triage_keeps)
        .then(pl.col("closed_on"))
        .when(closing)
        .then(pl.lit(today))
        .otherwise(pl.lit(None, dtype=pl.Date)),
        new_team_id=pl.when(known & pl.lit(debt_team is not None))
        .then(pl.lit(debt_team, dtype=pl.Int64))
        .when(pl.col("matching_decision") == SignalStatus.KNOWN_TO_DEBT_SERVICES.value)
        .then(default_team)
        .otherwise(pl.col("team_id")),
        # A sticky assignment holds only while the case waits in a work queue for its outreach.
        new_assigned_to_id=pl.when(pl.col("assigned_automatically") & (pl.col("decision") != ""))
        .then(None)
        .otherwise(pl.col("assigned_to_id")),
        new_assigned_automatically=pl.col("assigned_automatically") & (pl.col("decision") == ""),
    )


def _changed(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """Rows where a new value differs from the stored one (null-aware), renamed to the stored names."""
    differs = pl.any_horizontal(pl.col(new).ne_missing(pl.col(old)) for new, old in columns.items())
    return frame.filter(differs).select("id", *(pl.col(new).alias(old) for new, old in columns.items()))


@dataclass(frozen=True)
class Decided:
    counts: dict[str, int]
    """Cases per decision; "triage" for those that go on to triage, "awaiting_review" for the BRP review."""
    awaiting_review: list[int]
    """The cases that wait for the BRP review: not triaged until it is decided."""


def decide(*, municipality_id: int, period: dt.date, today: dt.date | None = None) -> Decided:
    """Apply the checks to the period's cases. Run in a transaction."""
    now = timezone.now()
    cases = _read_cases(municipality_id, period)
    signals = _read_signals(municipality_id, period)
    facts = cases.join(_household_facts(signals), left_on="id", right_on="case_id", how="left").with_columns(
        pl.col("persons", "residents", "deceased", "pending").fill_null(0),
        pl.col("new_has_minors", "new_known").fill_null(False),
    )
    facts = facts.with_columns(decision=_decision(), owned=owned_expression())
    owned = _placed(facts.filter(pl.col("owned")), municipality_id, today or timezone.localdate(now))
    update_frame(
        _changed(
            facts,
            {
                "new_person_age": "person_age",
                "new_adult_count": "adult_count",
                "new_has_minors": "has_minors",
                "new_known": "known_to_debt_services",
            },
        ),
        str(Case._meta.db_table),
    )
    update_frame(
        _changed(
            owned,
            {
                "decision": "matching_decision",
                "new_state": "state",
                "new_outcome": "outcome",
                "new_closed_on": "closed_on",
                "new_team_id": "team_id",
                "new_assigned_to_id": "assigned_to_id",
                "new_assigned_automatically": "assigned_automatically",
            },
        ).with_columns(pl.lit(now).alias("updated_at")),
        str(Case._meta.db_table),
    )
    _set_signal_statuses(signals, owned.select("id", "decision", "triage_outcome"))
    waiting = (pl.col("pending") > 0) & (pl.col("residents") == 0)
    counts = (
        facts.with_columns(
            decision=pl.when(waiting).then(pl.lit("awaiting_review")).otherwise(pl.col("decision"))
        )
        .group_by("decision")
        .len()
    )
    return Decided(
        counts={str(decision or "triage"): int(count) for decision, count in counts.iter_rows()},
        awaiting_review=facts.filter(waiting).get_column("id").to_list(),
    )


def _set_signal_statuses(signals: pl.DataFrame, owned: pl.DataFrame) -> None:
    by_person = (
        pl.when(pl.col("check") == RegistryOutcome.DECEASED.value)
        .then(pl.lit(SignalStatus.DECEASED.value))
        .when(pl.col("check").is_in([outcome.value for outcome in GONE]))
        .then(pl.lit(SignalStatus.NOT_A_RESIDENT.value))
    )
    statuses = (
        signals.join(owned, left_on="case_id", right_on="id")
        .with_columns(
            new_status=by_person.otherwise(
                pl.when(pl.col("decision") != "")
                .then(pl.col("decision"))
                .when(pl.col("triage_outcome") != "")
                .then(pl.col("triage_outcome"))
                .otherwise(pl.lit(SignalStatus.NOT_YET_PICKED_UP.value))
            )
        )
        .filter(pl.col("new_status") != pl.col("status"))
        .select(pl.col("signal_id").alias("id"), pl.col("new_status").alias("status"))
    )
    update_frame(statuses, str(Signal._meta.db_table))
