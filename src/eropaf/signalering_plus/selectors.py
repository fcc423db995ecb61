"""Reading Signalering+, authorised in the same call.

Case workers and team leads of the responsible team (the team of the household's case) see its
candidates, consultations, admissions and extra actions; only team leads run the consultations.
Anything of another team or municipality answers like a missing id (NotPermitted → 404). Partner
users see nothing here.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import AnyUser, teams_of
from eropaf.cases.casework import WORKER_ROLES, protocol_of
from eropaf.cases.models import Case
from eropaf.cases.protocols import ProtocolProgress
from eropaf.core.errors import NotPermitted
from eropaf.core.money import format_euros
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import CourtStage
from eropaf.escalation.models import EvictionTrack
from eropaf.organisations.models import Partner
from eropaf.signalering_plus.candidates import signals_prefetch
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation, ExtraAction
from eropaf.signalering_plus.rules import AgendaKind, CandidateReason, decisions_for, is_overdue

LEAD_ROLES = frozenset({Role.TEAM_LEAD})


def worker_team_ids(user: AnyUser) -> list[int]:
    return list(teams_of(user, roles=WORKER_ROLES).values_list("pk", flat=True))


def lead_team_ids(user: AnyUser) -> list[int]:
    return list(teams_of(user, roles=LEAD_ROLES).values_list("pk", flat=True))


def corporations_for_lead(user: AnyUser) -> QuerySet[Partner]:
    """The rent partners serving a municipality of a team the user leads."""
    municipalities = teams_of(user, roles=LEAD_ROLES).values("municipality_id")
    return (
        Partner.objects.filter(
            partner_type=PartnerType.RENT, is_private_landlord=False, municipalities__in=municipalities
        )
        .distinct()
        .order_by("name")
    )


def consultations_for_user(user: AnyUser) -> QuerySet[Consultation]:
    return Consultation.objects.filter(team_id__in=worker_team_ids(user)).select_related(
        "team", "corporation"
    )


def get_consultation_for_user(*, user: AnyUser, consultation_id: int, lead: bool = False) -> Consultation:
    """The consultation when the user works in its team (leads it, with ``lead``); else NotPermitted."""
    teams = lead_team_ids(user) if lead else worker_team_ids(user)
    consultation = (
        Consultation.objects.filter(pk=consultation_id, team_id__in=teams)
        .select_related("municipality", "team", "corporation")
        .first()
    )
    if consultation is None:
        raise NotPermitted(_("This consultation does not exist or is not one of your teams'."))
    return consultation


@dataclass(frozen=True)
class CourtView:
    stage_label: str
    eviction_on: dt.date | None
    steps: list[tuple[dt.date, str]]


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    case: Case
    address: str
    names: list[str]
    total_amount: str
    reason_label: str
    protocol: ProtocolProgress | None
    court: CourtView | None
    decisions: list[tuple[str, str]] = field(default_factory=list)


def court_views(households: set[tuple[int, str]]) -> dict[tuple[int, str], CourtView]:
    """The court stage, eviction date and steps of these households, in one query per municipality."""
    by_municipality: dict[int, set[str]] = defaultdict(set)
    for municipality_id, key in households:
        by_municipality[municipality_id].add(key)
    views: dict[tuple[int, str], CourtView] = {}
    for municipality_id, keys in by_municipality.items():
        tracks = EvictionTrack.objects.filter(
            municipality_id=municipality_id, address_key__in=sorted(keys)
        ).prefetch_related("court_steps")
        for track in tracks:
            views[(municipality_id, track.address_key)] = CourtView(
                stage_label=str(CourtStage(track.stage).label),
                eviction_on=track.eviction_on,
                steps=[(step.on, step.get_kind_display()) for step in track.court_steps.all()],
            )
    return views


def agenda_of(consultation: Consultation) -> list[AgendaRow]:
    """The agenda: proposed households first, then those in Signalering+, each with its case's
    state, protocol progress and court dates. The protocol is read per case (``protocol_of``)."""
    items = list(
        consultation.items.select_related("case", "admission", "decided_by").prefetch_related(
            signals_prefetch("case__")
        )
    )
    courts = court_views({(item.case.municipality_id, item.case.address_key) for item in items})
    rows = []
    for item in items:
        case = item.case
        signals = [link.signal for link in case.case_signals.all()]
        reason = (
            CandidateReason(item.reason).label if item.reason in {r.value for r in CandidateReason} else ""
        )
        rows.append(
            AgendaRow(
                item=item,
                case=case,
                address=signals[0].display_address if signals else case.address_key,
                names=list(dict.fromkeys(signal.display_name for signal in signals)),
                total_amount=format_euros(case.total_amount_cents),
                reason_label=reason,
                protocol=protocol_of(case),
                court=courts.get((case.municipality_id, case.address_key)),
                decisions=[(d.value, str(d.label)) for d in decisions_for(AgendaKind(item.kind))],
            )
        )
    return sorted(rows, key=lambda row: (row.item.kind != AgendaKind.CANDIDATE, row.address))


def running_admissions(*, team_ids: list[int], corporation_id: int | None = None) -> QuerySet[Admission]:
    admissions = Admission.objects.filter(team_id__in=team_ids, ended_on__isnull=True)
    if corporation_id is not None:
        admissions = admissions.filter(corporation_id=corporation_id)
    return admissions.select_related("case", "corporation")


@dataclass(frozen=True)
class AdmissionRow:
    admission: Admission
    address: str
    names: list[str]
    open_actions: int


def admission_rows(admissions: QuerySet[Admission]) -> list[AdmissionRow]:
    chosen = list(
        admissions.select_related("case", "corporation").prefetch_related(
            signals_prefetch("case__"), "actions"
        )
    )
    rows = []
    for admission in chosen:
        signals = [link.signal for link in admission.case.case_signals.all()]
        rows.append(
            AdmissionRow(
                admission=admission,
                address=signals[0].display_address if signals else admission.address_key,
                names=list(dict.fromkeys(signal.display_name for signal in signals)),
                open_actions=sum(1 for action in admission.actions.all() if action.done_on is None),
            )
        )
    return sorted(rows, key=lambda row: row.address)


@dataclass(frozen=True)
class AdmissionDetail:
    admission: Admission
    address: str
    names: list[str]
    actions: list[ExtraAction]
    decisions: list[AgendaItem]
    protocol: ProtocolProgress | None
    court: CourtView | None


def get_admission_for_user(*, user: AnyUser, admission_id: int) -> AdmissionDetail:
    """The admitted household with its actions and decisions; NotPermitted unless of the user's team."""
    admission = (
        Admission.objects.filter(pk=admission_id, team_id__in=worker_team_ids(user))
        .select_related("municipality", "team", "corporation", "case", "consultation")
        .prefetch_related(signals_prefetch("case__"))
        .first()
    )
    if admission is None:
        raise NotPermitted(_("This household does not exist or is not one of your teams'."))
    signals = [link.signal for link in admission.case.case_signals.all()]
    household = (admission.municipality_id, admission.address_key)
    decisions = (
        AgendaItem.objects.filter(
            case__municipality_id=admission.municipality_id,
            case__address_key=admission.address_key,
            consultation__team_id=admission.team_id,
        )
        .exclude(decision="")
        .select_related("consultation", "decided_by")
        .order_by("-consultation__held_on", "-id")
    )
    return AdmissionDetail(
        admission=admission,
        address=signals[0].display_address if signals else admission.address_key,
        names=list(dict.fromkeys(signal.display_name for signal in signals)),
        actions=list(admission.actions.select_related("owner").order_by("done_on", "due_on", "id")),
        decisions=list(decisions),
        protocol=protocol_of(admission.case),
        court=court_views({household}).get(household),
    )


