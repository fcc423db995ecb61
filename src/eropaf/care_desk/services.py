"""Writing track 2: referrals to the Meldpunt, its handling, declined proposals; each audited in the
same transaction. The rules are in ``care_desk.rules``."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eropaf.accounts.models import RoleAssignment, Team
from eropaf.accounts.roles import Role, TeamKind
from eropaf.accounts.selectors import AnyUser, partners_of, teams_of
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.care_desk import rules, selectors
from eropaf.care_desk.models import ProposalDismissal, ProposalKind, Referral
from eropaf.care_desk.rules import (
    ReferralAction,
    ReferralOutcome,
    ReferralReason,
    ReferralStatus,
    ReferrerKind,
)
from eropaf.cases.models import Case, ContactAttempt
from eropaf.core.errors import ApplicationError, InvalidTransition, NotPermitted
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import UNDER_WAY, CourtStage
from eropaf.escalation.models import EvictionTrack
from eropaf.escalation.services import household_of_partner_reference, track_for_case, track_for_household
from eropaf.organisations.models import Partner

MAX_TEXT = 4000


def _dutch(label: object) -> str:
    """A label for an audit description, which is Dutch whatever the language of the request."""
    with translation.override("nl"):
        return str(label)


@dataclass(frozen=True)
class ReferralForm:
    """The content of the referral form."""

    reason: ReferralReason
    concerns: str
    tried_before: str
    household_situation: str
    has_minors: bool
    resident_informed: bool


def _rent_case_not_in_handling(municipality_id: int, address_key: str) -> bool:
    """Whether the household has a case with an active rent signal that nobody took into handling."""
    cases = Case.objects.filter(
        municipality_id=municipality_id,
        address_key=address_key,
        state__in=[state.value for state in rules.NOT_IN_HANDLING],
        case_signals__signal__signal_type=PartnerType.RENT,
        case_signals__signal__withdrawn_at__isnull=True,
    )
    return cases.exclude(pk__in=ContactAttempt.objects.values("case_id")).exists()


def _has_open_referral(track: EvictionTrack) -> bool:
    return Referral.objects.filter(track=track, status__in=list(rules.OPEN_STATUSES)).exists()


def _create_referral(
    *,
    user: AnyUser,
    track: EvictionTrack,
    case: Case | None,
    desk_team: Team,
    referrer: ReferrerKind,
    organisation: str,
    partner: Partner | None,
    form: ReferralForm,
) -> Referral:
    """Check and write one referral with its audit record; call inside the transaction that locked
    the track."""
    if (
        desk_team.kind != TeamKind.CARE_AND_NUISANCE_DESK
        or desk_team.municipality_id != track.municipality_id
    ):
        raise InvalidTransition(_("Choose a Meldpunt team of the household's municipality."))
    rules.check_referral(
        rules.ReferralFacts(
            referrer=referrer,
            reason=form.reason,
            stage=CourtStage(track.stage),
            rent_case_not_in_handling=_rent_case_not_in_handling(track.municipality_id, track.address_key),
            household_has_open_referral=_has_open_referral(track),
            resident_informed=form.resident_informed,
        )
    )
    procedure = selectors.current_procedure(track.pk) if track.stage in UNDER_WAY else None
    referral = Referral.objects.create(
        municipality_id=track.municipality_id,
        track=track,
        case=case,
        procedure=procedure,
        desk_team=desk_team,
        reason=form.reason,
        referred_on=timezone.localdate(),
        referred_by_id=user.pk if user.is_authenticated else None,
        referrer_kind=referrer,
        referrer_organisation=organisation.strip()[:150],
        partner=partner,
        concerns=form.concerns.strip()[:MAX_TEXT],
        tried_before=form.tried_before.strip()[:MAX_TEXT],
        household_situation=form.household_situation.strip()[:MAX_TEXT],
        has_minors=form.has_minors,
        resident_informed=form.resident_informed,
    )
    record_audit_event(
        actor=user,
        action=AuditAction.CREATE,
        subject_type="care_desk_referral",
        subject_id=referral.pk,
        municipality_code=track.municipality.code,
        case_ids=[case.pk] if case is not None else [],
        description=(
            f"Doorverwezen naar het Meldpunt Zorg en Overlast: {_dutch(ReferralReason(form.reason).label)} "
            f"(huishouden {track.pk})"
        ),
    )
    return referral


def referrer_kind_for_case(*, user: AnyUser, case: Case) -> ReferrerKind:
    """What the user refers as in the case's team; a case worker or team lead first."""
    roles = set(
        RoleAssignment.objects.filter(user_id=user.pk or 0, team_id=case.team_id or 0).values_list(
            "role", flat=True
        )
    )
    if roles & {Role.CASE_WORKER, Role.TEAM_LEAD}:
        return ReferrerKind.CASE_WORKER
    if Role.NEIGHBOURHOOD_TEAM_WORKER in roles:
        return ReferrerKind.NEIGHBOURHOOD_TEAM
    return ReferrerKind.DEBT_SERVICES


