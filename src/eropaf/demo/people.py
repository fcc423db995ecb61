"""Synthetic residents and addresses: Dutch names, valid BSNs and postcodes, phone and e-mail."""

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from faker import Faker

from eropaf.demo.region import MunicipalitySpec
from eropaf.intake.normalise import address_key

# Letters used in Dutch postcodes; F, I, O, Q, U and Y are never used, SA/SD/SS are not issued.
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
FORBIDDEN_POSTCODE_PAIRS = frozenset({"SA", "SD", "SS"})
HOUSE_LETTERS = "ABCD"
ADDITIONS = ("1", "2", "3", "4", "HS", "BS", "II")
# Surnames of Dutch residents with roots elsewhere; they add diacritics a BRP match must cope with.
EXTRA_SURNAMES = (
    "Yılmaz", "Kaya", "Öztürk", "Çelik", "Doğan", "Şahin", "el Amrani", "Bouzid", "Benali",
    "Ait Taleb", "Haddou", "Martina", "Rosaria", "Cijntje", "Kowalski", "Nowak", "Wiśniewska",
    "Nguyen", "Tran", "Ahmadi", "Haile", "Mohamud", "Pinas", "Sedney",
)  # fmt: skip
# (lowest age, highest age, weight): young adults are over-represented among signals.
AGE_BANDS = ((18, 27, 0.20), (28, 45, 0.36), (46, 66, 0.31), (67, 90, 0.13))
PHONE_MISSING_SHARE = 0.33
EMAIL_PRESENT_SHARE = 0.55


@dataclass(frozen=True)
class Person:
    first_names: str
    initials: str
    surname_prefix: str
    surname: str
    birth_date: dt.date
    bsn: str
    phone: str
    email: str

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)


@dataclass(frozen=True)
class Address:
    street: str
    house_number: int
    house_letter: str
    house_number_addition: str
    postcode: str
    city: str
    district_code: str

    @property
    def key(self) -> str:
        return address_key(
            postcode=self.postcode,
            house_number=self.house_number,
            house_letter=self.house_letter,
            addition=self.house_number_addition,
        )


def bsn_check_digit(first_eight: str) -> int:
    """The ninth digit that makes a BSN pass the elfproef, or 10 when none does."""
    total = sum(int(digit) * weight for digit, weight in zip(first_eight, range(9, 1, -1), strict=True))
    return total % 11


def split_surname(full: str) -> tuple[str, str] | None:
    """``van de Noordmark`` → (``van de``, ``Noordmark``); None for names unfit for a demo resident."""
    parts = full.split()
    if "," in full or full.startswith("'") or not parts or len(parts) > 3:
        return None
    *prefix, surname = parts
    if not surname[:1].isupper() or any(not word.islower() for word in prefix):
        return None
    return " ".join(prefix), surname


def ascii_slug(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(char for char in decomposed if char.isascii() and (char.isalnum() or char == " "))
    return kept.lower().replace(" ", "")


class PeopleGenerator:
    """Draws people and addresses from one seeded Random and one seeded Faker.

    Ages are drawn as of ``reference_date``, the start of the demo year, so nobody is a minor in
    any month of it.
    """

    def __init__(self, *, rng: random.Random, faker: Faker, reference_date: dt.date) -> None:
        self.rng = rng
        self.faker = faker
        self.reference_date = reference_date
        self._bsns: set[str] = set()
        self._streets: dict[str, str] = {}

    def bsn(self) -> str:
        """A BSN that passes the elfproef in the 999 range of BRP test persons, never a resident's."""
        while True:
            first_eight = "999" + "".join(self.rng.choice("0123456789") for _ in range(5))
            check = bsn_check_digit(first_eight)
            number = f"{first_eight}{check}"
            if check < 10 and number not in self._bsns:
                self._bsns.add(number)
                return number

    def surname(self) -> tuple[str, str]:
        if self.rng.random() < 0.13:
            name = self.rng.choice(EXTRA_SURNAMES)
            prefix, _, rest = name.rpartition(" ")
            return (prefix, rest) if prefix.islower() else ("", name)
        while True:
            split = split_surname(self.faker.last_name())
            if split is not None:
                return split

    def birth_date(self, *, age: int | None = None) -> dt.date:
        if age is None:
            low, high, _ = self.rng.choices(AGE_BANDS, weights=[band[2] for band in AGE_BANDS])[0]
            age = self.rng.randint(low, high)
        return self.reference_date - dt.timedelta(days=int(age * 365.25) + self.rng.randint(1, 360))

    def person(self, *, surname: tuple[str, str] | None = None, age: int | None = None) -> Person:
        female = self.rng.random() < 0.55
        names = [self.faker.first_name_female() if female else self.faker.first_name_male()]
        for _ in range(self.rng.choices((0, 1, 2), weights=(0.45, 0.4, 0.15))[0]):
            names.append(self.faker.first_name_female() if female else self.faker.first_name_male())
        prefix, family = surname or self.surname()
        phone = (
            ""
            if self.rng.random() < PHONE_MISSING_SHARE
            else f"+316{self.rng.randint(10_000_000, 99_999_999)}"
        )
        email = ""
        if self.rng.random() < EMAIL_PRESENT_SHARE:
            local = f"{ascii_slug(names[0])}.{ascii_slug(prefix + family)}"
            if self.rng.random() < 0.5:
                local = f"{local}{self.rng.randint(1, 99)}"
            email = f"{local}@{self.faker.free_email_domain()}"
        return Person(
            first_names=" ".join(names),
            initials="".join(f"{name[0]}." for name in names),
            surname_prefix=prefix,
            surname=family,
            birth_date=self.birth_date(age=age),
            bsn=self.bsn(),
            phone=phone,
            email=email,
        )

    def postcode(self, municipality: MunicipalitySpec) -> tuple[str, str]:
        """A valid postcode inside the municipality and the district it lies in."""
        areas = [
            (digits, weight, d.code) for d in municipality.districts for digits, weight in d.postcode_areas
        ]
        digits, _, district_code = self.rng.choices(areas, weights=[area[1] for area in areas])[0]
        while True:
            letters = self.rng.choice(POSTCODE_LETTERS) + self.rng.choice(POSTCODE_LETTERS)
            if letters not in FORBIDDEN_POSTCODE_PAIRS:
                return f"{digits}{letters}", district_code

    def house_number(self) -> int:
        band = self.rng.random()
        if band < 0.45:
            return self.rng.randint(1, 40)
        if band < 0.85:
            return self.rng.randint(41, 150)
        return self.rng.randint(151, 350)

    def address(self, municipality: MunicipalitySpec, taken: set[str]) -> Address:
        """A new address in the municipality that no earlier household has."""
        while True:
            postcode, district_code = self.postcode(municipality)
            letter = self.rng.choice(HOUSE_LETTERS) if self.rng.random() < 0.07 else ""
            addition = self.rng.choice(ADDITIONS) if not letter and self.rng.random() < 0.1 else ""
            # One postcode is one stretch of one street, as in the real register.
            if postcode not in self._streets:
                self._streets[postcode] = self.faker.street_name()
            address = Address(
                street=self._streets[postcode],
                house_number=self.house_number(),
                house_letter=letter,
                house_number_addition=addition,
                postcode=postcode,
                city=municipality.name,
                district_code=district_code,
            )
            if address.key not in taken:
                taken.add(address.key)
                return address
