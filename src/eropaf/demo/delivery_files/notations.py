"""The notations partners write dates, amounts, flags and signal types in, as Polars expressions."""

from collections.abc import Sequence

import polars as pl

from eropaf.core.vocabularies import PartnerType
from eropaf.demo.delivery_files.draws import Draws

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


def as_dates(days: pl.Series | pl.Expr) -> pl.Expr:
    """Days since 1970-01-01 as dates."""
    return (days if isinstance(days, pl.Expr) else pl.lit(days)).cast(pl.Date)


def nth(index: pl.Expr, options: Sequence[pl.Expr]) -> pl.Expr:
    """``options[index]`` per row."""
    chosen = options[-1]
    for position in range(len(options) - 2, -1, -1):
        chosen = pl.when(index == position).then(options[position]).otherwise(chosen)
    return chosen


def shown(condition: pl.Expr, value: pl.Expr) -> pl.Expr:
    return pl.when(condition).then(value).otherwise(pl.lit(""))


def date_text(date: pl.Expr, notation: pl.Expr) -> pl.Expr:
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
    return nth(notation, [written[pattern] for pattern, _ in DATE_FORMATS]).fill_null("")


def amount_text(cents: pl.Expr, notation: pl.Expr) -> pl.Expr:
    """``1234,56``, ``1.234,56``, ``€ 1.234,56``, ``1234.56`` or ``1,234.56`` by notation 0–4."""
    sign = pl.when(cents < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    whole = cents.abs() // 100
    comma, point = pl.lit(","), pl.lit(".")
    fraction = (cents.abs() % 100).cast(pl.Utf8).str.zfill(2)
    plain = whole.cast(pl.Utf8)
    thousands, hundreds = (whole // 1000).cast(pl.Utf8), (whole % 1000).cast(pl.Utf8).str.zfill(3)
    dotted = pl.when(whole >= 1000).then(pl.concat_str(thousands, point, hundreds)).otherwise(plain)
    commaed = pl.when(whole >= 1000).then(pl.concat_str(thousands, comma, hundreds)).otherwise(plain)
    return nth(
        notation,
        [
            pl.concat_str(sign, plain, comma, fraction),
            pl.concat_str(sign, dotted, comma, fraction),
            pl.concat_str(pl.lit("€ "), sign, dotted, comma, fraction),
            pl.concat_str(sign, plain, point, fraction),
            pl.concat_str(sign, commaed, point, fraction),
        ],
    )


def flag_text(draws: Draws, stream: str, values: pl.Series) -> pl.Series:
    notation = draws.pick(f"{stream}:notation", [weight for _, weight in FLAG_NOTATIONS])
    yes = pl.Series([pair[0] for pair, _ in FLAG_NOTATIONS]).gather(notation)
    no = pl.Series([pair[1] for pair, _ in FLAG_NOTATIONS]).gather(notation)
    blank = draws.chance(f"{stream}:blank", 0.5)
    return pl.select(
        pl.when(pl.lit(values)).then(pl.lit(yes)).when(pl.lit(blank)).then(pl.lit("")).otherwise(pl.lit(no))
    ).to_series()
