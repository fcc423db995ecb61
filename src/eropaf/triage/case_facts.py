"""The facts triage reads, taken from the stored cases set-based: two queries and one Polars pass.

Per case, over its signals that still count (all of them when every signal was withdrawn, as
matching decides): the partner types and the arrear per type, the number of signals, end of supply,
warm handover, the months of rent arrears and the court steps the landlord reported; from the case
the classes and the household facts of the BRP check; and from the household's earlier cases
whether it accepted help before (a case closed with a help-accepted outcome, or handed over warmly).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, PartnerType
from eropaf.triage.facts import CaseFacts

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
    "attempts": pl.Int64,
    "triaged": pl.Boolean,
    "triage_outcome": pl.String,
    "triage_facts": pl.Object,
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
class CasesWithFacts:
    """The cases (one row each, ``CASE_COLUMNS``) and their facts, in the same order."""

    cases: pl.DataFrame
    facts: list[CaseFacts]


def _is_set(field: str) -> ExpressionWrapper[Q]:
    return ExpressionWrapper(Q(**{f"{field}__isnull": False}), output_field=BooleanField())


def _read_cases(cases: QuerySet[Case]) -> pl.DataFrame:
    rows = (
        cases.annotate(attempts=Count("contact_attempts"), triaged=_is_set("triaged_at"))
        .order_by("pk")
        .values_list(*("district__code" if name == "district" else name for name in CASE_COLUMNS))
    )
    return pl.DataFrame(list(rows), schema=CASE_COLUMNS, orient="row").with_columns(
        pl.col("district").fill_null("")
    )


def _read_signals(cases: QuerySet[Case]) -> pl.DataFrame:
    rows = CaseSignal.objects.filter(case__in=cases.values("pk")).values_list(
        "case_id",
        "signal__signal_type",
        "signal__amount_cents",
        _is_set("signal__withdrawn_at"),
        "signal__months_in_arrears",
        "signal__is_end_of_supply",
        "signal__is_warm_handover",
        _is_set("signal__summons_date"),
        _is_set("signal__judgment_date"),
        _is_set("signal__eviction_date"),
    )
    return pl.DataFrame(list(rows), schema=SIGNAL_COLUMNS, orient="row")


def _signal_facts(signals: pl.DataFrame) -> pl.DataFrame:
    counted = signals.filter(~pl.col("is_withdrawn") | pl.col("is_withdrawn").all().over("case_id"))
    per_type = (
        counted.group_by("case_id", "signal_type")
        .agg(pl.col("amount_cents").sum())
        .sort("case_id", "signal_type")
        .group_by("case_id")
        .agg(pl.col("signal_type").alias("types"), pl.col("amount_cents").alias("amounts"))
    )
    rent = pl.col("signal_type") == PartnerType.RENT.value
    flags = counted.group_by("case_id").agg(
        pl.len().alias("signal_count"),
        pl.col("is_end_of_supply").any(),
        pl.col("is_warm_handover").any(),
        pl.col("has_summons").any(),
        pl.col("has_judgment").any(),
        pl.col("has_eviction_date").any(),
        pl.col("months_in_arrears").filter(rent).max().alias("rent_months"),
    )
    return per_type.join(flags, on="case_id")


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


def read_cases_with_facts(*, municipality_id: int, cases: QuerySet[Case]) -> CasesWithFacts:
    """The facts of ``cases`` (all of one municipality) as triage reads them."""
    frame = _read_cases(cases)
    if frame.height == 0:
        return CasesWithFacts(frame, [])
    signal_facts = _signal_facts(_read_signals(cases))
    frame = frame.with_columns(helped_before=_helped_before(frame, municipality_id))
    joined = frame.join(signal_facts, left_on="id", right_on="case_id", how="left", maintain_order="left")
    return CasesWithFacts(frame.drop("helped_before"), _facts_of(joined))


def _facts_of(joined: pl.DataFrame) -> list[CaseFacts]:
    facts: list[CaseFacts] = []
    for row in joined.iter_rows(named=True):
        amounts_cents = dict(zip(row["types"] or (), row["amounts"] or (), strict=True))
        facts.append(
            CaseFacts(
                partner_types=frozenset(amounts_cents),
                amounts_cents=amounts_cents,
                total_amount_cents=sum(amounts_cents.values()),
                signal_count=row["signal_count"] or 0,
                is_multiple=bool(row["is_multiple"]),
                is_consecutive=bool(row["is_consecutive"]),
                is_rising=bool(row["is_rising"]),
                is_persistent=bool(row["is_persistent"]),
                is_repeat=bool(row["is_repeat"]),
                is_crisis=bool(row["is_crisis"]),
                is_end_of_supply=bool(row["is_end_of_supply"]),
                is_known_to_debt_services=bool(row["known_to_debt_services"]),
                has_minors=bool(row["has_minors"]),
                is_warm_handover=bool(row["is_warm_handover"]),
                has_accepted_help_before=bool(row["helped_before"]),
                age=row["person_age"],
                district=row["district"] or "",
                rent_months=row["rent_months"],
                has_summons=bool(row["has_summons"]),
                has_judgment=bool(row["has_judgment"]),
                has_eviction_date=bool(row["has_eviction_date"]),
            )
        )
    return facts


def cases_of_periods(*, municipality_id: int, periods: Sequence[dt.date]) -> QuerySet[Case]:
    """The cases of these periods that went on to triage (matching decided nothing for them)."""
    return Case.objects.filter(municipality_id=municipality_id, period__in=periods, matching_decision="")
