import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role, TeamKind
from eropaf.care_desk import services
from eropaf.care_desk.models import Referral
from eropaf.care_desk.rules import ReferralReason
from eropaf.cases.models import Case
from eropaf.core.periods import period_of
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import CourtStepKind
from eropaf.escalation.models import StepSource
from eropaf.escalation.services import record_court_step, track_for_case
from eropaf.intake.models import Delivery
from eropaf.organisations.models import Municipality, Partner
from tests.factories import (
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    TeamFactory,
    make_case_with_signal,
    make_user_with_role,
)


@dataclass(frozen=True)
class Desk:
    """Dordrecht with an early-detection team, its Meldpunt, a second Meldpunt team, a landlord, and
    Zwijndrecht with its own team and Meldpunt."""

    municipality: Municipality
    team: Team
    desk: Team
    other_desk: Team
    landlord: Partner
    delivery: Delivery
    worker: User
    lead: User
    neighbourhood_worker: User
    desk_member: User
    other_desk_member: User
    landlord_user: User
    other_municipality: Municipality
    other_team: Team
    other_municipality_desk: Team
    other_municipality_desk_member: User


@pytest.fixture
def world(db: None) -> Desk:
    municipality = MunicipalityFactory.create(code="0505", name="Dordrecht")
    team = TeamFactory.create(municipality=municipality, name="Vroegsignalering Dordrecht")
    desk = TeamFactory.create(
        municipality=municipality, name="Meldpunt Zorg en Overlast", kind=TeamKind.CARE_AND_NUISANCE_DESK
    )
    other_desk = TeamFactory.create(
        municipality=municipality, name="Meldpunt Zorg en Overlast Oost", kind=TeamKind.CARE_AND_NUISANCE_DESK
    )
    landlord = PartnerFactory.create(name="Woongoed Merwede", municipalities=[municipality])
    other_municipality = MunicipalityFactory.create(code="0642", name="Zwijndrecht")
    other_team = TeamFactory.create(municipality=other_municipality, name="Vroegsignalering Zwijndrecht")
    other_municipality_desk = TeamFactory.create(
        municipality=other_municipality, name="Meldpunt Zwijndrecht", kind=TeamKind.CARE_AND_NUISANCE_DESK
    )
    return Desk(
        municipality=municipality,
        team=team,
        desk=desk,
        other_desk=other_desk,
        landlord=landlord,
        delivery=DeliveryFactory.create(partner=landlord, period=period_of(timezone.localdate())),
        worker=make_user_with_role(Role.CASE_WORKER, team=team),
        lead=make_user_with_role(Role.TEAM_LEAD, team=team),
        neighbourhood_worker=make_user_with_role(Role.NEIGHBOURHOOD_TEAM_WORKER, team=team),
        desk_member=make_user_with_role(Role.ESCALATION_MEMBER, team=desk),
        other_desk_member=make_user_with_role(Role.ESCALATION_MEMBER, team=other_desk),
        landlord_user=make_user_with_role(Role.PARTNER_USER, partner=landlord),
        other_municipality=other_municipality,
        other_team=other_team,
        other_municipality_desk=other_municipality_desk,
        other_municipality_desk_member=make_user_with_role(
            Role.ESCALATION_MEMBER, team=other_municipality_desk
        ),
    )


def rent_case(
    world: Desk,
    *,
    opened_days_ago: int,
    team: Team | None = None,
    partner: Partner | None = None,
    **signal_fields: object,
) -> Case:
    """A queued rent case of the landlord, opened ``opened_days_ago`` days before ``today``."""
    opened_on = timezone.localdate() - dt.timedelta(days=opened_days_ago)
    delivery = (
        DeliveryFactory.create(partner=partner, period=period_of(timezone.localdate()))
        if partner
        else world.delivery
    )
    fields: dict[str, object] = {
        "signal_type": PartnerType.RENT,
        "street": "Voorstraat",
        "surname": "Achterstand",
    }
    fields.update(signal_fields)
    return make_case_with_signal(
        team=team or world.team,
        delivery=delivery,
        period=period_of(timezone.localdate()),
        case_fields={"opened_on": opened_on},
        **fields,
    )


def summon(case: Case, *, on: dt.date | None = None) -> int:
    """Report a summons for the case's household; returns the track id."""
    with transaction.atomic():
        track = track_for_case(case)
    record_court_step(
        track_id=track.pk, kind=CourtStepKind.SUMMONS, on=on or timezone.localdate(), source=StepSource.STAFF
    )
    return track.pk


def court_step(track_id: int, kind: CourtStepKind) -> None:
    record_court_step(track_id=track_id, kind=kind, on=timezone.localdate(), source=StepSource.STAFF)


def referral_form(
    reason: ReferralReason = ReferralReason.SUMMONS, **changes: object
) -> services.ReferralForm:
    values: dict[str, object] = {
        "reason": reason,
        "concerns": "Huurachterstand loopt op, bewoner reageert niet.",
        "tried_before": "Twee brieven en drie belpogingen.",
        "household_situation": "Alleenstaande ouder met twee kinderen.",
        "has_minors": True,
        "resident_informed": True,
    }
    values.update(changes)
    return services.ReferralForm(**values)  # type: ignore[arg-type]


def refer(
    world: Desk, case: Case, *, reason: ReferralReason = ReferralReason.SUMMONS, desk: Team | None = None
) -> Referral:
    return services.refer_case(
        user=world.worker, case_id=case.pk, desk_team_id=(desk or world.desk).pk, form=referral_form(reason)
    )
