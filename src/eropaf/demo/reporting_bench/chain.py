"""The eviction chain of the reporting benchmark's municipality, so every dashboard query has rows.

About one household in a hundred of the cases gets an eviction track with court steps reported by
the bailiff and the landlord, three weeks apart from a summons ten to thirty days after the case
was opened, following one of twenty patterns (a summons only, a cancelled procedure, a hearing, a
judgment, a suspended, a scheduled and an executed eviction); steps that would lie after today are
left out, and the track's stage is the last step's (``escalation.court.TRANSITIONS``). A fifth of
the tracks is referred to a Meldpunt team (half of those closed with an outcome), a seventh gets a
Regieteam case form; one household in two hundred is admitted to Signalering+ at the monthly
consultation after its month. Everything is bulk-created; nothing here is part of a figure.
"""

import datetime as dt
from dataclasses import dataclass, field

import polars as pl
from django.db import transaction

from eropaf.accounts.models import Team
from eropaf.accounts.roles import TeamKind
from eropaf.care_desk.models import Referral
from eropaf.care_desk.rules import ReferralOutcome, ReferralReason, ReferralStatus, ReferrerKind
from eropaf.coordination.models import CaseForm
from eropaf.coordination.rules import FormStatus
from eropaf.core.periods import shift_months
from eropaf.escalation.court import TRANSITIONS, CourtStage, CourtStepKind
from eropaf.escalation.models import CourtStep, EvictionTrack, StepSource
from eropaf.organisations.models import Municipality, Partner
from eropaf.signalering_plus.models import Admission, Consultation

TRACK_EVERY = 100
ADMISSION_EVERY = 200
STEP_DAYS = 21
BATCH = 2_000
SYNTHETIC = "Synthetisch (benchmark)."
K = CourtStepKind
# By track number modulo 20: the steps reported, in order.
PATTERNS: tuple[tuple[CourtStepKind, ...], ...] = (
    *((K.SUMMONS,),) * 6,
    *((K.SUMMONS, K.CANCELLED),) * 3,
    *((K.SUMMONS, K.HEARING),) * 3,
    *((K.SUMMONS, K.HEARING, K.JUDGMENT),) * 2,
    *((K.SUMMONS, K.HEARING, K.JUDGMENT, K.EVICTION_NOTICE, K.EVICTION_DATE, K.SUSPENDED),) * 2,
    (K.SUMMONS, K.JUDGMENT, K.CANCELLED),
    *((K.SUMMONS, K.HEARING, K.JUDGMENT, K.EVICTION_NOTICE, K.EVICTION_DATE),) * 2,
    (K.SUMMONS, K.HEARING, K.JUDGMENT, K.EVICTION_NOTICE, K.EVICTION_DATE, K.EXECUTED),
)
SOURCES = {
    K.SUMMONS: StepSource.BAILIFF,
    K.EVICTION_NOTICE: StepSource.BAILIFF,
    K.EVICTION_DATE: StepSource.BAILIFF,
    K.EXECUTED: StepSource.BAILIFF,
    K.SUSPENDED: StepSource.STAFF,
}
REFERRAL_OUTCOMES = tuple(ReferralOutcome)


@dataclass
class ChainCounts:
    tracks: int = 0
    court_steps: int = 0
    referrals: int = 0
    case_forms: int = 0
    admissions: int = 0
    stages: dict[str, int] = field(default_factory=dict)


def remove_chain(municipality_id: int) -> None:
    """What ``add_chain`` made, in the order the protecting foreign keys need."""
    with transaction.atomic():
        Admission.objects.filter(municipality_id=municipality_id).delete()
        Consultation.objects.filter(municipality_id=municipality_id).delete()
        Referral.objects.filter(municipality_id=municipality_id).delete()
        CaseForm.objects.filter(municipality_id=municipality_id).delete()
        CourtStep.objects.filter(track__municipality_id=municipality_id).delete()
        EvictionTrack.objects.filter(municipality_id=municipality_id).delete()


def _households(cases: pl.DataFrame, every: int, salt: int) -> pl.DataFrame:
    """One case per chosen household: the first of the address among the cases picked by id."""
    return (
        cases.filter((pl.col("id") * salt) % every == 0)
        .sort("id")
        .unique("address_key", keep="first", maintain_order=True)
        .select("id", "period", "address_key", "opened_on")
    )


def _steps(number: int, opened_on: dt.date, today: dt.date) -> list[tuple[CourtStepKind, dt.date]]:
    first = opened_on + dt.timedelta(days=10 + number % 20)
    dated = [
        (kind, first + dt.timedelta(days=STEP_DAYS * index))
        for index, kind in enumerate(PATTERNS[number % 20])
    ]
    return [(kind, on) for kind, on in dated if on <= today]


