"""Authorisation rows of the eviction-prevention core (``escalation``): the households of the own team
only, changes by its case workers and team leads, court steps by partners of their own tenants."""

import datetime as dt

from django.urls import reverse

from eropaf.accounts.models import Team
from eropaf.accounts.roles import CASE_ROLES, Role
from eropaf.cases.models import Case
from eropaf.escalation.models import EvictionTrack, Moratorium, MoratoriumKind, SupportTask
from tests.test_authorisation_matrix import (
    LOGIN,
    MISSING_ID,
    NOT_FOUND,
    REFUSED,
    Actor,
    Expect,
    Outcome,
    Row,
    Target,
    Targets,
    World,
    case_targets,
    case_workers_posting_nothing,
    for_partner_users_posting_nothing,
    for_roles,
    plain,
)

WORKERS = frozenset({Role.CASE_WORKER, Role.TEAM_LEAD})


def _team_of(case: Case) -> Team:
    assert case.team is not None
    return case.team


def _track(case: Case) -> EvictionTrack:
    track, _created = EvictionTrack.objects.get_or_create(
        municipality=case.municipality,
        address_key=case.address_key,
        defaults={"team": _team_of(case), "address": "Huishouden in de keten"},
    )
    return track


def track_targets(name: str, extra: str = "") -> Targets:
    """A path per household (of team A1, team A2, municipality B, missing); ``extra`` adds one more
    object of the household to the path: a moratorium or a task."""

    def targets(world: World) -> list[Target]:
        found = []
        for label, case in (
            ("household of team A1", world.case_a1),
            ("household of team A2", world.case_a2),
            ("household of municipality B", world.case_b),
        ):
            track = _track(case)
            args: list[int] = [track.pk]
            if extra == "moratorium":
                args.append(
                    Moratorium.objects.create(
                        track=track, kind=MoratoriumKind.BROAD, requested_on=dt.date(2026, 1, 5)
                    ).pk
                )
            elif extra == "task":
                args.append(SupportTask.objects.create(track=track, party="resident", task="Bellen").pk)
            found.append(Target(label, reverse(name, args=args), case.team, case=case))
        missing = [MISSING_ID, MISSING_ID] if extra else [MISSING_ID]
        found.append(Target("missing household", reverse(name, args=missing), missing=True))
        return found

    return targets


def track_object(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in CASE_ROLES:
        return Expect(Outcome.OK) if target.owner is not None and target.owner == actor.team else NOT_FOUND
    return REFUSED


def _back_to_track(target: Target) -> str:
    assert target.case is not None
    return reverse("escalation:track", args=[_track(target.case).pk])


def workers_going_back_to_the_household(actor: Actor, target: Target) -> Expect:
    """A POST that needs no fields: workers of the team are sent back to the household."""
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in WORKERS:
        if target.owner is None or target.owner != actor.team:
            return NOT_FOUND
        return Expect(Outcome.REDIRECT, _back_to_track(target))
    return REFUSED


ROWS: tuple[Row, ...] = (
    Row(("escalation:overview",), plain("escalation:overview"), for_roles(CASE_ROLES), personal_data=True),
    Row(("escalation:track",), track_targets("escalation:track"), track_object, personal_data=True),
    *(
        Row((name,), track_targets(name), case_workers_posting_nothing, method="post", personal_data=True)
        for name in (
            "escalation:record-step",
            "escalation:moratorium",
            "escalation:task-add",
        )
    ),
    # Empty forms that are valid: "no arrangement yet", "no minors, not vulnerable".
    *(
        Row((name,), track_targets(name), workers_going_back_to_the_household, method="post")
        for name in ("escalation:housing", "escalation:protection")
    ),
    Row(
        ("escalation:moratorium-decision",),
        track_targets("escalation:moratorium-decision", "moratorium"),
        case_workers_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("escalation:tasks-standard",),
        track_targets("escalation:tasks-standard"),
        workers_going_back_to_the_household,
        method="post",
    ),
    Row(
        ("escalation:task-done",),
        track_targets("escalation:task-done", "task"),
        workers_going_back_to_the_household,
        method="post",
    ),
    Row(
        ("escalation:follow-case",),
        case_targets("escalation:follow-case"),
        workers_going_back_to_the_household,
        method="post",
    ),
    Row(("escalation:report",), plain("escalation:report"), for_roles(frozenset({Role.PARTNER_USER}))),
    Row(("escalation:report",), plain("escalation:report"), for_partner_users_posting_nothing, method="post"),
)
