"""Writing Signalering+: planning a consultation with its generated agenda, recording decisions
(admitting puts the case's work queue on the Signalering+ protocol) and the extra actions.

Every change runs in a transaction with its audit record; reading a page with households' personal
data is recorded as well. Descriptions name what was done, never a name, BSN or amount.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.selectors import AnyUser, teams_of
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.casework import WORKER_ROLES
from eropaf.cases.models import Case, QueueProtocol
from eropaf.cases.workflow import OPEN_STATES
from eropaf.core.errors import InvalidTransition, NotPermitted
from eropaf.core.vocabularies import PartnerType
from eropaf.signalering_plus import rules
from eropaf.signalering_plus.candidates import (
    CorporationCandidates,
    candidates_per_corporation,
    find_candidates,
)
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation, ExtraAction
from eropaf.signalering_plus.rules import ActionKind, AgendaKind, DecisionKind
from eropaf.signalering_plus.selectors import (
    LEAD_ROLES,
    AdmissionDetail,
    AgendaRow,
    OwnerActions,
    agenda_of,
    get_admission_for_user,
    get_consultation_for_user,
    open_actions_per_owner,
    worker_team_ids,
)

MAX_NOTE = 2000


def _user_id(user: AnyUser) -> int | None:
    return user.pk if user.is_authenticated else None


def view_open_actions(*, user: AnyUser, today: dt.date, mine_only: bool) -> list[OwnerActions]:
    """The open extra actions of the user's teams per owner (with the households' addresses),
    recorded as viewed with their cases."""
    with transaction.atomic():
        owners = open_actions_per_owner(user=user, today=today, mine_only=mine_only)
        case_ids = sorted({row.action.admission.case_id for owner in owners for row in owner.rows})
        if case_ids:
            record_audit_event(
                actor=user,
                action=AuditAction.VIEW,
                subject_type="signalering_actions",
                case_ids=case_ids,
                description="Extra acties Signalering+ bekeken",
            )
    return owners


def view_candidates(*, user: AnyUser) -> list[CorporationCandidates]:
    """The proposed households of the user's teams per corporation, recorded as viewed."""
    with transaction.atomic():
        groups = candidates_per_corporation(team_ids=worker_team_ids(user))
        case_ids = [candidate.case_id for group in groups for candidate in group.candidates]
        if case_ids:
            record_audit_event(
                actor=user,
                action=AuditAction.VIEW,
                subject_type="signalering_candidates",
                case_ids=case_ids,
                description="Kandidaten voor Signalering+ bekeken",
            )
    return groups


def _fill_agenda(consultation: Consultation) -> int:
    """Add the corporation's candidates and running admissions of the team not on the agenda yet."""
    present = set(consultation.items.values_list("case_id", flat=True))
    candidates = find_candidates(team_ids=[consultation.team_id], corporation_id=consultation.corporation_id)
    items = [
        AgendaItem(consultation=consultation, case_id=c.case_id, kind=AgendaKind.CANDIDATE, reason=c.reason)
        for c in candidates
        if c.case_id not in present
    ]
    running = Admission.objects.filter(
        team_id=consultation.team_id, corporation_id=consultation.corporation_id, ended_on__isnull=True
    ).exclude(case_id__in=present | {item.case_id for item in items})
    items += [
        AgendaItem(consultation=consultation, case_id=a.case_id, kind=AgendaKind.ADMITTED, admission=a)
        for a in running
    ]
    AgendaItem.objects.bulk_create(items)
    return len(items)


def plan_consultation(
    *, user: AnyUser, team_id: int, corporation_id: int, held_on: dt.date, contact_person: str
) -> Consultation:
    """A team lead plans the monthly consultation with a corporation; its agenda is generated."""
    with transaction.atomic():
        team = teams_of(user, roles=LEAD_ROLES).filter(pk=team_id).first()
        if team is None:
            raise NotPermitted(_("You do not lead this team."))
        corporation = team.municipality.partners.filter(
            pk=corporation_id, partner_type=PartnerType.RENT, is_private_landlord=False
        ).first()
        if corporation is None:
            raise InvalidTransition(_("Choose a housing corporation that serves the team's municipality."))
        consultation = Consultation.objects.create(
            municipality=team.municipality,
            team=team,
            corporation=corporation,
            held_on=held_on,
            contact_person=contact_person.strip()[:150],
            planned_by_id=_user_id(user),
        )
        count = _fill_agenda(consultation)
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="signalering_consultation",
            subject_id=consultation.pk,
            municipality_code=team.municipality.code,
            case_ids=consultation.items.values_list("case_id", flat=True),
            description=f"Signalering+-overleg gepland met {count} agendapunten",
        )
    return consultation