def add_chain(municipality: Municipality, cases: pl.DataFrame, *, today: dt.date) -> ChainCounts:
    """Tracks, court steps, referrals, case forms and admissions for ``cases`` (``work_frame``)."""
    team = Team.objects.get(municipality=municipality, kind=TeamKind.EARLY_DETECTION)
    landlord = Partner.objects.filter(municipalities=municipality, partner_type="rent").order_by("pk").first()
    with transaction.atomic():
        desk = Team.objects.create(
            municipality=municipality, name="Meldpunt Benchmark", kind=TeamKind.CARE_AND_NUISANCE_DESK
        )
        plans: list[tuple[EvictionTrack, list[tuple[CourtStepKind, dt.date]], int]] = []
        for number, (case_id, _period, address_key, opened_on) in enumerate(
            _households(cases, TRACK_EVERY, 31).iter_rows()
        ):
            steps = _steps(number, opened_on, today)
            if not steps:
                continue
            stage = TRANSITIONS[steps[-1][0]][1]
            track = EvictionTrack(
                municipality=municipality,
                address_key=address_key,
                team=team,
                landlord=landlord,
                stage=stage,
                eviction_on=steps[-1][1] if stage == CourtStage.SCHEDULED else None,
            )
            plans.append((track, steps, case_id))
        EvictionTrack.objects.bulk_create([track for track, _, _ in plans], batch_size=BATCH)
        steps_made = [
            CourtStep(
                track=track,
                kind=kind,
                on=on,
                stage_after=TRANSITIONS[kind][1],
                source=SOURCES.get(kind, StepSource.LANDLORD),
                partner=landlord if SOURCES.get(kind, StepSource.LANDLORD) == StepSource.LANDLORD else None,
            )
            for track, steps, _ in plans
            for kind, on in steps
        ]
        CourtStep.objects.bulk_create(steps_made, batch_size=BATCH)
        referrals = [
            _referral(
                municipality=municipality,
                desk=desk,
                track=track,
                case_id=case_id,
                referred_on=steps[0][1] + dt.timedelta(days=3),
                number=number,
                today=today,
            )
            for number, (track, steps, case_id) in enumerate(plans)
            if number % 5 == 0 and steps[0][1] + dt.timedelta(days=3) <= today
        ]
        Referral.objects.bulk_create(referrals, batch_size=BATCH)
        forms = [
            CaseForm(
                track=track,
                municipality=municipality,
                partner=landlord,
                filed_on=steps[0][1] + dt.timedelta(days=5),
                tried_before=SYNTHETIC,
                why_not_enough=SYNTHETIC,
                is_multi_problem=True,
                arrear_cents=250_000 + 100 * number,
                expected_court_on=steps[0][1] + dt.timedelta(days=35),
                tenant_informed=True,
                status=FormStatus.FILED,
            )
            for number, (track, steps, _) in enumerate(plans)
            if number % 7 == 3 and steps[0][1] + dt.timedelta(days=5) <= today
        ]
        CaseForm.objects.bulk_create(forms, batch_size=BATCH)
        admissions = _admissions(municipality, team, landlord, cases, today)
    stages: dict[str, int] = {}
    for track, _, _ in plans:
        stages[track.stage] = stages.get(track.stage, 0) + 1
    return ChainCounts(
        tracks=len(plans),
        court_steps=len(steps_made),
        referrals=len(referrals),
        case_forms=len(forms),
        admissions=admissions,
        stages=dict(sorted(stages.items())),
    )


def _referral(
    *,
    municipality: Municipality,
    desk: Team,
    track: EvictionTrack,
    case_id: int,
    referred_on: dt.date,
    number: int,
    today: dt.date,
) -> Referral:
    closed_on = referred_on + dt.timedelta(days=14)
    closed = number % 10 == 0 and closed_on <= today
    return Referral(
        municipality=municipality,
        track=track,
        case_id=case_id,
        desk_team=desk,
        reason=ReferralReason.SUMMONS,
        referred_on=referred_on,
        referrer_kind=ReferrerKind.CASE_WORKER,
        concerns=SYNTHETIC,
        tried_before=SYNTHETIC,
        household_situation=SYNTHETIC,
        resident_informed=True,
        status=ReferralStatus.CLOSED if closed else ReferralStatus.TAKEN_UP,
        taken_up_on=referred_on + dt.timedelta(days=1),
        outcome=REFERRAL_OUTCOMES[(number // 10) % len(REFERRAL_OUTCOMES)] if closed else "",
        closed_on=closed_on if closed else None,
    )


def _admissions(
    municipality: Municipality, team: Team, landlord: Partner | None, cases: pl.DataFrame, today: dt.date
) -> int:
    """Households admitted to Signalering+ at the consultation after their month; a third ended."""
    if landlord is None:
        return 0
    chosen = _households(cases, ADMISSION_EVERY, 17)
    consultations: dict[dt.date, Consultation] = {}
    for period in sorted(set(chosen.get_column("period").to_list())):
        held_on = min(shift_months(period, 1) + dt.timedelta(days=9), today)
        consultations[period] = Consultation(
            municipality=municipality, team=team, corporation=landlord, held_on=held_on
        )
    Consultation.objects.bulk_create(list(consultations.values()), batch_size=BATCH)
    admissions = []
    for number, (case_id, period, address_key, _opened_on) in enumerate(chosen.iter_rows()):
        consultation = consultations[period]
        ended_on = consultation.held_on + dt.timedelta(days=60)
        admissions.append(
            Admission(
                municipality=municipality,
                address_key=address_key,
                team=team,
                corporation=landlord,
                case_id=case_id,
                consultation=consultation,
                admitted_on=consultation.held_on,
                ended_on=ended_on if number % 3 == 0 and ended_on <= today else None,
            )
        )
    Admission.objects.bulk_create(admissions, batch_size=BATCH)
    return len(admissions)
