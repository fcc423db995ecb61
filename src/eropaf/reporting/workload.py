"""The team lead's view of the work: per worker of the teams they lead, the open cases, those past
their due date, and the contact attempts of the last 30 days (how many reached someone).

Counts only, per team; names are of staff, never of residents.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from eropaf.accounts.models import RoleAssignment, Team
from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import AnyUser, teams_of
from eropaf.cases.casework import WORKER_ROLES
from eropaf.cases.models import Case, ContactAttempt
from eropaf.cases.workflow import OPEN_STATES

ATTEMPT_DAYS = 30
UNASSIGNED = 0
Counts = dict[tuple[int, int], tuple[int, int]]
"""(team id, user id) → two counts."""


@dataclass(frozen=True)
class WorkerLoad:
    user_id: int
    """``UNASSIGNED`` for the cases nobody has yet."""
    name: str
    open_cases: int
    overdue: int
    attempts: int
    reached: int


@dataclass(frozen=True)
class TeamWorkload:
    team: Team
    workers: list[WorkerLoad]

    @property
    def open_cases(self) -> int:
        return sum(worker.open_cases for worker in self.workers)

    @property
    def overdue(self) -> int:
        return sum(worker.overdue for worker in self.workers)


def workload_for(*, lead: AnyUser, today: dt.date) -> list[TeamWorkload]:
    teams = list(teams_of(lead, roles=frozenset({Role.TEAM_LEAD})).order_by("name"))
    open_states = [state.value for state in OPEN_STATES]
    cases = (
        Case.objects.filter(team__in=teams, state__in=open_states)
        .values("team_id", "assigned_to_id")
        .annotate(open_cases=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    )
    since = dt.datetime.combine(today - dt.timedelta(days=ATTEMPT_DAYS), dt.time(), tzinfo=dt.UTC)
    attempts = (
        ContactAttempt.objects.filter(case__team__in=teams, at__gte=since, recorded_by__isnull=False)
        .values("case__team_id", "recorded_by_id")
        .annotate(attempts=Count("id"), reached=Count("id", filter=Q(reached=True)))
    )
    case_counts: Counts = {
        (row["team_id"], row["assigned_to_id"] or UNASSIGNED): (row["open_cases"], row["overdue"])
        for row in cases
    }
    attempt_counts: Counts = {
        (row["case__team_id"], row["recorded_by_id"]): (row["attempts"], row["reached"]) for row in attempts
    }
    members = RoleAssignment.objects.filter(team__in=teams, role__in=WORKER_ROLES).select_related("user")
    names: dict[tuple[int, int], str] = {}
    for member in members.order_by("user__first_name", "user__last_name", "user__username"):
        if member.team_id is not None:
            names[(member.team_id, member.user_id)] = (
                member.user.get_full_name() or member.user.get_username()
            )
    result = []
    for team in teams:
        people = [(user_id, name) for (team_id, user_id), name in names.items() if team_id == team.pk]
        rows = [_load(team.pk, user_id, name, case_counts, attempt_counts) for user_id, name in people]
        unassigned = case_counts.get((team.pk, UNASSIGNED))
        if unassigned:
            rows.append(_load(team.pk, UNASSIGNED, "", case_counts, attempt_counts))
        result.append(TeamWorkload(team=team, workers=rows))
    return result


def _load(team_id: int, user_id: int, name: str, case_counts: Counts, attempt_counts: Counts) -> WorkerLoad:
    open_cases, overdue = case_counts.get((team_id, user_id), (0, 0))
    attempts, reached = attempt_counts.get((team_id, user_id), (0, 0)) if user_id != UNASSIGNED else (0, 0)
    return WorkerLoad(user_id, name, open_cases, overdue, attempts, reached)
