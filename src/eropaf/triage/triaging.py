"""Triage applied to stored cases, set-based: the decision of every case written in one bulk update.

Which cases: those the automation still owns (nobody assigned, no attempt, in the state matching or
triage left them, see ``matching.ownership`` for the same rule) and that matching sent on to triage.
After a matching run: the cases still new, and the cases triaged before whose facts changed (a late
delivery) — a case whose facts did not change keeps the version that decided it, so activating a new
policy never rewrites history. A re-triage by the team lead takes the open ones among them.

What is written: the route (work queue, contact steps, priority, due date, letter template) or
"not picked up" with its reason (the case closed, its signals given that status), and the policy
version, the rule, the reasons and the facts — the explanation on the case page.
"""

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
from django.db.models import QuerySet
from django.utils import timezone

from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.bulk import update_frame
from eropaf.core.vocabularies import SignalStatus
from eropaf.intake.models import Signal
from eropaf.triage.case_facts import CasesWithFacts, read_cases_with_facts
from eropaf.triage.definitions import Action
from eropaf.triage.facts import CaseFacts, facts_as_data
from eropaf.triage.models import PolicyVersion
from eropaf.triage.policy import Policy
from eropaf.triage.rules import Decision, compile_policy

OPEN = (CaseState.NEW.value, CaseState.QUEUED.value)
ID_SLICE = 10_000
TRIAGE_OWN_STATUSES = frozenset(
    {SignalStatus.NOT_YET_PICKED_UP.value, SignalStatus.NOT_PICKED_UP_UNJUSTIFIED.value,
     SignalStatus.NOT_PICKED_UP_OTHER.value, SignalStatus.NOT_PICKED_UP_REPEAT.value}
)  # fmt: skip
"""Signal statuses triage sets, and so may change again; a person's own status (deceased, moved) stays."""


@dataclass(frozen=True)
class TriageCounts:
    triaged: int = 0
    unchanged: int = 0
    per_rule: dict[str, int] = field(default_factory=dict)
    per_queue: dict[str, int] = field(default_factory=dict)
    not_picked_up: dict[str, int] = field(default_factory=dict)
    case_ids: list[int] = field(default_factory=list)

    def as_data(self) -> dict[str, object]:
        return {
            "triaged": self.triaged,
            "unchanged": self.unchanged,
            "per_rule": self.per_rule,
            "per_queue": self.per_queue,
            "not_picked_up": self.not_picked_up,
        }


def owned_by_triage() -> pl.Expr:
    """Untouched and in the state matching or triage left a case that went on to triage."""
    untouched = (pl.col("attempts") == 0) & pl.col("assigned_to_id").is_null()
    new = ~pl.col("triaged") & (pl.col("state") == CaseState.NEW.value) & (pl.col("outcome") == "")
    queued = (
        pl.col("triaged")
        & (pl.col("triage_outcome") == "")
        & (pl.col("state") == CaseState.QUEUED.value)
        & (pl.col("outcome") == "")
    )
    closed = (
        pl.col("triaged")
        & (pl.col("triage_outcome") != "")
        & (pl.col("state") == CaseState.CLOSED.value)
        & (pl.col("outcome") == pl.col("triage_outcome"))
    )
    return (pl.col("matching_decision") == "") & untouched & (new | queued | closed)


def _canonical(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


@functools.lru_cache(maxsize=256)
def _plan(action: Action) -> str:
    return json.dumps([{"kind": step.kind, "letter_kind": step.letter_kind} for step in action.steps])


def _chosen(
    found: CasesWithFacts, *, only_changed: bool, open_only: bool
) -> tuple[pl.DataFrame, list[CaseFacts]]:
    """The rows (and facts) to triage among the owned cases."""
    cases = found.cases.with_row_index("position")
    owned = cases.filter(owned_by_triage())
    if open_only:
        owned = owned.filter(pl.col("state").is_in(OPEN))
    if only_changed:
        stored = owned.get_column("triage_facts").to_list()
        positions = owned.get_column("position").to_list()
        keep = [
            not triaged or _canonical(facts or {}) != _canonical(facts_as_data(found.facts[position]))
            for triaged, facts, position in zip(
                owned.get_column("triaged").to_list(), stored, positions, strict=True
            )
        ]
        owned = owned.filter(pl.Series(keep, dtype=pl.Boolean))
    return owned, [found.facts[position] for position in owned.get_column("position").to_list()]


def apply_triage(
    *,
    municipality_id: int,
    cases: QuerySet[Case],
    policy: Policy,
    version: PolicyVersion | None,
    today: dt.date,
    only_changed: bool,
    open_only: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> TriageCounts:
    """Triage the owned cases among ``cases`` with ``policy``; run inside a transaction."""
    found = read_cases_with_facts(municipality_id=municipality_id, cases=cases)
    rows, facts = _chosen(found, only_changed=only_changed, open_only=open_only)
    if on_progress is not None:
        on_progress(0, rows.height)
    decisions = compile_policy(policy).evaluate_many(facts)
    frame = _decided(rows, facts, decisions, policy=policy, version=version, today=today)
    update_frame(frame, str(Case._meta.db_table))
    # Only where "not picked up" comes or goes do the signals' statuses change.
    changing = frame.select("id", pl.col("triage_outcome").alias("reason")).join(
        rows.select("id", pl.col("triage_outcome").alias("before")), on="id"
    )
    _set_signal_statuses(changing.filter((pl.col("reason") != "") | (pl.col("before") != "")).drop("before"))
    if on_progress is not None:
        on_progress(rows.height, rows.height)
    return _counts(
        decisions, unchanged=found.cases.height - rows.height, case_ids=frame.get_column("id").to_list()
    )


EXPLANATION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "queue": pl.String,
    "priority": pl.String,
    "contact_plan": pl.String,
    "letter_template": pl.String,
    "triage_rule": pl.String,
    "triage_rule_label": pl.String,
    "triage_summary": pl.String,
    "triage_reasons": pl.String,
    "triage_facts": pl.String,
    "triage_outcome": pl.String,
}
"""The case columns that say what triage decided and why (JSON columns as text)."""
ROUTE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "state": pl.String,
    "outcome": pl.String,
    "closed_on": pl.Date,
    "due_on": pl.Date,
}


