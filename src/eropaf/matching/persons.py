"""The BRP check of a matching run: who is the signalled person, do they still live here, who else.

Every signal of the period without a check gets one `PersonCheck`:

- with a BSN, the BRP is asked by BSN (in batches): resident, moved away, emigrated or deceased;
- without one (energy and water partners rarely have it), the BRP is searched by surname and birth
  date and by the address; the candidates are ranked tolerantly (``candidates``) and a single
  strong candidate is taken as the person;
- a person still not found goes to the review queue with the ranked candidates, for a case worker.

For a resident, the household at the address gives the adults and minors.
"""

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.db import transaction
from django.utils import timezone

from eropaf.intake.models import Signal
from eropaf.integrations.brp.protocol import (
    Household,
    Lookup,
    Outcome,
    PersonRegistry,
    PersonSummary,
    age_on,
    household_of,
    today_in_the_netherlands,
)
from eropaf.matching.candidates import Candidate, SignalledPerson, rank_candidates
from eropaf.matching.models import PersonCheck, RegistryOutcome, ReviewItem

BATCH_SIGNALS = 200
# A candidate this strong (surname, birth date and initials agree) is the person, when it is the only one.
CERTAIN_SCORE = 90

_OUTCOMES = {
    Outcome.RESIDENT: RegistryOutcome.RESIDENT,
    Outcome.MOVED_AWAY: RegistryOutcome.MOVED_AWAY,
    Outcome.EMIGRATED: RegistryOutcome.EMIGRATED,
    Outcome.DECEASED: RegistryOutcome.DECEASED,
    Outcome.NOT_FOUND: RegistryOutcome.NOT_FOUND,
}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class SignalPerson:
    signal_id: int
    bsn: str
    surname: str
    prefix: str
    initials: str
    first_names: str
    birth_date: dt.date | None
    postcode: str
    house_number: int
    house_letter: str
    addition: str

    @property
    def as_signalled(self) -> SignalledPerson:
        return SignalledPerson(
            surname=self.surname,
            prefix=self.prefix,
            initials=self.initials,
            first_names=self.first_names,
            birth_date=self.birth_date,
        )


def unchecked_signals(*, municipality_id: int, period: dt.date) -> list[SignalPerson]:
    rows = (
        Signal.objects.filter(municipality_id=municipality_id, period=period, person_check__isnull=True)
        .order_by("id")
        .values_list(
            "id",
            "bsn",
            "surname",
            "surname_prefix",
            "initials",
            "first_names",
            "birth_date",
            "postcode",
            "house_number",
            "house_letter",
            "house_number_addition",
        )
    )
    return [SignalPerson(*row) for row in rows]


AddressKey = tuple[str, int, str, str]


@runtime_checkable
class ManyAddresses(Protocol):
    """A register that answers `at_address` for many addresses at once (the local one does)."""

    def at_addresses(self, keys: Sequence[AddressKey]) -> dict[AddressKey, list[PersonSummary]]: ...


class Households:
    """Who lives at an address, asked once per address per run."""

    def __init__(self, registry: PersonRegistry) -> None:
        self.registry = registry
        self.known: dict[AddressKey, Household] = {}

    def prefetch(self, lookups: Sequence[Lookup]) -> None:
        if not isinstance(self.registry, ManyAddresses):
            return
        keys = {
            (
                lookup.person.address.postcode,
                lookup.person.address.house_number,
                lookup.person.address.house_letter,
                lookup.person.address.addition,
            )
            for lookup in lookups
            if lookup.outcome is Outcome.RESIDENT and lookup.person is not None and lookup.person.address
        }
        missing = sorted(keys - self.known.keys())
        for key, occupants in self.registry.at_addresses(missing).items():
            self.known[key] = household_of(occupants)

    def at(self, postcode: str, house_number: int, house_letter: str, addition: str) -> Household:
        key = (postcode, house_number, house_letter, addition)
        if key not in self.known:
            occupants = self.registry.at_address(
                postcode=postcode, house_number=house_number, house_letter=house_letter, addition=addition
            )
            self.known[key] = household_of(occupants)
        return self.known[key]


