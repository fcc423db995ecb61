"""Writing the Regieteam route: filing case forms, meetings, the agenda and decisions.

Every change runs in a transaction with its audit record; the rules are in ``coordination.rules``.
A decision writes into the household's eviction track through the escalation services: the
suspension agreed in scenario 1 becomes a court step when the procedure's stage allows one, and the
housing arrangement of scenario 2 is recorded on the track ("never on the street").
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.selectors import AnyUser, teams_of
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case
from eropaf.coordination import rules
from eropaf.coordination.models import AgendaItem, CaseForm, Decision, Meeting
from eropaf.coordination.rules import AgendaReason, CaseFormDraft, DecisionDraft, FormStatus, Scenario
from eropaf.coordination.selectors import (
    STAFF_ROLES,
    LandlordView,
    agenda_of,
    forms_for_regieteam,
    get_form_for_user,
    get_item_to_decide,
    get_landlord_form,
    get_meeting_for_user,
    regieteams_of,
    rent_partners_of,
)
from eropaf.core.errors import InvalidTransition, NotPermitted
from eropaf.escalation import court
from eropaf.escalation import services as escalation
from eropaf.escalation.court import CourtStage, CourtStepKind
from eropaf.escalation.models import EvictionTrack, StepSource
from eropaf.organisations.models import Partner

MAX_TEXT = 4000


def household_case_ids(municipality_id: int, address_key: str) -> list[int]:
    return list(
        Case.objects.filter(municipality_id=municipality_id, address_key=address_key).values_list(
            "pk", flat=True
        )
    )


def _has_open_form(track: EvictionTrack) -> bool:
    return track.coordination_forms.exclude(status=FormStatus.DECIDED).exists()


def _create_form(
    *, user: AnyUser, track: EvictionTrack, draft: CaseFormDraft, partner: Partner | None, reference: str
) -> CaseForm:
    today = timezone.localdate()
    court_on = rules.check_case_form(draft, today=today, household_has_open_form=_has_open_form(track))
    form = CaseForm.objects.create(
        track=track,
        municipality_id=track.municipality_id,
        partner=partner,
        partner_reference=reference[:64],
        filed_by_id=user.pk if user.is_authenticated else None,
        filed_on=today,
        tried_before=draft.tried_before.strip()[:MAX_TEXT],
        why_not_enough=draft.why_not_enough.strip()[:MAX_TEXT],
        has_minors=draft.has_minors,
        is_multi_problem=draft.is_multi_problem,
        is_vulnerable=draft.is_vulnerable,
        has_housing_nuisance=draft.has_housing_nuisance,
        arrear_cents=draft.arrear_cents,
        expected_court_on=court_on,
        tenant_informed=draft.tenant_informed,
    )
    record_audit_event(
        actor=user,
        action=AuditAction.CREATE,
        subject_type="coordination_case_form",
        subject_id=form.pk,
        municipality_code=track.municipality.code,
        case_ids=household_case_ids(track.municipality_id, track.address_key),
        description=f"Casusformulier Regieteam ingediend door {'verhuurder' if partner else 'gemeente'} "
        f"(huishouden {track.pk})",
    )
    return form


def file_case_form_as_landlord(
    *, user: AnyUser, partner: Partner, reference: str, draft: CaseFormDraft
) -> CaseForm:
    """A landlord files the case form for its own tenant, found by its signal reference."""
    if not rent_partners_of(user).filter(pk=partner.pk).exists():
        raise NotPermitted(_("Only a landlord files a case form for the Regieteam."))
    municipality, address_key = escalation.household_of_partner_reference(
        partner=partner, reference=reference
    )
    with transaction.atomic():
        track = escalation.track_for_household(
            municipality=municipality, address_key=address_key, landlord=partner
        )
        return _create_form(user=user, track=track, draft=draft, partner=partner, reference=reference.strip())


def case_for_staff(*, user: AnyUser, case_id: int) -> Case:
    """The case when ``user`` is staff of its team; NotPermitted otherwise."""
    case = (
        Case.objects.filter(pk=case_id, team_id__in=teams_of(user, roles=STAFF_ROLES).values("pk"))
        .select_related("municipality", "team")
        .first()
    )
    if case is None:
        raise NotPermitted(_("This case does not exist or is not one of your teams' cases."))
    return case


def file_case_form_as_staff(*, user: AnyUser, case_id: int, draft: CaseFormDraft) -> CaseForm:
    """Staff of the household's responsible team file the case form themselves."""
    with transaction.atomic():
        case = case_for_staff(user=user, case_id=case_id)
        track = escalation.track_for_case(case)
        if not teams_of(user, roles=STAFF_ROLES).filter(pk=track.team_id).exists():
            raise NotPermitted(_("Only the household's responsible team files a case form for it."))
        return _create_form(user=user, track=track, draft=draft, partner=None, reference="")


