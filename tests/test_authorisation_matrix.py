"""The authorisation matrix: who may open which URL, for every URL of the project.

``test_every_url_pattern_has_a_row`` walks the whole URL configuration (the UI, the API and the
Django admin); a new URL fails the suite until a row here decides who may open it.

Every row is then requested by: anonymous; a user of every role in the *own* tenant
(municipality A, team A1, partner A); the same role in the *other* tenant (municipality B,
team B, partner B); an active user without any role; and a Django superuser without a role.
Object pages are requested with the id of an object of team A1 (or partner A), of team A2 (same
municipality, other team), of municipality B and with an id that does not exist. A refused object
page must answer exactly like a missing one, so ids of other tenants reveal nothing.

Every response (allowed or not) is searched for the surnames, BSNs and streets of households the
user may not see there, and for the name of the other municipality.
"""

import datetime as dt
import enum
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from eropaf.accounts.api_tokens import create_api_token
from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import CASE_ROLES, REPORTING_ROLES, Role, Scope
from eropaf.cases.models import Case
from eropaf.core.periods import period_of, shift_months
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.models import Delivery, Signal, Upload, UploadStatus
from eropaf.letters.models import GeneratedLetter
from eropaf.matching.models import MatchingRun, ReviewItem
from eropaf.matching.selectors import SETTINGS_ROLES
from eropaf.organisations.models import Municipality, Partner
from eropaf.triage.selectors import POLICY_ROLES
from eropaf.triage.services import draft_from_preset
from tests.factories import (
    PASSWORD,
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    TeamFactory,
    UserFactory,
    make_case_with_signal,
    make_superuser,
    make_user_with_role,
)

ADMIN_NAMESPACE = "admin"
MISSING_ID = 999_999

# Distinctive words, so finding one in a page can only mean the data was shown.
MUNICIPALITY_A = "Hoogwaterland"
MUNICIPALITY_B = "Verwegenveen"
DELIVERY_FILE_A = "huur-hoogwaterland.csv"
DELIVERY_FILE_B = "energie-verwegenveen.csv"


# --------------------------------------------------------------------------------------------
# Who asks
# --------------------------------------------------------------------------------------------


class Tenant(enum.StrEnum):
    OWN = "own"  # municipality A, team A1, partner A
    OTHER = "other"  # municipality B, team B, partner B


# What only users of that tenant may ever see (team and partner names contain the municipality's).
TENANT_MARKERS = {
    Tenant.OWN: (MUNICIPALITY_A, DELIVERY_FILE_A),
    Tenant.OTHER: (MUNICIPALITY_B, DELIVERY_FILE_B),
}


@dataclass(frozen=True)
class Subject:
    label: str
    role: Role | None = None
    tenant: Tenant | None = None
    anonymous: bool = False
    superuser: bool = False


SUBJECTS: tuple[Subject, ...] = (
    Subject("anonymous", anonymous=True),
    *(Subject(f"{role.value}@{tenant}", role=role, tenant=tenant) for role in Role for tenant in Tenant),
    Subject("no_role"),
    Subject("superuser", superuser=True),
)


# --------------------------------------------------------------------------------------------
# The world: two municipalities, three teams, two partners, three households
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Household:
    surname: str
    bsn: str
    street: str

    @property
    def personal_data(self) -> tuple[str, str, str]:
        return (self.surname, self.bsn, self.street)


HOUSEHOLD_A1 = Household("Zonnebloemvink", "111222333", "Lindeboomgaard")
HOUSEHOLD_A1_LAST_MONTH = Household("Korenaarsma", "444555663", "Hazelaarhof")
HOUSEHOLD_A2 = Household("Wilgenkampers", "222333443", "Elzenkamplaan")
HOUSEHOLD_B = Household("Vreemdelinck", "333444553", "Verrewegweg")


@dataclass(frozen=True)
class World:
    municipality_a: Municipality
    municipality_b: Municipality
    team_a1: Team
    team_a2: Team
    team_b: Team
    partner_a: Partner
    partner_b: Partner
    delivery_a: Delivery
    delivery_b: Delivery
    case_a1: Case
    case_a1_last_month: Case
    case_a2: Case
    case_b: Case
    households: dict[int, Household] = field(default_factory=dict)  # signal id → household

    def signals(self) -> Iterator[Signal]:
        for case in (self.case_a1, self.case_a1_last_month, self.case_a2, self.case_b):
            yield from case.signals.all()


