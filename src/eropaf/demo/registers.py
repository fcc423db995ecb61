"""The outside registers of the demo region: a local BRP and the debt-services client list.

Both follow the simulated households, so that the real matching run finds what the story says:
adults registered at their address (with the children of households with minors), households
that moved away registered elsewhere, the signalled person of a "deceased" case deceased, and a
few partners that delivered a mistyped BSN — those persons land in the BRP review queue, where
the case worker finds them among the candidates at the address.
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from eropaf.core.vocabularies import Outcome
from eropaf.demo.people import PeopleGenerator
from eropaf.demo.population import Household, SimCase
from eropaf.demo.region import MUNICIPALITIES
from eropaf.integrations.brp.protocol import Address, Person
from eropaf.matching.local_register import register_people
from eropaf.matching.models import DebtServicesClient
from eropaf.organisations.models import Municipality

MISTYPED_BSN_SHARE = 0.015
# Where households that left the region live now (CBS code of Rotterdam).
ELSEWHERE = "0599"


@dataclass(frozen=True)
class RegisterCounts:
    persons: int
    debt_services_clients: int


def _fates(simulated: list[SimCase]) -> dict[int, set[Outcome]]:
    fates: dict[int, set[Outcome]] = {}
    for sim in simulated:
        fates.setdefault(sim.household.number, set()).add(sim.fate)
    return fates


def _moved_to(household: Household) -> str:
    others = [spec.code for spec in MUNICIPALITIES if spec.code != household.municipality_code]
    return others[household.number % len(others)] if household.number % 3 else ELSEWHERE


def _children(
    household: Household, people: PeopleGenerator, rng: random.Random, today: dt.date
) -> list[Person]:
    first = household.adults[0]
    children = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        age = rng.randint(1, 16)
        born = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
        children.append(
            Person(
                bsn=people.bsn(),
                surname=first.surname,
                prefix=first.surname_prefix,
                given_names=people.faker.first_name(),
                birth_date=born,
            )
        )
    return children


def household_people(
    household: Household, *, fates: set[Outcome], people: PeopleGenerator, rng: random.Random, today: dt.date
) -> list[Person]:
    """The household's persons as the BRP has them today."""
    moved = household.gone or Outcome.NOT_A_RESIDENT in fates
    address = household.address
    registered = Address(
        postcode=address.postcode,
        house_number=address.house_number,
        house_letter=address.house_letter,
        addition=address.house_number_addition,
        street=address.street,
        town=address.city,
    )
    code = _moved_to(household) if moved else household.municipality_code
    residents = [
        Person(
            bsn=adult.bsn,
            surname=adult.surname,
            prefix=adult.surname_prefix,
            given_names=adult.first_names,
            birth_date=adult.birth_date,
        )
        for adult in household.adults
    ]
    if household.has_minors:
        residents += _children(household, people, rng, today)
    placed = [
        Person(**{**person.__dict__, "municipality_code": code, "address": None if moved else registered})
        for person in residents
    ]
    if Outcome.DECEASED in fates:
        placed[0] = Person(
            **{**placed[0].__dict__, "deceased": True, "date_of_death": today - dt.timedelta(days=20)}
        )
    elif not moved and rng.random() < MISTYPED_BSN_SHARE:
        # The partners have a mistyped BSN for this person: the BRP knows the true one.
        placed[0] = Person(**{**placed[0].__dict__, "bsn": people.bsn()})
    return placed


def build_registers(
    simulated: list[SimCase], *, people: PeopleGenerator, rng: random.Random, today: dt.date
) -> RegisterCounts:
    fates = _fates(simulated)
    households = {sim.household.number: sim.household for sim in simulated}
    persons = [
        person
        for number, household in sorted(households.items())
        for person in household_people(household, fates=fates[number], people=people, rng=rng, today=today)
    ]
    municipalities = dict(Municipality.objects.values_list("code", "pk"))
    now = timezone.now()
    clients = DebtServicesClient.objects.bulk_create(
        [
            DebtServicesClient(
                municipality_id=municipalities[household.municipality_code],
                bsn=household.adults[0].bsn,
                imported_at=now,
            )
            for household in households.values()
            if household.known_to_debt_services and household.municipality_code in municipalities
        ]
    )
    return RegisterCounts(persons=register_people(persons), debt_services_clients=len(clients))
