"""Authorisation rows of the dashboard, the national indicators, "what works" and their downloads
(``reporting.dashboard_urls``): figures for team leads and policy officers of their own
municipality; the case queue as a file (personal data) for team leads, of their own team."""

from collections.abc import Sequence
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import Team
from eropaf.accounts.roles import REPORTING_ROLES, Role
from eropaf.core.periods import format_period
from eropaf.intake.quality import period_range_from
from tests.test_authorisation_matrix import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Actor,
    Expect,
    Outcome,
    Row,
    Target,
    Targets,
    World,
    case_list_shows,
    for_roles,
)


def municipality_targets(name: str, *args: str) -> Targets:
    """The page for the user's own municipality (no code), and named by the code of A and of B; the
    owner of a coded target is a team of that municipality."""

    def targets(world: World) -> list[Target]:
        path = reverse(name, args=list(args))
        return [
            Target("own municipality", path),
            Target("municipality A", f"{path}?gemeente={world.municipality_a.code}", world.team_a1),
            Target("municipality B", f"{path}?gemeente={world.municipality_b.code}", world.team_b),
        ]

    return targets


def reporting_of_own_municipality(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role not in REPORTING_ROLES:
        return FORBIDDEN
    owner = target.owner
    if owner is None:
        return OK
    if isinstance(owner, Team) and actor.municipality is not None:
        return OK if owner.municipality_id == actor.municipality.pk else NOT_FOUND
    return NOT_FOUND


def shows_the_municipality(actor: Actor, target: Target, world: World) -> Sequence[str]:
    return [actor.municipality.name] if actor.municipality is not None else []


def back_to_the_dashboard(actor: Actor, target: Target) -> Expect:
    """Asking for a new count of the figures: refused as the dashboard is, else back to it."""
    expect = reporting_of_own_municipality(actor, target)
    if expect != OK:
        return expect
    code = actor.municipality.code if actor.municipality is not None else ""
    months, _error = period_range_from(first=None, last=None, today=timezone.localdate())
    query = urlencode(
        {"gemeente": code, "van": format_period(months.first), "tot": format_period(months.last)}
    )
    return Expect(Outcome.REDIRECT, f"{reverse('reporting:dashboard')}?{query}")


def queue_targets(world: World) -> list[Target]:
    name = "reporting:case-queue-export"
    return [Target("CSV", reverse(name, args=["csv"])), Target("Excel", reverse(name, args=["xlsx"]))]


def queue_shows(actor: Actor, target: Target, world: World) -> Sequence[str]:
    """This month's households of the lead's own team, in the CSV (the Excel file is compressed)."""
    return case_list_shows(actor, target, world) if target.path.endswith(".csv") else []


ROWS: tuple[Row, ...] = (
    *(
        Row(
            (name,),
            municipality_targets(name),
            reporting_of_own_municipality,
            must_show=shows_the_municipality,
        )
        for name in ("reporting:dashboard", "reporting:indicators", "reporting:what-works")
    ),
    Row(
        ("reporting:dashboard-table",),
        municipality_targets("reporting:dashboard-table", "wijken", "csv"),
        reporting_of_own_municipality,
    ),
    Row(
        ("reporting:figures-status",),
        municipality_targets("reporting:figures-status"),
        reporting_of_own_municipality,
    ),
    Row(
        ("reporting:refresh-figures",),
        municipality_targets("reporting:refresh-figures"),
        back_to_the_dashboard,
        method="post",
    ),
    Row(
        ("reporting:case-queue-export",),
        queue_targets,
        for_roles(frozenset({Role.TEAM_LEAD})),
        personal_data=True,
        must_show=queue_shows,
    ),
)
