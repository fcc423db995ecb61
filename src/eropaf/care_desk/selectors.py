"""Reading the Meldpunt's referrals and the proposals, authorised in the same call.

- A Meldpunt user (a Meldpunt or Regieteam member, in a team of kind Meldpunt Zorg en Overlast)
  sees only the referrals addressed to their own Meldpunt team.
- A case worker or team lead sees the proposals for the households of their teams' cases.
- Whoever referred sees the status and outcome of their referrals (a landlord: those of its
  organisation), never the Meldpunt's note.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.utils.translation import gettext as _

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role, TeamKind
from eropaf.accounts.selectors import AnyUser, partners_of, teams_of
from eropaf.care_desk import rules
from eropaf.care_desk.models import CareDeskSettings, ProposalDismissal, ProposalKind, Referral
from eropaf.care_desk.rules import ReferralReason
from eropaf.cases import casework
from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.errors import NotPermitted
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import UNDER_WAY, CourtStage, CourtStepKind
from eropaf.escalation.models import CourtStep, EvictionTrack
from eropaf.intake.models import Signal

WORKER_ROLES = casework.WORKER_ROLES
# Who refers a household of their teams' cases.
REFERRING_TEAM_ROLES = WORKER_ROLES | {Role.NEIGHBOURHOOD_TEAM_WORKER, Role.DEBT_SERVICES_WORKER}
MAX_PROPOSALS = 200


def desk_teams_of(user: AnyUser) -> QuerySet[Team]:
    """The Meldpunt teams in which the user is a member."""
    return teams_of(user, roles=frozenset({Role.ESCALATION_MEMBER})).filter(
        kind=TeamKind.CARE_AND_NUISANCE_DESK
    )


def desk_teams_in(municipality_id: int) -> QuerySet[Team]:
    return Team.objects.filter(
        municipality_id=municipality_id, kind=TeamKind.CARE_AND_NUISANCE_DESK
    ).order_by("name")


def days_untouched(municipality_id: int) -> int:
    days = (
        CareDeskSettings.objects.filter(municipality_id=municipality_id)
        .values_list("days_untouched", flat=True)
        .first()
    )
    return days if days is not None else rules.DEFAULT_DAYS_UNTOUCHED


# --------------------------------------------------------------------------------------------
# The Meldpunt
# --------------------------------------------------------------------------------------------


def referrals_for_desk(user: AnyUser) -> QuerySet[Referral]:
    return Referral.objects.filter(desk_team_id__in=desk_teams_of(user).values("pk")).select_related(
        "track", "desk_team", "municipality"
    )


def get_referral_for_desk(*, user: AnyUser, referral_id: int) -> Referral:
    """The referral when it is addressed to one of the user's Meldpunt teams; NotPermitted otherwise."""
    referral = (
        referrals_for_desk(user)
        .select_related("case", "referred_by", "partner", "taken_up_by", "closed_by")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise NotPermitted(_("This referral does not exist or is not addressed to your Meldpunt."))
    return referral


def household_names(referral: Referral) -> list[str]:
    """The names on the household's signals (of the referral's case, else of the household)."""
    signals = Signal.objects.filter(
        municipality_id=referral.municipality_id, address_key=referral.track.address_key
    )
    if referral.case_id is not None:
        signals = signals.filter(case_link__case_id=referral.case_id)
    return list(dict.fromkeys(signal.display_name for signal in signals.order_by("-period", "-id")[:10]))


# --------------------------------------------------------------------------------------------
# The referrer
# --------------------------------------------------------------------------------------------


def referrals_made_by(user: AnyUser) -> QuerySet[Referral]:
    """What the user referred, and for a landlord what its organisation referred."""
    mine = Q(referred_by_id=user.pk) if user.is_authenticated else Q(pk__in=[])
    return (
        Referral.objects.filter(mine | Q(partner__in=partners_of(user)))
        .select_related("track", "desk_team", "partner")
        .order_by("-referred_on", "-id")
    )


def referable_cases(user: AnyUser) -> QuerySet[Case]:
    return Case.objects.filter(team_id__in=teams_of(user, roles=REFERRING_TEAM_ROLES).values("pk"))


def get_case_to_refer(*, user: AnyUser, case_id: int) -> Case:
    """A case of the user's teams whose household they may refer; NotPermitted otherwise."""
    case = referable_cases(user).select_related("municipality", "team").filter(pk=case_id).first()
    if case is None:
        raise NotPermitted(_("This case does not exist or is not one of your teams' cases."))
    return case


def may_decide_proposals(*, user: AnyUser, case: Case) -> bool:
    return teams_of(user, roles=WORKER_ROLES).filter(pk=case.team_id or 0).exists()


def household_referrals(case: Case) -> QuerySet[Referral]:
    """The household's referrals, for the case's team (status and outcome only)."""
    return Referral.objects.filter(
        municipality_id=case.municipality_id, track__address_key=case.address_key
    ).select_related("desk_team")


def case_address(case: Case) -> str:
    link = CaseSignal.objects.filter(case=case).select_related("signal").order_by("signal_id").first()
    return link.signal.display_address if link is not None else case.address_key


# --------------------------------------------------------------------------------------------
# Proposals
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    kind: ReferralReason
    case_id: int
    address: str
    since: dt.date
    """The day of the summons, or the day the rent case was opened."""
    team_name: str
    stage_label: str = ""


def _open_referral_of_household(*, municipality: str, address_key: str) -> Exists:
    return Exists(
        Referral.objects.filter(
            municipality_id=OuterRef(municipality),
            track__address_key=OuterRef(address_key),
            status__in=list(rules.OPEN_STATUSES),
        )
    )


def current_procedure(track_id: int) -> CourtStep | None:
    """The summons that started the track's latest court procedure."""
    return (
        CourtStep.objects.filter(track_id=track_id, kind=CourtStepKind.SUMMONS)
        .order_by("-recorded_at", "-id")
        .first()
    )


def summons_proposals(tracks: QuerySet[EvictionTrack], *, for_case: Case | None = None) -> list[Proposal]:
    """Proposals for the tracks' procedures, each pointing at the household's latest case of the
    responsible team (or at ``for_case``)."""
    latest_summons = CourtStep.objects.filter(track=OuterRef("pk"), kind=CourtStepKind.SUMMONS).order_by(
        "-recorded_at", "-id"
    )
    latest_case = Case.objects.filter(
        municipality_id=OuterRef("municipality_id"),
        address_key=OuterRef("address_key"),
        team_id=OuterRef("team_id"),
    ).order_by("-period", "-id")
    candidates = (
        tracks.filter(stage__in=list(UNDER_WAY))
        .annotate(
            procedure_id=Subquery(latest_summons.values("pk")[:1]),
            summoned_on=Subquery(latest_summons.values("on")[:1]),
            case_id=Subquery(latest_case.values("pk")[:1])
            if for_case is None
            else Value(for_case.pk, output_field=IntegerField()),
        )
        .annotate(
            procedure_has_referral=Exists(Referral.objects.filter(procedure_id=OuterRef("procedure_id"))),
            dismissed=Exists(
                ProposalDismissal.objects.filter(
                    kind=ProposalKind.SUMMONS, procedure_id=OuterRef("procedure_id")
                )
            ),
            household_has_open_referral=_open_referral_of_household(
                municipality="municipality_id", address_key="address_key"
            ),
        )
        .filter(procedure_has_referral=False, dismissed=False, household_has_open_referral=False)
        .exclude(case_id=None)
        .exclude(procedure_id=None)
        .select_related("team")
        .order_by("eviction_on", "id")
    )
    proposals = []
    for track in candidates[:MAX_PROPOSALS]:
        facts = rules.ProcedureFacts(
            stage=CourtStage(track.stage),
            procedure_has_referral=track.procedure_has_referral,
            dismissed=track.dismissed,
            household_has_open_referral=track.household_has_open_referral,
        )
        if rules.summons_proposal_due(facts):
            proposals.append(
                Proposal(
                    kind=ReferralReason.SUMMONS,
                    case_id=track.case_id,
                    address=track.address or track.address_key,
                    since=track.summoned_on or track.created_at.date(),
                    team_name=track.team.name,
                    stage_label=track.get_stage_display(),
                )
            )
    return proposals


def rent_proposals(cases: QuerySet[Case], *, today: dt.date) -> list[Proposal]:
    municipality_ids = set(cases.order_by().values_list("municipality_id", flat=True).distinct())
    overdue = Q(pk__in=[])
    days_by_municipality = {}
    for municipality_id in municipality_ids:
        days_by_municipality[municipality_id] = days_untouched(municipality_id)
        overdue |= Q(
            municipality_id=municipality_id,
            opened_on__lte=rules.latest_overdue_opening(today, days_by_municipality[municipality_id]),
        )
    rent_signal = CaseSignal.objects.filter(
        case=OuterRef("pk"), signal__signal_type=PartnerType.RENT, signal__withdrawn_at__isnull=True
    )
    candidates = (
        cases.filter(overdue, state__in=[state.value for state in rules.NOT_IN_HANDLING])
        .annotate(
            has_rent_signal=Exists(rent_signal),
            has_contact_attempt=Exists(ContactAttempt.objects.filter(case=OuterRef("pk"))),
            case_has_referral=Exists(Referral.objects.filter(case=OuterRef("pk"))),
            dismissed=Exists(
                ProposalDismissal.objects.filter(kind=ProposalKind.RENT_NOT_HANDLED, case=OuterRef("pk"))
            ),
            household_has_open_referral=_open_referral_of_household(
                municipality="municipality_id", address_key="address_key"
            ),
        )
        .filter(
            has_rent_signal=True,
            has_contact_attempt=False,
            case_has_referral=False,
            dismissed=False,
            household_has_open_referral=False,
        )
        .select_related("team")
        .order_by("opened_on", "id")
    )
    chosen = list(candidates[:MAX_PROPOSALS])
    addresses = {
        link.case_id: link.signal.display_address
        for link in CaseSignal.objects.filter(case__in=[case.pk for case in chosen])
        .select_related("signal")
        .order_by("-signal_id")
    }
    proposals = []
    for case in chosen:
        facts = rules.RentCaseFacts(
            opened_on=case.opened_on,
            state=CaseState(case.state),
            has_rent_signal=case.has_rent_signal,
            has_contact_attempt=case.has_contact_attempt,
            case_has_referral=case.case_has_referral,
            dismissed=case.dismissed,
            household_has_open_referral=case.household_has_open_referral,
        )
        if rules.rent_proposal_due(
            facts, today=today, days_untouched=days_by_municipality[case.municipality_id]
        ):
            proposals.append(
                Proposal(
                    kind=ReferralReason.RENT_NOT_HANDLED,
                    case_id=case.pk,
                    address=addresses.get(case.pk, case.address_key),
                    since=case.opened_on,
                    team_name=case.team.name if case.team else "",
                )
            )
    return proposals


def proposals_for_user(*, user: AnyUser, today: dt.date) -> list[Proposal]:
    """The proposals for the households of the teams where the user is a case worker or team lead."""
    team_ids = list(teams_of(user, roles=WORKER_ROLES).values_list("pk", flat=True))
    return summons_proposals(EvictionTrack.objects.filter(team_id__in=team_ids)) + rent_proposals(
        Case.objects.filter(team_id__in=team_ids), today=today
    )


def proposals_for_case(*, case: Case, today: dt.date) -> list[Proposal]:
    """The proposals for this case (rent) and its household's procedure (summons); the caller has
    authorised the case."""
    tracks = EvictionTrack.objects.filter(municipality_id=case.municipality_id, address_key=case.address_key)
    return summons_proposals(tracks, for_case=case) + rent_proposals(
        Case.objects.filter(pk=case.pk), today=today
    )
