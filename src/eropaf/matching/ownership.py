"""Which cases the automation may still change: those nobody has touched since matching and triage
decided them.

A case is the automation's while no person assigned it (an automatic, sticky assignment does not
count: ``cases.sticky``), no contact attempt is recorded, and its state
and outcome are exactly what the last automatic decision made them. Matching's decision
(``matching_decision``): closed with that outcome for deceased, not a resident and repeat; queued
for "known to debt services"; for "on to triage" new until triage decided, then what triage made
it — queued, or closed with triage's not-picked-up reason (``triage_outcome``). A case a person
reopened, declined or closed is theirs.
"""

import polars as pl

from eropaf.cases.models import Case
from eropaf.cases.sticky import untouched
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import SignalStatus

CLOSING_DECISIONS = (SignalStatus.DECEASED, SignalStatus.NOT_A_RESIDENT, SignalStatus.NOT_PICKED_UP_REPEAT)


def expected_state_and_outcome(
    decision: str, *, triaged: bool = False, triage_outcome: str = ""
) -> tuple[str, str]:
    """The state and outcome the automation gives a case for matching's decision ("" = on to
    triage) and, for those, what triage decided."""
    if decision in {closing.value for closing in CLOSING_DECISIONS}:
        return CaseState.CLOSED.value, decision
    if decision == SignalStatus.KNOWN_TO_DEBT_SERVICES.value:
        return CaseState.QUEUED.value, ""
    if not triaged:
        return CaseState.NEW.value, ""
    if triage_outcome:
        return CaseState.CLOSED.value, triage_outcome
    return CaseState.QUEUED.value, ""


def owned_expression() -> pl.Expr:
    """The rule over a frame with state, outcome, matching_decision, attempts, assigned_to_id,
    assigned_automatically, triaged (bool) and triage_outcome."""
    decided = pl.col("matching_decision")
    closing = decided.is_in([decision.value for decision in CLOSING_DECISIONS])
    known = decided == SignalStatus.KNOWN_TO_DEBT_SERVICES.value
    triaged = pl.col("triaged")
    not_picked_up = pl.col("triage_outcome") != ""
    expected_state = (
        pl.when(closing)
        .then(pl.lit(CaseState.CLOSED.value))
        .when(known | (triaged & ~not_picked_up))
        .then(pl.lit(CaseState.QUEUED.value))
        .when(triaged)
        .then(pl.lit(CaseState.CLOSED.value))
        .otherwise(pl.lit(CaseState.NEW.value))
    )
    expected_outcome = (
        pl.when(closing)
        .then(decided)
        .when(~known & triaged)
        .then(pl.col("triage_outcome"))
        .otherwise(pl.lit(""))
    )
    return untouched() & (pl.col("state") == expected_state) & (pl.col("outcome") == expected_outcome)


def matching_owns(case: Case) -> bool:
    """The same rule for one case."""
    state, outcome = expected_state_and_outcome(
        case.matching_decision, triaged=case.triaged_at is not None, triage_outcome=case.triage_outcome
    )
    return (
        (case.assigned_to_id is None or case.assigned_automatically)
        and case.state == state
        and case.outcome == outcome
        and not case.contact_attempts.exists()
    )
