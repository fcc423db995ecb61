"""Triage applied to stored cases, set-based: the decisions inserted in bulk, the routes in one update.

Which cases: those the automation still owns (nobody assigned, no attempt, in the state matching or
triage left them, see ``matching.ownership`` for the same rule) and that matching sent on to triage.
After a matching run: the cases still new, and the cases triaged before whose facts changed (a late
delivery) — a case whose facts did not change keeps the version that decided it, so activating a new
policy never rewrites history. A re-triage by the team lead takes the open ones among them.

What is written: on the case, the route (work queue, contact steps, priority, due date, letter
template) or "not picked up" with its reason (the case closed, its signals given that status), and
the policy version; and a new ``TriageDecision`` per case with the policy, the rule, the reasons and
the facts — the explanation on the case page. Decisions are only ever inserted (PostgreSQL ``COPY``,
SQLite ``executemany``): a re-triage adds one and leaves the earlier ones, and the case rows are
rewritten in their few route columns only.
"""

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from eropaf.cases.models import Case, CaseSignal, TriageDecision
from eropaf.cases.sticky import sticky_placement, untouched
from eropaf.cases.workflow import CaseState
from eropaf.core.bulk import insert_frame, update_frame, update_from_lookup
from eropaf.core.vocabularies import SignalStatus
from eropaf.intake.models import Signal
from eropaf.triage.bulk_rules import DEFAULT_POSITION, decide_frame
from eropaf.triage.case_facts import CaseFrames, read_case_frames
from eropaf.triage.definitions import DEFAULT_RULE_KEY, Action
from eropaf.triage.facts_frame import compact_facts, facts_json
from eropaf.triage.models import PolicyVersion
from eropaf.triage.policy import Policy
from eropaf.triage.rules import DEFAULT_RULE_LABEL, NO_RULE_APPLIES, headline

OPEN = (CaseState.NEW.value, CaseState.QUEUED.value)
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
    """Untouched (an automatic assignment does not count, see ``cases.sticky``) and in the state
    matching or triage left a case that went on to triage."""
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
    return (pl.col("matching_decision") == "") & untouched() & (new | queued | closed)


def _chosen(frames: CaseFrames, *, only_changed: bool, open_only: bool) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The case rows and fact rows to triage among the owned cases; the facts with their JSON."""
    owned = owned_by_triage()
    if open_only:
        owned = owned & pl.col("state").is_in(OPEN)
    cases = frames.cases.with_columns(chosen=owned)
    facts = frames.facts.with_columns(facts=facts_json(compact=True)).filter(cases.get_column("chosen"))
    cases = cases.filter(pl.col("chosen")).drop("chosen")
    if only_changed:
        # Compared as data, not as text: a decision from before the decisions table holds the facts
        # as PostgreSQL's jsonb wrote them; and compacted, as earlier decisions stored them whole.
        stored = cases.get_column("stored_facts").to_list()
        fresh = facts.get_column("facts").to_list()
        keep = pl.Series(
            [
                not triaged or compact_facts(json.loads(before or "{}")) != compact_facts(json.loads(now))
                for triaged, before, now in zip(
                    cases.get_column("triaged").to_list(), stored, fresh, strict=True
                )
            ],
            dtype=pl.Boolean,
        )
        cases, facts = cases.filter(keep), facts.filter(keep)
    return cases, facts


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
    frames = read_case_frames(municipality_id=municipality_id, cases=cases, stored_facts=only_changed)
    rows, facts = _chosen(frames, only_changed=only_changed, open_only=open_only)
    if on_progress is not None:
        on_progress(0, rows.height)
    decided = decisions_frame(policy, rows.select("id", "opened_on"), facts)
    now = timezone.now()
    insert_decisions(decision_rows(decided, policy=policy, version=version, decided_at=pl.lit(now)))
    update_routes(decided, policy=policy, version=version, today=today, now=now)
    update_frame(sticky_assignments(municipality_id, decided, rows, today=today), str(Case._meta.db_table))
    _set_signal_statuses(status_changes(decided, rows))
    if on_progress is not None:
        on_progress(rows.height, rows.height)
    return _counts(decided, unchanged=frames.cases.height - rows.height)


def sticky_assignments(
    municipality_id: int, decided: pl.DataFrame, before: pl.DataFrame, *, today: dt.date
) -> pl.DataFrame:
    """Assignments to write: cases put in a work queue go to the household's earlier worker or team
    (``cases.sticky``); an automatic assignment of a case that no longer qualifies is taken back."""
    routed = before.join(decided.select("id", "picked_up"), on="id").filter(pl.col("picked_up"))
    placed = sticky_placement(
        municipality_id=municipality_id, cases=routed.select("id", "period", "address_key"), today=today
    ).with_columns(assigned_automatically=pl.col("assigned_to_id").is_not_null())
    taken_back = (
        before.filter(pl.col("assigned_automatically"))
        .join(placed, on="id", how="anti")
        .select(
            "id",
            pl.lit(None, dtype=pl.Int64).alias("assigned_to_id"),
            "team_id",
            pl.lit(False).alias("assigned_automatically"),
        )
    )
    return pl.concat([placed, taken_back], how="diagonal_relaxed").select(
        "id", "assigned_to_id", "team_id", "assigned_automatically"
    )


def status_changes(decided: pl.DataFrame, before: pl.DataFrame) -> pl.DataFrame:
    """Per case whose signals' statuses may change (only where "not picked up" comes or goes): its
    id and its new not-picked-up reason (empty when picked up)."""
    changing = decided.select("id", pl.col("triage_outcome").alias("reason")).join(
        before.select("id", pl.col("triage_outcome").alias("before")), on="id"
    )
    return changing.filter((pl.col("reason") != "") | (pl.col("before") != "")).drop("before")


ROUTE_COLUMNS = ("queue", "priority", "contact_plan", "letter_template", "triage_outcome")
"""The case columns of the route triage chose (JSON columns as text)."""
EXPLANATION_COLUMNS = ("rule", "rule_label", "summary", "reasons", "facts")
"""The decision's columns that say why (JSON columns as text)."""


