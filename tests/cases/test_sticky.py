"""Sticky assignment: a household's new case goes to the worker (or team) that had it before."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from eropaf.accounts.models import User
from eropaf.accounts.roles import Role, TeamKind
from eropaf.cases.casework import assign_cases, record_attempt
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import ContactKind, Outcome, SignalStatus
from eropaf.matching.ownership import matching_owns
from eropaf.triage.policy import load_policy_yaml
from eropaf.triage.services import activate, create_draft, retriage_open_cases
from tests.factories import TeamFactory, make_user_with_role
from tests.matching.world import PERIOD, World, make_world, months_before

pytestmark = pytest.mark.django_db


CLOSE_BELOW_1000 = """
naam: Drempel duizend
regels:
  - sleutel: drempel
    omschrijving: Onder de € 1.000
    als:
      totaalbedrag_onder: 1000
    dan:
      niet_opgepakt: onterecht_signaal
standaard:
  werkbak: brief
  contact: [brief:standaard]
"""


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def worker(world: World) -> User:
    return make_user_with_role(Role.CASE_WORKER, team=world.team, username="vaste-medewerker")


def earlier_case(world: World, *, months: int, worker: User | None) -> Case:
    """A case for the household ``months`` before PERIOD, worked by ``worker``."""
    period = months_before(months)
    world.signal(period=period, reference=f"E{months}", euros=700)
    world.run(period)
    case = world.case(period=period)
    Case.objects.filter(pk=case.pk).update(assigned_to=worker)
    return case


def new_case(world: World) -> Case:
    world.signal(euros=900)  # the arrear rose: not a repeat
    world.run()
    return world.case()


def test_a_new_case_goes_to_the_worker_who_had_the_household_in_the_last_12_months(
    world: World, worker: User
) -> None:
    earlier_case(world, months=11, worker=worker)

    case = new_case(world)

    assert case.state == CaseState.QUEUED
    assert (case.assigned_to, case.assigned_automatically, case.team) == (worker, True, world.team)


def test_a_case_longer_than_12_months_ago_does_not_count(world: World, worker: User) -> None:
    earlier_case(world, months=13, worker=worker)

    case = new_case(world)

    assert (case.assigned_to, case.assigned_automatically) == (None, False)


def test_the_latest_earlier_worker_wins(world: World, worker: User) -> None:
    colleague = make_user_with_role(Role.CASE_WORKER, team=world.team, username="collega")
    earlier_case(world, months=8, worker=worker)
    earlier_case(world, months=2, worker=colleague)

    assert new_case(world).assigned_to == colleague


def test_another_household_at_another_address_is_not_affected(world: World, worker: User) -> None:
    earlier_case(world, months=3, worker=worker)
    world.resident("999990020", number=2)

    world.signal(euros=900, number=2, bsn="999990020", reference="R2")
    world.run()

    assert world.case(number=2).assigned_to is None


def test_an_earlier_case_nobody_worked_assigns_nobody(world: World) -> None:
    earlier_case(world, months=3, worker=None)

    case = new_case(world)

    assert (case.assigned_to, case.team) == (None, world.team)


@pytest.mark.parametrize("unavailable", ["away", "inactive", "left the team"])
def test_when_the_worker_is_not_available_the_case_goes_to_the_team_that_had_the_household(
    world: World, worker: User, unavailable: str
) -> None:
    other_team = TeamFactory.create(municipality=world.municipality, kind=TeamKind.EARLY_DETECTION)
    earlier = earlier_case(world, months=3, worker=worker)
    Case.objects.filter(pk=earlier.pk).update(team=other_team)
    if unavailable == "away":
        User.objects.filter(pk=worker.pk).update(away_until=timezone.localdate() + dt.timedelta(days=1))
    elif unavailable == "inactive":
        User.objects.filter(pk=worker.pk).update(is_active=False)
    else:
        worker.role_assignments.all().delete()

    case = new_case(world)

    assert (case.assigned_to, case.assigned_automatically, case.team) == (None, False, other_team)


def test_a_worker_back_from_leave_gets_the_household_again(world: World, worker: User) -> None:
    User.objects.filter(pk=worker.pk).update(away_until=timezone.localdate() - dt.timedelta(days=1))
    earlier_case(world, months=3, worker=worker)

    assert new_case(world).assigned_to == worker


def test_a_worker_now_in_another_outreach_team_keeps_the_household_there(world: World, worker: User) -> None:
    earlier_case(world, months=3, worker=worker)
    worker.role_assignments.all().delete()
    neighbourhood = TeamFactory.create(municipality=world.municipality, kind=TeamKind.NEIGHBOURHOOD)
    worker.role_assignments.create(role=Role.CASE_WORKER, team=neighbourhood, municipality=world.municipality)

    case = new_case(world)

    assert (case.assigned_to, case.team) == (worker, neighbourhood)


def test_a_debt_services_team_is_not_sticky(world: World, worker: User) -> None:
    earlier = earlier_case(world, months=3, worker=None)
    Case.objects.filter(pk=earlier.pk).update(team=world.debt_team)

    assert new_case(world).team == world.team


def test_an_automatic_assignment_leaves_the_case_to_the_automation(world: World, worker: User) -> None:
    earlier_case(world, months=3, worker=worker)
    case = new_case(world)

    assert matching_owns(case)


def test_when_the_case_leaves_the_work_queue_the_automatic_assignment_is_taken_back(
    world: World, worker: User
) -> None:
    earlier_case(world, months=3, worker=worker)
    new_case(world)
    world.clients.bsns.add("999990019")

    world.run()  # debt services know the resident now: the case goes to their team, to nobody in it

    case = world.case()
    assert (case.matching_decision, case.team) == (SignalStatus.KNOWN_TO_DEBT_SERVICES, world.debt_team)
    assert (case.assigned_to, case.assigned_automatically) == (None, False)


def test_a_retriage_that_closes_the_case_takes_the_automatic_assignment_back(
    world: World, worker: User
) -> None:
    earlier_case(world, months=3, worker=worker)
    new_case(world)
    lead = make_user_with_role(Role.TEAM_LEAD, team=world.team)
    policy = load_policy_yaml(CLOSE_BELOW_1000)
    activate(
        user=None,
        version=create_draft(user=None, municipality=world.municipality, policy=policy, source="test"),
    )

    retriage_open_cases(user=lead, municipality=world.municipality, period=PERIOD)

    case = world.case()
    assert (case.state, case.outcome) == (CaseState.CLOSED, Outcome.NOT_PICKED_UP_UNJUSTIFIED)
    assert (case.assigned_to, case.assigned_automatically) == (None, False)


def test_a_team_leads_assignment_makes_the_case_a_persons(world: World, worker: User) -> None:
    earlier_case(world, months=3, worker=worker)
    case = new_case(world)
    lead = make_user_with_role(Role.TEAM_LEAD, team=world.team)

    assign_cases(lead=lead, case_ids=[case.pk], worker_id=worker.pk)

    case.refresh_from_db()
    assert (case.assigned_to, case.assigned_automatically) == (worker, False)
    assert not matching_owns(case)


def test_a_colleague_who_makes_the_first_contact_takes_the_case(world: World, worker: User) -> None:
    earlier_case(world, months=3, worker=worker)
    case = new_case(world)
    colleague = make_user_with_role(Role.CASE_WORKER, team=world.team, username="collega")

    record_attempt(
        user=colleague,
        case_id=case.pk,
        kind=ContactKind.PHONE,
        at=timezone.now() - dt.timedelta(hours=1),
        reached=True,
    )

    case.refresh_from_db()
    assert (case.assigned_to, case.assigned_automatically, case.state) == (
        colleague,
        False,
        CaseState.IN_PROGRESS,
    )


def test_the_sticky_worker_sees_the_case_in_their_own_list(
    world: World, worker: User, client: Client
) -> None:
    earlier_case(world, months=3, worker=worker)
    case = new_case(world)
    client.force_login(worker)

    page = client.get("/zaken/?mijn=1&periode=" + case.period.strftime("%Y-%m")).content.decode()

    assert f"/zaken/{case.pk}/" in page