def _candidates_for(registry: PersonRegistry, person: SignalPerson) -> list[Candidate]:
    found: list[PersonSummary] = []
    if person.surname and person.birth_date:
        found += registry.by_name_and_birth_date(surname=person.surname, birth_date=person.birth_date)
    found += registry.at_address(postcode=person.postcode, house_number=person.house_number)
    return rank_candidates(person.as_signalled, found)


def _certain(candidates: Sequence[Candidate]) -> Candidate | None:
    strong = [candidate for candidate in candidates if candidate.score >= CERTAIN_SCORE]
    return strong[0] if len(strong) == 1 else None


def check_from_lookup(
    signal_id: int, lookup: Lookup, *, households: Households, today: dt.date, now: dt.datetime
) -> PersonCheck:
    outcome = _OUTCOMES[lookup.outcome]
    check = PersonCheck(signal_id=signal_id, outcome=outcome, bsn=lookup.bsn, checked_at=now)
    person = lookup.person
    if person is None:
        return check
    check.age = age_on(person.birth_date, today)
    if lookup.outcome is Outcome.RESIDENT and person.address is not None:
        household = households.at(
            person.address.postcode,
            person.address.house_number,
            person.address.house_letter,
            person.address.addition,
        )
        check.adults, check.minors = household.adults, household.minors
    elif lookup.outcome is Outcome.MOVED_AWAY:
        check.lives_in = person.municipality_code
    elif lookup.outcome is Outcome.EMIGRATED:
        check.lives_in = person.country
    return check


def _batches(items: Sequence[SignalPerson], size: int) -> Iterator[Sequence[SignalPerson]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_batch(
    batch: Sequence[SignalPerson],
    *,
    registry: PersonRegistry,
    municipality_code: str,
    households: Households,
) -> tuple[list[PersonCheck], list[ReviewItem]]:
    now, today = timezone.now(), today_in_the_netherlands()
    candidates = {person.signal_id: _candidates_for(registry, person) for person in batch if not person.bsn}
    bsn_of = {
        person.signal_id: person.bsn
        or (certain.bsn if (certain := _certain(candidates[person.signal_id])) else "")
        for person in batch
    }
    lookups = {
        lookup.bsn: lookup
        for lookup in registry.by_bsn(
            [bsn for bsn in bsn_of.values() if bsn], municipality_code=municipality_code
        )
    }
    households.prefetch(list(lookups.values()))
    checks, reviews = [], []
    for person in batch:
        bsn = bsn_of[person.signal_id]
        lookup = lookups.get(bsn) if bsn else None
        if lookup is not None and lookup.outcome is not Outcome.NOT_FOUND:
            checks.append(
                check_from_lookup(person.signal_id, lookup, households=households, today=today, now=now)
            )
            continue
        checks.append(
            PersonCheck(signal_id=person.signal_id, outcome=RegistryOutcome.NOT_FOUND, checked_at=now)
        )
        found = candidates.get(person.signal_id)
        if found is None:
            found = _candidates_for(registry, person)
        reviews.append(
            ReviewItem(signal_id=person.signal_id, candidates=[candidate.as_json() for candidate in found])
        )
    return checks, reviews


def check_persons(
    *,
    municipality_id: int,
    municipality_code: str,
    period: dt.date,
    registry: PersonRegistry,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Check every unchecked signal of the period; each batch commits on its own, so a run that
    stops half-way resumes where it stopped. Returns the checks made per outcome."""
    people = unchecked_signals(municipality_id=municipality_id, period=period)
    households = Households(registry)
    counts = {outcome.value: 0 for outcome in RegistryOutcome}
    done = 0
    for batch in _batches(people, BATCH_SIGNALS):
        checks, reviews = _check_batch(
            batch, registry=registry, municipality_code=municipality_code, households=households
        )
        with transaction.atomic():
            PersonCheck.objects.bulk_create(checks)
            ReviewItem.objects.bulk_create(reviews, ignore_conflicts=True)
        for check in checks:
            counts[check.outcome] += 1
        done += len(batch)
        if progress is not None:
            progress(done, len(people))
    return counts
