"""Triage runs after matching on the stored cases: the route, the explanation, and history kept."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import Outcome, Priority, SignalStatus
from eropaf.intake.models import Signal
from eropaf.integrations.brp.protocol import today_in_the_netherlands
from eropaf.triage.case_facts import cases_of_periods, read_cases_with_facts
from eropaf.triage.facts import CaseFacts
from eropaf.triage.models import PolicyVersion
from eropaf.triage.policy import load_policy_yaml
from eropaf.triage.services import activate, create_draft
from tests.factories import ContactAttemptFactory, make_user_with_role
from tests.matching.world import PERIOD, World, make_world, months_before

pytestmark = pytest.mark.django_db

THRESHOLD_100 = """
naam: Drempel honderd
regels:
  - sleutel: drempel
    omschrijving: Onder de € 100
    als:
      totaalbedrag_onder: 100
    dan:
      niet_opgepakt: onterecht_signaal
standaard:
  werkbak: brief
  contact: [brief:standaard]
"""


@pytest.fixture
def world() -> World:
    return make_world()


def statuses(case: Case) -> list[str]:
    return sorted(Signal.objects.filter(case_link__case=case).values_list("status", flat=True))


def activate_yaml(world: World, text: str) -> PolicyVersion:
    version = create_draft(
        user=None, municipality=world.municipality, policy=load_policy_yaml(text), source="test"
    )
    return activate(user=None, version=version)


def test_without_an_active_version_the_national_default_routes_the_case(world: World) -> None:
    world.signal(euros=640)

    world.run()

    case = world.case()
    assert (case.state, case.queue, case.priority) == (CaseState.QUEUED, "huur", Priority.HIGH)
    assert case.contact_plan == [
        {"kind": "letter", "letter_kind": "contactverzoek"},
        {"kind": "phone", "letter_kind": ""},
        {"kind": "home_visit", "letter_kind": ""},
    ]
    assert (case.triage_policy, case.triage_policy_name, case.triage_rule) == (None, "Landelijk", "huur")
    assert case.triage_summary.startswith("Brief (contactverzoek), telefoon en huisbezoek: signaal voor huur")
    assert case.triage_reasons == ["signaal voor huur"]
    assert case.due_on == case.opened_on + dt.timedelta(days=14)
    assert case.triage_facts["bedragen"] == {"huur": 640}
    assert statuses(case) == [SignalStatus.NOT_YET_PICKED_UP]
    event = AuditEvent.objects.get(subject_type="triage")
    assert event.case_ids == [case.pk]


def test_below_the_threshold_the_case_is_closed_as_not_picked_up_and_so_are_its_signals(world: World) -> None:
    activate_yaml(world, THRESHOLD_100)
    world.signal(euros=99)

    world.run()

    case = world.case()
    assert (case.state, case.outcome, case.triage_outcome) == (
        CaseState.CLOSED,
        Outcome.NOT_PICKED_UP_UNJUSTIFIED,
        Outcome.NOT_PICKED_UP_UNJUSTIFIED,
    )
    assert (case.queue, case.priority, case.due_on, case.closed_on) == ("", "", None, case.opened_on)
    assert case.triage_policy is not None
    assert case.triage_policy.name == "Drempel honderd"
    assert (
        case.triage_summary == "Niet opgepakt (onterecht signaal): totaalbedrag € 99,00 (minder dan € 100,00)"
    )
    assert statuses(case) == [SignalStatus.NOT_PICKED_UP_UNJUSTIFIED]


def test_a_new_version_does_not_rewrite_cases_triaged_before(world: World) -> None:
    first = activate_yaml(world, THRESHOLD_100)
    world.signal(euros=99)
    world.run()
    activate_yaml(world, THRESHOLD_100.replace("totaalbedrag_onder: 100", "totaalbedrag_onder: 50"))

    world.run()  # nothing changed in the signals: the case keeps the version that decided it

    case = world.case()
    assert (case.triage_policy_id, case.state) == (first.pk, CaseState.CLOSED)


def test_a_late_signal_that_changes_the_facts_is_triaged_again_with_the_active_version(world: World) -> None:
    activate_yaml(world, THRESHOLD_100)
    world.signal(euros=99)
    world.run()
    second = activate_yaml(world, THRESHOLD_100.replace("totaalbedrag_onder: 100", "totaalbedrag_onder: 50"))
    world.new_delivery(partner=world.energy)
    world.signal(partner=world.energy, reference="E1", euros=30)

    world.run()

    case = world.case()
    assert (case.triage_policy_id, case.triage_rule, case.state, case.outcome) == (
        second.pk,
        "standaard",
        CaseState.QUEUED,
        "",
    )
    assert case.closed_on is None
    assert statuses(case) == [SignalStatus.NOT_YET_PICKED_UP, SignalStatus.NOT_YET_PICKED_UP]


def test_a_case_someone_worked_on_keeps_its_route(world: World) -> None:
    world.signal(euros=640)
    world.run()
    case = world.case()
    ContactAttemptFactory.create(case=case)
    activate_yaml(world, THRESHOLD_100)
    world.new_delivery(partner=world.energy)
    world.signal(partner=world.energy, reference="E1", euros=30)

    world.run()

    case.refresh_from_db()
    assert (case.queue, case.triage_rule, case.triage_policy) == ("huur", "huur", None)


def test_a_case_matching_decides_later_loses_its_route(world: World) -> None:
    world.signal(euros=640)
    world.run()
    assert world.case().queue == "huur"
    world.signal(period=months_before(1), euros=640)  # the same arrear last month: a repeat now

    world.run()

    case = world.case()
    assert (case.state, case.outcome) == (CaseState.CLOSED, Outcome.NOT_PICKED_UP_REPEAT)
    assert (case.queue, case.triage_rule, case.triaged_at, case.triage_summary) == ("", "", None, "")


def test_a_case_waiting_for_the_brp_review_is_not_triaged(world: World) -> None:
    world.signal(bsn="", surname="Onbekend", birth_date=None, initials="X.")

    world.run()

    case = world.case()
    assert (case.state, case.triaged_at, case.queue) == (CaseState.NEW, None, "")


def test_the_facts_come_from_the_signals_the_case_and_the_households_history(world: World) -> None:
    earlier = months_before(3)
    world.signal(period=earlier, reference="OLD", euros=300)
    world.run(earlier)
    Case.objects.filter(period=earlier).update(state=CaseState.CLOSED, outcome=Outcome.FOLLOW_UP_FINANCIAL)
    world.signal(euros=640, months_in_arrears=3, summons_date=dt.date(2026, 9, 20))
    world.signal(partner=world.energy, reference="E1", euros=120, is_end_of_supply=True)
    world.signal(
        partner=world.energy, reference="E2", euros=80, withdrawn_at=dt.datetime(2026, 10, 5, tzinfo=dt.UTC)
    )
    world.run()

    found = read_cases_with_facts(
        municipality_id=world.municipality.pk,
        cases=cases_of_periods(municipality_id=world.municipality.pk, periods=[PERIOD]),
    )

    (facts,) = found.facts
    assert facts == CaseFacts(
        partner_types=frozenset({"rent", "energy"}),
        amounts_cents={"energy": 12_000, "rent": 64_000},
        total_amount_cents=76_000,
        signal_count=2,
        is_multiple=True,
        is_consecutive=True,  # the rent arrear of three months ago
        is_rising=True,  # € 640 now, € 300 then
        is_end_of_supply=True,
        has_accepted_help_before=True,
        age=facts.age,
        district="C",
        rent_months=3,
        has_summons=True,
    )
    assert facts.age is not None


def test_the_case_page_explains_the_route_in_dutch(world: World) -> None:
    world.resident("999990027", number=2, birth=dt.date(today_in_the_netherlands().year - 23, 1, 1))
    activate_yaml(
        world,
        """
naam: Jongeren
regels:
  - sleutel: jongeren-huisbezoek
    omschrijving: Jongere met een flinke achterstand
    als:
      leeftijd_van_tot: [18, 27]
      totaalbedrag_boven: 500
    dan:
      werkbak: huisbezoek
      contact: [huisbezoek, brief:jongeren]
      prioriteit: hoog
      termijn_dagen: 10
standaard:
  werkbak: brief
  contact: [brief:standaard]
""",
    )
    world.signal(number=2, bsn="999990027", euros=640)
    world.run()
    case = world.case(number=2)
    client = Client()
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=world.team, username="worker"))

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    assert (
        "Huisbezoek en brief (jongeren): leeftijd 23 (18 tot en met 27), "
        "totaalbedrag € 640,00 (meer dan € 500,00)" in page
    )
    assert "Jongeren · versie 1" in page
    assert "Jongere met een flinke achterstand" in page
    assert '<li class="utrecht-ordered-list__item">Huisbezoek</li>' in page
    assert "Brief (jongeren)" in page
