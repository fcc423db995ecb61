"""The data the load test needs: the demo region, and the simulated case workers' accounts.

Like the demo builder, this writes synthetic seed data on a benchmark database and no audit
records: no person's data is read or changed by a user here.
"""

from dataclasses import dataclass

from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from eropaf.accounts.models import RoleAssignment, Team, User
from eropaf.accounts.roles import Role, TeamKind
from eropaf.cases.models import Case
from eropaf.demo.region import DEMO_PASSWORD, MUNICIPALITIES
from eropaf.intake.models import Signal

USERNAME_PREFIX = "load-case-worker-"
PASSWORD = DEMO_PASSWORD
DEMO_CODES = tuple(spec.code for spec in MUNICIPALITIES)


@dataclass(frozen=True)
class TeamShare:
    name: str
    municipality: str
    cases: int
    workers: int


def casework_teams() -> list[Team]:
    """The demo's early-detection teams that have cases, those with the most cases first."""
    return list(
        Team.objects.filter(kind=TeamKind.EARLY_DETECTION, municipality__code__in=DEMO_CODES)
        .annotate(case_count=Count("cases"))
        .filter(case_count__gt=0)
        .select_related("municipality")
        .order_by("-case_count", "pk")
    )


def demo_counts() -> dict[str, int]:
    """How much case work the demo region holds."""
    return {
        "cases": Case.objects.filter(municipality__code__in=DEMO_CODES).count(),
        "signals": Signal.objects.filter(municipality__code__in=DEMO_CODES).count(),
    }


def usernames(count: int) -> list[str]:
    return [f"{USERNAME_PREFIX}{number:02d}" for number in range(1, count + 1)]


def ensure_case_workers(*, count: int, teams: list[Team]) -> list[TeamShare]:
    """``count`` case-worker accounts with the demo password, spread over ``teams`` in turn.

    Accounts of an earlier run are reused: their password, roles and failed logins are reset, so
    a run that was stopped halfway leaves nothing that blocks the next one.
    """
    names = usernames(count)
    password_hash = make_password(PASSWORD)  # hashed once: a proper password hash is slow by design
    with transaction.atomic():
        existing = {user.username: user for user in User.objects.filter(username__in=names)}
        User.objects.filter(pk__in=[user.pk for user in existing.values()]).update(
            password=password_hash, is_active=True
        )
        User.objects.bulk_create(
            [
                User(
                    username=name,
                    first_name="Load test",
                    last_name=f"case worker {number:02d}",
                    email=f"{name}@eropaf.example",
                    password=password_hash,
                )
                for number, name in enumerate(names, start=1)
                if name not in existing
            ]
        )
        users = list(User.objects.filter(username__in=names).order_by("username"))
        RoleAssignment.objects.filter(user__in=users).delete()
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(
                    user=user,
                    role=Role.CASE_WORKER,
                    team=teams[index % len(teams)],
                    municipality=teams[index % len(teams)].municipality,
                )
                for index, user in enumerate(users)
            ]
        )
        AccessAttempt.objects.filter(username__in=names).delete()
    return [
        TeamShare(
            name=team.name,
            municipality=team.municipality.name,
            cases=getattr(team, "case_count", 0),
            workers=len(range(index, count, len(teams))),
        )
        for index, team in enumerate(teams)
    ]
