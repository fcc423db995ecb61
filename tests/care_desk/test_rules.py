"""The proposal rules, the reasons per referrer and the referral's states, without a database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.care_desk import rules
from eropaf.care_desk.rules import (
    ProcedureFacts,
    ReferralAction,
    ReferralFacts,
    ReferralOutcome,
    ReferralReason,
    ReferralStatus,
    ReferrerKind,
    RentCaseFacts,
)
from eropaf.cases.workflow import CaseState
from eropaf.core.errors import InvalidTransition
from eropaf.escalation.court import CourtStage

TODAY = dt.date(2025, 3, 20)


def procedure(stage: CourtStage = CourtStage.SUMMONED, **changes: bool) -> ProcedureFacts:
    values = {"procedure_has_referral": False, "dismissed": False, "household_has_open_referral": False}
    values.update(changes)
    return ProcedureFacts(stage=stage, **values)


def rent_case(days_ago: int = 15, **changes: object) -> RentCaseFacts:
    values: dict[str, object] = {
        "opened_on": TODAY - dt.timedelta(days=days_ago),
        "state": CaseState.QUEUED,
        "has_rent_signal": True,
        "has_contact_attempt": False,
        "case_has_referral": False,
        "dismissed": False,
        "household_has_open_referral": False,
    }
    values.update(changes)
    return RentCaseFacts(**values)  # type: ignore[arg-type]


# --- (a) a summons was reported ---------------------------------------------------------------


@pytest.mark.parametrize(
    "stage",
    [
        CourtStage.SUMMONED,
        CourtStage.HEARING,
        CourtStage.JUDGED,
        CourtStage.NOTICE_SERVED,
        CourtStage.SCHEDULED,
        CourtStage.SUSPENDED,
    ],
)
def test_a_summons_or_any_later_stage_is_proposed(stage: CourtStage) -> None:
    assert rules.summons_proposal_due(procedure(stage))


@pytest.mark.parametrize("stage", [CourtStage.NONE, CourtStage.CANCELLED, CourtStage.EXECUTED])
def test_no_summons_a_cancelled_or_an_executed_procedure_is_not_proposed(stage: CourtStage) -> None:
    assert not rules.summons_proposal_due(procedure(stage))


def test_a_procedure_with_a_referral_is_not_proposed_again() -> None:
    assert not rules.summons_proposal_due(procedure(procedure_has_referral=True))


def test_a_declined_summons_proposal_is_not_proposed_again() -> None:
    assert not rules.summons_proposal_due(procedure(dismissed=True))


def test_nothing_is_proposed_while_the_meldpunt_has_the_household_open() -> None:
    assert not rules.summons_proposal_due(procedure(household_has_open_referral=True))
    assert not rules.rent_proposal_due(
        rent_case(household_has_open_referral=True), today=TODAY, days_untouched=14
    )


# --- (b) a rent signal not taken into handling in time ---------------------------------------


def test_day_14_is_still_in_time() -> None:
    assert not rules.rent_proposal_due(rent_case(days_ago=14), today=TODAY, days_untouched=14)


def test_day_15_is_proposed() -> None:
    assert rules.rent_proposal_due(rent_case(days_ago=15), today=TODAY, days_untouched=14)


def test_the_number_of_days_is_the_municipalitys() -> None:
    assert not rules.rent_proposal_due(rent_case(days_ago=7), today=TODAY, days_untouched=7)
    assert rules.rent_proposal_due(rent_case(days_ago=8), today=TODAY, days_untouched=7)
    assert not rules.rent_proposal_due(rent_case(days_ago=15), today=TODAY, days_untouched=21)


@given(days=st.integers(min_value=1, max_value=90), age=st.integers(min_value=0, max_value=200))
def test_proposed_exactly_when_older_than_the_days(days: int, age: int) -> None:
    assert rules.rent_proposal_due(rent_case(days_ago=age), today=TODAY, days_untouched=days) is (age > days)


@pytest.mark.parametrize(
    "changes",
    [
        {"state": CaseState.IN_PROGRESS},
        {"state": CaseState.HANDED_OVER},
        {"state": CaseState.CLOSED},
        {"has_contact_attempt": True},
        {"has_rent_signal": False},
        {"case_has_referral": True},
        {"dismissed": True},
    ],
    ids=["in handling", "handed over", "closed", "contact attempt", "no rent signal", "referred", "declined"],
)
def test_a_rent_case_is_not_proposed_when(changes: dict[str, object]) -> None:
    assert not rules.rent_proposal_due(rent_case(days_ago=30, **changes), today=TODAY, days_untouched=14)


def test_a_new_case_awaiting_triage_counts_as_not_in_handling() -> None:
    assert rules.rent_proposal_due(rent_case(state=CaseState.NEW), today=TODAY, days_untouched=14)


@pytest.mark.parametrize("days", [0, 91])
def test_the_number_of_days_is_between_1_and_90(days: int) -> None:
    with pytest.raises(InvalidTransition):
        rules.check_days_untouched(days)


# --- who may refer for which reason ----------------------------------------------------------


def referral(**changes: object) -> ReferralFacts:
    values: dict[str, object] = {
        "referrer": ReferrerKind.CASE_WORKER,
        "reason": ReferralReason.SUMMONS,
        "stage": CourtStage.SUMMONED,
        "rent_case_not_in_handling": False,
        "household_has_open_referral": False,
        "resident_informed": True,
    }
    values.update(changes)
    return ReferralFacts(**values)  # type: ignore[arg-type]


def test_a_case_worker_refers_after_a_summons() -> None:
    rules.check_referral(referral())


def test_the_resident_must_have_been_informed() -> None:
    with pytest.raises(InvalidTransition, match="melding"):
        rules.check_referral(referral(resident_informed=False))


@pytest.mark.parametrize("referrer", [ReferrerKind.NEIGHBOURHOOD_TEAM, ReferrerKind.DEBT_SERVICES])
def test_other_professionals_refer_out_of_concern_only(referrer: ReferrerKind) -> None:
    rules.check_referral(referral(referrer=referrer, reason=ReferralReason.CONCERN))
    with pytest.raises(InvalidTransition):
        rules.check_referral(referral(referrer=referrer, reason=ReferralReason.SUMMONS))


def test_a_summons_reason_needs_a_summons_on_record() -> None:
    with pytest.raises(InvalidTransition, match="dagvaarding"):
        rules.check_referral(referral(stage=CourtStage.NONE))
    with pytest.raises(InvalidTransition):
        rules.check_referral(referral(stage=CourtStage.CANCELLED))


def test_a_rent_reason_needs_a_rent_case_waiting() -> None:
    with pytest.raises(InvalidTransition):
        rules.check_referral(referral(reason=ReferralReason.RENT_NOT_HANDLED))
    rules.check_referral(
        referral(
            reason=ReferralReason.RENT_NOT_HANDLED, rent_case_not_in_handling=True, stage=CourtStage.NONE
        )
    )


def test_one_open_referral_per_household() -> None:
    with pytest.raises(InvalidTransition, match="openstaande"):
        rules.check_referral(referral(household_has_open_referral=True))


# --- the referral's states -------------------------------------------------------------------


def test_sent_then_taken_up_then_closed() -> None:
    taken = rules.next_status(ReferralStatus.SENT, ReferralAction.TAKE_UP)
    assert taken is ReferralStatus.TAKEN_UP
    assert rules.next_status(taken, ReferralAction.CLOSE) is ReferralStatus.CLOSED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (ReferralStatus.SENT, ReferralAction.CLOSE),
        (ReferralStatus.TAKEN_UP, ReferralAction.TAKE_UP),
        (ReferralStatus.CLOSED, ReferralAction.CLOSE),
        (ReferralStatus.CLOSED, ReferralAction.TAKE_UP),
    ],
)
def test_other_moves_are_refused(status: ReferralStatus, action: ReferralAction) -> None:
    with pytest.raises(InvalidTransition):
        rules.next_status(status, action)


def test_the_outcome_date_lies_between_the_referral_and_today() -> None:
    rules.check_outcome_date(TODAY, referred_on=TODAY, today=TODAY)
    with pytest.raises(InvalidTransition):
        rules.check_outcome_date(TODAY + dt.timedelta(days=1), referred_on=TODAY, today=TODAY)
    with pytest.raises(InvalidTransition):
        rules.check_outcome_date(TODAY - dt.timedelta(days=1), referred_on=TODAY, today=TODAY)


def test_a_landlord_learns_only_whether_help_was_accepted() -> None:
    labels = {rules.outcome_for_referrer(outcome, landlord=True) for outcome in ReferralOutcome}

    assert len(labels) == 2
    assert rules.outcome_for_referrer(ReferralOutcome.NOT_REACHED, landlord=False) == str(
        ReferralOutcome.NOT_REACHED.label
    )