def create_meeting(*, user: AnyUser, team_id: int, held_on: dt.date, note: str = "") -> Meeting:
    with transaction.atomic():
        team = regieteams_of(user).filter(pk=team_id).first()
        if team is None:
            raise NotPermitted(_("You are not a member of this Regieteam."))
        try:
            with transaction.atomic():
                meeting = Meeting.objects.create(
                    team=team,
                    municipality_id=team.municipality_id,
                    held_on=held_on,
                    note=note.strip()[:300],
                    created_by_id=user.pk if user.is_authenticated else None,
                )
        except IntegrityError as error:
            raise InvalidTransition(_("This Regieteam has a meeting on that day already.")) from error
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="coordination_meeting",
            subject_id=meeting.pk,
            municipality_code=team.municipality.code,
            description="Regieteam-overleg gepland",
        )
    return meeting


def _form_state(form: CaseForm) -> rules.FormState:
    items = list(form.agenda_items.select_related("meeting").order_by("meeting__held_on", "id"))
    open_items = [item for item in items if not hasattr(item, "decision")]
    last = form.decisions.select_related("agenda_item__meeting").order_by("-decided_on", "-id").first()
    return rules.FormState(
        status=FormStatus(form.status),
        filed_on=form.filed_on,
        on_agenda_of=open_items[-1].meeting.held_on if open_items else None,
        last_decided_at_meeting_of=last.agenda_item.meeting.held_on if last else None,
        last_scenario=Scenario(last.scenario) if last else None,
    )


def put_on_agenda(*, user: AnyUser, meeting_id: int, form_id: int, reason: AgendaReason) -> AgendaItem:
    """A member of the meeting's Regieteam puts a case form of its municipality on the agenda."""
    with transaction.atomic():
        meeting = (
            Meeting.objects.select_for_update()
            .select_related("municipality")
            .filter(pk=meeting_id, team_id__in=regieteams_of(user).values("pk"))
            .first()
        )
        if meeting is None:
            raise NotPermitted(_("This meeting does not exist or is not one of your Regieteam's."))
        form = (
            CaseForm.objects.select_for_update()
            .filter(pk=form_id, municipality_id=meeting.municipality_id)
            .select_related("track")
            .first()
        )
        if form is None:
            raise NotPermitted(_("This case form does not exist or is not one of this municipality's."))
        rules.check_agenda(_form_state(form), meeting_on=meeting.held_on, reason=reason)
        position = meeting.items.count() + 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            case_form=form,
            position=position,
            reason=reason,
            added_by_id=user.pk if user.is_authenticated else None,
        )
        form.status = FormStatus.ON_AGENDA
        form.save(update_fields=["status", "updated_at"])
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="coordination_case_form",
            subject_id=form.pk,
            municipality_code=meeting.municipality.code,
            case_ids=household_case_ids(form.municipality_id, form.track.address_key),
            description=f"Casus geagendeerd voor overleg {meeting.pk}: {AgendaReason(reason).label}",
        )
    return item


def _suspension_allowed(track: EvictionTrack) -> bool:
    return CourtStepKind.SUSPENDED in court.allowed_steps(CourtStage(track.stage))


