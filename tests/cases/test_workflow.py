"""The case state machine (pure logic, no database).

The expected table is written out here on purpose: the tests compare the product's table with
what the workflow documents, so a changed transition fails instead of being mirrored.
"""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from eropaf.cases.workflow import (
    OPEN_STATES,
    TRANSITIONS,
    CaseAction,
    CaseState,
    allowed_actions,
    next_state,
)
from eropaf.core.errors import InvalidTransition
from eropaf.core.vocabularies import NOT_PICKED_UP_OUTCOMES, Outcome

# (source, action) → target; the second value says whether an outcome is required.
EXPECTED: dict[tuple[CaseState, CaseAction], tuple[CaseState, bool]] = {
    (CaseState.NEW, CaseAction.TRIAGE): (CaseState.QUEUED, False),
    (CaseState.NEW, CaseAction.DECLINE): (CaseState.CLOSED, True),
    (CaseState.QUEUED, CaseAction.DECLINE): (CaseState.CLOSED, True),
    (CaseState.QUEUED, CaseAction.START): (CaseState.IN_PROGRESS, False),
    (CaseState.QUEUED, CaseAction.CLOSE): (CaseState.CLOSED, True),
    (CaseState.IN_PROGRESS, CaseAction.HAND_OVER): (CaseState.HANDED_OVER, False),
    (CaseState.IN_PROGRESS, CaseAction.CLOSE): (CaseState.CLOSED, True),
    (CaseState.HANDED_OVER, CaseAction.CLOSE): (CaseState.CLOSED, True),
    (CaseState.CLOSED, CaseAction.REOPEN): (CaseState.IN_PROGRESS, False),
}
NOT_PICKED_UP = sorted(NOT_PICKED_UP_OUTCOMES)
PICKED_UP = sorted(set(Outcome) - NOT_PICKED_UP_OUTCOMES)

states = st.sampled_from(list(CaseState))
actions = st.sampled_from(list(CaseAction))
outcomes = st.one_of(st.none(), st.sampled_from(list(Outcome)))


def _fitting_outcome(action: CaseAction) -> Outcome:
    return Outcome.NOT_PICKED_UP_UNJUSTIFIED if action is CaseAction.DECLINE else Outcome.FOLLOW_UP_HELP


def test_the_transition_table_is_the_documented_one() -> None:
    table = {(t.source, t.action): (t.target, t.needs_outcome) for t in TRANSITIONS}

    assert table == EXPECTED
    assert len(TRANSITIONS) == len(EXPECTED), "a (state, action) pair is listed twice"


@pytest.mark.parametrize(
    ("state", "action", "target", "needs_outcome"),
    [(state, action, target, needs) for (state, action), (target, needs) in EXPECTED.items()],
    ids=[f"{state}-{action}" for state, action in EXPECTED],
)
def test_every_transition_of_the_table_works(
    state: CaseState, action: CaseAction, target: CaseState, needs_outcome: bool
) -> None:
    outcome = _fitting_outcome(action) if needs_outcome else None

    assert next_state(state, action, outcome=outcome) is target


@given(state=states, action=actions, outcome=outcomes)
def test_every_other_state_action_pair_is_refused(
    state: CaseState, action: CaseAction, outcome: Outcome | None
) -> None:
    assume((state, action) not in EXPECTED)
    with pytest.raises(InvalidTransition) as raised:
        next_state(state, action, outcome=outcome)
    # The Dutch message names the state the case is in, so the user knows why.
    assert str(state.label) in raised.value.message
    assert action.value in raised.value.message


@pytest.mark.parametrize(
    ("state", "action"),
    [pair for pair, (_, needs) in EXPECTED.items() if needs],
    ids=[f"{state}-{action}" for (state, action), (_, needs) in EXPECTED.items() if needs],
)
def test_closing_without_an_outcome_is_refused(state: CaseState, action: CaseAction) -> None:
    with pytest.raises(InvalidTransition, match="Kies een eindresultaat"):
        next_state(state, action)


@pytest.mark.parametrize(
    ("state", "action"),
    [pair for pair, (_, needs) in EXPECTED.items() if not needs],
    ids=[f"{state}-{action}" for (state, action), (_, needs) in EXPECTED.items() if not needs],
)
def test_transitions_without_a_result_need_no_outcome(state: CaseState, action: CaseAction) -> None:
    assert next_state(state, action) is EXPECTED[state, action][0]


@given(
    state=st.sampled_from([CaseState.NEW, CaseState.QUEUED]),
    outcome=st.sampled_from(NOT_PICKED_UP),
)
def test_decline_accepts_every_not_picked_up_outcome(state: CaseState, outcome: Outcome) -> None:
    assert next_state(state, CaseAction.DECLINE, outcome=outcome) is CaseState.CLOSED


@given(
    state=st.sampled_from([CaseState.NEW, CaseState.QUEUED]),
    outcome=st.sampled_from(PICKED_UP),
)
def test_decline_refuses_an_outcome_that_is_no_reason_to_decline(state: CaseState, outcome: Outcome) -> None:
    with pytest.raises(InvalidTransition, match="geen reden om een signaal niet op te pakken"):
        next_state(state, CaseAction.DECLINE, outcome=outcome)


@given(
    state=st.sampled_from([CaseState.QUEUED, CaseState.IN_PROGRESS, CaseState.HANDED_OVER]),
    outcome=st.sampled_from(list(Outcome)),
)
def test_close_accepts_every_outcome(state: CaseState, outcome: Outcome) -> None:
    assert next_state(state, CaseAction.CLOSE, outcome=outcome) is CaseState.CLOSED


@pytest.mark.parametrize("state", list(CaseState))
def test_allowed_actions_are_exactly_the_table_rows_of_that_state(state: CaseState) -> None:
    expected = {action for (source, action) in EXPECTED if source is state}

    assert set(allowed_actions(state)) == expected


@given(state=states, action=actions)
def test_allowed_actions_agree_with_next_state(state: CaseState, action: CaseAction) -> None:
    if action in allowed_actions(state):
        assert next_state(state, action, outcome=_fitting_outcome(action)) in set(CaseState)
    else:
        with pytest.raises(InvalidTransition):
            next_state(state, action, outcome=_fitting_outcome(action))


def test_only_closed_is_not_open() -> None:
    assert set(CaseState) - OPEN_STATES == {CaseState.CLOSED}


def test_a_closed_case_can_only_be_reopened() -> None:
    assert allowed_actions(CaseState.CLOSED) == [CaseAction.REOPEN]
