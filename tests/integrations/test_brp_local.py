"""The in-memory BRP answers the three questions of a matching run."""

from datetime import date

import pytest
import time_machine

from eropaf.integrations.brp import Address, Household, Outcome, Person, PersonSummary, household_of
from eropaf.integrations.brp.local import LocalPersonRegistry

AMSTERDAM = "0363"
HOME = Address(postcode="1011AB", house_number=1, house_letter="a", street="Dam", town="Amsterdam")

PARENT = Person(
    bsn="999990001",
    surname="Jansen",
    given_names="Anna",
    birth_date=date(1980, 3, 15),
    municipality_code=AMSTERDAM,
    address=HOME,
)
CHILD = Person(
    bsn="999990002", surname="Jansen", birth_date=date(2015, 6, 1), municipality_code=AMSTERDAM, address=HOME
)
MOVED = Person(
    bsn="999990003",
    surname="Vries",
    prefix="de",
    given_names="Johanna Petronella",
    birth_date=date(1970, 1, 2),
    municipality_code="0518",
    address=Address(postcode="2511AA", house_number=10),
)
EMIGRATED = Person(bsn="999990004", surname="Bakker", municipality_code="1999", abroad=True, country="Spanje")
DECEASED = Person(
    bsn="999990005",
    surname="Smit",
    birth_date=date(1940, 2, 29),
    municipality_code=AMSTERDAM,
    address=HOME,
    deceased=True,
    date_of_death=date(2024, 1, 10),
)
UNKNOWN_BSN = "999990009"
EVERYONE = [PARENT, CHILD, MOVED, EMIGRATED, DECEASED]


@pytest.fixture
def register() -> LocalPersonRegistry:
    return LocalPersonRegistry(EVERYONE)


def test_each_bsn_gets_the_outcome_the_municipality_acts_on(register: LocalPersonRegistry) -> None:
    lookups = register.by_bsn(
        [PARENT.bsn, MOVED.bsn, EMIGRATED.bsn, DECEASED.bsn, UNKNOWN_BSN], municipality_code=AMSTERDAM
    )

    assert [(lookup.bsn, lookup.outcome) for lookup in lookups] == [
        (PARENT.bsn, Outcome.RESIDENT),
        (MOVED.bsn, Outcome.MOVED_AWAY),
        (EMIGRATED.bsn, Outcome.EMIGRATED),
        (DECEASED.bsn, Outcome.DECEASED),
        (UNKNOWN_BSN, Outcome.NOT_FOUND),
    ]
    assert lookups[0].is_resident
    assert lookups[0].person == PARENT
    assert lookups[-1].person is None


def test_a_resident_elsewhere_is_resident_there(register: LocalPersonRegistry) -> None:
    (lookup,) = register.by_bsn([MOVED.bsn], municipality_code="0518")

    assert lookup.outcome is Outcome.RESIDENT


def test_repeated_bsns_are_answered_once(register: LocalPersonRegistry) -> None:
    lookups = register.by_bsn([PARENT.bsn, PARENT.bsn, CHILD.bsn], municipality_code=AMSTERDAM)

    assert [lookup.bsn for lookup in lookups] == [PARENT.bsn, CHILD.bsn]


@time_machine.travel(date(2025, 5, 1), tick=False)
def test_the_living_at_an_address_with_their_ages(register: LocalPersonRegistry) -> None:
    occupants = register.at_address(postcode="1011 ab", house_number=1)

    assert occupants == [
        PersonSummary(
            bsn=PARENT.bsn, surname="Jansen", birth_date=date(1980, 3, 15), age=45, given_names="Anna"
        ),
        PersonSummary(bsn=CHILD.bsn, surname="Jansen", birth_date=date(2015, 6, 1), age=9),
    ]
    assert household_of(occupants) == Household(adults=1, minors=1)
    assert household_of(occupants).has_minors


def test_house_letter_and_addition_narrow_the_address(register: LocalPersonRegistry) -> None:
    assert len(register.at_address(postcode="1011AB", house_number=1, house_letter="A")) == 2
    assert register.at_address(postcode="1011AB", house_number=1, house_letter="b") == []
    assert register.at_address(postcode="1011AB", house_number=1, addition="2") == []


def test_an_unknown_address_has_nobody(register: LocalPersonRegistry) -> None:
    assert register.at_address(postcode="9999ZZ", house_number=1) == []
    assert household_of([]) == Household(adults=0, minors=0)


def test_search_by_name_and_birth_date(register: LocalPersonRegistry) -> None:
    hits = register.by_name_and_birth_date(surname="VRIES", birth_date=date(1970, 1, 2))

    assert [hit.bsn for hit in hits] == [MOVED.bsn]
    assert hits[0].given_names == "Johanna Petronella"
    assert register.by_name_and_birth_date(surname="Vries", birth_date=date(1970, 1, 2), prefix="van") == []
    assert register.by_name_and_birth_date(surname="Smit", birth_date=date(1940, 2, 29)) == []


def test_unknown_ages_are_counted_apart() -> None:
    household = household_of(
        [PersonSummary(bsn="999990001", surname="X"), PersonSummary("999990002", "Y", age=18)]
    )

    assert household == Household(adults=1, minors=0, unknown_age=1)


def test_a_search_hit_without_given_names_has_none() -> None:
    (hit,) = LocalPersonRegistry([CHILD]).at_address(postcode="1011AB", house_number=1)

    assert hit.given_names == ""
    assert PersonSummary("999990001", "Jansen").given_names == ""  # older positional constructors