def build_world() -> World:
    this_month = period_of(timezone.localdate())  # the product's "this month"
    municipality_a = MunicipalityFactory.create(code="0501", name=MUNICIPALITY_A)
    municipality_b = MunicipalityFactory.create(code="0502", name=MUNICIPALITY_B)
    team_a1 = TeamFactory.create(municipality=municipality_a, name=f"Vroegsignalering {MUNICIPALITY_A}")
    team_a2 = TeamFactory.create(municipality=municipality_a, name=f"Wijkteam {MUNICIPALITY_A}-Oost")
    team_b = TeamFactory.create(municipality=municipality_b, name=f"Vroegsignalering {MUNICIPALITY_B}")
    partner_a = PartnerFactory.create(name=f"Woonstichting {MUNICIPALITY_A}", municipalities=[municipality_a])
    partner_b = PartnerFactory.create(name=f"Energie {MUNICIPALITY_B} B.V.", municipalities=[municipality_b])
    delivery_a = DeliveryFactory.create(partner=partner_a, period=this_month, file_name=DELIVERY_FILE_A)
    delivery_b = DeliveryFactory.create(partner=partner_b, period=this_month, file_name=DELIVERY_FILE_B)
    last_month = shift_months(this_month, -1)
    delivery_a_last_month = DeliveryFactory.create(partner=partner_a, period=last_month)

    households: dict[int, Household] = {}

    def case_for(team: Team, delivery: Delivery, household: Household, period: dt.date) -> Case:
        case = make_case_with_signal(
            team=team,
            delivery=delivery,
            period=period,
            surname=household.surname,
            bsn=household.bsn,
            street=household.street,
        )
        for signal in case.signals.all():
            households[signal.pk] = household
        return case

    return World(
        municipality_a=municipality_a,
        municipality_b=municipality_b,
        team_a1=team_a1,
        team_a2=team_a2,
        team_b=team_b,
        partner_a=partner_a,
        partner_b=partner_b,
        delivery_a=delivery_a,
        delivery_b=delivery_b,
        case_a1=case_for(team_a1, delivery_a, HOUSEHOLD_A1, this_month),
        case_a1_last_month=case_for(team_a1, delivery_a_last_month, HOUSEHOLD_A1_LAST_MONTH, last_month),
        case_a2=case_for(team_a2, delivery_a, HOUSEHOLD_A2, this_month),
        case_b=case_for(team_b, delivery_b, HOUSEHOLD_B, this_month),
        households=households,
    )


@dataclass(frozen=True)
class Actor:
    """A subject made real in the world."""

    subject: Subject
    user: User | None
    team: Team | None = None
    partner: Partner | None = None
    municipality: Municipality | None = None

    @property
    def role(self) -> Role | None:
        return self.subject.role


def make_actor(subject: Subject, world: World) -> Actor:
    if subject.anonymous:
        return Actor(subject, None)
    if subject.superuser:
        return Actor(subject, make_superuser())
    if subject.role is None:
        return Actor(subject, UserFactory.create())
    own = subject.tenant is Tenant.OWN
    municipality = world.municipality_a if own else world.municipality_b
    if subject.role.scope is Scope.TEAM:
        team = world.team_a1 if own else world.team_b
        return Actor(
            subject, make_user_with_role(subject.role, team=team), team=team, municipality=municipality
        )
    if subject.role.scope is Scope.PARTNER:
        partner = world.partner_a if own else world.partner_b
        return Actor(subject, make_user_with_role(subject.role, partner=partner), partner=partner)
    user = make_user_with_role(subject.role, municipality=municipality)
    return Actor(subject, user, municipality=municipality)


# --------------------------------------------------------------------------------------------
# What should happen
# --------------------------------------------------------------------------------------------


class Outcome(enum.Enum):
    OK = "200"
    REDIRECT = "302 to a given page"
    LOGIN = "302 to the login page with ?next="
    ADMIN_LOGIN = "302 to the admin login page"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    REFUSED = "403 or 404, the same as for a missing id"
    API_REFUSED = "401 or 403 problem+json"
    BAD_INPUT = "400: reached the view, which refused the empty form"


@dataclass(frozen=True)
class Expect:
    outcome: Outcome
    location: str = ""

    def __str__(self) -> str:
        return f"{self.outcome.value} {self.location}".strip()


OK = Expect(Outcome.OK)
LOGIN = Expect(Outcome.LOGIN)
FORBIDDEN = Expect(Outcome.FORBIDDEN)
NOT_FOUND = Expect(Outcome.NOT_FOUND)
REFUSED = Expect(Outcome.REFUSED)


@dataclass(frozen=True)
class Target:
    """One concrete request of a row: a path and who owns the object in it (if any)."""

    label: str
    path: str
    owner: Team | Partner | None = None
    missing: bool = False
    case: Case | None = None


Expectation = Callable[[Actor, Target], Expect]
Targets = Callable[[World], list[Target]]


@dataclass(frozen=True)
class Row:
    """One line of the matrix. ``covers`` are URL names; a name ending in ':' is a namespace."""

    covers: tuple[str, ...]
    targets: Targets
    expect: Expectation
    method: str = "get"
    # May the page show personal data at all (of households the actor may see)?
    personal_data: bool = False
    # Strings a page must show when it is allowed (so the leak check is not vacuous).
    must_show: Callable[[Actor, Target, World], Sequence[str]] = lambda *_: ()

    @property
    def id(self) -> str:
        name = self.covers[0]
        label = f"{name}*" if name.endswith(":") else name
        return label if self.method == "get" else f"{label}[{self.method}]"


