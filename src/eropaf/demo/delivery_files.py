"""Synthetic partner delivery files in the signal delivery format (version 1), at any volume.

For the intake benchmark (a million rows in seconds) and for tests (a few thousand rows). Rows
follow the demo region's mix — amounts per partner type, Dutch names, postcodes of the served
municipalities, BSNs in the 999 test range — written in the notations partners actually use.
A share of the rows is broken in exactly one way the format rejects; which rows, and how, is
returned so a caller can check that every one of them was rejected and no other row was.

Columns are drawn set-based with Polars from named, seeded streams, so the same seed gives the
same file; Faker is only asked for a small pool of names and streets.
"""

import datetime as dt
import io
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import accumulate
from pathlib import Path
from typing import IO, Literal

import polars as pl
from faker import Faker
from openpyxl import Workbook

from eropaf.core.vocabularies import PartnerType
from eropaf.demo.people import (
    ADDITIONS,
    AGE_BANDS,
    EXTRA_SURNAMES,
    FORBIDDEN_POSTCODE_PAIRS,
    HOUSE_LETTERS,
    POSTCODE_LETTERS,
    ascii_slug,
    split_surname,
)
from eropaf.demo.region import MUNICIPALITIES
from eropaf.demo.region import partner as demo_partner
from eropaf.intake.fields import FIELD_NAMES

FileFormat = Literal["csv", "xlsx"]
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class ServedArea:
    pc4: str
    city: str
    weight: float = 1.0
    """How many signals come from this area, relative to the others."""


@dataclass(frozen=True)
class DeliveryPartner:
    """What the generator needs to know of the partner whose file it writes."""

    code: str
    partner_type: PartnerType
    reference_prefix: str
    areas: tuple[ServedArea, ...]
    is_private_landlord: bool = False

    @classmethod
    def from_demo(cls, code: str) -> "DeliveryPartner":
        """A partner of the demo region, with the postcode areas of the municipalities it serves."""
        spec = demo_partner(code)
        return cls(
            code=spec.code,
            partner_type=spec.partner_type,
            reference_prefix=spec.reference_prefix,
            areas=tuple(
                ServedArea(digits, municipality.name, weight)
                for municipality in MUNICIPALITIES
                if municipality.code in spec.municipality_codes
                for district in municipality.districts
                for digits, weight in district.postcode_areas
            ),
            is_private_landlord=spec.is_private_landlord,
        )


class Breakage(Enum):
    """The ways a generated row is broken; each makes the format reject the row."""

    BAD_POSTCODE = "bad_postcode"
    MISSING_SURNAME = "missing_surname"
    BAD_DATE = "bad_date"
    FUTURE_DATE = "future_date"
    NON_POSITIVE_AMOUNT = "non_positive_amount"
    BAD_BSN = "bad_bsn"
    OUTSIDE_AREA = "outside_area"
    CONTRADICTORY_AMOUNT = "contradictory_amount"
    UNKNOWN_SIGNAL_TYPE = "unknown_signal_type"

    @property
    def field(self) -> str:
        """The delivery field at fault."""
        return _FIELD_AT_FAULT[self]


_FIELD_AT_FAULT = {
    Breakage.BAD_POSTCODE: "postcode",
    Breakage.MISSING_SURNAME: "achternaam",
    Breakage.BAD_DATE: "ontstaansdatum",
    Breakage.FUTURE_DATE: "ontstaansdatum",
    Breakage.NON_POSITIVE_AMOUNT: "bedrag",
    Breakage.BAD_BSN: "bsn",
    Breakage.OUTSIDE_AREA: "postcode",
    Breakage.CONTRADICTORY_AMOUNT: "bedrag",
    Breakage.UNKNOWN_SIGNAL_TYPE: "signaaltype",
}
BREAKAGES = tuple(Breakage)


@dataclass(frozen=True)
class GeneratedDelivery:
    rows: int
    broken: dict[int, Breakage]
    """Broken rows by row number as the pipeline counts them: the header is row 1."""

    @property
    def valid_rows(self) -> int:
        return self.rows - len(self.broken)


