"""The facts triage reads, taken from the stored cases set-based: three SQL queries and one Polars pass.

Per case, over its signals that still count (all of them when every signal was withdrawn, as
matching decides): the partner types and the arrear per type, the number of signals, end of supply,
warm handover, the months of rent arrears and the court steps the landlord reported; from the case
the classes and the household facts of the BRP check; and from the household's earlier cases
whether it accepted help before (a case closed with a help-accepted outcome, or handed over warmly).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection
from django.db.models import Model, Q, QuerySet

from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.bulk import read_frame
from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, PartnerType
from eropaf.intake.models import Signal
from eropaf.organisations.models import District
from eropaf.triage.definitions import Flag, Measure
from eropaf.triage.facts import CaseFacts
from eropaf.triage.facts_frame import (
    FLAG_COLUMNS,
    PARTNER_TYPE_CODES,
    amount_column,
    fact_schema,
    facts_frame_of,
)

CASE_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "id": pl.Int64,
    "period": pl.Date,
    "opened_on": pl.Date,
    "address_key": pl.String,
    "district": pl.String,
    "state": pl.String,
    "outcome": pl.String,
    "matching_decision": pl.String,
    "assigned_to_id": pl.Int64,
    "assigned_automatically": pl.Boolean,
    "team_id": pl.Int64,
    "attempts": pl.Int64,
    "triaged": pl.Boolean,
    "triage_outcome": pl.String,
    "triage_facts": pl.String,
    "person_age": pl.Int64,
    "has_minors": pl.Boolean,
    "known_to_debt_services": pl.Boolean,
    "is_multiple": pl.Boolean,
    "is_consecutive": pl.Boolean,
    "is_rising": pl.Boolean,
    "is_persistent": pl.Boolean,
    "is_repeat": pl.Boolean,
    "is_crisis": pl.Boolean,
}
SIGNAL_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "case_id": pl.Int64,
    "signal_type": pl.String,
    "amount_cents": pl.Int64,
    "is_withdrawn": pl.Boolean,
    "months_in_arrears": pl.Int64,
    "is_end_of_supply": pl.Boolean,
    "is_warm_handover": pl.Boolean,
    "has_summons": pl.Boolean,
    "has_judgment": pl.Boolean,
    "has_eviction_date": pl.Boolean,
}


@dataclass(frozen=True)
class CaseFrames:
    """The cases (one row each, ``CASE_COLUMNS``) and their facts (``facts_frame``), in the same order."""

    cases: pl.DataFrame
    facts: pl.DataFrame


@dataclass(frozen=True)
class CasesWithFacts:
    """The cases (one row each, ``CASE_COLUMNS``) and their facts, in the same order."""

    cases: pl.DataFrame
    facts: list[CaseFacts]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(str(model._meta.db_table))


def _chosen_ids(cases: QuerySet[Case]) -> tuple[str, tuple[Any, ...]]:
    """The SQL (and its parameters) that selects the ids of ``cases``, for ``IN (…)``."""
    sql, params = cases.values("pk").order_by().query.sql_with_params()
    return sql, tuple(params)


def _as_text(column: str) -> str:
    # PostgreSQL stores JSON as jsonb; SQLite as the text itself.
    return f"{column}::text" if connection.vendor == "postgresql" else column


def _read_cases(cases: QuerySet[Case]) -> pl.DataFrame:
    """One row per case: its own columns, the district code, the number of contact attempts, and the
    facts triage stored (as JSON text; only read back when the case was triaged before)."""
    chosen, params = _chosen_ids(cases)
    sql = f"""
        SELECT c.id, c.period, c.opened_on, c.address_key, COALESCE(d.code, ''), c.state, c.outcome,
               c.matching_decision, c.assigned_to_id, c.assigned_automatically, c.team_id,
               (SELECT COUNT(*) FROM {_table(ContactAttempt)} a WHERE a.case_id = c.id),
               c.triaged_at IS NOT NULL, c.triage_outcome,
               CASE WHEN c.triaged_at IS NULL THEN NULL ELSE {_as_text("c.triage_facts")} END,
               c.person_age, c.has_minors, c.known_to_debt_services, c.is_multiple, c.is_consecutive,
               c.is_rising, c.is_persistent, c.is_repeat, c.is_crisis
        FROM {_table(Case)} c LEFT JOIN {_table(District)} d ON d.id = c.district_id
        WHERE c.id IN ({chosen})
        ORDER BY c.id
    """  # noqa: S608 — table names from the models, values as parameters
    return read_frame(sql, params, schema=CASE_COLUMNS)


def _read_signals(cases: QuerySet[Case]) -> pl.DataFrame:
    chosen, params = _chosen_ids(cases)
    sql = f"""
        SELECT cs.case_id, s.signal_type, s.amount_cents, s.withdrawn_at IS NOT NULL,
               s.months_in_arrears, s.is_end_of_supply, s.is_warm_handover, s.summons_date IS NOT NULL,
               s.judgment_date IS NOT NULL, s.eviction_date IS NOT NULL
        FROM {_table(CaseSignal)} cs JOIN {_table(Signal)} s ON s.id = cs.signal_id
        WHERE cs.case_id IN ({chosen})
    """  # noqa: S608 — table names from the models, values as parameters
    return read_frame(sql, params, schema=SIGNAL_COLUMNS)


def _signal_facts(signals: pl.DataFrame) -> pl.DataFrame:
    counted = signals.filter(~pl.col("is_withdrawn") | pl.col("is_withdrawn").all().over("case_id"))
    rent = pl.col("signal_type") == PartnerType.RENT.value
    amounts = []
    for code in PARTNER_TYPE_CODES:
        of_type = pl.col("signal_type") == code
        amounts.append(
            pl.when(of_type.any())
            .then(pl.col("amount_cents").filter(of_type).sum())
            .alias(amount_column(code))
        )
    return counted.group_by("case_id").agg(
        *amounts,
        pl.col("amount_cents").sum().alias(Measure.TOTAL_AMOUNT.value),
        pl.len().alias(Measure.SIGNAL_COUNT.value),
        pl.col("is_end_of_supply").any(),
        pl.col("is_warm_handover").any(),
        pl.col("has_summons").any(),
        pl.col("has_judgment").any(),
        pl.col("has_eviction_date").any(),
        pl.col("months_in_arrears").filter(rent).max().alias(Measure.RENT_MONTHS.value),
    )


def _helped_before(cases: pl.DataFrame, municipality_id: int) -> pl.Series:
    """Per case: did the household accept help on a case of an earlier period?"""
    helped = (
        Case.objects.filter(municipality_id=municipality_id)
        .filter(
            Q(outcome__in=[outcome.value for outcome in HELP_ACCEPTED_OUTCOMES])
            | Q(state=CaseState.HANDED_OVER)
        )
        .values_list("address_key", "period")
    )
    first_help = (
        pl.DataFrame(list(helped), schema={"address_key": pl.String, "help_period": pl.Date}, orient="row")
        .group_by("address_key")
        .agg(pl.col("help_period").min())
    )
    joined = cases.select("address_key", "period").join(first_help, on="address_key", how="left")
    return (joined.get_column("help_period") < joined.get_column("period")).fill_null(False)


def read_case_frames(*, municipality_id: int, cases: QuerySet[Case]) -> CaseFrames:
    """``cases`` (all of one municipality) and their facts as triage reads them, as frames."""
    frame = _read_cases(cases)
    if frame.height == 0:
        return CaseFrames(frame, facts_frame_of([]))
    signal_facts = _signal_facts(_read_signals(cases))
    joined = frame.with_columns(
        helped_before=_helped_before(frame, municipality_id),
        age=pl.col("person_age"),
        is_known_to_debt_services=pl.col("known_to_debt_services"),
    ).join(signal_facts, left_on="id", right_on="case_id", how="left", maintain_order="left")
    schema = fact_schema()
    facts = joined.with_columns(
        pl.col(Measure.TOTAL_AMOUNT.value).fill_null(0),
        pl.col(Measure.SIGNAL_COUNT.value).fill_null(0),
        pl.col("helped_before").alias(Flag.ACCEPTED_HELP_BEFORE.value),
    ).select(
        *(pl.col(name).cast(dtype) for name, dtype in schema.items() if dtype != pl.Boolean),
        *(pl.col(name).fill_null(False) for name, dtype in schema.items() if dtype == pl.Boolean),
    )
    return CaseFrames(frame, facts.select(list(schema)))


def read_cases_with_facts(*, municipality_id: int, cases: QuerySet[Case]) -> CasesWithFacts:
    """The facts of ``cases`` (all of one municipality) as triage reads them, one ``CaseFacts`` each."""
    frames = read_case_frames(municipality_id=municipality_id, cases=cases)
    return CasesWithFacts(frames.cases, facts_of(frames.facts))


def facts_of(facts: pl.DataFrame) -> list[CaseFacts]:
    """A ``CaseFacts`` per row of a facts frame (``facts_frame``)."""
    # Column by column rather than row by row: no dict per row, no conversion in the loop.
    amounts = [facts.get_column(amount_column(code)).to_list() for code in PARTNER_TYPE_CODES]
    per_case_amounts = [
        {code: cents for code, cents in zip(PARTNER_TYPE_CODES, row, strict=True) if cents is not None}
        for row in zip(*amounts, strict=True)
    ]
    flags = {flag: facts.get_column(flag).to_list() for flag in FLAG_COLUMNS}
    numbers = {
        name: facts.get_column(name).to_list()
        for name in (*(measure.value for measure in Measure), "district")
    }
    columns = {**numbers, **flags}
    names = list(columns)
    return [
        CaseFacts(
            partner_types=frozenset(amounts_cents),
            amounts_cents=amounts_cents,
            **dict(zip(names, row, strict=True)),
        )
        for amounts_cents, row in zip(per_case_amounts, zip(*columns.values(), strict=True), strict=True)
    ]


def cases_of_periods(*, municipality_id: int, periods: Sequence[dt.date]) -> QuerySet[Case]:
    """The cases of these periods that went on to triage (matching decided nothing for them)."""
    return Case.objects.filter(municipality_id=municipality_id, period__in=periods, matching_decision="")
