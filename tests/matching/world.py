"""A small municipality for matching tests: teams, two partners, a local BRP and signals by hand."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from eropaf.accounts.models import Team
from eropaf.accounts.roles import TeamKind
from eropaf.cases.models import Case
from eropaf.core.periods import shift_months
from eropaf.core.vocabularies import PartnerType
from eropaf.intake.models import Delivery, Signal
from eropaf.intake.normalise import address_key
from eropaf.integrations.brp.local import LocalPersonRegistry
from eropaf.integrations.brp.protocol import Address, Person
from eropaf.integrations.debt_services.protocol import ClientQuery
from eropaf.matching.models import MatchingRun
from eropaf.matching.services import Registries, run_matching
from eropaf.organisations.models import Municipality, Partner
from tests.factories import (
    DeliveryFactory,
    DistrictFactory,
    MunicipalityFactory,
    PartnerFactory,
    PostcodeAreaFactory,
    SignalFactory,
    TeamFactory,
)

PERIOD = dt.date(2026, 10, 1)


class KnownClients:
    """A debt-services registry that knows the BSNs it is given."""

    def __init__(self, bsns: set[str] | None = None) -> None:
        self.bsns = bsns or set()

    def known(self, queries: Sequence[ClientQuery]) -> set[str]:
        return {query.key for query in queries if query.bsn in self.bsns}


@dataclass
class World:
    municipality: Municipality
    rent: Partner
    energy: Partner
    team: Team
    debt_team: Team
    people: list[Person] = field(default_factory=list)
    clients: KnownClients = field(default_factory=KnownClients)
    _deliveries: dict[tuple[int, dt.date], Delivery] = field(default_factory=dict)

    def resident(
        self, bsn: str, *, number: int = 1, birth: dt.date = dt.date(1990, 5, 17), **extra: object
    ) -> Person:
        person = Person(
            bsn=bsn,
            surname=str(extra.pop("surname", "Jansen")),
            given_names=str(extra.pop("given_names", "Jan")),
            birth_date=birth,
            municipality_code=str(extra.pop("municipality_code", self.municipality.code)),
            address=Address(postcode="3311AB", house_number=number),
            **extra,  # type: ignore[arg-type]
        )
        self.people.append(person)
        return person

    def person(self, bsn: str, *, address: Address | None = None, **fields: object) -> Person:
        """Any BRP record (moved away, abroad, deceased, elsewhere), as given."""
        fields.setdefault("surname", "Jansen")
        person = Person(bsn=bsn, address=address, **fields)  # type: ignore[arg-type]
        self.people.append(person)
        return person

    def address(self, number: int = 1) -> str:
        return address_key(postcode="3311AB", house_number=number)

    def case(self, *, period: dt.date = PERIOD, number: int = 1) -> Case:
        return Case.objects.get(
            municipality=self.municipality, period=period, address_key=self.address(number)
        )

    def registries(self) -> Registries:
        return Registries(persons=LocalPersonRegistry(self.people), debt_services=self.clients)

    def signal(
        self,
        *,
        period: dt.date = PERIOD,
        number: int = 1,
        partner: Partner | None = None,
        reference: str = "R1",
        euros: int = 500,
        bsn: str = "999990019",
        **extra: object,
    ) -> Signal:
        partner = partner or self.rent
        key = (partner.pk, period)
        if key not in self._deliveries:
            self._deliveries[key] = DeliveryFactory.create(partner=partner, period=period)
        return SignalFactory.create(
            delivery=self._deliveries[key],
            municipality=self.municipality,
            reference=reference,
            amount_cents=euros * 100,
            bsn=bsn,
            house_number=number,
            postcode="3311AB",
            address_key=extra.pop("address_key", None) or address_key(postcode="3311AB", house_number=number),
            **extra,
        )

    def new_delivery(self, *, partner: Partner | None = None, period: dt.date = PERIOD) -> Delivery:
        """A later delivery of the partner for the period: the next signals of the partner go in it."""
        partner = partner or self.rent
        delivery = DeliveryFactory.create(partner=partner, period=period)
        self._deliveries[(partner.pk, period)] = delivery
        return delivery

    def run(self, period: dt.date = PERIOD) -> MatchingRun:
        return run_matching(
            municipality=self.municipality, period=period, label="test", registries=self.registries()
        )


def months_before(months: int, period: dt.date = PERIOD) -> dt.date:
    return shift_months(period, -months)


def make_world() -> World:
    municipality = MunicipalityFactory.create(code="0505", name="Dordrecht")
    district = DistrictFactory.create(municipality=municipality, code="C", name="Centrum")
    PostcodeAreaFactory.create(digits="3311", municipality=municipality, district=district)
    team = TeamFactory.create(
        municipality=municipality, name="Vroegsignalering", kind=TeamKind.EARLY_DETECTION
    )
    team.districts.add(district)
    debt_team = TeamFactory.create(municipality=municipality, name="Schuldhulp", kind=TeamKind.DEBT_SERVICES)
    rent = PartnerFactory.create(
        code="woongoed", name="Woongoed", partner_type=PartnerType.RENT, municipalities=[municipality]
    )
    energy = PartnerFactory.create(
        code="stroomlijn", name="Stroomlijn", partner_type=PartnerType.ENERGY, municipalities=[municipality]
    )
    world = World(municipality=municipality, rent=rent, energy=energy, team=team, debt_team=debt_team)
    world.resident("999990019")
    return world
