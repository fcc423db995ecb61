"""The team lead's workload page: open, overdue and recent attempts per worker, hand-counted."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.reporting.workload import UNASSIGNED, workload_for
from tests.factories import ContactAttemptFactory, TeamFactory, make_case_with_signal, make_user_with_role

pytestmark = pytest.mark.django_db


def _case(team: Team, *, worker: User | None = None, due_in: int = 5) -> Case:
    today = timezone.localdate()
    fields = {"state": CaseState.QUEUED, "assigned_to": worker, "due_on": today + dt.timedelta(days=due_in)}
    return make_case_with_signal(team=team, case_fields=fields)


def test_the_counts_per_worker_and_the_unassigned_ones() -> None:
    team = TeamFactory.create(name="Vroegsignalering")
    lead = make_user_with_role(Role.TEAM_LEAD, team=team)
    anna = make_user_with_role(Role.CASE_WORKER, team=team, username="anna")
    _case(team, worker=anna)
    late = _case(team, worker=anna, due_in=-1)
    _case(team, due_in=-3)  # nobody's, overdue
    make_case_with_signal(
        team=team, case_fields={"state": CaseState.CLOSED, "outcome": "solves_it_self", "assigned_to": anna}
    )
    _case(TeamFactory.create(), due_in=-1)  # another team: not counted
    now = timezone.now()
    ContactAttemptFactory.create(case=late, recorded_by=anna, at=now - dt.timedelta(days=1), reached=True)
    ContactAttemptFactory.create(case=late, recorded_by=anna, at=now - dt.timedelta(days=2), reached=False)
    ContactAttemptFactory.create(case=late, recorded_by=anna, at=now - dt.timedelta(days=40), reached=True)

    (only,) = workload_for(lead=lead, today=timezone.localdate())

    rows = {row.user_id: (row.open_cases, row.overdue, row.attempts, row.reached) for row in only.workers}
    assert rows[anna.pk] == (2, 1, 2, 1)
    assert rows[UNASSIGNED] == (1, 1, 0, 0)
    assert rows[lead.pk] == (0, 0, 0, 0)
    assert (only.open_cases, only.overdue) == (3, 2)


def test_the_page_is_for_team_leads_and_draws_the_chart(client: Client) -> None:
    team = TeamFactory.create(name="Vroegsignalering")
    worker = make_user_with_role(Role.CASE_WORKER, team=team, username="bram")
    _case(team, worker=worker, due_in=-1)
    client.force_login(make_user_with_role(Role.TEAM_LEAD, team=team))
    page = client.get(reverse("reporting:workload")).content.decode()
    assert "<svg" in page
    assert "bram" in page or worker.get_full_name() in page

    client.force_login(worker)
    assert client.get(reverse("reporting:workload")).status_code == 403
