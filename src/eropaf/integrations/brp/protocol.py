"""What Eropaf asks the BRP, independent of how it is asked.

The BRP answers three questions for a matching run: is this person (by BSN) still living in our
municipality; who lives at this address; and who is this person when only a name and birth date are
known. Every implementation of `PersonRegistry` answers them the same way for the same data.
"""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

ADULT_AGE = 18
_DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


def today_in_the_netherlands() -> date:
    """The BRP computes ages on the Dutch calendar day of the question."""
    return datetime.now(tz=_DUTCH_TIME).date()


def age_on(birth_date: date | None, day: date) -> int | None:
    if birth_date is None:
        return None
    had_birthday = (day.month, day.day) >= (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (0 if had_birthday else 1)


def _compact_postcode(postcode: str) -> str:
    """For comparing already valid postcodes; checking one is ``intake.normalise``'s job."""
    return postcode.replace(" ", "").upper()


@dataclass(frozen=True)
class Address:
    """A residential address in the Netherlands."""

    postcode: str
    house_number: int
    house_letter: str = ""
    addition: str = ""
    street: str = ""
    town: str = ""

    def matches(
        self, *, postcode: str, house_number: int, house_letter: str = "", addition: str = ""
    ) -> bool:
        """Postcode and house number must match; letter and addition only when asked for."""
        return (
            _compact_postcode(self.postcode) == _compact_postcode(postcode)
            and self.house_number == house_number
            and (not house_letter or self.house_letter.casefold() == house_letter.casefold())
            and (not addition or self.addition.casefold() == addition.casefold())
        )


@dataclass(frozen=True)
class Person:
    """A person as registered in the BRP, reduced to what Eropaf needs.

    `address` is the current Dutch address (None when living abroad or whereabouts unknown);
    `country` is set only when the person lives abroad.
    """

    bsn: str
    surname: str
    prefix: str = ""
    given_names: str = ""
    birth_date: date | None = None
    municipality_code: str = ""
    address: Address | None = None
    abroad: bool = False
    country: str = ""
    deceased: bool = False
    date_of_death: date | None = None


@dataclass(frozen=True)
class PersonSummary:
    """A search hit. The BRP returns only these facts when searching (no residence, no death).

    `given_names` is last so positional constructors written before it existed still work.
    """

    bsn: str
    surname: str
    prefix: str = ""
    birth_date: date | None = None
    age: int | None = None
    given_names: str = ""


class Outcome(enum.StrEnum):
    RESIDENT = "resident"
    MOVED_AWAY = "moved_away"
    EMIGRATED = "emigrated"
    DECEASED = "deceased"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class Lookup:
    """The answer for one BSN: what it means for the municipality, and the record when there is one."""

    bsn: str
    outcome: Outcome
    person: Person | None = None

    @property
    def is_resident(self) -> bool:
        return self.outcome is Outcome.RESIDENT


@dataclass(frozen=True)
class Household:
    adults: int
    minors: int
    unknown_age: int = 0

    @property
    def has_minors(self) -> bool:
        return self.minors > 0


def classify(person: Person | None, *, municipality_code: str) -> Outcome:
    """Death outranks residence; living abroad outranks the last municipality of registration."""
    if person is None:
        return Outcome.NOT_FOUND
    if person.deceased:
        return Outcome.DECEASED
    if person.abroad:
        return Outcome.EMIGRATED
    if person.municipality_code != municipality_code:
        return Outcome.MOVED_AWAY
    return Outcome.RESIDENT


def household_of(occupants: Sequence[PersonSummary]) -> Household:
    ages = [occupant.age for occupant in occupants]
    return Household(
        adults=sum(1 for age in ages if age is not None and age >= ADULT_AGE),
        minors=sum(1 for age in ages if age is not None and age < ADULT_AGE),
        unknown_age=sum(1 for age in ages if age is None),
    )


class RegistryError(Exception):
    """The BRP could not answer. Messages never contain a BSN or other personal data."""


class RegistryUnavailable(RegistryError):
    """The BRP did not answer in time, answered with a server error, or asked us to slow down."""


class RegistryRefused(RegistryError):
    """The BRP rejected the request itself (bad query, not authenticated, not authorised)."""


class PersonRegistry(Protocol):
    def by_bsn(self, bsns: Sequence[str], *, municipality_code: str) -> list[Lookup]:
        """One `Lookup` per distinct BSN, in the order asked; deceased persons are included."""
        ...

    def at_address(
        self, *, postcode: str, house_number: int, house_letter: str = "", addition: str = ""
    ) -> list[PersonSummary]:
        """The living persons registered at the address; an unknown address gives an empty list."""
        ...

    def by_name_and_birth_date(
        self, *, surname: str, birth_date: date, prefix: str = ""
    ) -> list[PersonSummary]:
        """Living persons with this surname (case-insensitive) born on this date."""
        ...