def refresh_agenda(*, user: AnyUser, consultation_id: int) -> int:
    """Add the candidates and admissions that came up since the agenda was made; how many."""
    with transaction.atomic():
        allowed = get_consultation_for_user(user=user, consultation_id=consultation_id, lead=True)
        # Locked, so two leads pressing at once do not put a case on the agenda twice.
        consultation = (
            Consultation.objects.select_for_update().select_related("municipality").get(pk=allowed.pk)
        )
        count = _fill_agenda(consultation)
        if count:
            record_audit_event(
                actor=user,
                action=AuditAction.UPDATE,
                subject_type="signalering_consultation",
                subject_id=consultation.pk,
                municipality_code=consultation.municipality.code,
                description=f"Agenda van het Signalering+-overleg aangevuld met {count} punten",
            )
    return count


def view_consultation(*, user: AnyUser, consultation_id: int) -> tuple[Consultation, list[AgendaRow]]:
    """The consultation and its agenda for a worker of its team, recorded as viewed."""
    with transaction.atomic():
        consultation = get_consultation_for_user(user=user, consultation_id=consultation_id)
        agenda = agenda_of(consultation)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="signalering_consultation",
            subject_id=consultation.pk,
            municipality_code=consultation.municipality.code,
            case_ids=[row.case.pk for row in agenda],
        )
    return consultation, agenda


def view_admission(*, user: AnyUser, admission_id: int) -> AdmissionDetail:
    with transaction.atomic():
        detail = get_admission_for_user(user=user, admission_id=admission_id)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="signalering_admission",
            subject_id=detail.admission.pk,
            municipality_code=detail.admission.municipality.code,
            case_ids=[detail.admission.case_id],
        )
    return detail


def put_on_protocol(*, user: AnyUser, case: Case) -> None:
    """Put the case in the municipality's Signalering+ work queue, which follows the Signalering+
    protocol (the mapping is made or corrected when needed). Call inside a transaction."""
    mapping, created = QueueProtocol.objects.get_or_create(
        municipality_id=case.municipality_id, queue=rules.QUEUE, defaults={"protocol": rules.PROTOCOL}
    )
    if not created and mapping.protocol != rules.PROTOCOL:
        mapping.protocol = rules.PROTOCOL
        mapping.save(update_fields=["protocol", "updated_at"])
    Case.objects.filter(pk=case.pk).update(queue=rules.QUEUE, updated_at=timezone.now())
    case.queue = rules.QUEUE
    record_audit_event(
        actor=user,
        action=AuditAction.UPDATE,
        subject_type="case",
        subject_id=case.pk,
        municipality_code=case.municipality.code,
        case_ids=[case.pk],
        description="Zaak in de werkbak Signalering+ gezet (protocol Signalering+)",
    )


def record_decision(*, user: AnyUser, item_id: int, decision: DecisionKind, note: str = "") -> AgendaItem:
    """A team lead of the consultation's team records the decision on a case of the agenda."""
    with transaction.atomic():
        item = (
            AgendaItem.objects.select_for_update(of=("self",))
            .filter(pk=item_id, consultation__team_id__in=teams_of(user, roles=LEAD_ROLES).values("pk"))
            .select_related("consultation", "consultation__municipality", "case", "case__municipality")
            .first()
        )
        if item is None:
            raise NotPermitted(_("This agenda item does not exist or is not one of your teams'."))
        consultation = item.consultation
        rules.check_decision(
            decision,
            on_agenda_as=AgendaKind(item.kind),
            already_decided=bool(item.decision),
            case_is_open=item.case.state in OPEN_STATES,
            note=note,
            consultation_on=consultation.held_on,
            today=timezone.localdate(),
        )
        if decision is DecisionKind.ADMIT:
            item.admission = _admit(user=user, item=item)
        elif decision in rules.ENDS_ADMISSION and item.admission is not None:
            Admission.objects.filter(pk=item.admission.pk, ended_on__isnull=True).update(
                ended_on=consultation.held_on, end_decision=decision, updated_at=timezone.now()
            )
        item.decision = decision
        item.decision_note = note.strip()[:MAX_NOTE]
        item.decided_by_id = _user_id(user)
        item.decided_at = timezone.now()
        item.save()
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="signalering_decision",
            subject_id=item.pk,
            municipality_code=consultation.municipality.code,
            case_ids=[item.case_id],
            description=f"Besluit in Signalering+-overleg: {decision.label}",
        )
    return item


