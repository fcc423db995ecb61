"""Demo data for track 2, the Meldpunt Zorg en Overlast. Run after matching (which made the court
timelines from the landlords' delivered court dates) and after the eviction core's seed.

About half of the summoned households were referred (by the landlord, as the Drechtsteden agreements
ask, or by the case worker), a few proposals were declined, a few rent cases that waited too long and
a few worrying households seen by the neighbourhood team were referred too. Older referrals were
taken up and closed with an outcome; the rest are open, and the remaining summoned households show
as proposals to the case workers. Written in bulk, as the rest of the demo, without audit rows.
"""

import datetime as dt
import random

from django.db.models import OuterRef, Subquery

from eropaf.accounts.models import RoleAssignment, Team
from eropaf.accounts.roles import Role, TeamKind
from eropaf.care_desk.models import CareDeskSettings, ProposalDismissal, ProposalKind, Referral
from eropaf.care_desk.rules import (
    DEFAULT_DAYS_UNTOUCHED,
    NOT_IN_HANDLING,
    ReferralOutcome,
    ReferralReason,
    ReferralStatus,
    ReferrerKind,
)
from eropaf.cases.models import Case, ContactAttempt
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import UNDER_WAY, CourtStepKind
from eropaf.escalation.models import CourtStep, EvictionTrack
from eropaf.escalation.services import track_for_household
from eropaf.organisations.models import Municipality

REFERRED_SHARE = 0.5
DISMISSED_SHARE = 0.1
LANDLORD_SHARE = 0.6
MAX_RENT_REFERRALS = 4
MAX_CONCERN_REFERRALS = 3
OUTCOME_WEIGHTS: tuple[tuple[ReferralOutcome, int], ...] = (
    (ReferralOutcome.CARE_ACCEPTED, 45),
    (ReferralOutcome.CARE_DECLINED, 15),
    (ReferralOutcome.NOT_REACHED, 15),
    (ReferralOutcome.REFERRED_ELSEWHERE, 15),
    (ReferralOutcome.NO_CARE_NEEDED, 10),
)
CONCERNS = {
    ReferralReason.SUMMONS: (
        "Dagvaarding verstuurd; huurder reageert niet op brieven en telefoon.",
        "Dagvaarding verstuurd na vier maanden achterstand; zorgen over de gezondheid van de huurder.",
        "Dagvaarding verstuurd; buren melden verwaarlozing van de woning.",
    ),
    ReferralReason.RENT_NOT_HANDLED: (
        "Huursignaal staat al weken open zonder contact; achterstand loopt op.",
        "Geen contact gelukt via de vroegsignalering; huurder is moeilijk bereikbaar.",
    ),
    ReferralReason.CONCERN: (
        "Bij huisbezoek een vervuilde woning aangetroffen; bewoner lijkt verward.",
        "Overlastmeldingen van buren; bewoner staat niet open voor hulp van het wijkteam.",
        "Signalen van eenzaamheid en alcoholgebruik; kinderen in huis.",
    ),
}
TRIED_BEFORE = (
    "Twee aanmaningen, drie belpogingen en een huisbezoek zonder resultaat.",
    "Betalingsregeling aangeboden en niet nagekomen; verwijzing naar schuldhulp niet opgevolgd.",
    "Brief met contactverzoek, WhatsApp-bericht en twee huisbezoeken; niemand thuis.",
)
HOUSEHOLDS = (
    "Alleenstaande man, werkloos, geen netwerk in de buurt.",
    "Moeder met twee jonge kinderen; vader niet in beeld.",
    "Echtpaar op leeftijd; een van beiden heeft zorg nodig.",
    "Jongvolwassene, net zelfstandig, wisselend inkomen.",
)
OUTCOME_NOTES = {
    ReferralOutcome.CARE_ACCEPTED: "Bewoner gaat akkoord met begeleiding door de GGZ; wijkteam sluit aan.",
    ReferralOutcome.CARE_DECLINED: "Bewoner wil geen hulp; verhuurder en wijkteam geïnformeerd.",
    ReferralOutcome.NOT_REACHED: "Drie huisbezoeken op verschillende tijden, niemand aangetroffen.",
    ReferralOutcome.REFERRED_ELSEWHERE: "Doorverwezen naar de verslavingszorg.",
    ReferralOutcome.NO_CARE_NEEDED: "Geen zorgvraag; bewoner heeft zelf een betalingsregeling getroffen.",
}
DISMISSAL_REASONS = (
    "Huishouden is al in beeld bij het sociaal wijkteam.",
    "Betalingsregeling getroffen; verhuurder trekt de dagvaarding in.",
)


