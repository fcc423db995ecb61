"""Demo data for the Regieteam: case forms the housing corporations filed for their tenants with the
highest rent arrears, three meetings (two held, one coming up) with their agendas, and decisions of
both scenarios, among them a plan whose conditions were broken and that came back for a follow-up.

The records are written directly, as the rest of the demo is, without an audit trail of demo
users' actions. The court steps a decision implies (the summons, a judgment, the suspension) and the
housing arrangement are written on the household's eviction track in the same way.
"""

import datetime as dt
import random

from django.db import transaction

from eropaf.accounts.models import RoleAssignment, Team
from eropaf.accounts.roles import Role, TeamKind
from eropaf.coordination.models import AgendaItem, CaseForm, Decision, Meeting
from eropaf.coordination.rules import (
    AdministrationAdvice,
    AgendaReason,
    ConditionStatus,
    FormStatus,
    Scenario,
)
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import CourtStage, CourtStepKind, HousingArrangement
from eropaf.escalation.models import CourtStep, EvictionTrack, StepSource
from eropaf.escalation.services import track_for_household
from eropaf.intake.models import Signal
from eropaf.organisations.models import Municipality

HOUSEHOLDS = 8
MEETING_OFFSETS = (-56, -28, 7)  # two held meetings, one coming up
TRIED = (
    "Betalingsherinneringen en twee aanmaningen gestuurd; telefonisch contact gezocht.",
    "Betalingsregeling afgesproken, na twee termijnen niet meer nagekomen.",
    "Huisbezoek door de woonconsulent; huurder wilde geen hulp van schuldhulpverlening.",
    "Doorverwezen naar vroegsignalering; geen reactie op brieven en huisbezoeken.",
)
NOT_ENOUGH = (
    "Achterstand blijft oplopen, geen contact meer met de huurder.",
    "Regeling niet nagekomen; dagvaarding is voorbereid.",
    "Huurder reageert niet; signalen van overlast van buren.",
)
CASE_MANAGERS = (
    "Sociaal Wijkteam Dordrecht",
    "Schuldhulpverlening Drechtsteden",
    "Maatschappelijk werk (Stichting Mee)",
)


def _households(municipality: Municipality) -> list[Signal]:
    """The rent signal with the highest arrear of each household that has a case with a team."""
    # Households already in the chain belong to the other parts of the demo.
    seen: set[str] = set(
        EvictionTrack.objects.filter(municipality=municipality).values_list("address_key", flat=True)
    )
    chosen: list[Signal] = []
    signals = (
        Signal.objects.filter(
            municipality=municipality,
            partner__partner_type=PartnerType.RENT,
            case_link__case__team__isnull=False,
        )
        .select_related("partner")
        .order_by("-amount_cents", "id")
    )
    for signal in signals[: HOUSEHOLDS * 20]:
        if signal.address_key not in seen:
            seen.add(signal.address_key)
            chosen.append(signal)
        if len(chosen) == HOUSEHOLDS:
            break
    return chosen


def _step(
    track: EvictionTrack, kind: CourtStepKind, on: dt.date, stage: CourtStage, partner_id: int | None
) -> CourtStep:
    step = CourtStep.objects.create(
        track=track,
        kind=kind,
        on=on,
        stage_after=stage,
        source=StepSource.LANDLORD if partner_id else StepSource.STAFF,
        partner_id=partner_id,
    )
    track.stage = stage
    track.save(update_fields=["stage", "updated_at"])
    return step


def _form(
    rng: random.Random, signal: Signal, track: EvictionTrack, filed_on: dt.date, *, minors: bool
) -> CaseForm:
    _step(
        track, CourtStepKind.SUMMONS, filed_on - dt.timedelta(days=9), CourtStage.SUMMONED, signal.partner_id
    )
    has_minors = minors or track.has_minors
    is_multi_problem = rng.random() < 0.5
    is_vulnerable = rng.random() < 0.3
    has_nuisance = rng.random() < 0.25
    return CaseForm.objects.create(
        track=track,
        municipality_id=track.municipality_id,
        partner_id=signal.partner_id,
        partner_reference=signal.reference,
        filed_on=filed_on,
        tried_before=rng.choice(TRIED),
        why_not_enough=rng.choice(NOT_ENOUGH),
        has_minors=has_minors,
        is_multi_problem=is_multi_problem or not (has_minors or is_vulnerable or has_nuisance),
        is_vulnerable=is_vulnerable,
        has_housing_nuisance=has_nuisance,
        arrear_cents=signal.amount_cents,
        expected_court_on=filed_on + dt.timedelta(days=rng.randint(14, 35)),
        tenant_informed=True,
    )


