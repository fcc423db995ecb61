"""The facts triage reads, taken from the stored cases set-based: a few SQL queries and one Polars pass.

Per case, over its signals that still count (all of them when every signal was withdrawn, as
matching decides): the partner types and the arrear per type, the number of signals, end of supply,
warm handover, the months of rent arrears and the court steps the landlord reported; from the case
the classes and the household facts of the BRP check; and from the household's earlier cases
whether it accepted help before (a case closed with a help-accepted outcome, or handed over warmly).
"""

import datetime as dt
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Any

import polars as pl
from django.db import connection, models
from django.db.models import Count, Model, Q, QuerySet
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce

from eropaf.cases.models import Case, CaseSignal, ContactAttempt, TriageDecision
from eropaf.cases.workflow import CaseState
from eropaf.core.bulk import read_bulk_frame, read_frame
from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, PartnerType
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
    """The cases (one row each, ``CASE_COLUMNS`` and ``stored_facts``) and their facts
    (``facts_frame``), in the same order."""

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


def _values_sql(query: QuerySet[Any], columns: Sequence[str]) -> tuple[str, tuple[Any, ...]]:
    """The SQL (and its parameters) of ``query.values(*columns)``, selecting them in that order."""
    sql, params = query.order_by().values(*columns).query.sql_with_params()
    quote = connection.ops.quote_name
    return f"SELECT {', '.join(quote(column) for column in columns)} FROM ({sql}) q", tuple(params)  # noqa: S608


def _packed(conditions: Mapping[str, Q]) -> Combinable:
    """The conditions as one number, a bit each: SQLite hands every value of a row to Python one by one,
    so ten flags as one number are read in a fraction of the time."""
    bits = [
        models.Case(models.When(condition, then=models.Value(1 << bit)), default=models.Value(0))
        for bit, condition in enumerate(conditions.values())
    ]
    return reduce(operator.add, bits)


def _unpacked(names: Sequence[str]) -> list[pl.Expr]:
    return [((pl.col("flags") & (1 << bit)) != 0).alias(name) for bit, name in enumerate(names)]


def _as_text(field: str) -> Cast:
    # A date as ISO text: read into a frame without a Python date per value on SQLite.
    return Cast(field, output_field=models.TextField())


CASE_FLAGS = {
    "assigned_automatically": Q(assigned_automatically=True),
    "triaged": Q(triaged_at__isnull=False),
    "has_minors": Q(has_minors=True),
    "known_to_debt_services": Q(known_to_debt_services=True),
    "is_multiple": Q(is_multiple=True),
    "is_consecutive": Q(is_consecutive=True),
    "is_rising": Q(is_rising=True),
    "is_persistent": Q(is_persistent=True),
    "is_repeat": Q(is_repeat=True),
    "is_crisis": Q(is_crisis=True),
}
SIGNAL_FLAGS = {
    "is_withdrawn": Q(signal__withdrawn_at__isnull=False),
    "is_end_of_supply": Q(signal__is_end_of_supply=True),
    "is_warm_handover": Q(signal__is_warm_handover=True),
    "has_summons": Q(signal__summons_date__isnull=False),
    "has_judgment": Q(signal__judgment_date__isnull=False),
    "has_eviction_date": Q(signal__eviction_date__isnull=False),
}


def _read_cases(cases: QuerySet[Case]) -> pl.DataFrame:
    """One row per case (``CASE_COLUMNS``), in id order: its own columns, the district code and the
    number of contact attempts. The query is ``cases``' own: one scan of the case table."""
    values = {
        "id": pl.Int64,
        "period_text": pl.Date,
        "opened_on_text": pl.Date,
        "address_key": pl.String,
        "district_code": pl.String,
        "state": pl.String,
        "outcome": pl.String,
        "matching_decision": pl.String,
        "assigned_to_id": pl.Int64,
        "team_id": pl.Int64,
        "triage_outcome": pl.String,
        "person_age": pl.Int64,
        "flags": pl.Int64,
    }
    query = cases.annotate(
        period_text=_as_text("period"),
        opened_on_text=_as_text("opened_on"),
        district_code=Coalesce("district__code", models.Value("")),
        flags=_packed(CASE_FLAGS),
    )
    sql, params = _values_sql(query, list(values))
    frame = read_bulk_frame(sql, params, schema=values)
    return (
        frame.rename({"period_text": "period", "opened_on_text": "opened_on", "district_code": "district"})
        .with_columns(*_unpacked(list(CASE_FLAGS)))
        .join(_attempt_counts(cases), on="id", how="left")
        .with_columns(pl.col("attempts").fill_null(0))
        .select(list(CASE_COLUMNS))
        .sort("id")
    )


def _attempt_counts(cases: QuerySet[Case]) -> pl.DataFrame:
    """The number of contact attempts of each case that has any."""
    attempts = ContactAttempt.objects.filter(case__in=cases).values("case_id").annotate(attempts=Count("id"))
    sql, params = _values_sql(attempts, ["case_id", "attempts"])
    return read_frame(sql, params, schema={"id": pl.Int64, "attempts": pl.Int64})


def _read_stored_facts(cases: QuerySet[Case]) -> pl.DataFrame:
    """Per case with a decision: the facts its latest decision read (JSON text)."""
    chosen, params = _chosen_ids(cases)
    decisions = _table(TriageDecision)
    sql = f"""
        SELECT d.case_id, d.facts FROM {decisions} d
        WHERE d.id IN (SELECT MAX(l.id) FROM {decisions} l WHERE l.case_id IN ({chosen}) GROUP BY l.case_id)
    """  # noqa: S608 — table names from the models, values as parameters
    return read_bulk_frame(sql, params, schema={"id": pl.Int64, "stored_facts": pl.String})


def _read_signals(cases: QuerySet[Case]) -> pl.DataFrame:
    """The signals of ``cases`` (``SIGNAL_COLUMNS``)."""
    values = {
        "case_id": pl.Int64,
        "signal__signal_type": pl.String,
        "signal__amount_cents": pl.Int64,
        "signal__months_in_arrears": pl.Int64,
        "flags": pl.Int64,
    }
    query = CaseSignal.objects.filter(case__in=cases).annotate(flags=_packed(SIGNAL_FLAGS))
    sql, params = _values_sql(query, list(values))
    return (
        read_bulk_frame(sql, params, schema=values)
        .rename({name: name.removeprefix("signal__") for name in values})
        .with_columns(*_unpacked(list(SIGNAL_FLAGS)))
        .select(list(SIGNAL_COLUMNS))
    )


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
        .annotate(period_text=_as_text("period"))
    )
    sql, params = _values_sql(helped, ["address_key", "period_text"])
    first_help = (
        read_bulk_frame(sql, params, schema={"address_key": pl.String, "help_period": pl.Date})
        .group_by("address_key")
        .agg(pl.col("help_period").min())
    )
    joined = cases.select("address_key", "period").join(
        first_help, on="address_key", how="left", maintain_order="left"
    )
    return (joined.get_column("help_period") < joined.get_column("period")).fill_null(False)


def read_case_frames(
    *, municipality_id: int, cases: QuerySet[Case], stored_facts: bool = False
) -> CaseFrames:
    """``cases`` (all of one municipality) and their facts as triage reads them, as frames; with
    ``stored_facts`` also the facts of each case's latest decision (else null), to compare with."""
    frame = _read_cases(cases)
    if stored_facts and frame.height > 0:
        frame = frame.join(_read_stored_facts(cases), on="id", how="left", maintain_order="left")
    else:
        frame = frame.with_columns(stored_facts=pl.lit(None, dtype=pl.String))
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
