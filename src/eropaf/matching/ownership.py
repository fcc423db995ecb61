"""Which cases matching may still change: those nobody has touched since matching decided them.

A case is matching's while nobody is assigned, no contact attempt is recorded, and its state and
outcome are exactly what matching's own last decision made them (``matching_decision``): new for
"on to triage", queued for "known to debt services", closed with that outcome for deceased, not a
resident and repeat. A case a person reopened, declined or closed is theirs.
"""

import polars as pl

from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import SignalStatus

CLOSING_DECISIONS = (SignalStatus.DECEASED, SignalStatus.NOT_A_RESIDENT, SignalStatus.NOT_PICKED_UP_REPEAT)


def expected_state_and_outcome(decision: str) -> tuple[str, str]:
    """The state and outcome matching gives a case for one of its decisions ("" = on to triage)."""
    if decision in {closing.value for closing in CLOSING_DECISIONS}:
        return CaseState.CLOSED.value, decision
    if decision == SignalStatus.KNOWN_TO_DEBT_SERVICES.value:
        return CaseState.QUEUED.value, ""
    return CaseState.NEW.value, ""


def owned_expression() -> pl.Expr:
    """The rule over a frame with state, outcome, matching_decision, attempts and assigned_to_id."""
    untouched = (pl.col("attempts") == 0) & pl.col("assigned_to_id").is_null()
    decided = pl.col("matching_decision")
    closing = decided.is_in([decision.value for decision in CLOSING_DECISIONS])
    expected_state = (
        pl.when(closing)
        .then(pl.lit(CaseState.CLOSED.value))
        .when(decided == SignalStatus.KNOWN_TO_DEBT_SERVICES.value)
        .then(pl.lit(CaseState.QUEUED.value))
        .otherwise(pl.lit(CaseState.NEW.value))
    )
    expected_outcome = pl.when(closing).then(decided).otherwise(pl.lit(""))
    return untouched & (pl.col("state") == expected_state) & (pl.col("outcome") == expected_outcome)


def matching_owns(case: Case) -> bool:
    """The same rule for one case."""
    state, outcome = expected_state_and_outcome(case.matching_decision)
    return (
        case.assigned_to_id is None
        and case.state == state
        and case.outcome == outcome
        and not case.contact_attempts.exists()
    )