def _admit(*, user: AnyUser, item: AgendaItem) -> Admission:
    case = item.case
    if Admission.objects.filter(
        municipality_id=case.municipality_id, address_key=case.address_key, ended_on__isnull=True
    ).exists():
        raise InvalidTransition(_("This household is in Signalering+ already."))
    consultation = item.consultation
    admission = Admission.objects.create(
        municipality_id=case.municipality_id,
        address_key=case.address_key,
        team_id=case.team_id or consultation.team_id,
        corporation_id=consultation.corporation_id,
        case=case,
        consultation=consultation,
        admitted_on=consultation.held_on,
    )
    record_audit_event(
        actor=user,
        action=AuditAction.CREATE,
        subject_type="signalering_admission",
        subject_id=admission.pk,
        municipality_code=case.municipality.code,
        case_ids=[case.pk],
        description="Huishouden opgenomen in Signalering+",
    )
    put_on_protocol(user=user, case=case)
    return admission


def add_action(
    *,
    user: AnyUser,
    admission_id: int,
    kind: ActionKind,
    due_on: dt.date,
    owner_id: int | None = None,
    owner_party: str = "",
    note: str = "",
) -> ExtraAction:
    """Record an extra action agreed with the corporation for a household in Signalering+."""
    rules.check_owner(owner_user=owner_id is not None, owner_party=owner_party)
    with transaction.atomic():
        admission = (
            Admission.objects.select_for_update()
            .filter(pk=admission_id, team_id__in=worker_team_ids(user))
            .select_related("municipality")
            .first()
        )
        if admission is None:
            raise NotPermitted(_("This household does not exist or is not one of your teams'."))
        if not admission.is_running:
            raise InvalidTransition(_("This household is no longer in Signalering+."))
        if (
            owner_id is not None
            and not RoleAssignment.objects.filter(
                user_id=owner_id, team_id=admission.team_id, role__in=WORKER_ROLES, user__is_active=True
            ).exists()
        ):
            raise InvalidTransition(
                _("The owner must be a case worker or team lead of the responsible team.")
            )
        action = ExtraAction.objects.create(
            admission=admission,
            kind=kind,
            owner_id=owner_id,
            owner_party="" if owner_id is not None else owner_party.strip()[:150],
            agreed_on=timezone.localdate(),
            due_on=due_on,
            note=note.strip()[:MAX_NOTE],
            created_by_id=_user_id(user),
        )
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="signalering_action",
            subject_id=action.pk,
            municipality_code=admission.municipality.code,
            case_ids=[admission.case_id],
            description=f"Extra actie Signalering+ afgesproken: {ActionKind(kind).label}",
        )
    return action


def complete_action(*, user: AnyUser, action_id: int, done_on: dt.date) -> ExtraAction:
    """Mark an extra action done (by a worker of the responsible team)."""
    with transaction.atomic():
        action = (
            ExtraAction.objects.select_for_update(of=("self",))
            .filter(pk=action_id, admission__team_id__in=worker_team_ids(user))
            .select_related("admission", "admission__municipality")
            .first()
        )
        if action is None:
            raise NotPermitted(_("This action does not exist or is not one of your teams'."))
        if action.done_on is not None:
            raise InvalidTransition(_("This action is done already."))
        rules.check_done_on(done_on=done_on, today=timezone.localdate(), agreed_on=action.agreed_on)
        action.done_on = done_on
        action.completed_by_id = _user_id(user)
        action.save(update_fields=["done_on", "completed_by", "updated_at"])
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="signalering_action",
            subject_id=action.pk,
            municipality_code=action.admission.municipality.code,
            case_ids=[action.admission.case_id],
            description=f"Extra actie Signalering+ gedaan: {action.get_kind_display()}",
        )
    return action