# Notations partners use, with how often; the format accepts every one of them.
DATE_FORMATS = (
    ("%Y-%m-%d", 0.35),
    ("%d-%m-%Y", 0.35),
    ("%d/%m/%Y", 0.12),
    ("%-d-%-m-%Y", 0.1),
    ("%Y%m%d", 0.08),
)
FLAG_NOTATIONS = (
    (("ja", "nee"), 0.4),
    (("j", "n"), 0.1),
    (("true", "false"), 0.15),
    (("1", "0"), 0.2),
    (("x", ""), 0.15),
)
SIGNAL_TYPE_SPELLINGS = {
    PartnerType.RENT: ("huur", "Huur"),
    PartnerType.ENERGY: ("energie", "Energie"),
    PartnerType.WATER: ("water", "Water"),
    PartnerType.HEALTH_INSURANCE: ("zorg", "Zorg"),
    PartnerType.MORTGAGE: ("hypotheek", "Hypotheek"),
    PartnerType.CAK_HEALTH_INSURANCE: ("cak-zorgverzekering", "CAK Zorgverzekeringen"),
    PartnerType.CAK_OWN_CONTRIBUTION: ("cak-eigen-bijdrage", "CAK Eigen bijdrage"),
    PartnerType.DUO: ("duo", "DUO"),
    PartnerType.TAX_AUTHORITY: ("belastingdienst", "Belastingdienst"),
    PartnerType.BENEFITS_AGENCY: ("toeslagen", "Toeslagen"),
    PartnerType.OTHER: ("overig", "Overig"),
}  # fmt: skip
# Who knows a BSN: insurers always have one, landlords sometimes, utilities hardly ever.
BSN_SHARE = {
    PartnerType.HEALTH_INSURANCE: 0.92,
    PartnerType.RENT: 0.35,
    PartnerType.ENERGY: 0.05,
    PartnerType.WATER: 0.05,
}
PHONE_SHARE = 0.68
EMAIL_SHARE = {
    PartnerType.RENT: 0.45,
    PartnerType.ENERGY: 0.6,
    PartnerType.WATER: 0.35,
    PartnerType.HEALTH_INSURANCE: 0.5,
}

# Values the format rejects, one kind per field at fault.
BAD_POSTCODES = ("3311 A", "331 AB", "33111AB", "ABCD 12", "0311 AB", "3311 A1")
BAD_DATES = ("31-02-2026", "2026-13-01", "32/01/2026", "gisteren", "00-00-0000", "2026-02-30")
NON_POSITIVE_AMOUNTS = ("0,00", "-12,50", "€ 0,00", "-1.234,56", "0")
UNKNOWN_SIGNAL_TYPES = ("telecom", "parkeerboete", "gas", "abonnement")
# Real postcode areas outside the Drechtsteden: Amsterdam, Leiden, Rotterdam, Utrecht, Eindhoven, …
ELSEWHERE_PC4 = ("1012", "2311", "3011", "3511", "5611", "6211", "9711")

# References are a permutation of this range, so they never repeat within a file.
_REFERENCE_BASE = 10_000_000
_REFERENCE_SPAN = 90_000_000
_REFERENCE_STEP = 48_271  # coprime with the span
_POSTCODES_PER_AREA = 40


class _Draws:
    """Seeded random columns; every named stream is independent, so adding one changes no other."""

    RESOLUTION = 1 << 20

    def __init__(self, *, seed: int, size: int) -> None:
        self.seed = seed
        self.size = size
        self._base = pl.int_range(0, self.RESOLUTION, eager=True, dtype=pl.Int64)

    def stream_seed(self, stream: str) -> int:
        return zlib.crc32(f"{self.seed}:{stream}".encode())

    def uniform(self, stream: str) -> pl.Series:
        """Floats in [0, 1) with a resolution of 2⁻²⁰."""
        drawn = self._base.sample(self.size, with_replacement=True, seed=self.stream_seed(stream))
        return drawn.cast(pl.Float64) / self.RESOLUTION

    def integers(self, stream: str, low: int, high: int) -> pl.Series:
        """Whole numbers from ``low`` to ``high`` inclusive (a span of at most 2²⁰)."""
        return (self.uniform(stream) * (high - low + 1)).floor().cast(pl.Int64) + low

    def chance(self, stream: str, probability: float) -> pl.Series:
        return self.uniform(stream) < probability

    def pick(self, stream: str, weights: Sequence[float]) -> pl.Series:
        """Indices into ``weights``, drawn in proportion to them."""
        total = sum(weights)
        cumulative = [value / total for value in accumulate(weights)]
        cumulative[-1] = 1.0
        return pl.Series(cumulative).search_sorted(self.uniform(stream), side="right").cast(pl.Int64)

    def choice(
        self, stream: str, values: Sequence[object], weights: Sequence[float] | None = None
    ) -> pl.Series:
        return pl.Series(values).gather(self.pick(stream, weights or [1.0] * len(values)))

    def digits(self, stream: str, count: int) -> pl.Series:
        """Text of ``count`` random digits, leading zeros included."""
        parts = []
        for chunk, start in enumerate(range(0, count, 4)):
            width = min(4, count - start)
            drawn = self.integers(f"{stream}:{chunk}", 0, 10**width - 1)
            parts.append(drawn.cast(pl.Utf8).str.zfill(width).alias(str(chunk)))
        return pl.DataFrame(parts).select(pl.concat_str(pl.all())).to_series()


