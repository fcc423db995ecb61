"""Authorisation rows of the Regieteam route (``coordination``).

Regieteam members are escalation members of a team of kind COORDINATION_TEAM. The matrix's world
has early-detection teams only, so the targets make team A1 and team B Regieteams first: the
escalation member of each tenant is then a Regieteam member, and team A1 is at the same time the
responsible team of household A1 (and team B of household B). Each tenant gets a case form filed by
its landlord for that household, a meeting of its Regieteam and the form on the meeting's agenda.
"""

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import Team
from eropaf.accounts.roles import CASE_ROLES, Role, TeamKind
from eropaf.cases.models import Case
from eropaf.coordination.models import AgendaItem, CaseForm, Meeting
from eropaf.coordination.rules import AgendaReason, FormStatus
from eropaf.coordination.selectors import STAFF_ROLES
from eropaf.escalation.services import track_for_household
from eropaf.organisations.models import Partner
from tests.test_authorisation_matrix import (
    FORBIDDEN,
    LOGIN,
    MISSING_ID,
    NOT_FOUND,
    OK,
    REFUSED,
    Actor,
    Expect,
    Expectation,
    Outcome,
    Row,
    Target,
    Targets,
    World,
    case_targets,
    for_partner_users_posting_nothing,
    for_roles,
)

BAD_INPUT = Expect(Outcome.BAD_INPUT)


@dataclass(frozen=True)
class Filed:
    form: CaseForm
    meeting: Meeting
    item: AgendaItem
    team: Team
    partner: Partner


def _file(case: Case, team: Team, partner: Partner) -> Filed:
    Team.objects.filter(pk=team.pk).update(kind=TeamKind.COORDINATION_TEAM)
    team.kind = TeamKind.COORDINATION_TEAM
    signal = case.signals.get()
    today = timezone.localdate()
    with transaction.atomic():
        track = track_for_household(
            municipality=case.municipality, address_key=case.address_key, landlord=partner
        )
    form = CaseForm.objects.create(
        track=track,
        municipality=case.municipality,
        partner=partner,
        partner_reference=signal.reference,
        filed_on=today,
        tried_before="Betalingsregeling aangeboden",
        why_not_enough="Niet nagekomen",
        is_multi_problem=True,
        arrear_cents=180_000,
        expected_court_on=today,
        tenant_informed=True,
        status=FormStatus.ON_AGENDA,
    )
    meeting = Meeting.objects.create(team=team, municipality=case.municipality, held_on=today)
    item = AgendaItem.objects.create(meeting=meeting, case_form=form, position=1, reason=AgendaReason.FIRST)
    return Filed(form, meeting, item, team, partner)


def _both(world: World) -> tuple[Filed, Filed]:
    return (
        _file(world.case_a1, world.team_a1, world.partner_a),
        _file(world.case_b, world.team_b, world.partner_b),
    )


