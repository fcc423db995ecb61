"""The rows as a partner writes them down: text in the partner's notations, broken where asked."""

import polars as pl

from eropaf.core.vocabularies import PartnerType
from eropaf.demo.delivery_files.breakage import BREAKAGES, Breakage
from eropaf.demo.delivery_files.notations import amount_text, as_dates, date_text, nth, shown
from eropaf.demo.delivery_files.partners import DeliveryPartner

# References are a permutation of this range, so they never repeat within a file.
REFERENCE_BASE = 10_000_000
REFERENCE_SPAN = 90_000_000
REFERENCE_STEP = 48_271  # coprime with the span


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


def _is(kind: Breakage) -> pl.Expr:
    return pl.col("kind") == BREAKAGES.index(kind)


def written_rows(raw: pl.DataFrame, partner: DeliveryPartner, *, reference_offset: int) -> pl.DataFrame:
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
            ((col("index") * REFERENCE_STEP + reference_offset) % REFERENCE_SPAN + REFERENCE_BASE).cast(
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
        as_dates(
            pl.when(_is(Breakage.FUTURE_DATE))
            .then(col("future_days"))
            .otherwise(
                pl.date(col("start_month") // 12, col("start_month") % 12 + 1, col("start_day")).cast(
                    pl.Int64
                )
            )
        ).alias("_ontstaansdatum"),
        pl.when(col("show_signal_date")).then(as_dates(col("signal_days"))).alias("_signaaldatum"),
        pl.when(col("show_birth_date")).then(as_dates(col("birth_days"))).alias("_geboortedatum"),
        pl.when(col("has_summons")).then(as_dates(col("summons_days"))).alias("summons"),
        pl.when(col("has_judgment"))
        .then(as_dates(col("summons_days") + col("judgment_after")))
        .alias("judgment"),
        pl.when(col("has_eviction"))
        .then(as_dates(col("summons_days") + col("judgment_after") + col("eviction_after")))
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
    addition_part = shown(
        addition != "", pl.when(addition == "bis").then(pl.lit(" bis")).otherwise(pl.lit("-") + addition)
    )
    pc4 = pl.when(_is(Breakage.OUTSIDE_AREA)).then(col("elsewhere_pc4")).otherwise(col("pc4"))
    lower = col("letters").str.to_lowercase()
    postcode = nth(
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
    phone = shown(
        col("phone_present"),
        pl.when(col("phone_mobile"))
        .then(nth(col("phone_notation"), mobile_notations))
        .otherwise(nth(col("phone_notation").clip(0, 2), land_notations)),
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
        .otherwise(shown(col("show_type"), col("type_spelling")))
        .alias("signaaltype"),
        pl.when(_is(Breakage.BAD_DATE))
        .then(col("bad_date"))
        .otherwise(date_text(col("_ontstaansdatum"), notation))
        .alias("ontstaansdatum"),
        date_text(col("_signaaldatum"), notation).alias("signaaldatum"),
        pl.when(_is(Breakage.NON_POSITIVE_AMOUNT))
        .then(col("bad_amount"))
        .otherwise(amount_text(col("amount"), col("amount_notation")))
        .alias("bedrag"),
        shown(col("show_instalment"), amount_text(col("instalment"), col("amount_notation"))).alias(
            "termijnbedrag"
        ),
        shown(col("show_months"), col("months").cast(pl.Utf8)).alias("maandenAchterstand"),
        col("crisis_text").alias("crisissignaal"),
        col("end_of_supply_text").alias("eindelevering"),
        col("warm_handover_text").alias("warmeOverdracht"),
        pl.when(_is(Breakage.BAD_BSN)).then(wrong_bsn).otherwise(shown(col("has_bsn"), bsn)).alias("bsn"),
        shown(col("show_initials"), col("initials")).alias("voorletters"),
        shown(col("show_first_names"), col("first_names")).alias("voornamen"),
        shown(~missing_surname, col("prefix")).alias("voorvoegsel"),
        shown(~missing_surname, col("surname")).alias("achternaam"),
        date_text(col("_geboortedatum"), notation).alias("geboortedatum"),
        shown(col("show_street"), col("street")).alias("straat"),
        pl.concat_str(col("house_number").cast(pl.Utf8), shown(combined, letter_part + addition_part)).alias(
            "huisnummer"
        ),
        shown(~combined, letter).alias("huisletter"),
        shown(~combined, addition.str.to_uppercase()).alias("huisnummertoevoeging"),
        pl.when(_is(Breakage.BAD_POSTCODE)).then(col("bad_postcode")).otherwise(postcode).alias("postcode"),
        nth(col("city_notation"), [col("city"), col("city").str.to_uppercase(), pl.lit("")]).alias(
            "woonplaats"
        ),
        pl.lit("").alias("nummeraanduidingId"),  # the demo's partners do not know BAG ids
        phone.alias("telefoon"),
        shown(col("email_present"), email).alias("email"),
        shown(pl.lit(partner.partner_type != PartnerType.RENT), col("customer_number")).alias("klantnummer"),
        date_text(col("summons"), notation).alias("dagvaardingsdatum"),
        date_text(col("judgment"), notation).alias("vonnisdatum"),
        date_text(col("eviction"), notation).alias("ontruimingsdatum"),
        pl.when(~_is(Breakage.BAD_DATE)).then(col("_ontstaansdatum")).alias("_ontstaansdatum"),
        col("_signaaldatum"),
        col("_geboortedatum"),
        pl.when(~_is(Breakage.NON_POSITIVE_AMOUNT)).then((col("amount") / 100).round(2)).alias("_bedrag"),
        pl.when(col("show_instalment")).then((col("instalment") / 100).round(2)).alias("_termijnbedrag"),
    ).collect()