def plain(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        return [Target("", reverse(name))]

    return targets


def case_targets(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        return [
            Target(
                "case of team A1", reverse(name, args=[world.case_a1.pk]), world.team_a1, case=world.case_a1
            ),
            Target(
                "case of team A2", reverse(name, args=[world.case_a2.pk]), world.team_a2, case=world.case_a2
            ),
            Target(
                "case of municipality B",
                reverse(name, args=[world.case_b.pk]),
                world.team_b,
                case=world.case_b,
            ),
            Target("missing case", reverse(name, args=[MISSING_ID]), missing=True),
        ]

    return targets


def delivery_targets(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        return [
            Target("delivery of partner A", reverse(name, args=[world.delivery_a.pk]), world.partner_a),
            Target("delivery of partner B", reverse(name, args=[world.delivery_b.pk]), world.partner_b),
            Target("missing delivery", reverse(name, args=[MISSING_ID]), missing=True),
        ]

    return targets


def for_roles(roles: frozenset[Role]) -> Expectation:
    """A page of the UI for some roles: anonymous to login, other users 403."""

    def expect(actor: Actor, target: Target) -> Expect:
        if actor.subject.anonymous:
            return LOGIN
        return OK if actor.role in roles else FORBIDDEN

    return expect


def case_object(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in CASE_ROLES:
        return OK if target.owner is not None and target.owner == actor.team else NOT_FOUND
    return REFUSED


def case_workers_posting_nothing(actor: Actor, target: Target) -> Expect:
    """Only case workers and team leads of the case's team reach the form (and its 400)."""
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in {Role.CASE_WORKER, Role.TEAM_LEAD}:
        own = target.owner is not None and target.owner == actor.team
        return Expect(Outcome.BAD_INPUT) if own else NOT_FOUND
    return REFUSED


def team_leads_assigning_nothing(actor: Actor, target: Target) -> Expect:
    """An empty assignment goes back to the case list, for team leads only."""
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.TEAM_LEAD:
        return Expect(Outcome.REDIRECT, reverse("cases:list") + "?periode=")
    return FORBIDDEN


def making_a_letter_of_nothing(actor: Actor, target: Target) -> Expect:
    """Workers of the case's team go back to the case (no kind chosen); others never learn of it."""
    if actor.subject.anonymous:
        return LOGIN
    if actor.role in {Role.CASE_WORKER, Role.TEAM_LEAD}:
        if target.case is None or target.owner is None or target.owner != actor.team:
            return NOT_FOUND
        return Expect(Outcome.REDIRECT, reverse("cases:detail", args=[target.case.pk]))
    return REFUSED


def letter_targets(world: World) -> list[Target]:
    letters = {
        case: GeneratedLetter.objects.create(
            case=case,
            kind="offer",
            title="Brief",
            rendered_text="",
            pdf=ContentFile(b"%PDF-1.4", name="brief.pdf"),
        )
        for case in (world.case_a1, world.case_b)
    }
    return [
        Target("letter of team A1", reverse("letters:pdf", args=[letters[world.case_a1].pk]), world.team_a1),
        Target(
            "letter of municipality B", reverse("letters:pdf", args=[letters[world.case_b].pk]), world.team_b
        ),
        Target("missing letter", reverse("letters:pdf", args=[MISSING_ID]), missing=True),
    ]


def delivery_object(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is Role.PARTNER_USER:
        return OK if target.owner is not None and target.owner == actor.partner else NOT_FOUND
    return REFUSED


def public(actor: Actor, target: Target) -> Expect:
    return OK


HOME_OF_ROLE = {
    **dict.fromkeys(CASE_ROLES, "cases:list"),
    Role.PARTNER_USER: "intake:list",
    Role.POLICY_OFFICER: "reporting:overview",
    Role.ADMINISTRATOR: "organisations:overview",
}


def home(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is None:
        return FORBIDDEN  # a user without a role has no start page
    return Expect(Outcome.REDIRECT, reverse(HOME_OF_ROLE[actor.role]))


def login_page(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return OK
    return Expect(Outcome.REDIRECT, reverse("accounts:home"))


def logout(actor: Actor, target: Target) -> Expect:
    return Expect(Outcome.REDIRECT, reverse("accounts:login"))


def api_authenticated(actor: Actor, target: Target) -> Expect:
    return Expect(Outcome.API_REFUSED) if actor.subject.anonymous else OK


def admin_targets(world: World) -> list[Target]:
    """The index, the change list of every registered model and change pages of world objects."""
    targets = [Target("index", reverse("admin:index"))]
    for model in admin.site._registry:
        meta = model._meta
        targets.append(
            Target(
                f"{meta.label_lower} list", reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            )
        )
    # The admin's own pages beyond the change lists: the audit trail's person search.
    targets.append(Target("audit person search", reverse("admin:audit_auditevent_person_search")))
    objects: list[Model] = [world.case_a1, world.municipality_a, world.team_a1, world.partner_a]
    for obj in objects:
        meta = obj._meta
        if type(obj) in admin.site._registry:
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            targets.append(Target(f"{meta.label_lower} change", url))
    return targets


def admin_site(actor: Actor, target: Target) -> Expect:
    return OK if actor.subject.superuser else Expect(Outcome.ADMIN_LOGIN)


def case_detail_shows(actor: Actor, target: Target, world: World) -> Sequence[str]:
    assert target.case is not None
    return [signal.surname for signal in target.case.signals.all()]


def case_list_shows(actor: Actor, target: Target, world: World) -> Sequence[str]:
    """This month's households of the actor's own team."""
    cases = [world.case_a1, world.case_a2, world.case_b]
    return [world.households[s.pk].surname for c in cases if c.team == actor.team for s in c.signals.all()]


def own_deliveries_show(actor: Actor, target: Target, world: World) -> Sequence[str]:
    deliveries = [world.delivery_a, world.delivery_b]
    return [d.file_name for d in deliveries if d.partner == actor.partner]


def for_partner_users_posting_nothing(actor: Actor, target: Target) -> Expect:
    """A form post without fields: partner users reach the form's errors, others are refused."""
    if actor.subject.anonymous:
        return LOGIN
    return Expect(Outcome.BAD_INPUT) if actor.role is Role.PARTNER_USER else FORBIDDEN


def upload_targets(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        uploads = {
            partner: Upload.objects.create(
                partner=partner,
                channel=DeliveryChannel.PORTAL,
                file_name="signalen.csv",
                status=UploadStatus.DONE,
            )
            for partner in (world.partner_a, world.partner_b)
        }
        return [
            Target(f"upload of {label}", reverse(name, args=[uploads[partner].pk]), partner)
            for label, partner in (("partner A", world.partner_a), ("partner B", world.partner_b))
        ] + [Target("missing upload", reverse(name, args=[MISSING_ID]), missing=True)]

    return targets


def token_targets(world: World) -> list[Target]:
    name = "intake:token-revoke"
    tokens = {
        partner: create_api_token(partner=partner, name="Boekhouding", created_by=None).token
        for partner in (world.partner_a, world.partner_b)
    }
    return [
        Target("key of partner A", reverse(name, args=[tokens[world.partner_a].pk]), world.partner_a),
        Target("key of partner B", reverse(name, args=[tokens[world.partner_b].pk]), world.partner_b),
        Target("missing key", reverse(name, args=[MISSING_ID]), missing=True),
    ]


def partner_quality_targets(world: World) -> list[Target]:
    name = "reporting:partner-quality"
    return [
        Target("partner A", reverse(name, args=[world.partner_a.pk]), world.partner_a),
        Target("partner B", reverse(name, args=[world.partner_b.pk]), world.partner_b),
        Target("missing partner", reverse(name, args=[MISSING_ID]), missing=True),
    ]


def partner_of_own_municipality(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role not in REPORTING_ROLES:
        return FORBIDDEN
    owner = target.owner
    serves = (
        isinstance(owner, Partner)
        and actor.municipality is not None
        and owner.municipalities.filter(pk=actor.municipality.pk).exists()
    )
    return OK if serves else NOT_FOUND


def partner_api_only(actor: Actor, target: Target) -> Expect:
    """Partner endpoints take a partner API key only; a browser session never opens them."""
    return Expect(Outcome.API_REFUSED)


def api_delivery_targets(world: World) -> list[Target]:
    return [
        Target(
            "delivery of partner A",
            reverse("api:delivery-detail", args=[world.delivery_a.pk]),
            world.partner_a,
        ),
        Target("missing delivery", reverse("api:delivery-detail", args=[MISSING_ID]), missing=True),
    ]


def own_municipality_shows(actor: Actor, target: Target, world: World) -> Sequence[str]:
    if actor.subject.tenant is None:
        return []
    return [MUNICIPALITY_A if actor.subject.tenant is Tenant.OWN else MUNICIPALITY_B]


def run_targets(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        period = period_of(timezone.localdate())
        runs = {
            team: MatchingRun.objects.create(municipality=team.municipality, period=period)
            for team in (world.team_a1, world.team_b)
        }
        return [
            Target("run of municipality A", reverse(name, args=[runs[world.team_a1].pk]), world.team_a1),
            Target("run of municipality B", reverse(name, args=[runs[world.team_b].pk]), world.team_b),
            Target("missing run", reverse(name, args=[MISSING_ID]), missing=True),
        ]

    return targets


def run_of_own_municipality(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role is not Role.TEAM_LEAD:
        return FORBIDDEN
    owner = target.owner
    own = isinstance(owner, Team) and owner.municipality == actor.municipality
    return OK if own else NOT_FOUND


def team_leads_posting_nothing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    return Expect(Outcome.BAD_INPUT) if actor.role is Role.TEAM_LEAD else FORBIDDEN


def review_targets(name: str) -> Targets:
    def targets(world: World) -> list[Target]:
        reviews = {
            case: ReviewItem.objects.create(signal=case.signals.get(), candidates=[])
            for case in (world.case_a1, world.case_b)
        }
        return [
            Target(
                "review of team A1",
                reverse(name, args=[reviews[world.case_a1].pk]),
                world.team_a1,
                case=world.case_a1,
            ),
            Target(
                "review of municipality B",
                reverse(name, args=[reviews[world.case_b].pk]),
                world.team_b,
                case=world.case_b,
            ),
            Target("missing review", reverse(name, args=[MISSING_ID]), missing=True),
        ]

    return targets


def confirming_nothing(actor: Actor, target: Target) -> Expect:
    """An empty confirmation goes back to the review, but only for whom may see it."""
    expect = case_object(actor, target)
    if expect is not OK:
        return expect
    return Expect(Outcome.REDIRECT, target.path.removesuffix("bevestigen/"))


def rejecting(actor: Actor, target: Target) -> Expect:
    expect = case_object(actor, target)
    if expect is not OK or target.case is None:
        return expect
    return Expect(Outcome.REDIRECT, reverse("cases:detail", args=[target.case.pk]))


def settings_roles_posting_nothing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    return Expect(Outcome.BAD_INPUT) if actor.role in SETTINGS_ROLES else FORBIDDEN


def policy_version_targets(name: str) -> Targets:
    """A draft of each municipality; the owner is a team of that municipality."""

    def targets(world: World) -> list[Target]:
        drafts = {
            team: draft_from_preset(user=None, municipality=team.municipality, name="landelijk")
            for team in (world.team_a1, world.team_b)
        }
        return [
            Target(
                "version of municipality A", reverse(name, args=[drafts[world.team_a1].pk]), world.team_a1
            ),
            Target("version of municipality B", reverse(name, args=[drafts[world.team_b].pk]), world.team_b),
            Target("missing version", reverse(name, args=[MISSING_ID]), missing=True),
        ]

    return targets


def policy_version_of_own_municipality(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role not in POLICY_ROLES:
        return FORBIDDEN
    owner = target.owner
    own = isinstance(owner, Team) and owner.municipality == actor.municipality
    return OK if own else NOT_FOUND


def policy_roles_posting_nothing(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    return Expect(Outcome.BAD_INPUT) if actor.role in POLICY_ROLES else FORBIDDEN


def editing_a_draft_with_nothing(actor: Actor, target: Target) -> Expect:
    expect = policy_version_of_own_municipality(actor, target)
    return Expect(Outcome.BAD_INPUT) if expect is OK else expect


def activating_a_draft(actor: Actor, target: Target) -> Expect:
    expect = policy_version_of_own_municipality(actor, target)
    if expect is not OK:
        return expect
    return Expect(Outcome.REDIRECT, target.path.removesuffix("activeren"))


def api_case_targets(world: World) -> list[Target]:
    name = "api:case-classes"
    return [
        Target("case of team A1", reverse(name, args=[world.case_a1.pk]), world.team_a1, case=world.case_a1),
        Target(
            "case of municipality B", reverse(name, args=[world.case_b.pk]), world.team_b, case=world.case_b
        ),
        Target("missing case", reverse(name, args=[MISSING_ID]), missing=True),
    ]


def api_case_object(actor: Actor, target: Target) -> Expect:
    if actor.role not in CASE_ROLES:
        return Expect(Outcome.API_REFUSED)
    return OK if target.owner is not None and target.owner == actor.team else NOT_FOUND


ROWS: tuple[Row, ...] = (
    Row(("accounts:login",), plain("accounts:login"), login_page),
    Row(("accounts:logout",), plain("accounts:logout"), logout, method="post"),
    Row(("accounts:home",), plain("accounts:home"), home),
    Row(("core:health",), plain("core:health"), public),
    Row(
        ("cases:list",),
        plain("cases:list"),
        for_roles(CASE_ROLES),
        personal_data=True,
        must_show=case_list_shows,
    ),
    Row(
        ("cases:detail",),
        case_targets("cases:detail"),
        case_object,
        personal_data=True,
        must_show=case_detail_shows,
    ),
    Row(
        ("cases:record-attempt",),
        case_targets("cases:record-attempt"),
        case_workers_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("cases:close",),
        case_targets("cases:close"),
        case_workers_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("cases:send-message",),
        case_targets("cases:send-message"),
        case_workers_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(
        ("cases:opt-out",),
        case_targets("cases:opt-out"),
        case_workers_posting_nothing,
        method="post",
        personal_data=True,
    ),
    Row(("cases:assign",), plain("cases:assign"), team_leads_assigning_nothing, method="post"),
    Row(("feedback:list",), plain("feedback:list"), for_roles(frozenset({Role.PARTNER_USER}))),
    Row(("letters:make",), case_targets("letters:make"), making_a_letter_of_nothing, method="post"),
    Row(("letters:pdf",), letter_targets, case_object),
    Row(("letters:batches",), plain("letters:batches"), for_roles(frozenset({Role.TEAM_LEAD}))),
    Row(("letters:batch-progress",), plain("letters:batch-progress"), for_roles(frozenset({Role.TEAM_LEAD}))),
    Row(
        ("intake:list",), plain("intake:list"), for_roles(frozenset({Role.PARTNER_USER})), personal_data=True
    ),
    Row(("intake:detail",), delivery_targets("intake:detail"), delivery_object, personal_data=True),
    Row(
        ("intake:rejected-csv",), delivery_targets("intake:rejected-csv"), delivery_object, personal_data=True
    ),
    Row(
        ("intake:rejected-xlsx",),
        delivery_targets("intake:rejected-xlsx"),
        delivery_object,
        personal_data=True,
    ),
    Row(("intake:upload",), plain("intake:upload"), for_partner_users_posting_nothing, method="post"),
    Row(("intake:upload-status",), upload_targets("intake:upload-status"), delivery_object),
    Row(("intake:upload-progress",), upload_targets("intake:upload-progress"), delivery_object),
    Row(("intake:withdraw",), plain("intake:withdraw"), for_roles(frozenset({Role.PARTNER_USER}))),
    Row(("intake:withdraw",), plain("intake:withdraw"), for_partner_users_posting_nothing, method="post"),
    Row(("intake:tokens",), plain("intake:tokens"), for_roles(frozenset({Role.PARTNER_USER}))),
    Row(
        ("intake:token-create",),
        plain("intake:token-create"),
        for_partner_users_posting_nothing,
        method="post",
    ),
    Row(("intake:token-revoke",), token_targets, delivery_object),
    Row(("reporting:overview",), plain("reporting:overview"), for_roles(REPORTING_ROLES)),
    Row(("reporting:workload",), plain("reporting:workload"), for_roles(frozenset({Role.TEAM_LEAD}))),
    Row(
        ("organisations:overview",),
        plain("organisations:overview"),
        for_roles(frozenset({Role.ADMINISTRATOR})),
    ),
    Row(
        ("reporting:deliveries",),
        plain("reporting:deliveries"),
        for_roles(REPORTING_ROLES),
        must_show=own_municipality_shows,
    ),
    Row(("reporting:partner-quality",), partner_quality_targets, partner_of_own_municipality),
    Row(("intake:quality",), plain("intake:quality"), for_roles(frozenset({Role.PARTNER_USER}))),
    Row(("api:delivery-list",), plain("api:delivery-list"), partner_api_only),
    Row(("api:delivery-list",), plain("api:delivery-list"), partner_api_only, method="post"),
    Row(("api:delivery-detail",), api_delivery_targets, partner_api_only),
    Row(("api:withdrawal-create",), plain("api:withdrawal-create"), partner_api_only, method="post"),
    Row(("api:feedback-list",), plain("api:feedback-list"), partner_api_only),
    Row(("api:court-steps",), plain("api:court-steps"), partner_api_only),
    Row(("api:court-steps",), plain("api:court-steps"), partner_api_only, method="post"),
    Row(("api:schema",), plain("api:schema"), api_authenticated),
    Row(("api:me",), plain("api:me"), api_authenticated),
    Row(("api:case-classes",), api_case_targets, api_case_object),
    Row(("matching:runs",), plain("matching:runs"), for_roles(frozenset({Role.TEAM_LEAD}))),
    Row(("matching:runs",), plain("matching:runs"), team_leads_posting_nothing, method="post"),
    Row(("matching:retriage",), plain("matching:retriage"), team_leads_posting_nothing, method="post"),
    Row(("matching:run",), run_targets("matching:run"), run_of_own_municipality),
    Row(("matching:run-progress",), run_targets("matching:run-progress"), run_of_own_municipality),
    Row(("matching:reviews",), plain("matching:reviews"), for_roles(CASE_ROLES), personal_data=True),
    Row(("matching:review",), review_targets("matching:review"), case_object, personal_data=True),
    Row(
        ("matching:review-confirm",),
        review_targets("matching:review-confirm"),
        confirming_nothing,
        method="post",
    ),
    Row(("matching:review-reject",), review_targets("matching:review-reject"), rejecting, method="post"),
    Row(("matching:forwarding",), plain("matching:forwarding"), for_roles(CASE_ROLES), personal_data=True),
    Row(
        ("matching:windows",),
        plain("matching:windows"),
        for_roles(SETTINGS_ROLES),
        must_show=own_municipality_shows,
    ),
    Row(("matching:windows",), plain("matching:windows"), settings_roles_posting_nothing, method="post"),
    Row(
        ("triage:versions",),
        plain("triage:versions"),
        for_roles(POLICY_ROLES),
        must_show=own_municipality_shows,
    ),
    Row(("triage:new",), plain("triage:new"), for_roles(POLICY_ROLES), must_show=own_municipality_shows),
    Row(("triage:new",), plain("triage:new"), policy_roles_posting_nothing, method="post"),
    Row(("triage:try",), plain("triage:try"), for_roles(POLICY_ROLES), must_show=own_municipality_shows),
    Row(
        ("triage:version",),
        policy_version_targets("triage:version"),
        policy_version_of_own_municipality,
        must_show=own_municipality_shows,
    ),
    Row(
        ("triage:version",),
        policy_version_targets("triage:version"),
        editing_a_draft_with_nothing,
        method="post",
    ),
    Row(("triage:export",), policy_version_targets("triage:export"), policy_version_of_own_municipality),
    Row(
        ("triage:activate",),
        policy_version_targets("triage:activate"),
        policy_version_of_own_municipality,
        must_show=own_municipality_shows,
    ),
    Row(("triage:activate",), policy_version_targets("triage:activate"), activating_a_draft, method="post"),
    Row(
        ("triage:simulate",),
        policy_version_targets("triage:simulate"),
        policy_version_of_own_municipality,
        must_show=own_municipality_shows,
    ),
    Row(
        ("triage:simulate",),
        policy_version_targets("triage:simulate"),
        editing_a_draft_with_nothing,
        method="post",
    ),
    Row((f"{ADMIN_NAMESPACE}:",), admin_targets, admin_site),
)

# The later apps (the eviction chain, DDAS, the dashboard) keep their rows in tests/matrix_rows/, one
# module per app with a ``ROWS`` tuple; they import the helpers above, so they are read only now.
from tests.matrix_rows import chain_rows  # noqa: E402

ROWS = (*ROWS, *chain_rows())


# --------------------------------------------------------------------------------------------
# Every URL has a row
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    name: str  # namespaced, e.g. "cases:detail"; "" when the pattern has no name
    namespace: str
    route: str


def walk(
    patterns: Sequence[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[Pattern]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, route, inner)
        else:
            yield Pattern(f"{namespace}{pattern.name}" if pattern.name else "", namespace, route)


def all_patterns() -> list[Pattern]:
    return list(walk(get_resolver().url_patterns))


def covered(pattern: Pattern) -> bool:
    for row in ROWS:
        for name in row.covers:
            if name.endswith(":") and pattern.namespace.startswith(name):
                return True
            if pattern.name and pattern.name == name:
                return True
    return False


def test_the_walk_sees_included_resolvers() -> None:
    """Guards the walk itself: it must reach into the includes, the API and the admin."""
    names = {pattern.name for pattern in all_patterns()}

    assert {"core:health", "api:schema", "admin:index", "accounts:login"} <= names


def test_every_url_pattern_has_a_row() -> None:
    missing = [
        f"{pattern.name or '(no name)'} /{pattern.route}"
        for pattern in all_patterns()
        if not covered(pattern)
    ]

    assert not missing, (
        "These URLs have no row in tests/test_authorisation_matrix.py; decide who may open them:\n  "
        + "\n  ".join(missing)
    )


def test_every_row_still_names_a_url() -> None:
    names = {pattern.name for pattern in all_patterns()}
    namespaces = {pattern.namespace for pattern in all_patterns()}
    stale = [
        name
        for row in ROWS
        for name in row.covers
        if (name not in namespaces if name.endswith(":") else name not in names)
    ]

    assert not stale, f"Rows for URLs that no longer exist: {stale}"


# --------------------------------------------------------------------------------------------
# Every row × every subject
# --------------------------------------------------------------------------------------------


def request(client: Client, row: Row, target: Target) -> HttpResponse:
    response: HttpResponse = getattr(client, row.method)(target.path)
    return response


def problem(response: HttpResponse, expect: Expect, path: str) -> str | None:
    """What is wrong with the response, or None."""
    status = response.status_code
    location = response.get("Location", "")
    got = f"got {status}" + (f" → {location}" if location else "")
    match expect.outcome:
        case Outcome.OK:
            ok = status == 200
        case Outcome.REDIRECT:
            ok = status == 302 and location == expect.location
        case Outcome.LOGIN:
            parts = urlsplit(location)
            ok = (
                status == 302
                and parts.path == reverse("accounts:login")
                and parse_qs(parts.query).get("next") == [path]
            )
        case Outcome.ADMIN_LOGIN:
            ok = status == 302 and urlsplit(location).path == reverse("admin:login")
        case Outcome.FORBIDDEN:
            ok = status == 403
        case Outcome.NOT_FOUND:
            ok = status == 404
        case Outcome.REFUSED:
            ok = status in {403, 404}
        case Outcome.BAD_INPUT:
            ok = status == 400
        case Outcome.API_REFUSED:
            ok = status in {401, 403} and response.get("Content-Type", "").startswith(
                "application/problem+json"
            )
    return None if ok else f"expected {expect}, {got}"


def entitled_households(row: Row, actor: Actor, world: World) -> set[Household]:
    """The households whose personal data this actor may see on this row's pages."""
    if actor.subject.superuser and row.id.startswith(f"{ADMIN_NAMESPACE}:"):
        return set(world.households.values())
    if not row.personal_data:
        return set()
    households = set()
    for signal in world.signals():
        case = signal.cases.get()
        if actor.role in CASE_ROLES and case.team == actor.team:
            households.add(world.households[signal.pk])
        if actor.role is Role.PARTNER_USER and signal.partner == actor.partner:
            households.add(world.households[signal.pk])
    return households


def leaks(body: str, row: Row, actor: Actor, world: World) -> list[str]:
    forbidden = set(world.households.values()) - entitled_households(row, actor, world)
    found = [
        f"{value!r} (household {household.surname})"
        for household in forbidden
        for value in household.personal_data
        if value in body
    ]
    if actor.subject.tenant is not None:
        other = Tenant.OTHER if actor.subject.tenant is Tenant.OWN else Tenant.OWN
        found.extend(f"{marker!r} of the other tenant" for marker in TENANT_MARKERS[other] if marker in body)
    return found


MATRIX = [pytest.param(row, subject, id=f"{row.id}-{subject.label}") for row in ROWS for subject in SUBJECTS]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "subject"), MATRIX)
def test_matrix(row: Row, subject: Subject, client: Client) -> None:
    world = build_world()
    actor = make_actor(subject, world)
    if actor.user is not None:
        client.force_login(actor.user)

    problems: list[str] = []
    refused_statuses: dict[str, int] = {}
    targets = row.targets(world)
    for target in targets:
        where = f"{row.method.upper()} {target.path}" + (f" ({target.label})" if target.label else "")
        try:
            expect = row.expect(actor, target)
            response = request(client, row, target)
        except Exception as error:  # noqa: BLE001 - report every target, not only the first crash
            problems.append(f"{where}: crashed with {type(error).__name__}: {error}")
            continue
        wrong = problem(response, expect, target.path)
        if wrong:
            problems.append(f"{where}: {wrong}")
        if expect.outcome in {Outcome.REFUSED, Outcome.NOT_FOUND}:
            refused_statuses[target.label] = response.status_code
        body = response.content.decode(errors="replace")
        for leak in leaks(body, row, actor, world):
            problems.append(f"{where} ({response.status_code}) shows {leak}")
        if response.status_code == 200 and expect.outcome is Outcome.OK:
            for text in row.must_show(actor, target, world):
                if text not in body:
                    problems.append(f"{where}: allowed page does not show {text!r}")

    # A refused object must look exactly like a missing one.
    missing = [t.label for t in targets if t.missing]
    if missing and refused_statuses and missing[0] in refused_statuses:
        answer = refused_statuses[missing[0]]
        for label, status in refused_statuses.items():
            if status != answer:
                problems.append(f"{label}: answered {status} but a missing id answers {answer}")

    assert not problems, f"{row.id} as {subject.label}:\n  " + "\n  ".join(problems)


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(client: Client) -> None:
    user = make_user_with_role(Role.CASE_WORKER)
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session

    client.post(reverse("accounts:logout"))

    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cases:list")).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("subject", [s for s in SUBJECTS if s.role is not None], ids=lambda s: s.label)
def test_api_me_lists_exactly_the_own_roles(subject: Subject, client: Client) -> None:
    world = build_world()
    actor = make_actor(subject, world)
    assert actor.user is not None
    client.force_login(actor.user)

    body = client.get(reverse("api:me")).json()

    assert [entry["role"] for entry in body["roles"]] == [subject.role]
    other = MUNICIPALITY_B if subject.tenant is Tenant.OWN else MUNICIPALITY_A
    assert other not in str(body)


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://kwaadwillend.example/", "//kwaadwillend.example/zaken/"])
def test_login_never_sends_the_user_to_another_site(client: Client, next_url: str) -> None:
    make_user_with_role(Role.CASE_WORKER, username="medewerker")

    response = client.post(
        f"{reverse('accounts:login')}?next={next_url}",
        {"username": "medewerker", "password": PASSWORD, "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")


@pytest.mark.django_db
def test_login_follows_a_local_next(client: Client) -> None:
    make_user_with_role(Role.CASE_WORKER, username="medewerker")
    target = reverse("cases:list")

    response = client.post(
        f"{reverse('accounts:login')}?next={target}",
        {"username": "medewerker", "password": PASSWORD, "next": target},
    )

    assert response.status_code == 302
    assert response["Location"] == target