def _plan(action: Action) -> str:
    return json.dumps([{"kind": step.kind, "letter_kind": step.letter_kind} for step in action.steps])


def _rules_frame(policy: Policy) -> pl.DataFrame:
    """One row per rule (by position, the default last) with what it does."""
    rows = [
        (position, rule.key, rule.label, rule.action, headline(rule.action))
        for position, rule in enumerate(policy.rules)
    ]
    rows.append((DEFAULT_POSITION, DEFAULT_RULE_KEY, DEFAULT_RULE_LABEL, policy.default, ""))
    return pl.DataFrame(
        [
            (
                position,
                key,
                label,
                action.is_picked_up,
                action.due_days if action.is_picked_up else None,
                action.queue,
                action.priority.value if action.is_picked_up else "",
                _plan(action),
                action.letter_template,
                action.not_picked_up,
                # The default has no reasons: its summary is whole already.
                f"{headline(action)}: {NO_RULE_APPLIES}" if position == DEFAULT_POSITION else f"{line}: ",
            )
            for position, key, label, action, line in rows
        ],
        schema={
            "rule_position": pl.Int32,
            "rule": pl.String,
            "rule_label": pl.String,
            "picked_up": pl.Boolean,
            "due_days": pl.Int64,
            "queue": pl.String,
            "priority": pl.String,
            "contact_plan": pl.String,
            "letter_template": pl.String,
            "triage_outcome": pl.String,
            "summary_start": pl.String,
        },
        orient="row",
    )