def _user_in(team_id: int, role: Role) -> int | None:
    return (
        RoleAssignment.objects.filter(team_id=team_id, role=role)
        .order_by("id")
        .values_list("user_id", flat=True)
        .first()
    )


def _handled(referral: Referral, *, desk_member: int | None, today: dt.date, rng: random.Random) -> None:
    """Older referrals were taken up within days, and closed some weeks later."""
    age = (today - referral.referred_on).days
    if age < 5:
        return
    referral.status = ReferralStatus.TAKEN_UP
    referral.taken_up_on = referral.referred_on + dt.timedelta(days=rng.randint(1, 4))
    referral.taken_up_by_id = desk_member
    if age < 25:
        return
    outcome = rng.choices([o for o, _w in OUTCOME_WEIGHTS], weights=[w for _o, w in OUTCOME_WEIGHTS])[0]
    referral.status = ReferralStatus.CLOSED
    referral.outcome = outcome
    referral.outcome_note = OUTCOME_NOTES[outcome]
    referral.closed_on = min(referral.taken_up_on + dt.timedelta(days=rng.randint(10, 30)), today)
    referral.closed_by_id = desk_member


def _referral(
    *,
    track: EvictionTrack,
    case_id: int | None,
    desk: Team,
    reason: ReferralReason,
    on: dt.date,
    rng: random.Random,
) -> Referral:
    return Referral(
        municipality_id=track.municipality_id,
        track=track,
        case_id=case_id,
        desk_team=desk,
        reason=reason,
        referred_on=on,
        concerns=rng.choice(CONCERNS[reason]),
        tried_before=rng.choice(TRIED_BEFORE),
        household_situation=rng.choice(HOUSEHOLDS),
        has_minors=track.has_minors,
        resident_informed=True,
    )


def seed(*, municipality: Municipality, today: dt.date, rng: random.Random) -> dict[str, int]:
    CareDeskSettings.objects.get_or_create(
        municipality=municipality, defaults={"days_untouched": DEFAULT_DAYS_UNTOUCHED}
    )
    desk = (
        Team.objects.filter(municipality=municipality, kind=TeamKind.CARE_AND_NUISANCE_DESK)
        .order_by("name")
        .first()
    )
    if desk is None:
        return {"care_desk_referrals": 0, "care_desk_declined_proposals": 0}
    desk_member = _user_in(desk.pk, Role.ESCALATION_MEMBER)
    referrals: list[Referral] = []
    dismissals: list[ProposalDismissal] = []
    referred_tracks: set[int] = set()

    summons = CourtStep.objects.filter(track=OuterRef("pk"), kind=CourtStepKind.SUMMONS).order_by(
        "-recorded_at", "-id"
    )
    latest_case = Case.objects.filter(
        municipality_id=OuterRef("municipality_id"),
        address_key=OuterRef("address_key"),
        team_id=OuterRef("team_id"),
    ).order_by("-period", "-id")
    tracks = (
        EvictionTrack.objects.filter(municipality=municipality, stage__in=list(UNDER_WAY))
        .annotate(
            procedure_id=Subquery(summons.values("pk")[:1]),
            summoned_on=Subquery(summons.values("on")[:1]),
            case_id=Subquery(latest_case.values("pk")[:1]),
        )
        .exclude(procedure_id=None)
        .exclude(case_id=None)
        .select_related("landlord")
        .order_by("id")
    )
    landlord_users = {
        assignment.partner_id: assignment.user_id
        for assignment in RoleAssignment.objects.filter(
            role=Role.PARTNER_USER, partner__isnull=False
        ).order_by("-id")
    }
    for track in tracks:
        draw = rng.random()
        if draw < DISMISSED_SHARE:
            dismissals.append(
                ProposalDismissal(
                    municipality=municipality,
                    kind=ProposalKind.SUMMONS,
                    track=track,
                    procedure_id=track.procedure_id,
                    case_id=track.case_id,
                    reason=rng.choice(DISMISSAL_REASONS),
                    dismissed_by_id=_user_in(track.team_id, Role.CASE_WORKER),
                    dismissed_on=min(track.summoned_on + dt.timedelta(days=rng.randint(1, 7)), today),
                )
            )
            continue
        if draw > DISMISSED_SHARE + REFERRED_SHARE:
            continue  # still proposed to the case worker
        referral = _referral(
            track=track,
            case_id=track.case_id,
            desk=desk,
            reason=ReferralReason.SUMMONS,
            on=min(track.summoned_on + dt.timedelta(days=rng.randint(0, 10)), today),
            rng=rng,
        )
        referral.procedure_id = track.procedure_id
        landlord_user = landlord_users.get(track.landlord_id) if track.landlord_id else None
        if landlord_user is not None and track.landlord is not None and rng.random() < LANDLORD_SHARE:
            referral.referrer_kind = ReferrerKind.LANDLORD
            referral.referred_by_id = landlord_user
            referral.partner = track.landlord
            referral.referrer_organisation = track.landlord.name
        else:
            referral.referrer_kind = ReferrerKind.CASE_WORKER
            referral.referred_by_id = _user_in(track.team_id, Role.CASE_WORKER)
        _handled(referral, desk_member=desk_member, today=today, rng=rng)
        referrals.append(referral)
        referred_tracks.add(track.pk)

    referrals += _rent_and_concern_referrals(
        municipality=municipality,
        desk=desk,
        desk_member=desk_member,
        skip=referred_tracks,
        today=today,
        rng=rng,
    )
    Referral.objects.bulk_create(referrals)
    ProposalDismissal.objects.bulk_create(dismissals)
    return {"care_desk_referrals": len(referrals), "care_desk_declined_proposals": len(dismissals)}


