"""Matrix rows of the Meldpunt Zorg en Overlast (care_desk).

The matrix puts its Meldpunt or Regieteam member in team A1 (or B). For the Meldpunt's pages the
targets make teams A1, A2 and B Meldpunt teams first, so the member is a Meldpunt user there; the
referrals are addressed to the team of the case they came from.
"""

from collections.abc import Sequence

from django.db import transaction
from django.urls import reverse

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role, TeamKind
from eropaf.care_desk.models import Referral
from eropaf.care_desk.rules import ReferralReason, ReferrerKind
from eropaf.cases.models import Case
from eropaf.escalation.services import track_for_case
from tests.test_authorisation_matrix import (
    FORBIDDEN,
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
    case_targets,
    case_workers_posting_nothing,
    for_partner_users_posting_nothing,
    for_roles,
)

WORKERS = frozenset({Role.CASE_WORKER, Role.TEAM_LEAD})
TEAM_REFERRERS = WORKERS | {Role.NEIGHBOURHOOD_TEAM_WORKER, Role.DEBT_SERVICES_WORKER}
SENDERS = TEAM_REFERRERS | {Role.PARTNER_USER}


def _team_of(case: Case) -> Team:
    assert case.team is not None
    return case.team


def _make_desks(world: World) -> None:
    Team.objects.filter(pk__in=[world.team_a1.pk, world.team_a2.pk, world.team_b.pk]).update(
        kind=TeamKind.CARE_AND_NUISANCE_DESK
    )


def desk_plain(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        _make_desks(world)
        return [Target("", reverse(name))]

    return targets


def _referral(case: Case) -> Referral:
    with transaction.atomic():
        track = track_for_case(case)
    return Referral.objects.create(
        municipality_id=case.municipality_id,
        track=track,
        case=case,
        desk_team=_team_of(case),
        reason=ReferralReason.CONCERN,
        referred_on=case.opened_on,
        referrer_kind=ReferrerKind.NEIGHBOURHOOD_TEAM,
        concerns="Zorgen",
        tried_before="Huisbezoek",
        household_situation="Alleenstaand",
        resident_informed=True,
    )


def referral_targets(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        _make_desks(world)
        cases = (("team A1", world.case_a1), ("team A2", world.case_a2), ("municipality B", world.case_b))
        return [
            Target(f"referral to {label}", reverse(name, args=[_referral(case).pk]), case.team, case=case)
            for label, case in cases
        ] + [Target("missing referral", reverse(name, args=[MISSING_ID]), missing=True)]

    return targets


def _own(actor: Actor, target: Target) -> bool:
    return target.owner is not None and target.owner == actor.team


def desk_object(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.ESCALATION_MEMBER:
        return OK if _own(actor, target) else NOT_FOUND
    return REFUSED


def taking_up(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.ESCALATION_MEMBER:
        if _own(actor, target):
            return Expect(Outcome.REDIRECT, target.path.removesuffix("oppakken/"))
        return NOT_FOUND
    return REFUSED


def closing_with_nothing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.ESCALATION_MEMBER:
        return Expect(Outcome.BAD_INPUT) if _own(actor, target) else NOT_FOUND
    return REFUSED


def start_page(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.ESCALATION_MEMBER:
        return Expect(Outcome.REDIRECT, reverse("care_desk:inbox"))
    if actor.role in WORKERS:
        return Expect(Outcome.REDIRECT, reverse("care_desk:proposals"))
    if actor.role in SENDERS:
        return Expect(Outcome.REDIRECT, reverse("care_desk:sent"))
    return FORBIDDEN


def case_of_team_referrers(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in TEAM_REFERRERS:
        return OK if _own(actor, target) else NOT_FOUND
    return REFUSED


def referring_nothing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in TEAM_REFERRERS:
        return Expect(Outcome.BAD_INPUT) if _own(actor, target) else NOT_FOUND
    return REFUSED


def shows_the_household(actor: Actor, target: Target, world: World) -> Sequence[str]:
    """The street of the household the referral or case is about."""
    if target.case is None:
        return []
    return [world.households[signal.pk].street for signal in target.case.signals.all()]


ROWS: tuple[Row, ...] = (
    Row(("care_desk:home",), desk_plain("care_desk:home"), start_page),
    Row(
        ("care_desk:inbox",),
        desk_plain("care_desk:inbox"),
        for_roles(frozenset({Role.ESCALATION_MEMBER})),
        personal_data=True,
    ),
    Row(
        ("care_desk:detail",),
        referral_targets("care_desk:detail"),
        desk_object,
        personal_data=True,
        must_show=shows_the_household,
    ),
    Row(("care_desk:take-up",), referral_targets("care_desk:take-up"), taking_up, method="post"),
    Row(
        ("care_desk:close",),
        referral_targets("care_desk:close"),
        closing_with_nothing,
        method="post",
        personal_data=True,
    ),
    Row(("care_desk:proposals",), desk_plain("care_desk:proposals"), for_roles(WORKERS), personal_data=True),
    Row(
        ("care_desk:propose-for-case",),
        case_targets("care_desk:propose-for-case"),
        case_of_team_referrers,
        personal_data=True,
        must_show=shows_the_household,
    ),
    Row(
        ("care_desk:dismiss",),
        case_targets("care_desk:dismiss"),
        case_workers_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("care_desk:refer-case",),
        case_targets("care_desk:refer-case"),
        case_of_team_referrers,
        personal_data=True,
        must_show=shows_the_household,
    ),
    Row(
        ("care_desk:refer-case",),
        case_targets("care_desk:refer-case"),
        referring_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("care_desk:refer-tenant",),
        desk_plain("care_desk:refer-tenant"),
        for_roles(frozenset({Role.PARTNER_USER})),
    ),
    Row(
        ("care_desk:refer-tenant",),
        desk_plain("care_desk:refer-tenant"),
        for_partner_users_posting_nothing,
        method="post",
    ),
    Row(("care_desk:sent",), desk_plain("care_desk:sent"), for_roles(SENDERS), personal_data=True),
)