def refer_case(
    *, user: AnyUser, case_id: int, desk_team_id: int, form: ReferralForm, organisation: str = ""
) -> Referral:
    """A case worker, team lead, neighbourhood-team or debt-services worker of the case's team refers
    the case's household to a Meldpunt team of its municipality."""
    with transaction.atomic():
        case = selectors.get_case_to_refer(user=user, case_id=case_id)
        referrer = referrer_kind_for_case(user=user, case=case)
        if referrer is not ReferrerKind.CASE_WORKER and not organisation.strip():
            organisation = case.team.name if case.team else ""
        desk_team = selectors.desk_teams_in(case.municipality_id).filter(pk=desk_team_id).first()
        if desk_team is None:
            raise InvalidTransition(_("Choose a Meldpunt team of the household's municipality."))
        track = track_for_case(case)
        return _create_referral(
            user=user,
            track=track,
            case=case,
            desk_team=desk_team,
            referrer=referrer,
            organisation=organisation,
            partner=None,
            form=form,
        )


def landlord_partners(user: AnyUser) -> list[Partner]:
    """The landlords (rent partners) the user refers for."""
    return list(partners_of(user).filter(partner_type=PartnerType.RENT).order_by("name"))


def refer_tenant(*, user: AnyUser, partner_id: int, reference: str, form: ReferralForm) -> Referral:
    """A landlord refers its own tenant, found through the landlord's own signal reference."""
    partner = next((p for p in landlord_partners(user) if p.pk == partner_id), None)
    if partner is None:
        raise NotPermitted(_("You do not refer for this landlord."))
    municipality, address_key = household_of_partner_reference(partner=partner, reference=reference)
    desks = selectors.desk_teams_in(municipality.pk)
    # The Meldpunt that had the household before keeps it; otherwise the first of the municipality.
    earlier = (
        Referral.objects.filter(
            municipality=municipality, track__address_key=address_key, desk_team__in=desks
        )
        .order_by("-referred_on", "-id")
        .values_list("desk_team_id", flat=True)
        .first()
    )
    desk_team = desks.filter(pk=earlier).first() if earlier is not None else desks.first()
    if desk_team is None:
        raise ApplicationError(_("The municipality of this household has no Meldpunt in Eropaf yet."))
    with transaction.atomic():
        track = track_for_household(municipality=municipality, address_key=address_key, landlord=partner)
        case = (
            Case.objects.filter(municipality=municipality, address_key=address_key, team__isnull=False)
            .order_by("-period", "-id")
            .first()
        )
        return _create_referral(
            user=user,
            track=track,
            case=case,
            desk_team=desk_team,
            referrer=ReferrerKind.LANDLORD,
            organisation=partner.name,
            partner=partner,
            form=form,
        )


def _referral_to_handle(*, user: AnyUser, referral_id: int) -> Referral:
    referral = (
        selectors.referrals_for_desk(user).select_for_update(of=("self",)).filter(pk=referral_id).first()
    )
    if referral is None:
        raise NotPermitted(_("This referral does not exist or is not addressed to your Meldpunt."))
    return referral


def record_list_viewed(*, user: AnyUser, subject_type: str, case_ids: list[int | None]) -> None:
    """A list that shows households' addresses (the inbox, the proposals, the sent referrals) is
    recorded as viewed with the cases behind its rows."""
    shown = sorted({case_id for case_id in case_ids if case_id is not None})
    record_audit_event(
        actor=user,
        action=AuditAction.VIEW,
        subject_type=subject_type,
        case_ids=shown,
        description=f"Meldpunt-lijst bekeken ({len(shown)} zaken)",
    )


