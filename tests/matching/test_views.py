"""The team lead's matching pages, the BRP review queue, the forwarding list, the case page and API."""

import datetime as dt
import json
from collections.abc import Callable
from contextlib import AbstractContextManager as ContextManager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import Outcome
from eropaf.matching.local_register import register_people
from eropaf.matching.models import (
    MatchingRun,
    PersonCheck,
    RegistryOutcome,
    ReviewItem,
    ReviewStatus,
    RunStatus,
)
from tests.factories import MunicipalityFactory, make_user_with_role
from tests.matching.world import PERIOD, World, make_world, months_before

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def logged_in(user_role: Role, world: World, *, team: Team | None = None) -> Client:
    user = make_user_with_role(user_role, team=team or world.team, username=f"{user_role.value}-user")
    client = Client()
    client.force_login(user)
    return client


def test_team_lead_starts_matching_and_sees_the_counts(
    world: World, django_capture_on_commit_callbacks: Callable[..., ContextManager[object]]
) -> None:
    register_people(world.people)  # the app's own (local) register answers the BRP questions
    world.signal(period=months_before(1), euros=400)
    world.signal(euros=500)
    client = logged_in(Role.TEAM_LEAD, world)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:runs"), {"municipality": "0505", "period": "2026-10"})

    run = MatchingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:run", args=[run.pk])
    assert run.status == RunStatus.DONE
    assert run.started_by_label == "team_lead-user"
    page = client.get(response["Location"]).content.decode()
    assert "Oplopend" in page
    fragment = client.get(reverse("matching:run-progress", args=[run.pk]))
    assert b"hx-get" not in fragment.content  # a finished run no longer polls
    listing = client.get(reverse("matching:runs")).content.decode()
    assert "oktober 2026" in listing or "October 2026" in listing


def test_a_busy_run_of_the_same_month_refuses_a_second_start(world: World) -> None:
    MatchingRun.objects.create(municipality=world.municipality, period=PERIOD, status=RunStatus.RUNNING)
    client = logged_in(Role.TEAM_LEAD, world)

    response = client.post(reverse("matching:runs"), {"municipality": "0505", "period": "2026-10"})

    assert response.status_code == 400
    assert MatchingRun.objects.count() == 1


def test_a_busy_run_shows_its_progress_and_polls(world: World) -> None:
    run = MatchingRun.objects.create(
        municipality=world.municipality,
        period=PERIOD,
        status=RunStatus.RUNNING,
        stage="checking_registry",
        done=40,
        total=200,
    )
    client = logged_in(Role.TEAM_LEAD, world)

    fragment = client.get(reverse("matching:run-progress", args=[run.pk])).content.decode()

    assert "hx-get" in fragment
    assert "40" in fragment
    assert "200" in fragment


def unknown_person_world(world: World) -> Case:
    world.resident(
        "111222333",
        surname="Berg",
        prefix="van der",
        given_names="Anna",
        birth=__import__("datetime").date(1999, 3, 4),
    )
    world.resident(
        "123456782",
        surname="Berg",
        given_names="Piet",
        number=1,
        birth=dt.date(1960, 1, 1),
    )
    world.signal(bsn="", surname="Van der Berg", first_names="", initials="A.", birth_date=None, number=1)
    world.run()
    return Case.objects.get()


def test_review_queue_shows_ranked_candidates_and_confirming_updates_the_case(world: World) -> None:
    case = unknown_person_world(world)
    item = ReviewItem.objects.get()
    assert case.state == CaseState.NEW
    assert case.person_age is None
    register_people(world.people)
    client = logged_in(Role.CASE_WORKER, world)

    queue = client.get(reverse("matching:reviews")).content.decode()
    assert reverse("matching:review", args=[item.pk]) in queue
    seen = AuditEvent.objects.get(subject_type="brp_review_queue", action="view")
    assert seen.signal_ids == [item.signal_id]
    assert seen.case_ids == [case.pk]
    page = client.get(reverse("matching:review", args=[item.pk])).content.decode()
    assert page.index("Anna") < page.index("Piet")  # initials agree: Anna ranks first

    response = client.post(reverse("matching:review-confirm", args=[item.pk]), {"bsn": "111222333"})

    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    item.refresh_from_db()
    case.refresh_from_db()
    assert item.status == ReviewStatus.CONFIRMED
    assert item.confirmed_bsn == "111222333"
    check = PersonCheck.objects.get(signal_id=item.signal_id)
    assert check.outcome == RegistryOutcome.RESIDENT
    assert check.bsn == "111222333"
    updated = Case.objects.get(pk=case.pk)
    assert updated.person_age is not None
    assert updated.adult_count == 3
    assert (updated.state, updated.triage_policy_name) == (CaseState.QUEUED, "Landelijk")  # triaged now
    assert AuditEvent.objects.filter(subject_type="case", subject_id=str(case.pk), action="update").exists()
    assert AuditEvent.objects.filter(subject_type="brp_review", action="view").exists()