def _decide(
    rng: random.Random,
    item: AgendaItem,
    scenario: Scenario,
    *,
    user_id: int | None,
    follows: Decision | None = None,
) -> Decision:
    form = item.case_form
    track = form.track
    on = item.meeting.held_on
    common = {
        "agenda_item": item,
        "case_form": form,
        "follows": follows,
        "scenario": scenario,
        "case_manager": rng.choice(CASE_MANAGERS),
        "decided_on": on,
        "care_desk_referral": rng.random() < 0.3,
        "recorded_by_id": user_id,
    }
    if scenario is Scenario.PREVENT:
        if track.stage == CourtStage.SUMMONED:
            _step(
                track, CourtStepKind.JUDGMENT, on - dt.timedelta(days=3), CourtStage.JUDGED, form.partner_id
            )
        step = _step(track, CourtStepKind.SUSPENDED, on, CourtStage.SUSPENDED, None)
        decision = Decision.objects.create(
            **common,
            eviction_suspended=True,
            suspension_step=step,
            arrear_frozen=True,
            term_ends_on=on + dt.timedelta(days=182),
            condition_rent_paid=ConditionStatus.AGREED,
            condition_cooperation=ConditionStatus.AGREED,
            condition_insight=rng.choice([ConditionStatus.MET, ConditionStatus.AGREED]),
            condition_payment_proposal=ConditionStatus.AGREED,
            administration_advice=rng.choice(list(AdministrationAdvice)),
        )
    else:
        at_risk = form.has_minors or form.is_vulnerable or track.has_minors or track.is_vulnerable
        housing = HousingArrangement.CRISIS_PLACE if at_risk else ""
        decision = Decision.objects.create(
            **common,
            own_arrangements="Kan enkele weken bij familie terecht; spullen in opslag via het netwerk.",
            housing_arrangement=housing,
            housing_note="Crisisopvang geregeld via de centrale toegang." if housing else "",
            youth_protection_involved=form.has_minors or track.has_minors,
        )
        if housing:
            EvictionTrack.objects.filter(pk=track.pk).update(
                housing_arrangement=housing, housing_note=decision.housing_note
            )
    CaseForm.objects.filter(pk=form.pk).update(status=FormStatus.DECIDED)
    return decision


def seed(*, municipality: Municipality, today: dt.date, rng: random.Random) -> dict[str, int]:
    regieteam = Team.objects.filter(municipality=municipality, kind=TeamKind.COORDINATION_TEAM).first()
    households = _households(municipality)
    if regieteam is None or len(households) < HOUSEHOLDS:
        return {"regieteam_forms": 0, "regieteam_meetings": 0, "regieteam_decisions": 0}
    member = RoleAssignment.objects.filter(team=regieteam, role=Role.ESCALATION_MEMBER).first()
    user_id = member.user_id if member else None
    with transaction.atomic():
        meetings = [
            Meeting.objects.create(
                team=regieteam,
                municipality=municipality,
                held_on=today + dt.timedelta(days=offset),
                created_by_id=user_id,
            )
            for offset in MEETING_OFFSETS
        ]
        forms = []
        for number, signal in enumerate(households):
            track = track_for_household(
                municipality=municipality, address_key=signal.address_key, landlord=signal.partner
            )
            # Two forms for each meeting, the last two filed since the last meeting.
            before = min(meetings[number // 2].held_on, today) if number < 6 else today
            filed_on = before - dt.timedelta(days=rng.randint(3, 12))
            forms.append(_form(rng, signal, track, filed_on, minors=number in (3, 5)))

        def schedule(
            form: CaseForm, meeting: Meeting, reason: AgendaReason = AgendaReason.FIRST
        ) -> AgendaItem:
            item = AgendaItem.objects.create(
                meeting=meeting,
                case_form=form,
                position=meeting.items.count() + 1,
                reason=reason,
                added_by_id=user_id,
            )
            CaseForm.objects.filter(pk=form.pk).update(status=FormStatus.ON_AGENDA)
            return item

        broken = _decide(rng, schedule(forms[0], meetings[0]), Scenario.PREVENT, user_id=user_id)
        _decide(rng, schedule(forms[1], meetings[0]), Scenario.PREVENT, user_id=user_id)
        again = schedule(forms[0], meetings[1], AgendaReason.CONDITIONS_BROKEN)
        _decide(rng, again, Scenario.EVICT, user_id=user_id, follows=broken)
        _decide(rng, schedule(forms[2], meetings[1]), Scenario.PREVENT, user_id=user_id)
        _decide(rng, schedule(forms[3], meetings[1]), Scenario.EVICT, user_id=user_id)
        schedule(forms[4], meetings[2])
        schedule(forms[5], meetings[2])
    return {
        "regieteam_forms": len(forms),
        "regieteam_meetings": len(meetings),
        "regieteam_decisions": Decision.objects.filter(case_form__municipality=municipality).count(),
    }
