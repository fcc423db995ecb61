"""The local population register: the `PersonRegistry` the demo and development use by default.

It answers from the `RegisteredPerson` table (filled by the demo), with the same rules as the
in-memory `LocalPersonRegistry`: `classify` decides the outcome, ages are on the Dutch calendar day.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from django.conf import settings

from eropaf.integrations.brp.protocol import (
    Address,
    Lookup,
    Person,
    PersonRegistry,
    PersonSummary,
    age_on,
    classify,
    today_in_the_netherlands,
)
from eropaf.integrations.brp.settings import person_registry_from_settings
from eropaf.matching.models import RegisteredPerson

LOOKUP_BATCH = 500
# Postcode, house number, letter and addition.
AddressKey = tuple[str, int, str, str]


def person_of(row: RegisteredPerson) -> Person:
    address = None
    if row.postcode and row.house_number:
        address = Address(
            postcode=row.postcode,
            house_number=row.house_number,
            house_letter=row.house_letter,
            addition=row.addition,
            street=row.street,
            town=row.town,
        )
    return Person(
        bsn=row.bsn,
        surname=row.surname,
        prefix=row.prefix,
        given_names=row.given_names,
        birth_date=row.birth_date,
        municipality_code=row.municipality_code,
        address=address,
        abroad=bool(row.country),
        country=row.country,
        deceased=row.deceased,
        date_of_death=row.date_of_death,
    )


def _summary(row: RegisteredPerson, today: date) -> PersonSummary:
    return PersonSummary(
        bsn=row.bsn,
        surname=row.surname,
        prefix=row.prefix,
        birth_date=row.birth_date,
        age=age_on(row.birth_date, today),
        given_names=row.given_names,
    )


class RegisteredPersonRegistry:
    """`PersonRegistry` over the `RegisteredPerson` table."""

    def by_bsn(self, bsns: Sequence[str], *, municipality_code: str) -> list[Lookup]:
        wanted = list(dict.fromkeys(bsns))
        found: dict[str, Person] = {}
        for start in range(0, len(wanted), LOOKUP_BATCH):
            rows = RegisteredPerson.objects.filter(bsn__in=wanted[start : start + LOOKUP_BATCH])
            found.update({row.bsn: person_of(row) for row in rows})
        return [
            Lookup(
                bsn=bsn,
                outcome=classify(found.get(bsn), municipality_code=municipality_code),
                person=found.get(bsn),
            )
            for bsn in wanted
        ]

    def at_address(
        self, *, postcode: str, house_number: int, house_letter: str = "", addition: str = ""
    ) -> list[PersonSummary]:
        rows = RegisteredPerson.objects.filter(
            postcode=postcode.replace(" ", "").upper(), house_number=house_number, deceased=False
        )
        if house_letter:
            rows = rows.filter(house_letter__iexact=house_letter)
        if addition:
            rows = rows.filter(addition__iexact=addition)
        today = today_in_the_netherlands()
        return [_summary(row, today) for row in rows.order_by("bsn")]

    def at_addresses(self, keys: Sequence[AddressKey]) -> dict[AddressKey, list[PersonSummary]]:
        """`at_address` for many addresses in one query per batch (the local register can)."""
        today = today_in_the_netherlands()
        found: dict[AddressKey, list[PersonSummary]] = {key: [] for key in keys}
        wanted = list(found)
        for start in range(0, len(wanted), LOOKUP_BATCH):
            batch = wanted[start : start + LOOKUP_BATCH]
            rows = RegisteredPerson.objects.filter(
                postcode__in={key[0].replace(" ", "").upper() for key in batch},
                house_number__in={key[1] for key in batch},
                deceased=False,
            ).order_by("bsn")
            for row in rows:
                for key in batch:
                    postcode, number, letter, addition = key
                    if (
                        row.postcode == postcode.replace(" ", "").upper()
                        and row.house_number == number
                        and (not letter or row.house_letter.casefold() == letter.casefold())
                        and (not addition or row.addition.casefold() == addition.casefold())
                    ):
                        found[key].append(_summary(row, today))
        return found

    def by_name_and_birth_date(
        self, *, surname: str, birth_date: date, prefix: str = ""
    ) -> list[PersonSummary]:
        rows = RegisteredPerson.objects.filter(birth_date=birth_date, surname__iexact=surname, deceased=False)
        if prefix:
            rows = rows.filter(prefix__iexact=prefix)
        today = today_in_the_netherlands()
        return [_summary(row, today) for row in rows.order_by("bsn")]


def registry_for_matching() -> PersonRegistry:
    """The BRP the settings name; the local choice answers from the local register table."""
    if (getattr(settings, "BRP_REGISTRY", "") or "local") == "local":
        return RegisteredPersonRegistry()
    return person_registry_from_settings()


def register_people(people: Iterable[Person]) -> int:
    """Fill the local register (demo and tests); returns how many persons were added."""
    rows = [
        RegisteredPerson(
            bsn=person.bsn,
            surname=person.surname,
            prefix=person.prefix,
            given_names=person.given_names,
            birth_date=person.birth_date,
            municipality_code=person.municipality_code,
            postcode=person.address.postcode.replace(" ", "").upper() if person.address else "",
            house_number=person.address.house_number if person.address else None,
            house_letter=person.address.house_letter if person.address else "",
            addition=person.address.addition if person.address else "",
            street=person.address.street if person.address else "",
            town=person.address.town if person.address else "",
            country=person.country,
            deceased=person.deceased,
            date_of_death=person.date_of_death,
        )
        for person in people
    ]
    RegisteredPerson.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
