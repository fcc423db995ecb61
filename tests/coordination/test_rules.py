"""The Regieteam's rules, without a database: the case form, the agenda and both decision paths."""

import datetime as dt

import pytest
from django.utils import translation

from eropaf.coordination import rules
from eropaf.coordination.rules import (
    AgendaReason,
    ConditionStatus,
    FormState,
    FormStatus,
    HouseholdFacts,
    Scenario,
)
from eropaf.core.errors import InvalidTransition
from eropaf.escalation.court import HousingArrangement
from tests.coordination.conftest import case_form_draft, evict_draft, prevent_draft

TODAY = dt.date(2025, 3, 10)
NO_ONE_AT_RISK = HouseholdFacts(has_minors=False, is_vulnerable=False)
MINORS = HouseholdFacts(has_minors=True, is_vulnerable=False)
VULNERABLE = HouseholdFacts(has_minors=False, is_vulnerable=True)


@pytest.fixture(autouse=True)
def _dutch() -> object:
    with translation.override("nl"):
        yield


def decide(draft: rules.DecisionDraft, household: HouseholdFacts = NO_ONE_AT_RISK, **context: object) -> None:
    values: dict[str, object] = {"today": TODAY, "meeting_on": TODAY, "already_decided": False}
    values.update(context)
    rules.check_decision(draft, household=household, **values)  # type: ignore[arg-type]


def term(days: int) -> dt.date:
    return TODAY + dt.timedelta(days=days)


# --- the case form ---------------------------------------------------------------------------


def test_a_complete_case_form_may_be_filed() -> None:
    draft = case_form_draft(expected_court_on=term(20))
    assert rules.check_case_form(draft, today=TODAY, household_has_open_form=False) == term(20)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {
                "has_minors": False,
                "is_multi_problem": False,
                "is_vulnerable": False,
                "has_housing_nuisance": False,
            },
            "Kies minstens één soort huishouden",
        ),
        ({"tenant_informed": False}, "Informeer de huurder voordat u het casusformulier indient."),
        ({"tried_before": "  "}, "Vermeld wat er eerder is geprobeerd"),
        ({"arrear_cents": -1}, "De huurachterstand kan niet negatief zijn."),
        ({"expected_court_on": None}, "Geef de verwachte zittingsdatum."),
        ({"expected_court_on": TODAY - dt.timedelta(days=1)}, "kan niet in het verleden liggen"),
    ],
)
def test_an_incomplete_case_form_is_refused(changes: dict[str, object], message: str) -> None:
    draft = case_form_draft(**{"expected_court_on": term(20), **changes})
    with pytest.raises(InvalidTransition, match=message):
        rules.check_case_form(draft, today=TODAY, household_has_open_form=False)


@pytest.mark.parametrize("kind", ["has_minors", "is_multi_problem", "is_vulnerable", "has_housing_nuisance"])
def test_any_one_household_type_is_enough(kind: str) -> None:
    flags = dict.fromkeys(("has_minors", "is_multi_problem", "is_vulnerable", "has_housing_nuisance"), False)
    draft = case_form_draft(expected_court_on=term(5), **{**flags, kind: True})
    assert rules.case_form_problems(draft, today=TODAY) == []


def test_a_household_already_with_the_regieteam_gets_no_second_form() -> None:
    with pytest.raises(InvalidTransition, match="ligt al bij het Regieteam"):
        rules.check_case_form(
            case_form_draft(expected_court_on=term(5)), today=TODAY, household_has_open_form=True
        )


# --- the agenda ------------------------------------------------------------------------------


def test_a_filed_form_goes_on_the_agenda_for_its_first_discussion() -> None:
    form = FormState(status=FormStatus.FILED, filed_on=TODAY)
    rules.check_agenda(form, meeting_on=term(7), reason=AgendaReason.FIRST)
    with pytest.raises(InvalidTransition, match="eerste bespreking"):
        rules.check_agenda(form, meeting_on=term(7), reason=AgendaReason.OTHER)
    with pytest.raises(InvalidTransition, match="vóór de dag"):
        rules.check_agenda(form, meeting_on=term(-1), reason=AgendaReason.FIRST)


def test_a_form_is_on_one_agenda_at_a_time() -> None:
    form = FormState(status=FormStatus.ON_AGENDA, filed_on=TODAY, on_agenda_of=term(7))
    with pytest.raises(InvalidTransition, match="17-03-2025"):
        rules.check_agenda(form, meeting_on=term(14), reason=AgendaReason.FIRST)


def test_a_decided_case_comes_back_only_for_a_follow_up_at_a_later_meeting() -> None:
    decided = FormState(
        status=FormStatus.DECIDED,
        filed_on=TODAY,
        last_decided_at_meeting_of=term(7),
        last_scenario=Scenario.PREVENT,
    )
    with pytest.raises(InvalidTransition, match="alleen terug voor een vervolg"):
        rules.check_agenda(decided, meeting_on=term(30), reason=AgendaReason.FIRST)
    with pytest.raises(InvalidTransition, match="later overleg"):
        rules.check_agenda(decided, meeting_on=term(7), reason=AgendaReason.CONDITIONS_BROKEN)
    rules.check_agenda(decided, meeting_on=term(30), reason=AgendaReason.CONDITIONS_BROKEN)


