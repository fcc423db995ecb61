"""Working a case: recording contact attempts and closing with an outcome, each audited.

A case worker of the case's team records an attempt in one short form; the day part and "outside
office hours" follow from the moment. The first attempt takes the case from the work queue into
handling and assigns it to the worker when nobody (or only sticky assignment) had it. Closing as
"Definitief geen contact kunnen krijgen" is refused while the work queue's protocol is incomplete,
unless a team lead of the case's team overrides it with a reason. Help accepted with a referral
records the warm handover.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import AnyUser, teams_of
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case, ContactAttempt, HelpKind, QueueProtocol, Referral
from eropaf.cases.protocols import PROTOCOLS, Attempt, ProtocolProgress, is_outside_office_hours, progress
from eropaf.cases.workflow import OPEN_STATES, CaseAction, CaseState, next_state
from eropaf.core.errors import InvalidTransition, NotPermitted
from eropaf.core.vocabularies import ContactKind, DayPart, Outcome, SignalStatus
from eropaf.intake.models import Signal

WORKER_ROLES = frozenset({Role.CASE_WORKER, Role.TEAM_LEAD})
REFERRAL_OUTCOMES = frozenset(
    {Outcome.FOLLOW_UP_HELP, Outcome.FOLLOW_UP_FINANCIAL, Outcome.FOLLOW_UP_NON_FINANCIAL}
)


def workable_cases(user: AnyUser) -> QuerySet[Case]:
    """The cases ``user`` may work on: those of the teams where they are a case worker or team lead."""
    return Case.objects.filter(team_id__in=teams_of(user, roles=WORKER_ROLES).values("pk"))


def _case_to_work(*, user: AnyUser, case_id: int) -> Case:
    """The case, locked, when ``user`` may work on it; NotPermitted otherwise."""
    case = (
        workable_cases(user)
        .select_for_update(of=("self",))
        .select_related("municipality")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotPermitted(_("This case does not exist or is not one of your teams' cases."))
    return case


def may_work_on(*, user: AnyUser, case: Case) -> bool:
    """Whether ``user`` may record attempts on and close ``case`` (a worker or lead of its team)."""
    return case.is_open and workable_cases(user).filter(pk=case.pk).exists()


def protocol_of(case: Case) -> ProtocolProgress | None:
    """How far the case is with its work queue's protocol; None when the queue has none."""
    key = (
        QueueProtocol.objects.filter(municipality_id=case.municipality_id, queue=case.queue)
        .values_list("protocol", flat=True)
        .first()
    )
    protocol = PROTOCOLS.get(key or "")
    if protocol is None:
        return None
    attempts = [
        Attempt(kind=kind, at=timezone.localtime(at), reached=reached, outside_office_hours=outside)
        for kind, at, reached, outside in case.contact_attempts.values_list(
            "kind", "at", "reached", "outside_office_hours"
        )
    ]
    return progress(protocol, attempts)


def start_handling(case: Case, *, worker_id: int | None) -> None:
    """After the first outreach (an attempt, a letter): a queued case goes into handling, its
    signals count as picked up for the partners' feedback, and it is the worker's when it was
    nobody's or only assigned automatically. Conditional updates, so a change made meanwhile by
    someone else is not undone; call inside the transaction that recorded the outreach."""
    now = timezone.now()
    started = Case.objects.filter(pk=case.pk, state=CaseState.QUEUED).update(
        state=next_state(CaseState.QUEUED, CaseAction.START), updated_at=now
    )
    if started:
        Signal.objects.filter(case_link__case_id=case.pk, status=SignalStatus.NOT_YET_PICKED_UP).update(
            status=SignalStatus.PICKED_UP
        )
    if worker_id is not None:
        # A sticky assignment was a proposal: whoever makes the first contact keeps the case.
        Case.objects.filter(Q(assigned_to__isnull=True) | Q(assigned_automatically=True), pk=case.pk).update(
            assigned_to_id=worker_id, assigned_automatically=False, updated_at=now
        )
    Case.objects.filter(pk=case.pk, assigned_automatically=True).update(assigned_automatically=False)
    case.refresh_from_db(fields=["state", "assigned_to", "assigned_automatically", "updated_at"])


def record_attempt(
    *, user: AnyUser, case_id: int, kind: ContactKind, at: dt.datetime, reached: bool, note: str = ""
) -> ContactAttempt:
    """Record a contact attempt on an open case; the case goes into handling with this worker."""
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise InvalidTransition(_("A contact attempt cannot lie in the future."))
    with transaction.atomic():
        case = _case_to_work(user=user, case_id=case_id)
        if not case.is_open or case.state == CaseState.NEW:
            raise InvalidTransition(
                _("Contact attempts are recorded on cases in a work queue or in handling.")
            )
        local = timezone.localtime(at)
        attempt = ContactAttempt.objects.create(
            case=case,
            kind=kind,
            at=at,
            day_part=DayPart.of(local.time()),
            outside_office_hours=is_outside_office_hours(local),
            reached=reached,
            note=note,
            recorded_by_id=user.pk if user.is_authenticated else None,
        )
        start_handling(case, worker_id=user.pk if user.is_authenticated else None)
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="contact_attempt",
            subject_id=attempt.pk,
            municipality_code=case.municipality.code,
            case_ids=[case.pk],
            description=f"Contactpoging vastgelegd: {ContactKind(kind).label}",
        )
    return attempt