def record_decision(*, user: AnyUser, item_id: int, draft: DecisionDraft) -> Decision:
    """A member of the meeting's Regieteam records the decision on an agenda item (final)."""
    with transaction.atomic():
        item = get_item_to_decide(user=user, item_id=item_id)
        item = (
            AgendaItem.objects.select_for_update()
            .select_related("meeting", "meeting__municipality", "case_form", "case_form__track")
            .get(pk=item.pk)
        )
        form = item.case_form
        track = EvictionTrack.objects.select_for_update().get(pk=form.track_id)
        household = rules.HouseholdFacts(
            has_minors=form.has_minors or track.has_minors,
            is_vulnerable=form.is_vulnerable or track.is_vulnerable,
        )
        decided = rules.check_decision(
            draft,
            household=household,
            today=timezone.localdate(),
            meeting_on=item.meeting.held_on,
            already_decided=Decision.objects.filter(agenda_item=item).exists(),
        )
        previous = form.decisions.order_by("-decided_on", "-id").first()
        conditions = decided.conditions or {}
        decision = Decision.objects.create(
            agenda_item=item,
            case_form=form,
            follows=previous,
            scenario=decided.scenario,
            case_manager=decided.case_manager.strip()[:200],
            decided_on=item.meeting.held_on,
            eviction_suspended=decided.eviction_suspended,
            arrear_frozen=decided.arrear_frozen,
            term_ends_on=decided.term_ends_on,
            condition_rent_paid=conditions.get("rent_paid", ""),
            condition_cooperation=conditions.get("cooperation", ""),
            condition_insight=conditions.get("insight", ""),
            condition_payment_proposal=conditions.get("payment_proposal", ""),
            administration_advice=decided.administration_advice,
            own_arrangements=decided.own_arrangements.strip()[:MAX_TEXT],
            housing_arrangement=decided.housing_arrangement,
            housing_note=decided.housing_note.strip()[:MAX_TEXT],
            youth_protection_involved=decided.youth_protection_involved,
            care_desk_referral=decided.care_desk_referral,
            care_desk_note=decided.care_desk_note.strip()[:MAX_TEXT] if decided.care_desk_referral else "",
            note=decided.note.strip()[:MAX_TEXT],
            recorded_by_id=user.pk if user.is_authenticated else None,
        )
        if decided.scenario is Scenario.PREVENT and decided.eviction_suspended and _suspension_allowed(track):
            until = f"{decided.term_ends_on:%d-%m-%Y}" if decided.term_ends_on else ""
            decision.suspension_step = escalation.record_court_step(
                track_id=track.pk,
                kind=CourtStepKind.SUSPENDED,
                on=item.meeting.held_on,
                source=StepSource.STAFF,
                user=user,
                note=_("Regieteam: plan to prevent the eviction, suspended until %(date)s") % {"date": until},
            )
            decision.save(update_fields=["suspension_step"])
        if decided.scenario is Scenario.EVICT and decided.housing_arrangement:
            escalation.record_housing_arrangement(
                user=user,
                track_id=track.pk,
                arrangement=decided.housing_arrangement,
                note=decided.housing_note,
            )
        form.status = FormStatus.DECIDED
        form.save(update_fields=["status", "updated_at"])
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="coordination_decision",
            subject_id=decision.pk,
            municipality_code=item.meeting.municipality.code,
            case_ids=household_case_ids(form.municipality_id, track.address_key),
            description=f"Besluit Regieteam: {Scenario(decided.scenario).label} (casusformulier {form.pk})",
        )
    return decision


def view_forms(*, user: AnyUser) -> list[CaseForm]:
    """The case forms of the user's Regieteams (with the households' addresses), recorded as viewed
    with the households' cases."""
    with transaction.atomic():
        forms = list(forms_for_regieteam(user).order_by("filed_on", "id"))
        if forms:
            record_audit_event(
                actor=user,
                action=AuditAction.VIEW,
                subject_type="coordination_overview",
                case_ids=escalation.household_case_ids([form.track for form in forms]),
                description=f"Casusformulieren Regieteam bekeken ({len(forms)})",
            )
    return forms


def view_form(*, user: AnyUser, form_id: int) -> CaseForm:
    """The case form when ``user`` may see it (NotPermitted otherwise), recorded as viewed."""
    with transaction.atomic():
        form = get_form_for_user(user=user, form_id=form_id)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="coordination_case_form",
            subject_id=form.pk,
            municipality_code=form.municipality.code,
            case_ids=household_case_ids(form.municipality_id, form.track.address_key),
        )
    return form


def view_landlord_form(*, user: AnyUser, form_id: int) -> LandlordView:
    """The landlord's own case form and what it may know of it, recorded as viewed."""
    with transaction.atomic():
        view = get_landlord_form(user=user, form_id=form_id)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="coordination_case_form",
            subject_id=view.form.pk,
            municipality_code=view.form.municipality.code,
        )
    return view


def view_agenda(*, user: AnyUser, meeting_id: int) -> tuple[Meeting, list[AgendaItem]]:
    """A meeting of the user's Regieteam municipality with its agenda, recorded as viewed."""
    with transaction.atomic():
        meeting = get_meeting_for_user(user=user, meeting_id=meeting_id)
        items = agenda_of(meeting)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="coordination_agenda",
            subject_id=meeting.pk,
            municipality_code=meeting.municipality.code,
            case_ids=sorted(
                {
                    case_id
                    for item in items
                    for case_id in household_case_ids(
                        item.case_form.municipality_id, item.case_form.track.address_key
                    )
                }
            ),
        )
    return meeting, items