@dataclass(frozen=True)
class _Pools:
    given: pl.DataFrame
    """``first_names``, ``initials``, ``slug``."""
    surnames: pl.DataFrame
    """``prefix``, ``surname``, ``slug``."""
    postcodes: pl.DataFrame
    """``pc4``, ``letters``, ``street``, ``city``, ``weight``: one postcode is one stretch of one street."""
    email_domains: list[str]


def _pools(partner: DeliveryPartner, seed: int) -> _Pools:
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
    return _Pools(
        given=pl.DataFrame(given, schema=["first_names", "initials", "slug"], orient="row"),
        surnames=pl.DataFrame(surnames, schema=["prefix", "surname", "slug"], orient="row"),
        postcodes=pl.DataFrame(
            postcodes, schema=["pc4", "letters", "street", "city", "weight"], orient="row"
        ),
        email_domains=sorted({faker.free_email_domain() for _ in range(40)}),
    )


def _dates(days: pl.Series | pl.Expr) -> pl.Expr:
    """Days since 1970-01-01 as dates."""
    return (days if isinstance(days, pl.Expr) else pl.lit(days)).cast(pl.Date)


def _nth(index: pl.Expr, options: Sequence[pl.Expr]) -> pl.Expr:
    """``options[index]`` per row."""
    chosen = options[-1]
    for position in range(len(options) - 2, -1, -1):
        chosen = pl.when(index == position).then(options[position]).otherwise(chosen)
    return chosen