@dataclass(frozen=True)
class Closing:
    outcome: Outcome
    note: str = ""
    help_kind: HelpKind | None = None
    referral: Referral | None = None
    referral_team: str = ""
    override_reason: str = ""


def _check_closing(closing: Closing) -> None:
    if closing.outcome.is_not_picked_up:
        raise InvalidTransition(
            _("A worked case closes with a result of the outreach, not a not-picked-up reason.")
        )
    if closing.outcome.is_help_accepted and closing.help_kind is None:
        raise InvalidTransition(_("Say whether the help is simple (one-off advice) or complex."))
    if closing.outcome in REFERRAL_OUTCOMES and (
        closing.referral is None or not closing.referral_team.strip()
    ):
        raise InvalidTransition(
            _("A referral names where the household was referred to and the receiving team.")
        )
    if closing.outcome not in REFERRAL_OUTCOMES and closing.referral is not None:
        raise InvalidTransition(_("Only a result with follow-up help has a referral."))


def close_case(*, user: AnyUser, case_id: int, closing: Closing) -> Case:
    """Close a case with its DDAS outcome (audited); see the module for the protocol rule."""
    _check_closing(closing)
    with transaction.atomic():
        case = _case_to_work(user=user, case_id=case_id)
        action = CaseAction.CLOSE
        state = next_state(CaseState(case.state), action, outcome=closing.outcome)
        override = closing.override_reason.strip()
        if closing.outcome == Outcome.NO_CONTACT:
            protocol = protocol_of(case)
            if protocol is not None and not protocol.is_complete:
                if not override:
                    raise InvalidTransition(
                        _("The protocol is not complete yet: %(missing)s.")
                        % {"missing": "; ".join(protocol.missing)}
                    )
                lead = teams_of(user, roles=frozenset({Role.TEAM_LEAD})).filter(id=case.team_id or 0).exists()
                if not lead:
                    raise NotPermitted(
                        _("Only a team lead may close a case before the protocol is complete.")
                    )
            elif override:
                override = ""
        elif override:
            raise InvalidTransition(
                _("An override reason belongs only to closing before the protocol is complete.")
            )
        case.state = state
        case.outcome = closing.outcome
        case.closed_on = timezone.localdate()
        case.closed_by_id = user.pk if user.is_authenticated else None
        case.closing_note = closing.note
        case.help_kind = closing.help_kind or ""
        case.referral = closing.referral or ""
        case.referral_team = closing.referral_team.strip() if closing.referral else ""
        case.protocol_override_reason = override
        case.save()
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="case",
            subject_id=case.pk,
            municipality_code=case.municipality.code,
            case_ids=[case.pk],
            description=(
                f"Zaak afgesloten: {closing.outcome.label}"
                + (" (protocol niet compleet, teamleider heeft afsluiten toegestaan)" if override else "")
            ),
        )
    return case


def assignable_workers(*, lead: AnyUser) -> list[tuple[int, str, int]]:
    """(user id, name, team id) of the case workers and team leads in the teams ``lead`` leads."""
    led = teams_of(lead, roles=frozenset({Role.TEAM_LEAD})).values("pk")
    rows = (
        RoleAssignment.objects.filter(team_id__in=led, role__in=WORKER_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    seen: dict[tuple[int, int], str] = {}
    for row in rows:
        seen.setdefault((row.user_id, row.team_id or 0), row.user.get_full_name() or row.user.get_username())
    return [(user_id, name, team_id) for (user_id, team_id), name in seen.items()]


def assign_cases(*, lead: AnyUser, case_ids: list[int], worker_id: int) -> int:
    """A team lead assigns open cases of the teams they lead to a worker of the case's team (audited).

    Every case must qualify, or nothing is assigned."""
    with transaction.atomic():
        led = teams_of(lead, roles=frozenset({Role.TEAM_LEAD})).values("pk")
        cases = list(
            Case.objects.select_for_update(of=("self",))
            .select_related("municipality")
            .filter(pk__in=case_ids, team_id__in=led, state__in=[state.value for state in OPEN_STATES])
        )
        if len(cases) != len(set(case_ids)) or not cases:
            raise NotPermitted(_("Only open cases of the teams you lead can be assigned."))
        workers_teams = set(
            RoleAssignment.objects.filter(
                user_id=worker_id, role__in=WORKER_ROLES, user__is_active=True
            ).values_list("team_id", flat=True)
        )
        if any(case.team_id not in workers_teams for case in cases):
            raise InvalidTransition(_("The case worker does not work in the team of every chosen case."))
        Case.objects.filter(pk__in=[case.pk for case in cases]).update(
            assigned_to_id=worker_id, assigned_automatically=False, updated_at=timezone.now()
        )
        for municipality_code in sorted({case.municipality.code for case in cases}):
            record_audit_event(
                actor=lead,
                action=AuditAction.UPDATE,
                subject_type="case_assignment",
                subject_id=worker_id,
                municipality_code=municipality_code,
                case_ids=[case.pk for case in cases if case.municipality.code == municipality_code],
                description=f"Zaken toegewezen aan medewerker {worker_id}",
            )
    return len(cases)
