"""Triage runs after matching on the stored cases: the route, the explanation, and history kept."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.cases.models import Case, TriageDecision
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import Outcome, Priority, SignalStatus
from eropaf.intake.models import Signal
from eropaf.integrations.brp.protocol import today_in_the_netherlands
from eropaf.triage.case_facts import cases_of_periods, read_cases_with_facts
from eropaf.triage.facts import CaseFacts, facts_as_data, facts_from_data
from eropaf.triage.models import PolicyVersion
from eropaf.triage.policy import load_policy_yaml
from eropaf.triage.services import activate, create_draft, retriage_open_cases
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


def decision(case: Case) -> TriageDecision:
    """The case's latest triage decision."""
    latest = case.triage_decisions.first()
    assert latest is not None
    return latest


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
    assert (case.triage_policy, case.triage_policy_name) == (None, "Landelijk")
    why = decision(case)
    assert (why.policy_version, why.policy_name, why.rule, why.queue, why.outcome) == (
        None,
        "Landelijk",
        "huur",
        "huur",
        "",
    )
    assert why.summary.startswith("Brief (contactverzoek), telefoon en huisbezoek: signaal voor huur")
    assert why.reasons == ["signaal voor huur"]
    assert why.decided_at == case.triaged_at
    assert case.due_on == case.opened_on + dt.timedelta(days=14)
    assert why.facts["bedragen"] == {"huur": 640}
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
    why = decision(case)
    assert (why.policy_version, why.rule, why.outcome) == (
        case.triage_policy,
        "drempel",
        Outcome.NOT_PICKED_UP_UNJUSTIFIED,
    )
    assert why.summary == "Niet opgepakt (onterecht signaal): totaalbedrag € 99,00 (minder dan € 100,00)"
    assert statuses(case) == [SignalStatus.NOT_PICKED_UP_UNJUSTIFIED]


def test_a_new_version_does_not_rewrite_cases_triaged_before(world: World) -> None:
    first = activate_yaml(world, THRESHOLD_100)
    world.signal(euros=99)
    world.run()
    activate_yaml(world, THRESHOLD_100.replace("totaalbedrag_onder: 100", "totaalbedrag_onder: 50"))

    world.run()  # nothing changed in the signals: the case keeps the version that decided it

    case = world.case()
    assert (case.triage_policy_id, case.state) == (first.pk, CaseState.CLOSED)
    assert list(case.triage_decisions.values_list("policy_version", flat=True)) == [first.pk]


def test_a_decision_that_stored_the_facts_whole_counts_as_unchanged(world: World) -> None:
    """Decisions stored before the compact form hold every flag; a run after the upgrade must not
    take that for a change and re-route their cases with a newer version."""
    first = activate_yaml(world, THRESHOLD_100)
    world.signal(euros=99)
    world.run()
    stored = decision(world.case())
    whole = facts_as_data(facts_from_data(stored.facts))
    assert len(stored.facts) < len(whole)  # the compact form leaves out the flags that are "no"
    TriageDecision.objects.filter(pk=stored.pk).update(facts_json=json.dumps(whole))
    activate_yaml(world, THRESHOLD_100.replace("totaalbedrag_onder: 100", "totaalbedrag_onder: 50"))

    world.run()

    case = world.case()
    assert (case.triage_policy_id, case.state) == (first.pk, CaseState.CLOSED)
    assert case.triage_decisions.count() == 1


def test_deleting_a_case_deletes_its_decisions_without_a_database_constraint(world: World) -> None:
    world.signal(euros=640)
    world.run()
    case = world.case()
    assert case.triage_decisions.exists()

    case.delete()

    assert not TriageDecision.objects.filter(case_id=case.pk).exists()


def test_a_late_signal_that_changes_the_facts_is_triaged_again_with_the_active_version(world: World) -> None:
    activate_yaml(world, THRESHOLD_100)
    world.signal(euros=99)
    world.run()
    second = activate_yaml(world, THRESHOLD_100.replace("totaalbedrag_onder: 100", "totaalbedrag_onder: 50"))
    world.new_delivery(partner=world.energy)
    world.signal(partner=world.energy, reference="E1", euros=30)

    world.run()

    case = world.case()
    assert (case.triage_policy_id, decision(case).rule, case.state, case.outcome) == (
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
    assert (case.queue, decision(case).rule, case.triage_policy) == ("huur", "huur", None)
    assert case.triage_decisions.count() == 1


def test_a_case_matching_decides_later_loses_its_route(world: World) -> None:
    world.signal(euros=640)
    world.run()
    assert world.case().queue == "huur"
    world.signal(period=months_before(1), euros=640)  # the same arrear last month: a repeat now

    world.run()

    case = world.case()
    assert (case.state, case.outcome) == (CaseState.CLOSED, Outcome.NOT_PICKED_UP_REPEAT)
    assert (case.queue, case.triage_policy_name, case.triaged_at) == ("", "", None)
    assert decision(case).queue == "huur"  # what triage decided then stays as history


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


def test_a_retriage_adds_a_decision_and_leaves_the_earlier_one_as_it_was(world: World) -> None:
    world.signal(euros=640)
    world.run()
    case = world.case()
    first = TriageDecision.objects.values().get()
    newer = activate_yaml(world, THRESHOLD_100)
    lead = make_user_with_role(Role.TEAM_LEAD, team=world.team, username="lead")

    retriage_open_cases(user=lead, municipality=world.municipality, period=PERIOD)

    case.refresh_from_db()
    latest, earlier = case.triage_decisions.all()
    assert (case.queue, case.triage_policy, case.triaged_at) == ("brief", newer, latest.decided_at)
    assert (latest.policy_version, latest.rule, latest.queue) == (newer, "standaard", "brief")
    assert latest.decided_at > first["decided_at"]
    assert TriageDecision.objects.values().get(pk=earlier.pk) == first  # history is not rewritten
    assert (first["rule"], first["queue"]) == ("huur", "huur")


def test_the_case_page_shows_the_latest_decision_and_lists_the_earlier_ones(world: World) -> None:
    world.signal(euros=640)
    world.run()
    case = world.case()
    first = decision(case)
    activate_yaml(world, THRESHOLD_100)
    lead = make_user_with_role(Role.TEAM_LEAD, team=world.team, username="lead")
    retriage_open_cases(user=lead, municipality=world.municipality, period=PERIOD)
    client = Client()
    client.force_login(lead)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    summary = page.split('id="zaak-afweging-samenvatting">', 1)[1].split("</p>", 1)[0]
    assert summary == "Brief (standaard): geen regel van toepassing (standaard)"
    assert "Drempel honderd · versie 1" in page
    earlier = page.split('id="zaak-eerdere-afwegingen"', 1)[1].split("</ul>", 1)[0]
    assert f"Landelijk: {first.summary}" in earlier
    assert AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk)).count() == 1