def team_owners(team_id: int) -> list[tuple[int, str]]:
    """(user id, name) of the active case workers and team leads of the team."""
    rows = (
        RoleAssignment.objects.filter(team_id=team_id, role__in=WORKER_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    owners: dict[int, str] = {}
    for row in rows:
        owners.setdefault(row.user_id, row.user.get_full_name() or row.user.get_username())
    return list(owners.items())


@dataclass(frozen=True)
class ActionRow:
    action: ExtraAction
    address: str
    is_overdue: bool


@dataclass(frozen=True)
class OwnerActions:
    owner: str
    is_me: bool
    rows: list[ActionRow]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.is_overdue)


def open_actions_per_owner(*, user: AnyUser, today: dt.date, mine_only: bool = False) -> list[OwnerActions]:
    """The open extra actions of the user's teams, per owner (the user first), overdue marked."""
    actions = ExtraAction.objects.filter(
        done_on__isnull=True, admission__team_id__in=worker_team_ids(user)
    ).select_related("owner", "admission", "admission__case")
    if mine_only:
        actions = actions.filter(owner_id=user.pk)
    actions = actions.prefetch_related(signals_prefetch("admission__case__")).order_by("due_on", "id")
    grouped: dict[tuple[bool, str], list[ActionRow]] = defaultdict(list)
    for action in actions:
        signals = [link.signal for link in action.admission.case.case_signals.all()]
        mine = action.owner_id is not None and action.owner_id == user.pk
        grouped[(not mine, action.owner_label)].append(
            ActionRow(
                action=action,
                address=signals[0].display_address if signals else action.admission.address_key,
                is_overdue=is_overdue(due_on=action.due_on, done_on=action.done_on, today=today),
            )
        )
    return [
        OwnerActions(owner=owner, is_me=not not_mine, rows=rows)
        for (not_mine, owner), rows in sorted(grouped.items())
    ]


def get_action_for_user(*, user: AnyUser, action_id: int) -> ExtraAction:
    action = (
        ExtraAction.objects.filter(pk=action_id, admission__team_id__in=worker_team_ids(user))
        .select_related("admission")
        .first()
    )
    if action is None:
        raise NotPermitted(_("This action does not exist or is not one of your teams'."))
    return action


def consultations_overview(user: AnyUser) -> QuerySet[Consultation]:
    """The consultations of the user's teams, newest first, with how many items are still open."""
    return consultations_for_user(user).annotate(
        item_count=Count("items", distinct=True),
        open_count=Count("items", filter=Q(items__decision=""), distinct=True),
    )


def get_agenda_item_for_user(*, user: AnyUser, item_id: int) -> AgendaItem:
    """An agenda item of a consultation of a team the user leads; NotPermitted otherwise."""
    item = AgendaItem.objects.filter(pk=item_id, consultation__team_id__in=lead_team_ids(user)).first()
    if item is None:
        raise NotPermitted(_("This agenda item does not exist or is not one of your teams'."))
    return item


def team_of_admission(*, user: AnyUser, admission_id: int) -> int:
    """The responsible team of an admitted household of the user's teams; NotPermitted otherwise."""
    team_id = (
        Admission.objects.filter(pk=admission_id, team_id__in=worker_team_ids(user))
        .values_list("team_id", flat=True)
        .first()
    )
    if team_id is None:
        raise NotPermitted(_("This household does not exist or is not one of your teams'."))
    return team_id