def _shown(condition: pl.Expr, value: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(value).otherwise(pl.lit(""))


def _date_text(date: pl.Expr, notation: pl.Expr) -> pl.Expr:
    """The date in the notation ``DATE_FORMATS[notation]``; empty when there is no date."""
    year = date.dt.year().cast(pl.Utf8)
    month, day = date.dt.month().cast(pl.Utf8), date.dt.day().cast(pl.Utf8)
    month2, day2 = month.str.zfill(2), day.str.zfill(2)
    written = {
        "%Y-%m-%d": pl.concat_str(year, pl.lit("-"), month2, pl.lit("-"), day2),
        "%d-%m-%Y": pl.concat_str(day2, pl.lit("-"), month2, pl.lit("-"), year),
        "%d/%m/%Y": pl.concat_str(day2, pl.lit("/"), month2, pl.lit("/"), year),
        "%-d-%-m-%Y": pl.concat_str(day, pl.lit("-"), month, pl.lit("-"), year),
        "%Y%m%d": pl.concat_str(year, month2, day2),
    }
    return _nth(notation, [written[pattern] for pattern, _ in DATE_FORMATS]).fill_null("")


def _amount_text(cents: pl.Expr, notation: pl.Expr) -> pl.Expr:
    """``1234,56``, ``1.234,56``, ``€ 1.234,56``, ``1234.56`` or ``1,234.56`` by notation 0–4."""
    sign = pl.when(cents < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    whole = cents.abs() // 100
    comma, point = pl.lit(","), pl.lit(".")
    fraction = (cents.abs() % 100).cast(pl.Utf8).str.zfill(2)
    plain = whole.cast(pl.Utf8)
    thousands, hundreds = (whole // 1000).cast(pl.Utf8), (whole % 1000).cast(pl.Utf8).str.zfill(3)
    dotted = pl.when(whole >= 1000).then(pl.concat_str(thousands, point, hundreds)).otherwise(plain)
    commaed = pl.when(whole >= 1000).then(pl.concat_str(thousands, comma, hundreds)).otherwise(plain)
    return _nth(
        notation,
        [
            pl.concat_str(sign, plain, comma, fraction),
            pl.concat_str(sign, dotted, comma, fraction),
            pl.concat_str(pl.lit("€ "), sign, dotted, comma, fraction),
            pl.concat_str(sign, plain, point, fraction),
            pl.concat_str(sign, commaed, point, fraction),
        ],
    )


def _flag_text(draws: _Draws, stream: str, values: pl.Series) -> pl.Series:
    notation = draws.pick(f"{stream}:notation", [weight for _, weight in FLAG_NOTATIONS])
    yes = pl.Series([pair[0] for pair, _ in FLAG_NOTATIONS]).gather(notation)
    no = pl.Series([pair[1] for pair, _ in FLAG_NOTATIONS]).gather(notation)
    blank = draws.chance(f"{stream}:blank", 0.5)
    return pl.select(
        pl.when(pl.lit(values)).then(pl.lit(yes)).when(pl.lit(blank)).then(pl.lit("")).otherwise(pl.lit(no))
    ).to_series()


def _arrears(draws: _Draws, partner_type: PartnerType) -> tuple[pl.Series, pl.Series, pl.Series]:
    """(instalment, months in arrears, amount) per row in cents, as in ``ArrearBook``."""
    u = draws.uniform("amount:spread")
    if partner_type == PartnerType.RENT:
        rent = draws.integers("instalment", 55_000, 95_000)
        months = draws.choice("months", (2, 3, 4, 5, 6, 8), (0.35, 0.28, 0.17, 0.1, 0.06, 0.04))
        return rent, months, rent * months - (u * (rent // 2)).floor().cast(pl.Int64)
    if partner_type == PartnerType.ENERGY:
        instalment = draws.integers("instalment", 9_000, 25_000)
        months = draws.integers("months", 2, 5)
        amount = (instalment * months * (0.85 + 0.3 * u)).cast(pl.Int64).clip(20_000, 150_000)
        return instalment, months, amount
    if partner_type == PartnerType.WATER:
        instalment = draws.integers("instalment", 2_000, 4_500)
        months = draws.integers("months", 3, 9)
        amount = (instalment * months * (0.9 + 0.3 * u)).cast(pl.Int64).clip(8_000, 40_000)
        return instalment, months, amount
    premium = draws.integers("instalment", 13_500, 16_500)
    months = draws.choice("months", (2, 3, 4, 5, 6), (0.35, 0.25, 0.2, 0.12, 0.08))
    amount = (premium * months - (u * premium * 0.9).floor().cast(pl.Int64)).clip(15_000, 90_000)
    return premium, months, amount


def _bsn(first_eight_tail: pl.Expr) -> pl.Expr:
    """``999`` + five digits + the check digit of the elfproef (the tail is nudged when none fits)."""

    def check(tail: pl.Expr) -> pl.Expr:
        total = pl.lit(9 * 9 + 9 * 8 + 9 * 7)
        for place in range(5):
            total = total + ((tail // 10**place) % 10) * (place + 2)
        return total % 11

    # Changing the last digit changes the sum by +2 or -18, neither of which leaves it at 10 mod 11.
    last = first_eight_tail % 10
    tail = (
        pl.when(check(first_eight_tail) == 10)
        .then(pl.when(last < 9).then(first_eight_tail + 1).otherwise(first_eight_tail - 9))
        .otherwise(first_eight_tail)
    )
    return pl.concat_str(pl.lit("999"), tail.cast(pl.Utf8).str.zfill(5), check(tail).cast(pl.Utf8))


def _broken_kinds(draws: _Draws, *, rows: int, share: float) -> pl.Series:
    """Per row the index into ``BREAKAGES``, or -1; the kinds take turns, so each one occurs."""
    count = round(rows * share)
    positions = pl.int_range(0, rows, eager=True).sample(
        count, with_replacement=False, shuffle=True, seed=draws.stream_seed("broken")
    )
    kinds = pl.int_range(0, count, eager=True, dtype=pl.Int64) % len(BREAKAGES)
    return pl.repeat(-1, rows, eager=True, dtype=pl.Int64).scatter(positions, kinds)


def _is(kind: Breakage) -> pl.Expr:
    return pl.col("kind") == BREAKAGES.index(kind)


def _where(condition: pl.Series, then: pl.Series | str, otherwise: pl.Series | str) -> pl.Series:
    return pl.select(pl.when(pl.lit(condition)).then(pl.lit(then)).otherwise(pl.lit(otherwise))).to_series()


def _concat(*parts: pl.Series) -> pl.Series:
    return pl.select(pl.concat_str([pl.lit(part) for part in parts])).to_series()


def _raw_rows(
    draws: _Draws, pools: _Pools, partner: DeliveryPartner, *, today: dt.date, broken_share: float
) -> pl.DataFrame:
    """The facts of every row (typed), before they are written down in a partner's notations."""
    n = draws.size
    partner_type = partner.partner_type
    today_days = (today - EPOCH).days
    given = pools.given[draws.integers("given", 0, pools.given.height - 1)]
    surname = pools.surnames[draws.integers("surname", 0, pools.surnames.height - 1)]
    place = pools.postcodes[draws.pick("postcode", pools.postcodes["weight"].to_list())]
    instalment, months, amount = _arrears(draws, partner_type)
    band = draws.pick("age:band", [band[2] for band in AGE_BANDS])
    low = pl.Series([band[0] for band in AGE_BANDS]).gather(band)
    high = pl.Series([band[1] for band in AGE_BANDS]).gather(band)
    age = low + (draws.uniform("age") * (high - low + 1)).floor().cast(pl.Int64)

    is_rent = partner_type == PartnerType.RENT
    summons = draws.chance("court:summons", 0.35 if is_rent else 0.0) & (months >= 3)
    judgment = summons & draws.chance("court:judgment", 0.45)
    eviction = judgment & draws.chance("court:eviction", 0.65)
    is_energy = partner_type == PartnerType.ENERGY
    end_of_supply = draws.chance("end_of_supply", 0.07 if is_energy else 0.0) | (
        (months >= 3) & draws.chance("end_of_supply:late", 0.2 if is_energy else 0.0)
    )
    crisis = end_of_supply | eviction | draws.chance("crisis", 0.01)
    corporation = is_rent and not partner.is_private_landlord
    warm_handover = draws.chance("warm_handover", 0.03 if corporation else 0.0)
    served_pc4 = {area.pc4 for area in partner.areas}
    house_band = draws.pick("house:band", (0.45, 0.4, 0.15))
    return pl.DataFrame(
        {
            "index": pl.int_range(0, n, eager=True, dtype=pl.Int64),
            "kind": _broken_kinds(draws, rows=n, share=broken_share),
            "first_names": given["first_names"],
            "initials": given["initials"],
            "given_slug": given["slug"],
            "prefix": surname["prefix"],
            "surname": surname["surname"],
            "surname_slug": surname["slug"],
            "pc4": place["pc4"],
            "letters": place["letters"],
            "street": place["street"],
            "city": place["city"],
            "instalment": instalment,
            "months": months,
            "amount": amount,
            "start_month": today.year * 12 + today.month - 1 - months,
            "start_day": draws.integers("start:day", 1, 28) if not is_rent else pl.repeat(1, n, eager=True),
            "signal_days": today_days - draws.integers("signal:days", 0, 10),
            "birth_days": today_days
            - (age * 365.25).floor().cast(pl.Int64)
            - draws.integers("birth", 1, 360),
            # A judgment lies four to eight weeks after the summons, so such a summons is older.
            "summons_days": today_days
            - _where(
                judgment,
                draws.integers("court:summons:days", 70, 160),
                draws.integers("court:summons:recent", 2, 60),
            ),
            "judgment_after": draws.integers("court:judgment:days", 28, 56),
            "eviction_after": draws.integers("court:eviction:days", 42, 84),
            "has_summons": summons,
            "has_judgment": judgment,
            "has_eviction": eviction,
            "crisis_text": _flag_text(draws, "flag:crisis", crisis),
            "end_of_supply_text": _flag_text(draws, "flag:end_of_supply", end_of_supply),
            "warm_handover_text": _flag_text(draws, "flag:warm_handover", warm_handover),
            "bsn_tail": draws.integers("bsn", 0, 99_999),
            "has_bsn": draws.chance("bsn:present", BSN_SHARE.get(partner_type, 0.5)),
            "phone_present": draws.chance("phone:present", PHONE_SHARE),
            "phone_mobile": draws.chance("phone:mobile", 0.85),
            "phone_mobile_digits": _concat(
                draws.choice("phone:first", list("12345")), draws.digits("phone:rest", 7)
            ),
            "phone_land_digits": draws.digits("phone:land", 6),
            "phone_notation": draws.pick("phone:notation", (0.3, 0.25, 0.2, 0.15, 0.1)),
            "email_present": draws.chance("email:present", EMAIL_SHARE.get(partner_type, 0.4)),
            "email_number": _where(
                draws.chance("email:numbered", 0.5), draws.integers("email:number", 1, 99).cast(pl.Utf8), ""
            ),
            "email_domain": draws.choice("email:domain", pools.email_domains),
            "customer_number": _concat(
                draws.integers("customer:first", 1, 9).cast(pl.Utf8), draws.digits("customer:rest", 8)
            ),
            "house_number": _where(
                house_band == 0,
                draws.integers("house:low", 1, 40),
                _where(
                    house_band == 1,
                    draws.integers("house:mid", 41, 150),
                    draws.integers("house:high", 151, 350),
                ),
            ),
            "house_letter": _where(
                draws.chance("house:letter", 0.07),
                draws.choice("house:letter:which", list(HOUSE_LETTERS)),
                "",
            ),
            "house_addition": _where(
                draws.chance("house:addition", 0.1),
                draws.choice("house:addition:which", [*ADDITIONS, "bis"]),
                "",
            ),
            "house_combined": draws.chance("house:combined", 0.5),
            "house_spaced": draws.chance("house:spaced", 0.3),
            "postcode_notation": draws.pick("postcode:notation", (0.45, 0.4, 0.08, 0.07)),
            "date_notation": draws.pick("date:notation", [weight for _, weight in DATE_FORMATS]),
            "amount_notation": draws.pick("amount:notation", (0.3, 0.25, 0.2, 0.15, 0.1)),
            "show_type": draws.chance("show:type", 0.6),
            "type_spelling": draws.choice(
                "type:spelling", SIGNAL_TYPE_SPELLINGS.get(partner_type, ("overig",))
            ),
            "show_signal_date": draws.chance("show:signal_date", 0.6),
            "show_instalment": draws.chance("show:instalment", 0.7),
            "show_months": draws.chance("show:months", 0.6),
            "show_first_names": draws.chance("show:first_names", 0.8),
            "show_initials": draws.chance("show:initials", 0.85),
            "show_birth_date": draws.chance(
                "show:birth_date", 0.95 if partner_type == PartnerType.HEALTH_INSURANCE else 0.6
            ),
            "show_street": draws.chance("show:street", 0.92),
            "city_notation": draws.pick("city:notation", (0.8, 0.1, 0.1)),
            # What a broken row says instead.
            "bad_postcode": draws.choice("bad:postcode", BAD_POSTCODES),
            "bad_date": draws.choice("bad:date", BAD_DATES),
            "bad_amount": draws.choice("bad:amount", NON_POSITIVE_AMOUNTS),
            "bad_signal_type": draws.choice("bad:signal_type", UNKNOWN_SIGNAL_TYPES),
            "elsewhere_pc4": draws.choice(
                "bad:elsewhere", [pc4 for pc4 in ELSEWHERE_PC4 if pc4 not in served_pc4]
            ),
            "future_days": today_days + draws.integers("bad:future", 3, 200),
            "contradiction_cents": draws.integers("bad:contradiction", 100, 5_000),
        }
    )


def _written(raw: pl.DataFrame, partner: DeliveryPartner, *, reference_offset: int) -> pl.DataFrame:
    """The rows as a partner writes them: text per field, broken where ``kind`` says so.

    Next to the text columns, ``_<field>`` columns hold the typed values an XLSX sheet stores as
    date and number cells.
    """
    col = pl.col
    last_valid = pl.when(col("kind") < 0).then(col("index")).shift(1).forward_fill()
    contradiction = BREAKAGES.index(Breakage.CONTRADICTORY_AMOUNT)
    rows = raw.lazy().with_columns(
        # A contradiction needs a valid row before it; the very first rows break another way.
        pl.when((col("kind") == contradiction) & last_valid.is_null())
        .then(pl.lit(BREAKAGES.index(Breakage.MISSING_SURNAME), dtype=pl.Int64))
        .otherwise(col("kind"))
        .alias("kind"),
        last_valid.fill_null(0).alias("last_valid"),
        pl.concat_str(
            pl.lit(f"{partner.reference_prefix}-"),
            ((col("index") * _REFERENCE_STEP + reference_offset) % _REFERENCE_SPAN + _REFERENCE_BASE).cast(
                pl.Utf8
            ),
        ).alias("reference"),
    )
    rows = rows.with_columns(
        pl.when(_is(Breakage.CONTRADICTORY_AMOUNT))
        .then(col("reference").gather(col("last_valid")))
        .otherwise(col("reference"))
        .alias("reference"),
        pl.when(_is(Breakage.CONTRADICTORY_AMOUNT))
        .then(col("amount").gather(col("last_valid")) + col("contradiction_cents"))
        .otherwise(col("amount"))
        .alias("amount"),
        _dates(
            pl.when(_is(Breakage.FUTURE_DATE))
            .then(col("future_days"))
            .otherwise(
                pl.date(col("start_month") // 12, col("start_month") % 12 + 1, col("start_day")).cast(
                    pl.Int64
                )
            )
        ).alias("_ontstaansdatum"),
        pl.when(col("show_signal_date")).then(_dates(col("signal_days"))).alias("_signaaldatum"),
        pl.when(col("show_birth_date")).then(_dates(col("birth_days"))).alias("_geboortedatum"),
        pl.when(col("has_summons")).then(_dates(col("summons_days"))).alias("summons"),
        pl.when(col("has_judgment"))
        .then(_dates(col("summons_days") + col("judgment_after")))
        .alias("judgment"),
        pl.when(col("has_eviction"))
        .then(_dates(col("summons_days") + col("judgment_after") + col("eviction_after")))
        .alias("eviction"),
    )
    notation = col("date_notation")
    bsn = _bsn(col("bsn_tail"))
    wrong_bsn = pl.concat_str(
        bsn.str.slice(0, 8), ((bsn.str.slice(8, 1).cast(pl.Int64) + 1) % 10).cast(pl.Utf8)
    )
    letter, addition = col("house_letter"), col("house_addition")
    letter_part = (
        pl.when(letter == "")
        .then(pl.lit(""))
        .when(col("house_spaced") & (addition == ""))
        .then(pl.lit(" ") + letter)
        .otherwise(letter.str.to_lowercase())
    )
    addition_part = _shown(
        addition != "", pl.when(addition == "bis").then(pl.lit(" bis")).otherwise(pl.lit("-") + addition)
    )
    pc4 = pl.when(_is(Breakage.OUTSIDE_AREA)).then(col("elsewhere_pc4")).otherwise(col("pc4"))
    lower = col("letters").str.to_lowercase()
    postcode = _nth(
        col("postcode_notation"),
        [pc4 + col("letters"), pc4 + pl.lit(" ") + col("letters"), pc4 + lower, pc4 + pl.lit(" ") + lower],
    )
    mobile, land = col("phone_mobile_digits"), col("phone_land_digits")
    mobile_notations = [
        pl.lit("06-") + mobile,
        pl.lit("06") + mobile,
        pl.lit("+316") + mobile,
        pl.lit("+31 6 ") + mobile,
        pl.lit("06 ") + mobile.str.slice(0, 4) + pl.lit(" ") + mobile.str.slice(4, 4),
    ]
    land_notations = [pl.lit("078-6") + land, pl.lit("078-6") + land, pl.lit("+31786") + land]
    phone = _shown(
        col("phone_present"),
        pl.when(col("phone_mobile"))
        .then(_nth(col("phone_notation"), mobile_notations))
        .otherwise(_nth(col("phone_notation").clip(0, 2), land_notations)),
    )
    email = pl.concat_str(
        col("given_slug"),
        pl.lit("."),
        col("surname_slug"),
        col("email_number"),
        pl.lit("@"),
        col("email_domain"),
    )
    missing_surname = _is(Breakage.MISSING_SURNAME)
    combined = col("house_combined")
    return rows.select(
        col("kind"),
        col("reference").alias("referentie"),
        pl.when(_is(Breakage.UNKNOWN_SIGNAL_TYPE))
        .then(col("bad_signal_type"))
        .otherwise(_shown(col("show_type"), col("type_spelling")))
        .alias("signaaltype"),
        pl.when(_is(Breakage.BAD_DATE))
        .then(col("bad_date"))
        .otherwise(_date_text(col("_ontstaansdatum"), notation))
        .alias("ontstaansdatum"),
        _date_text(col("_signaaldatum"), notation).alias("signaaldatum"),
        pl.when(_is(Breakage.NON_POSITIVE_AMOUNT))
        .then(col("bad_amount"))
        .otherwise(_amount_text(col("amount"), col("amount_notation")))
        .alias("bedrag"),
        _shown(col("show_instalment"), _amount_text(col("instalment"), col("amount_notation"))).alias(
            "termijnbedrag"
        ),
        _shown(col("show_months"), col("months").cast(pl.Utf8)).alias("maandenAchterstand"),
        col("crisis_text").alias("crisissignaal"),
        col("end_of_supply_text").alias("eindelevering"),
        col("warm_handover_text").alias("warmeOverdracht"),
        pl.when(_is(Breakage.BAD_BSN)).then(wrong_bsn).otherwise(_shown(col("has_bsn"), bsn)).alias("bsn"),
        _shown(col("show_initials"), col("initials")).alias("voorletters"),
        _shown(col("show_first_names"), col("first_names")).alias("voornamen"),
        _shown(~missing_surname, col("prefix")).alias("voorvoegsel"),
        _shown(~missing_surname, col("surname")).alias("achternaam"),
        _date_text(col("_geboortedatum"), notation).alias("geboortedatum"),
        _shown(col("show_street"), col("street")).alias("straat"),
        pl.concat_str(col("house_number").cast(pl.Utf8), _shown(combined, letter_part + addition_part)).alias(
            "huisnummer"
        ),
        _shown(~combined, letter).alias("huisletter"),
        _shown(~combined, addition.str.to_uppercase()).alias("huisnummertoevoeging"),
        pl.when(_is(Breakage.BAD_POSTCODE)).then(col("bad_postcode")).otherwise(postcode).alias("postcode"),
        _nth(col("city_notation"), [col("city"), col("city").str.to_uppercase(), pl.lit("")]).alias(
            "woonplaats"
        ),
        phone.alias("telefoon"),
        _shown(col("email_present"), email).alias("email"),
        _shown(pl.lit(partner.partner_type != PartnerType.RENT), col("customer_number")).alias("klantnummer"),
        _date_text(col("summons"), notation).alias("dagvaardingsdatum"),
        _date_text(col("judgment"), notation).alias("vonnisdatum"),
        _date_text(col("eviction"), notation).alias("ontruimingsdatum"),
        pl.when(~_is(Breakage.BAD_DATE)).then(col("_ontstaansdatum")).alias("_ontstaansdatum"),
        col("_signaaldatum"),
        col("_geboortedatum"),
        pl.when(~_is(Breakage.NON_POSITIVE_AMOUNT)).then((col("amount") / 100).round(2)).alias("_bedrag"),
        pl.when(col("show_instalment")).then((col("instalment") / 100).round(2)).alias("_termijnbedrag"),
    ).collect()


@dataclass(frozen=True)
class DeliveryRows:
    frame: pl.DataFrame
    """One text column per field of the format, in its order, plus typed ``_<field>`` columns."""
    generated: GeneratedDelivery


def delivery_rows(
    *, rows: int, partner: DeliveryPartner, seed: int, today: dt.date, broken_share: float = 0.02
) -> DeliveryRows:
    """The rows of a delivery made on ``today`` (its matching period is that month)."""
    if not 0 <= rows <= _REFERENCE_SPAN:
        raise ValueError(f"rows must lie between 0 and {_REFERENCE_SPAN}")
    if not 0 <= broken_share <= 1:
        raise ValueError("broken_share is a share: between 0 and 1")
    if not partner.areas:
        raise ValueError(f"partner {partner.code} serves no postcode area")
    draws = _Draws(seed=seed, size=rows)
    raw = _raw_rows(draws, _pools(partner, seed), partner, today=today, broken_share=broken_share)
    written = _written(raw, partner, reference_offset=draws.stream_seed("reference") % _REFERENCE_SPAN)
    broken = written.select(pl.col("kind"), (pl.int_range(0, pl.len()) + 2).alias("row_number")).filter(
        pl.col("kind") >= 0
    )
    return DeliveryRows(
        frame=written.drop("kind"),
        generated=GeneratedDelivery(
            rows=rows,
            broken={row_number: BREAKAGES[kind] for kind, row_number in broken.iter_rows()},
        ),
    )


def write_delivery_file(
    target: str | Path | IO[bytes],
    *,
    rows: int,
    partner: DeliveryPartner,
    seed: int,
    today: dt.date,
    broken_share: float = 0.02,
    file_format: FileFormat = "csv",
    delimiter: str = ";",
    bom: bool = False,
) -> GeneratedDelivery:
    """Write a delivery file of ``rows`` rows in the signal delivery format; see ``delivery_rows``."""
    built = delivery_rows(rows=rows, partner=partner, seed=seed, today=today, broken_share=broken_share)
    if isinstance(target, str | Path):
        with Path(target).open("wb") as handle:
            _write(built.frame, handle, file_format=file_format, delimiter=delimiter, bom=bom)
    else:
        _write(built.frame, target, file_format=file_format, delimiter=delimiter, bom=bom)
    return built.generated


def _write(
    frame: pl.DataFrame, handle: IO[bytes], *, file_format: FileFormat, delimiter: str, bom: bool
) -> None:
    if file_format == "csv":
        if bom:
            handle.write("\ufeff".encode())
        # Empty fields are written as nothing at all, as spreadsheet exports do.
        empty_as_null = [pl.when(pl.col(name) != "").then(pl.col(name)).alias(name) for name in FIELD_NAMES]
        frame.select(empty_as_null).write_csv(handle, separator=delimiter)
    elif file_format == "xlsx":
        _write_xlsx(frame, handle)
    else:
        raise ValueError(f"unknown file format {file_format!r}: csv or xlsx")


def _write_xlsx(frame: pl.DataFrame, handle: IO[bytes]) -> None:
    """Dates and amounts as Excel date and number cells, as spreadsheet exports store them."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Signalen")
    sheet.append(list(FIELD_NAMES))
    typed = [f"_{name}" if f"_{name}" in frame.columns else None for name in FIELD_NAMES]
    for row in frame.select(*FIELD_NAMES, *(name for name in typed if name)).iter_rows(named=True):
        sheet.append(
            [
                row[cell] if cell is not None and row[cell] is not None else (row[name] or None)
                for name, cell in zip(FIELD_NAMES, typed, strict=True)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    handle.write(buffer.getvalue())