def test_a_bsn_that_is_no_candidate_is_refused(world: World) -> None:
    unknown_person_world(world)
    item = ReviewItem.objects.get()
    register_people(world.people)
    client = logged_in(Role.CASE_WORKER, world)

    response = client.post(reverse("matching:review-confirm", args=[item.pk]), {"bsn": "111111110"})

    assert response["Location"] == reverse("matching:review", args=[item.pk])
    item.refresh_from_db()
    assert item.status == ReviewStatus.OPEN


def test_rejecting_every_candidate_closes_the_case_as_no_resident(world: World) -> None:
    case = unknown_person_world(world)
    item = ReviewItem.objects.get()
    client = logged_in(Role.CASE_WORKER, world)

    client.post(reverse("matching:review-reject", args=[item.pk]))

    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    assert case.outcome == Outcome.NOT_A_RESIDENT
    assert PersonCheck.objects.get(signal_id=item.signal_id).outcome == RegistryOutcome.NOT_IDENTIFIED
    forwarding = client.get(reverse("matching:forwarding")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in forwarding


def test_forwarding_names_the_municipality_the_person_lives_in_now(world: World) -> None:
    MunicipalityFactory.create(code="0642", name="Zwijndrecht")
    world.resident("111222333", municipality_code="0642")
    world.signal(bsn="111222333")
    world.run()
    client = logged_in(Role.CASE_WORKER, world)

    page = client.get(reverse("matching:forwarding")).content.decode()

    assert "Zwijndrecht" in page


def test_case_page_and_api_show_the_classes_and_why(world: World) -> None:
    world.signal(period=months_before(1), euros=400)
    world.signal(euros=500)
    world.run()
    case = Case.objects.get(period=PERIOD)
    client = logged_in(Role.CASE_WORKER, world)

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    answer = client.get(reverse("api:case-classes", args=[case.pk])).json()

    assert "€ 500,00" in page
    assert "€ 400,00" in page
    assert answer["is_rising"]
    assert answer["is_consecutive"]
    assert not answer["is_multiple"]
    assert any("400" in reason for reason in answer["signals"][0]["reasons"])
    assert answer["person_age"] is not None
    assert {reason["code"] for reason in answer["classification_reasons"]} >= {
        "single",
        "consecutive",
        "rising",
    }


def test_command_prints_the_counts_as_json(world: World) -> None:
    register_people(world.people)
    world.signal(euros=500)
    out = StringIO()

    call_command(
        "run_matching", "--municipality", "0505", "--period", "2026-10", "--json", "--no-progress", stdout=out
    )

    result = json.loads(out.getvalue())
    assert result["signals"] == 1
    assert result["cases_created"] == 1
    assert result["cases_updated"] == 0
    assert result["classes"]["single"] == 1
    assert result["status"] == "done"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--municipality", "9999", "--period", "2026-10"], "9999"),
        (["--municipality", "0505", "--period", "oktober"], "JJJJ-MM"),
    ],
)
def test_command_refuses_a_wrong_municipality_or_period(
    world: World, arguments: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message) as refused:
        call_command("run_matching", *arguments, "--no-progress")
    assert refused.value.returncode == 2


def test_an_administrator_sets_the_windows_and_the_next_run_uses_them(world: World) -> None:
    world.signal(period=months_before(3), euros=400)
    world.signal(euros=500, reference="R2")
    user = make_user_with_role(Role.ADMINISTRATOR, municipality=world.municipality, username="beheer")
    client = Client()
    client.force_login(user)

    refused = client.post(
        reverse("matching:windows"),
        {"consecutive_months": "0", "persistent_months": "3", "repeat_months": "6"},
    )
    saved = client.post(
        reverse("matching:windows"),
        {"consecutive_months": "2", "persistent_months": "3", "repeat_months": "6"},
    )
    world.run()

    assert refused.status_code == 400
    assert saved["Location"] == reverse("matching:windows")
    assert not Case.objects.get(period=PERIOD).is_consecutive  # three months back is outside two
    assert AuditEvent.objects.filter(subject_type="matching_settings", subject_id="0505").exists()
