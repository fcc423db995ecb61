"""The proposal read from the database: which households come up, per corporation, set-based."""

import pytest
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from eropaf.accounts.models import Team
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import Outcome, PartnerType
from eropaf.organisations.models import Partner
from eropaf.signalering_plus.candidates import candidates_per_corporation, find_candidates
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation
from eropaf.signalering_plus.rules import AgendaKind, CandidateReason, DecisionKind
from tests.factories import ContactAttemptFactory, PartnerFactory, TeamFactory
from tests.signalering_plus.conftest import earlier_case_of, make_rent_case

pytestmark = pytest.mark.django_db


def proposed(team: Team) -> dict[int, CandidateReason]:
    return {candidate.case_id: candidate.reason for candidate in find_candidates(team_ids=[team.pk])}


def test_a_rising_rent_arrear_without_contact_is_proposed(team: Team, corporation: Partner) -> None:
    case = make_rent_case(team=team, partner=corporation)
    assert proposed(team) == {case.pk: CandidateReason.NO_CONTACT}


def test_a_rent_arrear_that_does_not_rise_is_not_proposed(team: Team, corporation: Partner) -> None:
    make_rent_case(team=team, partner=corporation, rising=False)
    assert proposed(team) == {}


def test_a_rising_energy_arrear_is_not_proposed(team: Team) -> None:
    energy = PartnerFactory.create(partner_type=PartnerType.ENERGY, municipalities=[team.municipality])
    make_rent_case(team=team, partner=energy)
    assert proposed(team) == {}


def test_a_reached_attempt_on_an_earlier_case_means_contact(team: Team, corporation: Partner) -> None:
    case = make_rent_case(team=team, partner=corporation)
    earlier = earlier_case_of(case, partner=corporation)
    ContactAttemptFactory.create(case=earlier, reached=False)
    assert proposed(team) == {case.pk: CandidateReason.NO_CONTACT}

    ContactAttemptFactory.create(case=earlier, reached=True)
    assert proposed(team) == {case.pk: CandidateReason.NO_HELP}


def test_help_accepted_on_any_case_of_the_household_is_not_proposed(team: Team, corporation: Partner) -> None:
    case = make_rent_case(team=team, partner=corporation)
    earlier_case_of(case, partner=corporation, state=CaseState.CLOSED, outcome=Outcome.SOLVES_IT_SELF)
    assert proposed(team) == {case.pk: CandidateReason.NO_HELP}  # reached, no help

    earlier_case_of(
        case, partner=corporation, months_back=4, state=CaseState.CLOSED, outcome=Outcome.FOLLOW_UP_FINANCIAL
    )
    assert proposed(team) == {}


def test_a_household_in_signalering_plus_is_not_proposed(team: Team, corporation: Partner) -> None:
    case = make_rent_case(team=team, partner=corporation)
    consultation = Consultation.objects.create(
        municipality=team.municipality, team=team, corporation=corporation, held_on=timezone.localdate()
    )
    admission = Admission.objects.create(
        municipality=team.municipality,
        address_key=case.address_key,
        team=team,
        corporation=corporation,
        case=case,
        consultation=consultation,
        admitted_on=consultation.held_on,
    )
    assert proposed(team) == {}

    admission.ended_on = timezone.localdate()
    admission.save()
    assert proposed(team) == {case.pk: CandidateReason.NO_CONTACT}


def test_a_case_decided_on_is_not_proposed_again_unless_continued(team: Team, corporation: Partner) -> None:
    case = make_rent_case(team=team, partner=corporation)
    consultation = Consultation.objects.create(
        municipality=team.municipality, team=team, corporation=corporation, held_on=timezone.localdate()
    )
    item = AgendaItem.objects.create(
        consultation=consultation, case=case, kind=AgendaKind.CANDIDATE, decision=DecisionKind.CONTINUE
    )
    assert case.pk in proposed(team)

    item.decision = DecisionKind.STOP
    item.save()
    assert proposed(team) == {}


def test_closed_and_new_cases_are_not_proposed(team: Team, corporation: Partner) -> None:
    make_rent_case(team=team, partner=corporation, state=CaseState.NEW)
    make_rent_case(
        team=team, partner=corporation, state=CaseState.CLOSED, outcome=Outcome.NO_CONTACT, house_number=900
    )
    assert proposed(team) == {}


def test_the_latest_rising_case_of_a_household_is_proposed(team: Team, corporation: Partner) -> None:
    case = make_rent_case(team=team, partner=corporation)
    earlier_case_of(case, partner=corporation, is_rising=True)
    assert list(proposed(team)) == [case.pk]


def test_other_teams_households_are_not_proposed(team: Team, corporation: Partner) -> None:
    other = TeamFactory.create(municipality=team.municipality)
    make_rent_case(team=other, partner=corporation)
    assert proposed(team) == {}


def test_candidates_are_grouped_per_corporation(team: Team, corporation: Partner) -> None:
    second = PartnerFactory.create(name="Alwel", municipalities=[team.municipality])
    make_rent_case(team=team, partner=corporation, surname="Visser")
    make_rent_case(team=team, partner=second, surname="Bakker")
    groups = candidates_per_corporation(team_ids=[team.pk])
    assert [(group.corporation.name, [c.names for c in group.candidates]) for group in groups] == [
        ("Alwel", [["Jan Bakker"]]),
        ("Woonstichting Baronie", [["Jan Visser"]]),
    ]


def test_the_proposal_reads_set_based(
    team: Team, corporation: Partner, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(12):
        case = make_rent_case(team=team, partner=corporation, house_number=100 + number)
        ContactAttemptFactory.create(case=case, reached=number % 2 == 0)
    with django_assert_max_num_queries(6):
        candidates = find_candidates(team_ids=[team.pk])
    assert len(candidates) == 12


def test_tenants_of_private_landlords_are_not_proposed(team: Team) -> None:
    landlord = PartnerFactory.create(is_private_landlord=True, municipalities=[team.municipality])
    make_rent_case(team=team, partner=landlord)
    assert proposed(team) == {}