def regieteams(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        _both(world)
        return [Target("", reverse(name))]

    return targets


def meeting_targets(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        a, b = _both(world)
        return [
            Target("meeting of Regieteam A1", reverse(name, args=[a.meeting.pk]), a.team),
            Target("meeting of Regieteam B", reverse(name, args=[b.meeting.pk]), b.team),
            Target("missing meeting", reverse(name, args=[MISSING_ID]), missing=True),
        ]

    return targets


def item_targets(world: World) -> list[Target]:
    a, b = _both(world)
    name = "coordination:decide"
    return [
        Target("item of Regieteam A1", reverse(name, args=[a.item.pk]), a.team),
        Target("item of Regieteam B", reverse(name, args=[b.item.pk]), b.team),
        Target("missing item", reverse(name, args=[MISSING_ID]), missing=True),
    ]


def form_targets(name: str, *, by_partner: bool) -> Targets:
    def targets(world: World) -> list[Target]:
        a, b = _both(world)
        return [
            Target(
                "form of household A1", reverse(name, args=[a.form.pk]), a.partner if by_partner else a.team
            ),
            Target(
                "form of household B", reverse(name, args=[b.form.pk]), b.partner if by_partner else b.team
            ),
            Target("missing form", reverse(name, args=[MISSING_ID]), missing=True),
        ]

    return targets


def overview(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.ESCALATION_MEMBER:
        return OK
    if actor.role is Role.PARTNER_USER:
        return Expect(Outcome.REDIRECT, reverse("coordination:landlord-list"))
    return FORBIDDEN


def members_posting_nothing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    return BAD_INPUT if actor.role is Role.ESCALATION_MEMBER else FORBIDDEN


def members_of_the_meeting(answer: Expect) -> Expectation:
    def expect(actor: Actor, target: Target) -> Expect:
        if actor.subject.anonymous:
            return LOGIN
        if actor.role is Role.ESCALATION_MEMBER:
            return answer if target.owner is not None and target.owner == actor.team else NOT_FOUND
        return REFUSED

    return expect


def responsible_team_or_regieteam(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in CASE_ROLES:
        return OK if target.owner is not None and target.owner == actor.team else NOT_FOUND
    return REFUSED


def own_landlord(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.PARTNER_USER:
        return OK if target.owner is not None and target.owner == actor.partner else NOT_FOUND
    return REFUSED


def staff_of_the_case(answer: Expect) -> Expectation:
    def expect(actor: Actor, target: Target) -> Expect:
        if actor.subject.anonymous:
            return LOGIN
        if actor.role in STAFF_ROLES:
            return answer if target.owner is not None and target.owner == actor.team else NOT_FOUND
        return REFUSED

    return expect


def own_household_street(actor: Actor, target: Target, world: World) -> list[str]:
    """The Regieteam's lists and agendas show the address of the own tenant's household."""
    own = world.case_a1 if actor.team == world.team_a1 else world.case_b
    return [signal.street for signal in own.signals.all()]


def own_reference(actor: Actor, target: Target, world: World) -> list[str]:
    own = world.case_a1 if actor.partner == world.partner_a else world.case_b
    return [signal.reference for signal in own.signals.all()]


ROWS: tuple[Row, ...] = (
    Row(
        ("coordination:overview",),
        regieteams("coordination:overview"),
        overview,
        personal_data=True,
        must_show=own_household_street,
    ),
    Row(
        ("coordination:meeting-create",),
        regieteams("coordination:meeting-create"),
        members_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("coordination:meeting",),
        meeting_targets("coordination:meeting"),
        members_of_the_meeting(OK),
        personal_data=True,
        must_show=own_household_street,
    ),
    Row(
        ("coordination:agenda",),
        meeting_targets("coordination:agenda"),
        members_of_the_meeting(OK),
        personal_data=True,
        must_show=own_household_street,
    ),
    Row(
        ("coordination:agenda-add",),
        meeting_targets("coordination:agenda-add"),
        members_of_the_meeting(BAD_INPUT),
        method="post",
        personal_data=True,
    ),
    Row(
        ("coordination:decide",),
        item_targets,
        members_of_the_meeting(OK),
        personal_data=True,
        must_show=own_household_street,
    ),
    Row(
        ("coordination:decide",),
        item_targets,
        members_of_the_meeting(BAD_INPUT),
        method="post",
        personal_data=True,
    ),
    Row(
        ("coordination:case-form",),
        form_targets("coordination:case-form", by_partner=False),
        responsible_team_or_regieteam,
        personal_data=True,
        must_show=own_household_street,
    ),
    Row(
        ("coordination:file-for-case",),
        case_targets("coordination:file-for-case"),
        staff_of_the_case(OK),
    ),
    Row(
        ("coordination:file-for-case",),
        case_targets("coordination:file-for-case"),
        staff_of_the_case(BAD_INPUT),
        method="post",
    ),
    Row(
        ("coordination:landlord-list",),
        regieteams("coordination:landlord-list"),
        for_roles(frozenset({Role.PARTNER_USER})),
        must_show=own_reference,
    ),
    Row(
        ("coordination:landlord-file",),
        regieteams("coordination:landlord-file"),
        for_roles(frozenset({Role.PARTNER_USER})),
    ),
    Row(
        ("coordination:landlord-file",),
        regieteams("coordination:landlord-file"),
        for_partner_users_posting_nothing,
        method="post",
    ),
    Row(
        ("coordination:landlord-form",),
        form_targets("coordination:landlord-form", by_partner=True),
        own_landlord,
        personal_data=True,
        must_show=own_reference,
    ),
)