def decisions_frame(policy: Policy, cases: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """Per case (``id``, ``opened_on``; ``facts`` in the same order, with ``facts`` as JSON): the
    ``rule_position`` of the rule ``policy`` chooses, ``picked_up``, ``due_on``, the ``ROUTE_COLUMNS``
    and the ``EXPLANATION_COLUMNS`` — set-based, the same as ``rules.evaluate`` case by case."""
    decided = decide_frame(policy, facts)
    reasons_json = pl.struct(pl.col("reasons")).struct.json_encode().str.strip_prefix('{"reasons":')
    return (
        pl.concat([cases.select("id", "opened_on"), decided, facts.select("facts")], how="horizontal")
        .join(_rules_frame(policy), on="rule_position", how="left", maintain_order="left")
        .with_columns(
            due_on=pl.col("opened_on") + pl.duration(days=pl.col("due_days")),
            summary=pl.concat_str(pl.col("summary_start"), pl.col("reasons").list.join(", ")),
            reasons=reasons_json.str.strip_suffix("}"),
        )
        .select("id", "rule_position", "picked_up", "due_on", *ROUTE_COLUMNS, *EXPLANATION_COLUMNS)
    )


def policy_columns(policy: Policy, version: PolicyVersion | None) -> list[pl.Expr]:
    """Which policy decided, on the case: the version, or the national default's name when none is
    active."""
    return [
        pl.lit(version.pk if version else None, dtype=pl.Int64).alias("triage_policy_id"),
        pl.lit(version.name if version else policy.name).alias("triage_policy_name"),
    ]


def decision_rows(
    decided: pl.DataFrame, *, policy: Policy, version: PolicyVersion | None, decided_at: pl.Expr
) -> pl.DataFrame:
    """The ``TriageDecision`` rows of ``decisions_frame``'s cases (column names as in the table)."""
    return decided.select(
        pl.col("id").alias("case_id"),
        # The same policy as on the case, under the decision's column names.
        *(
            column.alias(name)
            for column, name in zip(
                policy_columns(policy, version), ("policy_version_id", "policy_name"), strict=True
            )
        ),
        *EXPLANATION_COLUMNS,
        "queue",
        pl.col("triage_outcome").alias("outcome"),
        decided_at.alias("decided_at"),
    )


def insert_decisions(rows: pl.DataFrame) -> None:
    """Insert the decisions (``decision_rows``): ``COPY`` on PostgreSQL, ``executemany`` on SQLite."""
    insert_frame(rows, str(TriageDecision._meta.db_table))


def update_routes(
    decided: pl.DataFrame, *, policy: Policy, version: PolicyVersion | None, today: dt.date, now: dt.datetime
) -> None:
    """Set on each case of ``decisions_frame`` the state, the route and the policy version: the due
    date per case, the rest once per rule that fired (``update_from_lookup``)."""
    picked_up = pl.col("picked_up")
    per_rule = decided.unique("rule_position").select(
        "rule_position",
        pl.when(picked_up)
        .then(pl.lit(CaseState.QUEUED.value))
        .otherwise(pl.lit(CaseState.CLOSED.value))
        .alias("state"),
        pl.col("triage_outcome").alias("outcome"),
        pl.when(picked_up).then(None).otherwise(pl.lit(today)).alias("closed_on"),
        *ROUTE_COLUMNS,
        *policy_columns(policy, version),
        triaged_at=pl.lit(now),
        updated_at=pl.lit(now),
    )
    update_from_lookup(
        decided.select("id", "rule_position", "due_on"),
        str(Case._meta.db_table),
        lookup=per_rule,
        on="rule_position",
    )


def _set_signal_statuses(reasons: pl.DataFrame) -> None:
    """Give the signals of the cases in ``reasons`` (``status_changes``) the case's not-picked-up
    reason, or "not yet picked up" when it is picked up; only signals whose status triage sets (a
    person's own status stays). The cases staged in a temporary table, one ``UPDATE … FROM``."""
    if reasons.height == 0:
        return
    quote = connection.ops.quote_name
    signals, links = quote(str(Signal._meta.db_table)), quote(str(CaseSignal._meta.db_table))
    staging = "staging_signal_statuses"
    new_status = "CASE WHEN s.reason <> '' THEN s.reason ELSE %s END"
    own = sorted(TRIAGE_OWN_STATUSES)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE {quote(staging)} (case_id bigint, reason varchar(40))")
        insert_frame(reasons.select(pl.col("id").alias("case_id"), "reason"), staging)
        cursor.execute(
            f"UPDATE {signals} SET status = {new_status} "  # noqa: S608 — table names from the models
            f"FROM {links} cs JOIN {quote(staging)} s ON s.case_id = cs.case_id "
            f"WHERE {signals}.id = cs.signal_id AND {signals}.status IN ({', '.join('%s' for _ in own)}) "
            f"AND {signals}.status <> {new_status}",
            [SignalStatus.NOT_YET_PICKED_UP.value, *own, SignalStatus.NOT_YET_PICKED_UP.value],
        )
        cursor.execute(f"DROP TABLE {quote(staging)}")


def _counts(decided: pl.DataFrame, *, unchanged: int) -> TriageCounts:
    def count(frame: pl.DataFrame, column: str) -> dict[str, int]:
        return dict(frame.group_by(column).len().sort(column).iter_rows())

    picked_up = decided.filter(pl.col("picked_up"))
    return TriageCounts(
        triaged=decided.height,
        unchanged=unchanged,
        per_rule=count(decided, "rule"),
        per_queue=count(picked_up, "queue"),
        not_picked_up=count(decided.filter(~pl.col("picked_up")), "triage_outcome"),
        case_ids=decided.get_column("id").to_list(),
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
    """The triage fields of a case triage has not decided (for ``QuerySet.update``). Its decisions
    stay: they are the history of what triage decided before."""
    return {
        "queue": "",
        "priority": "",
        "contact_plan": [],
        "letter_template": "",
        "triage_policy": None,
        "triage_policy_name": "",
        "triage_outcome": "",
        "triaged_at": None,
    }
