"""Authorisation-matrix rows for Signalering+ (every URL of the app).

Case workers and team leads of the responsible team see its pages; team leads alone plan
consultations and record decisions. Objects of team A2 and municipality B answer 404 like a missing
id; every other role is refused.
"""

from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation, ExtraAction
from eropaf.signalering_plus.rules import AgendaKind
from tests.test_authorisation_matrix import (
    LOGIN,
    MISSING_ID,
    NOT_FOUND,
    OK,
    REFUSED,
    Actor,
    Expect,
    Outcome,
    Row,
    Target,
    Targets,
    World,
    case_detail_shows,
    for_roles,
    plain,
)

WORKERS = frozenset({Role.CASE_WORKER, Role.TEAM_LEAD})


def _admitted(
    world: World, team: Team, case: Case
) -> tuple[Consultation, AgendaItem, Admission, ExtraAction]:
    partner = world.partner_a if team.municipality == world.municipality_a else world.partner_b
    consultation = Consultation.objects.create(
        municipality=team.municipality, team=team, corporation=partner, held_on=timezone.localdate()
    )
    admission = Admission.objects.create(
        municipality=team.municipality,
        address_key=case.address_key,
        team=team,
        corporation=partner,
        case=case,
        consultation=consultation,
        admitted_on=consultation.held_on,
    )
    item = AgendaItem.objects.create(
        consultation=consultation, case=case, kind=AgendaKind.ADMITTED, admission=admission
    )
    action = ExtraAction.objects.create(
        admission=admission,
        kind="care_conference",
        owner_party="GGD",
        agreed_on=consultation.held_on,
        due_on=consultation.held_on,
    )
    return consultation, item, admission, action


def object_targets(name: str, pick: int) -> Targets:
    """Targets for objects of team A1, team A2 and municipality B, and a missing id; ``pick`` chooses
    the consultation (0), agenda item (1), admission (2) or extra action (3) of each."""

    def targets(world: World) -> list[Target]:
        found = []
        for label, team, case in (
            ("team A1", world.team_a1, world.case_a1),
            ("team A2", world.team_a2, world.case_a2),
            ("municipality B", world.team_b, world.case_b),
        ):
            chosen = _admitted(world, team, case)[pick]
            found.append(Target(f"{label}", reverse(name, args=[chosen.pk]), team, case=case))
        return [*found, Target("missing", reverse(name, args=[MISSING_ID]), missing=True)]

    return targets


def workers_of_the_team(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in WORKERS:
        return OK if target.owner is not None and target.owner == actor.team else NOT_FOUND
    return REFUSED


def workers_posting_nothing(actor: Actor, target: Target) -> Expect:
    """An empty form reaches the view (400) for workers of the team; others never learn of it."""
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in WORKERS:
        own = target.owner is not None and target.owner == actor.team
        return Expect(Outcome.BAD_INPUT) if own else NOT_FOUND
    return REFUSED


def leads_posting_nothing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.TEAM_LEAD:
        own = target.owner is not None and target.owner == actor.team
        return Expect(Outcome.BAD_INPUT) if own else NOT_FOUND
    return REFUSED


def leads_refreshing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.TEAM_LEAD:
        if target.owner is None or target.owner != actor.team:
            return NOT_FOUND
        # The path of the refresh minus its last part is the consultation's page.
        return Expect(Outcome.REDIRECT, target.path.removesuffix("agenda-aanvullen/"))
    return REFUSED


def leads_planning_nothing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    return Expect(Outcome.BAD_INPUT) if actor.role is Role.TEAM_LEAD else REFUSED


ROWS: tuple[Row, ...] = (
    Row(
        ("signalering_plus:overview",),
        plain("signalering_plus:overview"),
        for_roles(WORKERS),
        personal_data=True,
    ),
    Row(
        ("signalering_plus:consultation-create",),
        plain("signalering_plus:consultation-create"),
        leads_planning_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("signalering_plus:consultation",),
        object_targets("signalering_plus:consultation", 0),
        workers_of_the_team,
        personal_data=True,
        must_show=case_detail_shows,
    ),
    Row(
        ("signalering_plus:consultation-refresh",),
        object_targets("signalering_plus:consultation-refresh", 0),
        leads_refreshing,
        method="post",
    ),
    Row(
        ("signalering_plus:decide",),
        object_targets("signalering_plus:decide", 1),
        leads_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("signalering_plus:admission",),
        object_targets("signalering_plus:admission", 2),
        workers_of_the_team,
        personal_data=True,
        must_show=case_detail_shows,
    ),
    Row(
        ("signalering_plus:action-create",),
        object_targets("signalering_plus:action-create", 2),
        workers_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("signalering_plus:actions",),
        plain("signalering_plus:actions"),
        for_roles(WORKERS),
        personal_data=True,
    ),
    Row(
        ("signalering_plus:action-done",),
        object_targets("signalering_plus:action-done", 3),
        workers_posting_nothing,
        method="post",
        personal_data=True,
    ),
)
