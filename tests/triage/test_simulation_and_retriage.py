"""The simulation page (a draft over the municipality's own past months, next to the active policy)
and the team lead's re-triage of untouched open cases."""

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import Outcome
from eropaf.triage.models import PolicyVersion, WorkloadSetting
from eropaf.triage.policy import load_policy_yaml
from eropaf.triage.services import activate, create_draft
from eropaf.triage.simulating import simulated_periods, workload_norms_for
from tests.factories import ContactAttemptFactory, make_user_with_role
from tests.matching.world import World, make_world, months_before

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 21, 10, 0, tzinfo=dt.UTC)
LETTERS = """
naam: Brieven
regels:
  - sleutel: drempel
    omschrijving: Onder de drempel
    als:
      totaalbedrag_onder: {threshold}
    dan:
      niet_opgepakt: onterecht_signaal
standaard:
  werkbak: brief
  contact: [brief:standaard, telefoon]
"""
HOME_VISITS = """
naam: Huisbezoeken
regels:
  - sleutel: crisis
    omschrijving: Crisis
    als:
      crisis: ja
    dan:
      werkbak: huisbezoek
      contact: [huisbezoek]
      prioriteit: spoed
standaard:
  werkbak: huisbezoek
  contact: [huisbezoek]
"""


@pytest.fixture(autouse=True)
def today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world() -> World:
    world = make_world()
    activate_policy(world, LETTERS.format(threshold=100))
    for euros, number in ((50, 1), (150, 2), (400, 3)):
        world.resident(f"99999{number:04d}", number=number)
        world.signal(number=number, euros=euros, bsn=f"99999{number:04d}", reference=f"R{number}")
    world.run()
    world.signal(period=months_before(2), number=4, euros=700, reference="R4", bsn="")
    world.run(months_before(2))
    return world


def activate_policy(world: World, text: str) -> PolicyVersion:
    draft = create_draft(
        user=None, municipality=world.municipality, policy=load_policy_yaml(text), source="t"
    )
    return activate(user=None, version=draft)


def draft(world: World, text: str) -> PolicyVersion:
    return create_draft(user=None, municipality=world.municipality, policy=load_policy_yaml(text), source="t")


def officer(world: World) -> Client:
    client = Client()
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=world.municipality))
    return client


def test_the_past_months_end_with_last_month() -> None:
    periods = simulated_periods(today=dt.date(2026, 11, 21), months=12)
    assert (periods[0], periods[-1], len(periods)) == (dt.date(2025, 11, 1), dt.date(2026, 10, 1), 12)


def test_the_simulation_shows_both_policies_side_by_side_with_the_workload(world: World) -> None:
    version = draft(world, HOME_VISITS)

    page = officer(world).get(reverse("triage:simulate", args=[version.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    # 4 cases in 12 months. Active: 3 letters + calls (€ 50 not picked up) = 3 × 30 min = 1.5 h;
    # draft: 4 home visits = 4 × 90 min = 6 h; per month 0.125 h and 0.5 h.
    comparison = page.context["simulation"].comparison
    assert (comparison.active.cases, comparison.active.picked_up, comparison.draft.picked_up) == (4, 3, 4)
    assert (comparison.active.hours, comparison.draft.hours) == (1.5, 6.0)
    assert comparison.active.per_not_picked_up == {Outcome.NOT_PICKED_UP_UNJUSTIFIED: 1}
    assert "nov 2025" in html
    assert "okt 2026" in html
    assert html.count("<svg") == 3
    assert 'id="vergelijking"' in html


def test_changed_norms_change_the_hours_and_can_be_saved_for_the_municipality(world: World) -> None:
    version = draft(world, HOME_VISITS)
    client = officer(world)
    norms = {
        name: field.initial
        for name, field in client.get(reverse("triage:simulate", args=[version.pk]))
        .context["form"]
        .fields.items()
    }
    norms |= {"minuten_home_visit": 120, "uren_per_fte": 100, "actie": "bewaren"}

    saved = client.post(reverse("triage:simulate", args=[version.pk]), norms)

    assert saved.status_code == 302
    page = client.get(saved["Location"])
    assert page.context["simulation"].comparison.draft.hours == 8.0  # 4 home visits of 120 minutes
    stored = workload_norms_for(world.municipality)
    assert (stored.minutes_for("home_visit"), stored.hours_per_fte_month) == (120, 100)
    assert WorkloadSetting.objects.get().changed_by is not None
    assert AuditEvent.objects.filter(subject_type="workload_norms", subject_id="0505").exists()


def test_impossible_norms_are_refused_in_dutch_and_nothing_is_saved(world: World) -> None:
    version = draft(world, HOME_VISITS)

    page = officer(world).post(
        reverse("triage:simulate", args=[version.pk]),
        {"maanden": 12, "uren_per_fte": 0, "minuten_home_visit": -5, "actie": "bewaren"},
    )

    assert page.status_code == 400
    assert not WorkloadSetting.objects.exists()


def test_the_numbers_download_as_csv(world: World) -> None:
    version = draft(world, HOME_VISITS)
    client = officer(world)
    page = client.get(reverse("triage:simulate", args=[version.pk]))

    download = client.get(f"{reverse('triage:simulate', args=[version.pk])}?{page.context['csv_query']}")

    assert download["Content-Disposition"] == 'attachment; filename="simulatie-0505-v2.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Groep", "Onderdeel", "Actief", "Concept", "Verschil"]
    assert ["Totaal", "Opgepakt", "3", "4", "1"] in rows


def test_the_team_lead_triages_untouched_open_cases_again_with_the_active_policy(world: World) -> None:
    cases = {str(number): world.case(number=number) for number in (1, 2, 3)}
    ContactAttemptFactory.create(case=cases["3"])  # someone works on this one
    first = cases["2"].triage_policy_id
    newer = activate_policy(world, LETTERS.format(threshold=200))
    lead = Client()
    lead.force_login(make_user_with_role(Role.TEAM_LEAD, team=world.team))

    response = lead.post(
        reverse("matching:retriage"), {"afweging-municipality": "0505", "afweging-period": "2026-10"}
    )

    assert response.status_code == 302
    for case in cases.values():
        case.refresh_from_db()
    # € 150 is below the new threshold of € 200: closed as not picked up by the newer version.
    assert (cases["2"].state, cases["2"].outcome, cases["2"].triage_policy_id) == (
        CaseState.CLOSED,
        Outcome.NOT_PICKED_UP_UNJUSTIFIED,
        newer.pk,
    )
    assert first != newer.pk
    assert cases["3"].triage_policy_id != newer.pk  # worked on: keeps its route
    assert cases["1"].state == CaseState.CLOSED  # closed before: not an open case
    assert cases["1"].triage_policy_id != newer.pk
    event = AuditEvent.objects.filter(subject_type="triage", actor__isnull=False).get()
    assert event.case_ids == [cases["2"].pk]