def explanation(decision: Decision, facts: CaseFacts) -> tuple[str, ...]:
    """The values of ``EXPLANATION_SCHEMA`` for one decision, in that order."""
    action = decision.action
    return (
        action.queue,
        action.priority.value if action.is_picked_up else "",
        _plan(action),
        action.letter_template,
        decision.rule_key,
        decision.rule_label,
        decision.summary,
        json.dumps(list(decision.reasons), ensure_ascii=False),
        _canonical(facts_as_data(facts)),
        action.not_picked_up,
    )


def policy_columns(policy: Policy, version: PolicyVersion | None) -> list[pl.Expr]:
    """Which policy decided: the version, or the national default's name when none is active."""
    return [
        pl.lit(version.pk if version else None, dtype=pl.Int64).alias("triage_policy_id"),
        pl.lit(version.name if version else policy.name).alias("triage_policy_name"),
    ]


def _decided(
    rows: pl.DataFrame,
    facts: list[CaseFacts],
    decisions: list[Decision],
    *,
    policy: Policy,
    version: PolicyVersion | None,
    today: dt.date,
) -> pl.DataFrame:
    now = timezone.now()
    records = []
    for decision, case_facts, opened_on in zip(decisions, facts, rows.get_column("opened_on"), strict=True):
        picked_up = decision.action.is_picked_up
        route = (
            CaseState.QUEUED.value if picked_up else CaseState.CLOSED.value,
            decision.action.not_picked_up,
            None if picked_up else today,
            decision.due_date(opened_on),
        )
        records.append((*route, *explanation(decision, case_facts)))
    decided = pl.DataFrame(records, schema={**ROUTE_SCHEMA, **EXPLANATION_SCHEMA}, orient="row")
    return pl.concat([rows.select("id"), decided], how="horizontal").with_columns(
        *policy_columns(policy, version), triaged_at=pl.lit(now), updated_at=pl.lit(now)
    )


def _set_signal_statuses(reasons: pl.DataFrame) -> None:
    if reasons.height == 0:
        return
    ids = reasons.get_column("id").to_list()
    rows = [
        row
        # In slices: SQLite allows 32,766 parameters in a query by default.
        for start in range(0, len(ids), ID_SLICE)
        for row in CaseSignal.objects.filter(
            case_id__in=ids[start : start + ID_SLICE], signal__status__in=TRIAGE_OWN_STATUSES
        ).values_list("case_id", "signal_id", "signal__status")
    ]
    signals = pl.DataFrame(
        rows, schema={"id": pl.Int64, "signal_id": pl.Int64, "status": pl.String}, orient="row"
    )
    changed = (
        signals.join(reasons, on="id")
        .with_columns(
            new_status=pl.when(pl.col("reason") != "")
            .then(pl.col("reason"))
            .otherwise(pl.lit(SignalStatus.NOT_YET_PICKED_UP.value))
        )
        .filter(pl.col("new_status") != pl.col("status"))
        .select(pl.col("signal_id").alias("id"), pl.col("new_status").alias("status"))
    )
    update_frame(changed, str(Signal._meta.db_table))


def _counts(decisions: list[Decision], *, unchanged: int, case_ids: list[int]) -> TriageCounts:
    per_rule: dict[str, int] = {}
    per_queue: dict[str, int] = {}
    not_picked_up: dict[str, int] = {}
    for decision in decisions:
        per_rule[decision.rule_key] = per_rule.get(decision.rule_key, 0) + 1
        action = decision.action
        if action.is_picked_up:
            per_queue[action.queue] = per_queue.get(action.queue, 0) + 1
        else:
            not_picked_up[action.not_picked_up] = not_picked_up.get(action.not_picked_up, 0) + 1
    return TriageCounts(
        triaged=len(decisions),
        unchanged=unchanged,
        per_rule=per_rule,
        per_queue=per_queue,
        not_picked_up=not_picked_up,
        case_ids=case_ids,
    )


def clear_left_triage(*, municipality_id: int, period: dt.date) -> int:
    """Cases matching has since decided itself (a late repeat, a person who moved away) lose the
    route triage gave them."""
    return (
        Case.objects.filter(municipality_id=municipality_id, period=period, triaged_at__isnull=False)
        .exclude(matching_decision="")
        .update(**untriaged(), updated_at=timezone.now())
    )


def untriaged() -> dict[str, object]:
    """The triage fields of a case triage has not decided (for ``QuerySet.update``)."""
    return {
        "queue": "",
        "priority": "",
        "contact_plan": [],
        "letter_template": "",
        "triage_policy": None,
        "triage_policy_name": "",
        "triage_rule": "",
        "triage_rule_label": "",
        "triage_summary": "",
        "triage_reasons": [],
        "triage_facts": {},
        "triage_outcome": "",
        "triaged_at": None,
    }