def view_referral(*, user: AnyUser, referral_id: int) -> Referral:
    """The referral for the Meldpunt user, recorded as viewed."""
    with transaction.atomic():
        referral = selectors.get_referral_for_desk(user=user, referral_id=referral_id)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="care_desk_referral",
            subject_id=referral.pk,
            municipality_code=referral.municipality.code,
            case_ids=[referral.case_id] if referral.case_id else [],
        )
    return referral


def take_up_referral(*, user: AnyUser, referral_id: int) -> Referral:
    with transaction.atomic():
        referral = _referral_to_handle(user=user, referral_id=referral_id)
        referral.status = rules.next_status(ReferralStatus(referral.status), ReferralAction.TAKE_UP)
        referral.taken_up_on = timezone.localdate()
        referral.taken_up_by_id = user.pk
        referral.save(update_fields=["status", "taken_up_on", "taken_up_by", "updated_at"])
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="care_desk_referral",
            subject_id=referral.pk,
            municipality_code=referral.municipality.code,
            case_ids=[referral.case_id] if referral.case_id else [],
            description="Doorverwijzing opgepakt door het Meldpunt",
        )
    return referral


def close_referral(
    *, user: AnyUser, referral_id: int, outcome: ReferralOutcome, closed_on: dt.date, note: str = ""
) -> Referral:
    """Record the Meldpunt's outcome; the note stays with the Meldpunt."""
    with transaction.atomic():
        referral = _referral_to_handle(user=user, referral_id=referral_id)
        status = rules.next_status(ReferralStatus(referral.status), ReferralAction.CLOSE)
        rules.check_outcome_date(closed_on, referred_on=referral.referred_on, today=timezone.localdate())
        referral.status = status
        referral.outcome = outcome
        referral.closed_on = closed_on
        referral.closed_by_id = user.pk
        referral.outcome_note = note.strip()[:MAX_TEXT]
        referral.save(
            update_fields=["status", "outcome", "closed_on", "closed_by", "outcome_note", "updated_at"]
        )
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="care_desk_referral",
            subject_id=referral.pk,
            municipality_code=referral.municipality.code,
            case_ids=[referral.case_id] if referral.case_id else [],
            description=f"Uitkomst doorverwijzing vastgelegd: {_dutch(ReferralOutcome(outcome).label)}",
        )
    return referral


def dismiss_proposal(*, user: AnyUser, case_id: int, kind: ProposalKind, reason: str) -> ProposalDismissal:
    """A case worker or team lead of the case's team declines a proposal that is due, with a reason."""
    if not reason.strip():
        raise InvalidTransition(_("Say why the household is not referred."))
    with transaction.atomic():
        case = (
            selectors.referable_cases(user)
            .filter(team_id__in=teams_of(user, roles=selectors.WORKER_ROLES).values("pk"))
            .select_related("municipality")
            .filter(pk=case_id)
            .first()
        )
        if case is None:
            raise NotPermitted(_("This case does not exist or is not one of your teams' cases."))
        due = {
            proposal.kind for proposal in selectors.proposals_for_case(case=case, today=timezone.localdate())
        }
        if ReferralReason(kind) not in due:
            raise InvalidTransition(_("There is no such proposal for this case (any more)."))
        track = None
        procedure = None
        if kind == ProposalKind.SUMMONS:
            track = EvictionTrack.objects.get(
                municipality_id=case.municipality_id, address_key=case.address_key
            )
            procedure = selectors.current_procedure(track.pk)
        dismissal = ProposalDismissal.objects.create(
            municipality_id=case.municipality_id,
            kind=kind,
            track=track,
            procedure=procedure,
            case=case,
            reason=reason.strip()[:MAX_TEXT],
            dismissed_by_id=user.pk if user.is_authenticated else None,
            dismissed_on=timezone.localdate(),
        )
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="care_desk_dismissal",
            subject_id=dismissal.pk,
            municipality_code=case.municipality.code,
            case_ids=[case.pk],
            description=f"Voorstel voor het Meldpunt afgewezen: {_dutch(ProposalKind(kind).label)}",
        )
    return dismissal
