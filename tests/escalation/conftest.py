import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.core.periods import period_of
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.models import EvictionTrack
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
class Chain:
    municipality: Municipality
    team: Team
    landlord: Partner
    bailiff: Partner
    case: Case
    worker: User
    lead: User
    landlord_user: User
    bailiff_user: User

    def track(self) -> EvictionTrack:
        return EvictionTrack.objects.get(municipality=self.municipality, address_key=self.case.address_key)


@pytest.fixture
def chain(db: None) -> Chain:
    municipality = MunicipalityFactory.create(code="0505", name="Dordrecht")
    team = TeamFactory.create(municipality=municipality, name="Vroegsignalering Dordrecht")
    landlord = PartnerFactory.create(name="Woongoed", municipalities=[municipality])
    bailiff = PartnerFactory.create(
        name="Deurwaarders Zuid", partner_type=PartnerType.BAILIFF, municipalities=[municipality]
    )
    delivery = DeliveryFactory.create(partner=landlord, period=period_of(timezone.localdate()))
    case = make_case_with_signal(
        team=team,
        delivery=delivery,
        reference="HUUR-0001",
        signal_type=PartnerType.RENT,
        postcode="3311AB",
        house_number=12,
        house_letter="",
        house_number_addition="",
        street="Voorstraat",
    )
    return Chain(
        municipality=municipality,
        team=team,
        landlord=landlord,
        bailiff=bailiff,
        case=case,
        worker=make_user_with_role(Role.CASE_WORKER, team=team),
        lead=make_user_with_role(Role.TEAM_LEAD, team=team),
        landlord_user=make_user_with_role(Role.PARTNER_USER, partner=landlord),
        bailiff_user=make_user_with_role(Role.PARTNER_USER, partner=bailiff),
    )


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)
