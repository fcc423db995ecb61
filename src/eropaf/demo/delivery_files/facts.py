"""The facts of every row, typed, drawn in the demo region's mix for the partner's type."""

import datetime as dt

import polars as pl

from eropaf.core.vocabularies import PartnerType
from eropaf.demo.delivery_files.breakage import (
    BAD_DATES,
    BAD_POSTCODES,
    ELSEWHERE_PC4,
    NON_POSITIVE_AMOUNTS,
    UNKNOWN_SIGNAL_TYPES,
    broken_kinds,
)
from eropaf.demo.delivery_files.draws import Draws
from eropaf.demo.delivery_files.notations import DATE_FORMATS, SIGNAL_TYPE_SPELLINGS, flag_text
from eropaf.demo.delivery_files.partners import DeliveryPartner
from eropaf.demo.delivery_files.pools import Pools
from eropaf.demo.people import ADDITIONS, AGE_BANDS, HOUSE_LETTERS

EPOCH = dt.date(1970, 1, 1)

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


def _arrears(draws: Draws, partner_type: PartnerType) -> tuple[pl.Series, pl.Series, pl.Series]:
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


def _where(condition: pl.Series, then: pl.Series | str, otherwise: pl.Series | str) -> pl.Series:
    return pl.select(pl.when(pl.lit(condition)).then(pl.lit(then)).otherwise(pl.lit(otherwise))).to_series()


def _concat(*parts: pl.Series) -> pl.Series:
    return pl.select(pl.concat_str([pl.lit(part) for part in parts])).to_series()


def raw_rows(
    draws: Draws, pools: Pools, partner: DeliveryPartner, *, today: dt.date, broken_share: float
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
            "kind": broken_kinds(draws, rows=n, share=broken_share),
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
            "crisis_text": flag_text(draws, "flag:crisis", crisis),
            "end_of_supply_text": flag_text(draws, "flag:end_of_supply", end_of_supply),
            "warm_handover_text": flag_text(draws, "flag:warm_handover", warm_handover),
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