def test_only_scenario_one_has_conditions_to_break() -> None:
    decided = FormState(
        status=FormStatus.DECIDED,
        filed_on=TODAY,
        last_decided_at_meeting_of=term(7),
        last_scenario=Scenario.EVICT,
    )
    with pytest.raises(InvalidTransition, match="scenario 1"):
        rules.check_agenda(decided, meeting_on=term(30), reason=AgendaReason.CONDITIONS_BROKEN)
    rules.check_agenda(decided, meeting_on=term(30), reason=AgendaReason.OTHER)


# --- scenario 1: plan to prevent the eviction ------------------------------------------------


def test_a_complete_plan_to_prevent_the_eviction_is_accepted() -> None:
    decided = rules.check_decision(
        prevent_draft(term_ends_on=term(90), housing_arrangement="crisis_place"),
        household=NO_ONE_AT_RISK,
        today=TODAY,
        meeting_on=TODAY,
        already_decided=False,
    )
    assert decided.term_ends_on == term(90)
    assert decided.housing_arrangement == ""  # scenario 2's fields are not kept


def test_scenario_one_needs_a_case_manager() -> None:
    with pytest.raises(InvalidTransition, match=r"Noem de casemanager\."):
        decide(prevent_draft(term_ends_on=term(90), case_manager=" "))


@pytest.mark.parametrize("days", [None, 0, -3])
def test_scenario_one_needs_a_term_in_the_future(days: int | None) -> None:
    draft = prevent_draft(term_ends_on=None if days is None else term(days))
    with pytest.raises(InvalidTransition, match="afgesproken termijn die in de toekomst eindigt"):
        decide(draft)


@pytest.mark.parametrize(
    ("condition", "label"),
    [
        ("rent_paid", "de lopende huur wordt betaald"),
        ("cooperation", "de huurder werkt mee"),
        ("insight", "volledig inzicht in inkomsten en uitgaven"),
        ("payment_proposal", "een redelijk betalingsvoorstel"),
    ],
)
def test_scenario_one_needs_every_condition_addressed(condition: str, label: str) -> None:
    conditions: dict[str, str] = dict.fromkeys(
        ("rent_paid", "cooperation", "insight", "payment_proposal"), ConditionStatus.AGREED
    )
    conditions[condition] = ""
    with pytest.raises(InvalidTransition, match=f"Bespreek elke voorwaarde .*nog open: {label}\\."):
        decide(prevent_draft(term_ends_on=term(90), conditions=conditions))


@pytest.mark.parametrize("status", list(ConditionStatus))
def test_a_condition_is_addressed_when_agreed_met_or_not_met(status: ConditionStatus) -> None:
    conditions = dict.fromkeys(("rent_paid", "cooperation", "insight", "payment_proposal"), status)
    decide(prevent_draft(term_ends_on=term(90), conditions=conditions))


def test_scenario_one_says_what_became_of_the_administration_advice() -> None:
    with pytest.raises(InvalidTransition, match="bewindvoering adviseerde"):
        decide(prevent_draft(term_ends_on=term(90), administration_advice=""))


# --- scenario 2: plan for the eviction -------------------------------------------------------


def test_a_plan_for_the_eviction_of_a_household_not_at_risk_needs_no_housing() -> None:
    decided = rules.check_decision(
        evict_draft(term_ends_on=term(90), eviction_suspended=True),
        household=NO_ONE_AT_RISK,
        today=TODAY,
        meeting_on=TODAY,
        already_decided=False,
    )
    assert decided.term_ends_on is None
    assert not decided.eviction_suspended


@pytest.mark.parametrize("household", [MINORS, VULNERABLE], ids=["minors", "vulnerable"])
def test_a_household_at_risk_is_never_put_on_the_street(household: HouseholdFacts) -> None:
    with pytest.raises(InvalidTransition, match="wordt nooit op straat gezet"):
        decide(evict_draft(youth_protection_involved=True), household)
    decide(
        evict_draft(housing_arrangement=HousingArrangement.CRISIS_PLACE, youth_protection_involved=True),
        household,
    )


def test_minors_need_youth_protection_involved() -> None:
    draft = evict_draft(housing_arrangement=HousingArrangement.OWN_NETWORK)
    with pytest.raises(InvalidTransition, match="de jeugdbescherming moet betrokken zijn"):
        decide(draft, MINORS)
    decide(draft, VULNERABLE)  # vulnerable without children: no youth protection needed


def test_scenario_two_needs_a_case_manager() -> None:
    with pytest.raises(InvalidTransition, match=r"Noem de casemanager\."):
        decide(evict_draft(case_manager=""))


# --- both ------------------------------------------------------------------------------------


def test_a_decision_is_final() -> None:
    with pytest.raises(InvalidTransition, match="een besluit is definitief"):
        decide(prevent_draft(term_ends_on=term(90)), already_decided=True)


def test_a_decision_is_not_recorded_before_the_meeting() -> None:
    with pytest.raises(InvalidTransition, match="op of na de dag van het overleg"):
        decide(prevent_draft(term_ends_on=term(90)), meeting_on=term(1))
