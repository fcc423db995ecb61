"""An in-memory BRP for the demo, development and tests."""

from collections.abc import Iterable, Sequence
from datetime import date

from eropaf.integrations.brp.protocol import (
    Lookup,
    Person,
    PersonSummary,
    age_on,
    classify,
    today_in_the_netherlands,
)


class LocalPersonRegistry:
    """Answers `PersonRegistry` questions from a fixed list of `Person` records."""

    def __init__(self, people: Iterable[Person] = ()) -> None:
        self._by_bsn = {person.bsn: person for person in people}

    def by_bsn(self, bsns: Sequence[str], *, municipality_code: str) -> list[Lookup]:
        answers = []
        for bsn in dict.fromkeys(bsns):
            person = self._by_bsn.get(bsn)
            answers.append(
                Lookup(bsn=bsn, outcome=classify(person, municipality_code=municipality_code), person=person)
            )
        return answers

    def at_address(
        self, *, postcode: str, house_number: int, house_letter: str = "", addition: str = ""
    ) -> list[PersonSummary]:
        return [
            self._summary(person)
            for person in self._living()
            if person.address is not None
            and person.address.matches(
                postcode=postcode, house_number=house_number, house_letter=house_letter, addition=addition
            )
        ]

    def by_name_and_birth_date(
        self, *, surname: str, birth_date: date, prefix: str = ""
    ) -> list[PersonSummary]:
        return [
            self._summary(person)
            for person in self._living()
            if person.surname.casefold() == surname.casefold()
            and person.birth_date == birth_date
            and (not prefix or person.prefix.casefold() == prefix.casefold())
        ]

    def people(self) -> list[Person]:
        return list(self._by_bsn.values())

    def _living(self) -> list[Person]:
        return [person for person in self._by_bsn.values() if not person.deceased]

    @staticmethod
    def _summary(person: Person) -> PersonSummary:
        return PersonSummary(
            bsn=person.bsn,
            surname=person.surname,
            prefix=person.prefix,
            birth_date=person.birth_date,
            age=age_on(person.birth_date, today_in_the_netherlands()),
            given_names=person.given_names,
        )
