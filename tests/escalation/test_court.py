"""The court timeline's transition table and "never on the street", without the database."""

import pytest

from eropaf.core.errors import InvalidTransition
from eropaf.escalation.court import (
    TRANSITIONS,
    CourtStage,
    CourtStepKind,
    Household,
    HousingArrangement,
    allowed_steps,
    next_stage,
)

S, K = CourtStage, CourtStepKind
PLAIN = Household(has_minors=False, is_vulnerable=False, housing_arrangement="")
MINORS = Household(has_minors=True, is_vulnerable=False, housing_arrangement="")
VULNERABLE = Household(has_minors=False, is_vulnerable=True, housing_arrangement="")

ALLOWED = [
    (S.NONE, K.SUMMONS, S.SUMMONED),
    (S.CANCELLED, K.SUMMONS, S.SUMMONED),
    (S.SUMMONED, K.HEARING, S.HEARING),
    (S.HEARING, K.HEARING, S.HEARING),
    (S.SUMMONED, K.JUDGMENT, S.JUDGED),
    (S.HEARING, K.JUDGMENT, S.JUDGED),
    (S.JUDGED, K.EVICTION_NOTICE, S.NOTICE_SERVED),
    (S.SUSPENDED, K.EVICTION_NOTICE, S.NOTICE_SERVED),
    (S.JUDGED, K.EVICTION_DATE, S.SCHEDULED),
    (S.NOTICE_SERVED, K.EVICTION_DATE, S.SCHEDULED),
    (S.SCHEDULED, K.EVICTION_DATE, S.SCHEDULED),
    (S.SUSPENDED, K.EVICTION_DATE, S.SCHEDULED),
    (S.JUDGED, K.SUSPENDED, S.SUSPENDED),
    (S.NOTICE_SERVED, K.SUSPENDED, S.SUSPENDED),
    (S.SCHEDULED, K.SUSPENDED, S.SUSPENDED),
    *((stage, K.CANCELLED, S.CANCELLED) for stage in
      (S.SUMMONED, S.HEARING, S.JUDGED, S.NOTICE_SERVED, S.SCHEDULED, S.SUSPENDED)),
    (S.SCHEDULED, K.EXECUTED, S.EXECUTED),
]  # fmt: skip


@pytest.mark.parametrize(("stage", "kind", "target"), ALLOWED)
def test_each_allowed_transition(stage: CourtStage, kind: CourtStepKind, target: CourtStage) -> None:
    assert next_stage(stage, kind, household=PLAIN) is target
    assert kind in allowed_steps(stage)


ALLOWED_PAIRS = {(stage, kind) for stage, kind, _target in ALLOWED}
REFUSED = [
    (stage, kind) for stage in CourtStage for kind in CourtStepKind if (stage, kind) not in ALLOWED_PAIRS
]


@pytest.mark.parametrize(("stage", "kind"), REFUSED)
def test_every_other_step_is_refused_with_a_message(stage: CourtStage, kind: CourtStepKind) -> None:
    with pytest.raises(InvalidTransition) as refused:
        next_stage(stage, kind, household=PLAIN)

    assert refused.value.message
    assert kind not in allowed_steps(stage)


def test_the_table_and_the_tests_agree() -> None:
    table = {(stage, kind) for kind, (sources, _target) in TRANSITIONS.items() for stage in sources}

    assert table == ALLOWED_PAIRS


def test_a_judgment_before_any_summons_says_what_comes_first() -> None:
    with pytest.raises(InvalidTransition, match="dagvaarding"):
        next_stage(S.NONE, K.JUDGMENT, household=PLAIN)


def test_nothing_follows_an_executed_eviction() -> None:
    with pytest.raises(InvalidTransition, match="uitgevoerd"):
        next_stage(S.EXECUTED, K.SUMMONS, household=PLAIN)


@pytest.mark.parametrize("household", [MINORS, VULNERABLE], ids=["minors", "vulnerable"])
def test_a_protected_household_is_never_evicted_without_a_place_to_live(household: Household) -> None:
    with pytest.raises(InvalidTransition, match="woon"):
        next_stage(S.SCHEDULED, K.EXECUTED, household=household)


@pytest.mark.parametrize("arrangement", list(HousingArrangement))
def test_with_a_housing_arrangement_the_eviction_may_be_recorded(arrangement: HousingArrangement) -> None:
    household = Household(has_minors=True, is_vulnerable=True, housing_arrangement=arrangement.value)

    assert next_stage(S.SCHEDULED, K.EXECUTED, household=household) is S.EXECUTED
