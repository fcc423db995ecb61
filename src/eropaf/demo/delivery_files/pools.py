"""Small pools of names, streets and postcodes that the rows are drawn from; Faker fills them."""

import random
from dataclasses import dataclass

import polars as pl
from faker import Faker

from eropaf.demo.delivery_files.partners import DeliveryPartner
from eropaf.demo.people import (
    EXTRA_SURNAMES,
    FORBIDDEN_POSTCODE_PAIRS,
    POSTCODE_LETTERS,
    ascii_slug,
    split_surname,
)

_POSTCODES_PER_AREA = 40


@dataclass(frozen=True)
class Pools:
    given: pl.DataFrame
    """``first_names``, ``initials``, ``slug``."""
    surnames: pl.DataFrame
    """``prefix``, ``surname``, ``slug``."""
    postcodes: pl.DataFrame
    """``pc4``, ``letters``, ``street``, ``city``, ``weight``: one postcode is one stretch of one street."""
    email_domains: list[str]


def build_pools(partner: DeliveryPartner, seed: int) -> Pools:
    rng = random.Random(f"{seed}:pools")  # noqa: S311 - synthetic data, not security
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    given = []
    for _ in range(1_200):
        female = rng.random() < 0.55
        count = rng.choices((1, 2, 3), weights=(0.45, 0.4, 0.15))[0]
        names = [faker.first_name_female() if female else faker.first_name_male() for _ in range(count)]
        given.append((" ".join(names), "".join(f"{name[0]}." for name in names), ascii_slug(names[0])))
    surnames: list[tuple[str, str, str]] = []
    while len(surnames) < 800:
        split: tuple[str, str] | None
        if rng.random() < 0.13:
            prefix, _, rest = rng.choice(EXTRA_SURNAMES).rpartition(" ")
            split = (prefix, rest) if prefix.islower() else ("", f"{prefix} {rest}".strip())
        else:
            split = split_surname(faker.last_name())
        if split is not None and ascii_slug(" ".join(split)):
            surnames.append((split[0], split[1], ascii_slug(" ".join(split))))
    streets = [faker.street_name() for _ in range(250)]
    pairs = [
        a + b for a in POSTCODE_LETTERS for b in POSTCODE_LETTERS if a + b not in FORBIDDEN_POSTCODE_PAIRS
    ]
    postcodes = [
        (area.pc4, letters, rng.choice(streets), area.city, area.weight / _POSTCODES_PER_AREA)
        for area in partner.areas
        for letters in rng.sample(pairs, _POSTCODES_PER_AREA)
    ]
    return Pools(
        given=pl.DataFrame(given, schema=["first_names", "initials", "slug"], orient="row"),
        surnames=pl.DataFrame(surnames, schema=["prefix", "surname", "slug"], orient="row"),
        postcodes=pl.DataFrame(
            postcodes, schema=["pc4", "letters", "street", "city", "weight"], orient="row"
        ),
        email_domains=sorted({faker.free_email_domain() for _ in range(40)}),
    )