def _rent_and_concern_referrals(
    *,
    municipality: Municipality,
    desk: Team,
    desk_member: int | None,
    skip: set[int],
    today: dt.date,
    rng: random.Random,
) -> list[Referral]:
    """A few rent cases that waited too long (case worker) and worrying households (neighbourhood team).
    Their households get a track from the core when they have none yet."""
    waiting = (
        Case.objects.filter(
            municipality=municipality,
            team__kind=TeamKind.EARLY_DETECTION,
            state__in=[state.value for state in NOT_IN_HANDLING],
            opened_on__lt=today - dt.timedelta(days=DEFAULT_DAYS_UNTOUCHED + 10),
            case_signals__signal__signal_type=PartnerType.RENT,
        )
        .exclude(pk__in=ContactAttempt.objects.values("case_id"))
        .distinct()
        .order_by("opened_on", "id")[:MAX_RENT_REFERRALS]
    )
    worried = (
        Case.objects.filter(
            municipality=municipality,
            state="in_progress",
            case_signals__signal__signal_type=PartnerType.RENT,
        )
        .distinct()
        .order_by("-opened_on", "id")[:MAX_CONCERN_REFERRALS]
    )
    neighbourhood = Team.objects.filter(municipality=municipality, kind=TeamKind.NEIGHBOURHOOD).first()
    neighbourhood_worker = (
        _user_in(neighbourhood.pk, Role.NEIGHBOURHOOD_TEAM_WORKER) if neighbourhood else None
    )
    referrals = []
    for reason, cases in ((ReferralReason.RENT_NOT_HANDLED, waiting), (ReferralReason.CONCERN, worried)):
        for case in cases:
            if case.team_id is None:
                continue
            track = track_for_household(municipality=municipality, address_key=case.address_key)
            if track.pk in skip:
                continue
            skip.add(track.pk)
            on = min(case.opened_on + dt.timedelta(days=rng.randint(16, 40)), today)
            referral = _referral(track=track, case_id=case.pk, desk=desk, reason=reason, on=on, rng=rng)
            if reason is ReferralReason.CONCERN and neighbourhood is not None:
                referral.referrer_kind = ReferrerKind.NEIGHBOURHOOD_TEAM
                referral.referred_by_id = neighbourhood_worker
                referral.referrer_organisation = neighbourhood.name
            else:
                referral.referrer_kind = ReferrerKind.CASE_WORKER
                referral.referred_by_id = _user_in(case.team_id, Role.CASE_WORKER)
            _handled(referral, desk_member=desk_member, today=today, rng=rng)
            referrals.append(referral)
    return referrals
