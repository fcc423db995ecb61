"""Triage and simulation, measured: the product's functions as a whole, then piece by piece.

The figure of triage is ``apply_triage`` with ``only_changed=False`` in its own transaction, the
commit included. The breakdown is a second run on the same cases (reset in between) that calls the
pieces ``apply_triage`` is made of one after the other, in its order: reading the cases and their
facts (``read_case_frames``), choosing the owned cases and writing their facts as JSON, evaluating the
policy and explaining the decisions set-based (``decisions_frame``), inserting the decisions
(``insert_decisions``), writing the cases' routes and sticky assignments (``update_routes``), setting
the signals' statuses, the commit. It
imports ``triaging``'s private helpers for that, so a change there shows here first.

The figure of the simulation is ``simulate_policy`` (read-only), the median of a few runs after an
untimed one; its breakdown times reading the facts and each policy's ``simulate``.
"""

import datetime as dt
import statistics
import time
from dataclasses import asdict, dataclass, field
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from eropaf.cases.models import Case
from eropaf.core.bulk import update_frame
from eropaf.demo.matching_bench.measure import PeakMemory
from eropaf.organisations.models import Municipality
from eropaf.triage.case_facts import cases_of_periods, read_case_frames
from eropaf.triage.policy import Policy
from eropaf.triage.selectors import active_policy
from eropaf.triage.simulating import history_facts, simulate_policy
from eropaf.triage.simulation import WorkloadNorms, simulate
from eropaf.triage.triaging import (
    _chosen,
    _set_signal_statuses,
    apply_triage,
    decision_rows,
    decisions_frame,
    insert_decisions,
    status_changes,
    sticky_assignments,
    update_routes,
)

SIMULATION_RUNS = 3


@dataclass
class TriageRun:
    """One policy's triage of the month: the figure and the breakdown of a second run."""

    policy: str
    seconds: float
    cases: int
    triaged: int
    unchanged: int
    per_queue: dict[str, int]
    not_picked_up: dict[str, int]
    per_rule: dict[str, int]
    breakdown: dict[str, float] = field(default_factory=dict)
    breakdown_seconds: float = 0.0
    memory_before_bytes: int | None = None
    peak_memory_bytes: int | None = None
    peak_of_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SimulationRun:
    """``simulate_policy`` of a draft against the active policy over the months of one municipality."""

    inhabitants: int
    months: int
    signals: int
    cases: int
    draft: str
    active: str
    seconds: float
    """The median of ``runs``."""
    runs: list[float]
    breakdown: dict[str, float]
    picked_up: dict[str, int]
    """Per policy name: cases picked up over the months."""
    fte: dict[str, float]
    memory_before_bytes: int | None = None
    peak_memory_bytes: int | None = None
    peak_of_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _lap(stages: dict[str, float], name: str, since: float) -> float:
    now = time.perf_counter()
    stages[name] = round(now - since, 3)
    return now


def measure_triage(
    *, municipality_id: int, period: dt.date, policy: Policy, today: dt.date, cases: int
) -> TriageRun:
    """``apply_triage`` of the month's cases with ``policy``, in one transaction with its commit."""
    queryset = cases_of_periods(municipality_id=municipality_id, periods=[period])
    with PeakMemory() as memory:
        started = time.perf_counter()
        with transaction.atomic():
            counts = apply_triage(
                municipality_id=municipality_id,
                cases=queryset,
                policy=policy,
                version=None,
                today=today,
                only_changed=False,
            )
        seconds = time.perf_counter() - started
    return TriageRun(
        policy=policy.name,
        seconds=round(seconds, 3),
        cases=cases,
        triaged=counts.triaged,
        unchanged=counts.unchanged,
        per_queue=dict(sorted(counts.per_queue.items())),
        not_picked_up=dict(sorted(counts.not_picked_up.items())),
        per_rule=counts.per_rule,
        memory_before_bytes=memory.before,
        peak_memory_bytes=memory.peak,
        peak_of_run=memory.of_block,
    )


def triage_breakdown(
    *, municipality_id: int, period: dt.date, policy: Policy, today: dt.date
) -> dict[str, float]:
    """The pieces of ``apply_triage`` one after the other, each timed; written and committed."""
    queryset = cases_of_periods(municipality_id=municipality_id, periods=[period])
    stages: dict[str, float] = {}
    mark = time.perf_counter()
    with transaction.atomic():
        frames = read_case_frames(municipality_id=municipality_id, cases=queryset)
        mark = _lap(stages, "read facts", mark)
        rows, facts = _chosen(frames, only_changed=False, open_only=False)
        mark = _lap(stages, "choose owned, facts as JSON", mark)
        decided = decisions_frame(policy, rows.select("id", "opened_on"), facts)
        mark = _lap(stages, "evaluate and explain", mark)
        now = timezone.now()
        insert_decisions(decision_rows(decided, policy=policy, version=None, decided_at=pl.lit(now)))
        mark = _lap(stages, "write decisions", mark)
        update_routes(decided, policy=policy, version=None, today=today, now=now)
        update_frame(
            sticky_assignments(municipality_id, decided, rows, today=today), str(Case._meta.db_table)
        )
        mark = _lap(stages, "write cases", mark)
        _set_signal_statuses(status_changes(decided, rows))
        mark = _lap(stages, "write signal statuses", mark)
    _lap(stages, "commit", mark)
    return stages


def measure_simulation(
    *, municipality: Municipality, draft: Policy, periods: list[dt.date], signals: int, cases: int
) -> SimulationRun:
    """``simulate_policy`` as the policy page runs it; the median of ``SIMULATION_RUNS`` timed runs."""
    norms = WorkloadNorms.default()
    simulate_policy(municipality=municipality, policy=draft, periods=periods, norms=norms)  # warm
    runs: list[float] = []
    with PeakMemory() as memory:
        for _ in range(SIMULATION_RUNS):
            started = time.perf_counter()
            simulation = simulate_policy(
                municipality=municipality, policy=draft, periods=periods, norms=norms
            )
            runs.append(round(time.perf_counter() - started, 3))
    comparison = simulation.comparison
    return SimulationRun(
        inhabitants=municipality.inhabitants,
        months=len(periods),
        signals=signals,
        cases=cases,
        draft=comparison.draft.policy_name,
        active=comparison.active.policy_name,
        seconds=statistics.median(runs),
        runs=runs,
        breakdown=simulation_breakdown(municipality=municipality, draft=draft, periods=periods, norms=norms),
        picked_up={
            outcome.policy_name: outcome.picked_up for outcome in (comparison.active, comparison.draft)
        },
        fte={outcome.policy_name: round(outcome.fte, 2) for outcome in (comparison.active, comparison.draft)},
        memory_before_bytes=memory.before,
        peak_memory_bytes=memory.peak,
        peak_of_run=memory.of_block,
    )


def simulation_breakdown(
    *, municipality: Municipality, draft: Policy, periods: list[dt.date], norms: WorkloadNorms
) -> dict[str, float]:
    """Reading the facts, then evaluating and counting with each policy (``simulate``)."""
    stages: dict[str, float] = {}
    mark = time.perf_counter()
    _, active = active_policy(municipality=municipality)
    cases = history_facts(municipality=municipality, periods=periods)
    mark = _lap(stages, "read facts", mark)
    simulate(cases, active, norms, periods=periods)
    mark = _lap(stages, f"evaluate and count, {active.name}", mark)
    simulate(cases, draft, norms, periods=periods)
    _lap(stages, f"evaluate and count, {draft.name}", mark)
    return stages
