"""The Signalering+ rules without a database: the proposal at its edges, decisions, owners."""

import datetime as dt

import pytest

from eropaf.core.errors import InvalidTransition
from eropaf.signalering_plus.rules import (
    AgendaKind,
    CandidateReason,
    DecisionKind,
    HouseholdFacts,
    candidate_reason,
    check_decision,
    check_done_on,
    check_owner,
    decisions_for,
    is_overdue,
)

TODAY = dt.date(2025, 3, 12)


def facts(**changes: bool) -> HouseholdFacts:
    values = {
        "has_rent_signal": True,
        "rent_arrear_rising": True,
        "contact_made": False,
        "help_accepted": False,
        "admitted": False,
        "decided": False,
    }
    values.update(changes)
    return HouseholdFacts(**values)


def test_a_rising_rent_arrear_without_contact_is_proposed() -> None:
    assert candidate_reason(facts()) is CandidateReason.NO_CONTACT


def test_contact_without_help_is_proposed_for_no_help() -> None:
    assert candidate_reason(facts(contact_made=True)) is CandidateReason.NO_HELP


def test_contact_and_help_accepted_is_not_proposed() -> None:
    assert candidate_reason(facts(contact_made=True, help_accepted=True)) is None


def test_an_arrear_that_does_not_rise_is_not_proposed() -> None:
    assert candidate_reason(facts(rent_arrear_rising=False)) is None


def test_a_household_without_a_rent_signal_is_not_proposed() -> None:
    assert candidate_reason(facts(has_rent_signal=False)) is None


def test_a_household_in_signalering_plus_already_is_not_proposed() -> None:
    assert candidate_reason(facts(admitted=True)) is None


def test_a_case_decided_on_before_is_not_proposed_again() -> None:
    assert candidate_reason(facts(decided=True)) is None


def test_the_reasons_read_in_dutch() -> None:
    assert CandidateReason.NO_CONTACT.label == "Oplopende huurachterstand, nog geen contact"


def decide(decision: DecisionKind, **changes: object) -> None:
    values: dict[str, object] = {
        "on_agenda_as": AgendaKind.CANDIDATE,
        "already_decided": False,
        "case_is_open": True,
        "note": "",
        "consultation_on": TODAY,
        "today": TODAY,
    }
    values.update(changes)
    check_decision(decision, **values)  # type: ignore[arg-type]


def test_a_candidate_can_be_admitted() -> None:
    decide(DecisionKind.ADMIT)


def test_an_admitted_household_cannot_be_admitted_again() -> None:
    with pytest.raises(InvalidTransition, match="past niet"):
        decide(DecisionKind.ADMIT, on_agenda_as=AgendaKind.ADMITTED)


def test_done_fits_only_an_admitted_household() -> None:
    decide(DecisionKind.DONE_HELP, on_agenda_as=AgendaKind.ADMITTED)
    with pytest.raises(InvalidTransition):
        decide(DecisionKind.DONE_HELP, on_agenda_as=AgendaKind.CANDIDATE)


@pytest.mark.parametrize(
    "decision", [DecisionKind.STOP, DecisionKind.ESCALATE_CARE_DESK, DecisionKind.ESCALATE_COORDINATION]
)
def test_a_stop_or_an_escalation_needs_a_note(decision: DecisionKind) -> None:
    with pytest.raises(InvalidTransition, match="reden"):
        decide(decision, note="  ")
    decide(decision, note="Bekend bij het Meldpunt")


def test_a_decision_is_recorded_once() -> None:
    with pytest.raises(InvalidTransition, match="al een besluit vastgelegd"):
        decide(DecisionKind.CONTINUE, already_decided=True)


def test_no_decisions_before_the_consultation() -> None:
    with pytest.raises(InvalidTransition):
        decide(DecisionKind.CONTINUE, consultation_on=TODAY + dt.timedelta(days=1))


def test_a_closed_case_cannot_be_admitted() -> None:
    with pytest.raises(InvalidTransition, match="afgesloten"):
        decide(DecisionKind.ADMIT, case_is_open=False)


def test_the_decisions_offered_per_kind() -> None:
    assert DecisionKind.ADMIT in decisions_for(AgendaKind.CANDIDATE)
    assert DecisionKind.ADMIT not in decisions_for(AgendaKind.ADMITTED)
    assert DecisionKind.DONE_CONTACT in decisions_for(AgendaKind.ADMITTED)


def test_an_action_has_exactly_one_owner() -> None:
    check_owner(owner_user=True, owner_party="")
    check_owner(owner_user=False, owner_party="Woonconsulent Baronie")
    with pytest.raises(InvalidTransition):
        check_owner(owner_user=True, owner_party="Woonconsulent Baronie")
    with pytest.raises(InvalidTransition):
        check_owner(owner_user=False, owner_party=" ")


def test_overdue_means_past_due_and_not_done() -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    assert is_overdue(due_on=yesterday, done_on=None, today=TODAY)
    assert not is_overdue(due_on=TODAY, done_on=None, today=TODAY)
    assert not is_overdue(due_on=yesterday, done_on=TODAY, today=TODAY)


def test_an_action_is_not_done_in_the_future_or_before_it_was_agreed() -> None:
    check_done_on(done_on=TODAY, today=TODAY, agreed_on=TODAY)
    with pytest.raises(InvalidTransition):
        check_done_on(done_on=TODAY + dt.timedelta(days=1), today=TODAY, agreed_on=TODAY)
    with pytest.raises(InvalidTransition):
        check_done_on(done_on=TODAY - dt.timedelta(days=1), today=TODAY, agreed_on=TODAY)
