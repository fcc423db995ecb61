"""The generated arrears as ``intake_signal`` rows, every column of the table filled. Pure Polars.

Names, addresses and customer numbers are synthetic; there are no BSNs, phone numbers or e-mail
addresses.
"""

import datetime as dt

import polars as pl

from eropaf.core.vocabularies import PartnerType, SignalStatus
from eropaf.demo.matching_bench.arrears import RENT

# The partners by slot (the energy partner has slots 1 and 2): signal type and reference prefix.
SIGNAL_TYPES = {0: str(PartnerType.RENT), 1: str(PartnerType.ENERGY)}
REFERENCE_PREFIXES = {0: "BW", 1: "BE"}
# Postcode letters without F, I, O, Q, U, Y and S (no SA, SD, SS): 18 × 18 combinations.
_LETTERS = "ABCEGHJKLMNPRTVWXZ"
_PAIRS = [first + second for first in _LETTERS for second in _LETTERS]
_STREETS = ("Dorpsstraat", "Kerkstraat", "Molenweg", "Schoolstraat", "Julianalaan", "Beukenlaan")
_NAMES = (
    ("", "Jansen"),
    ("de", "Vries"),
    ("van", "Dijk"),
    ("", "Bakker"),
    ("", "Visser"),
    ("", "Smit"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("de", "Groot"),
    ("", "Bos"),
    ("van den", "Berg"),
)
_INITIALS = ("A.", "B.", "C.", "D.", "E.", "G.", "H.", "J.", "K.", "L.", "M.", "P.", "R.", "S.", "W.")


def _address_columns(areas: list[str]) -> list[pl.Expr]:
    """Postcode, number, letter, street, city and key of each synthetic ``address_id``."""
    rest = pl.col("address_id") // len(areas)
    pc4 = (pl.col("address_id") % len(areas)).replace_strict(dict(enumerate(areas)), return_dtype=pl.String)
    pair = (rest % len(_PAIRS)).replace_strict(dict(enumerate(_PAIRS)), return_dtype=pl.String)
    postcode = pl.concat_str([pc4, pair])
    number = (rest // len(_PAIRS) + 1).cast(pl.Int64)
    letter = pl.when(pl.col("address_id") % 13 == 0).then(pl.lit("A")).otherwise(pl.lit(""))
    street = (rest % len(_STREETS)).replace_strict(dict(enumerate(_STREETS)), return_dtype=pl.String)
    return [
        street.alias("street"),
        number.alias("house_number"),
        letter.alias("house_letter"),
        pl.lit("").alias("house_number_addition"),
        postcode.alias("postcode"),
        pl.lit("Benchmarkstad").alias("city"),
        pl.concat_str([postcode, number.cast(pl.String), letter, pl.lit("")], separator="|").alias(
            "address_key"
        ),
    ]


def signal_frame(
    month: pl.DataFrame,
    *,
    municipality_id: int,
    delivery_ids: dict[int, int],
    partner_ids: dict[int, int],
    periods: list[dt.date],
    index: int,
    areas: list[str],
) -> pl.DataFrame:
    """The month ``index`` of ``periods`` (``ArrearBook.month``) as ``intake_signal`` rows.

    ``delivery_ids`` and ``partner_ids`` by partner slot (0 rent, 1 energy); ``areas`` the PC4s.
    """
    period = periods[index]
    withdrawn_at = dt.datetime.combine(period + dt.timedelta(days=27), dt.time(9), tzinfo=dt.UTC)
    partner = pl.col("slot").clip(0, 1)
    name = pl.col("address_id") % len(_NAMES)
    return (
        month.sort("slot", "address_id")
        .with_columns(partner=partner, row=pl.int_range(2, pl.len() + 2).over(partner))
        .select(
            pl.col("partner").replace_strict(delivery_ids, return_dtype=pl.Int64).alias("delivery_id"),
            pl.col("partner").replace_strict(partner_ids, return_dtype=pl.Int64).alias("partner_id"),
            pl.lit(municipality_id, dtype=pl.Int64).alias("municipality_id"),
            pl.lit(period).alias("period"),
            pl.col("row").cast(pl.Int64).alias("row_number"),
            pl.lit(str(SignalStatus.NOT_YET_PICKED_UP)).alias("status"),
            pl.concat_str(
                [
                    pl.col("partner").replace_strict(REFERENCE_PREFIXES, return_dtype=pl.String),
                    pl.col("arrear_id").cast(pl.String).str.zfill(9),
                ]
            ).alias("reference"),
            pl.col("partner").replace_strict(SIGNAL_TYPES, return_dtype=pl.String).alias("signal_type"),
            (
                pl.col("start_month").replace_strict(dict(enumerate(periods)), return_dtype=pl.Date)
                - pl.duration(days=40)
            ).alias("arrear_start_date"),
            (pl.lit(period) + pl.duration(days=pl.col("day"))).alias("signal_date"),
            "amount_cents",
            pl.lit(None, dtype=pl.Int64).alias("instalment_cents"),
            (index - pl.col("start_month") + 2).cast(pl.Int64).alias("months_in_arrears"),
            "is_crisis",
            "is_end_of_supply",
            pl.lit(value=False).alias("is_warm_handover"),
            pl.lit("").alias("bsn"),
            (pl.col("address_id") % len(_INITIALS))
            .replace_strict(dict(enumerate(_INITIALS)), return_dtype=pl.String)
            .alias("initials"),
            pl.lit("").alias("first_names"),
            name.replace_strict({i: n[0] for i, n in enumerate(_NAMES)}, return_dtype=pl.String).alias(
                "surname_prefix"
            ),
            name.replace_strict({i: n[1] for i, n in enumerate(_NAMES)}, return_dtype=pl.String).alias(
                "surname"
            ),
            pl.lit(None, dtype=pl.Date).alias("birth_date"),
            *_address_columns(areas),
            # The rent partner sends the BAG nummeraanduiding id (municipality, 20, ten digits).
            pl.when(pl.col("slot") == RENT)
            .then(pl.format("999920{}", pl.col("address_id").cast(pl.String).str.zfill(10)))
            .otherwise(pl.lit(""))
            .alias("bag_address_id"),
            pl.lit("").alias("phone"),
            pl.lit("").alias("email"),
            pl.when(pl.col("slot") == RENT)
            .then(pl.lit(""))
            .otherwise(pl.format("K{}", pl.col("address_id").cast(pl.String).str.zfill(8)))
            .alias("customer_number"),
            *(
                pl.lit(None, dtype=pl.Date).alias(column)
                for column in ("summons_date", "judgment_date", "eviction_date")
            ),
            pl.when(pl.col("is_withdrawn")).then(pl.lit(withdrawn_at)).alias("withdrawn_at"),
            pl.when(pl.col("is_withdrawn"))
            .then(pl.lit("Achterstand betaald"))
            .otherwise(pl.lit(""))
            .alias("withdrawal_reason"),
        )
    )
