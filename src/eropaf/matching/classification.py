"""Grouping a month's signals per address and classifying them from the history. Pure Polars.

The rules (BRIEF §1 and §4, Divosa's definitions; the windows are per municipality):

- **multiple**: two or more signals on the address in the period that the partner did not withdraw;
  otherwise **single**.
- **consecutive**: a signal on the address in one of the ``consecutive_months`` months before.
- **persistent**: signals in each of the last ``persistent_months`` months, this one included —
  for a case on the address, for a signal of the same arrear.
- **same arrear**: an earlier signal of the same partner with the same reference; for a signal with
  a reference the partner never used before, an earlier signal of the same type on the same
  address (partners do not always keep a reference) whose reference is not still signalled this
  month, within ``repeat_months``.
  The *previous* signal of the arrear is the one of its latest month (the highest amount when a
  partner sent several that month).
- **rising**: a higher amount than the previous signal of the same arrear.
- **repeat**: the same arrear signalled before and the amount did not rise. A case whose every
  active signal is a repeat, and none of them a crisis signal, is not picked up again
  ("Niet opgepakt: herhaalde melding").
- **end of supply without an earlier signal**: an end-of-supply signal whose arrear was never
  signalled before (within ``repeat_months``).
- **crisis** and **withdrawn** come with the signal; a case is withdrawn when all its signals are.

Nothing here depends on database ids or on the order in which rows arrive: the same signals give
the same classes, whatever the order of the deliveries (tested as a property).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

CURRENT_SCHEMA: Mapping[str, pl.DataType] = {
    "id": pl.Int64(),
    "address_key": pl.String(),
    "partner_id": pl.Int64(),
    "reference": pl.String(),
    "signal_type": pl.String(),
    "amount_cents": pl.Int64(),
    "is_crisis": pl.Boolean(),
    "is_end_of_supply": pl.Boolean(),
    "is_withdrawn": pl.Boolean(),
}
HISTORY_SCHEMA: Mapping[str, pl.DataType] = {
    "period": pl.Date(),
    "address_key": pl.String(),
    "partner_id": pl.Int64(),
    "reference": pl.String(),
    "signal_type": pl.String(),
    "amount_cents": pl.Int64(),
}


@dataclass(frozen=True)
class Windows:
    consecutive_months: int = 6
    persistent_months: int = 3
    repeat_months: int = 6

    @property
    def history_months(self) -> int:
        """How many months before the period the classification reads."""
        return max(self.consecutive_months, self.persistent_months - 1, self.repeat_months)


@dataclass(frozen=True)
class Classified:
    """One row per signal and one row per address (case), both sorted by address."""

    signals: pl.DataFrame
    cases: pl.DataFrame


def month_index(period: dt.date) -> int:
    return period.year * 12 + period.month - 1


def _month_expr(column: str = "period") -> pl.Expr:
    return pl.col(column).dt.year().cast(pl.Int32) * 12 + pl.col(column).dt.month().cast(pl.Int32) - 1


def _period_text(index: pl.Expr) -> pl.Expr:
    """A month index as ``YYYY-MM``."""
    return pl.format(
        "{}-{}",
        (index // 12).cast(pl.String),
        ((index % 12) + 1).cast(pl.String).str.zfill(2),
    )


def _earlier_of_same_arrear(current: pl.DataFrame, history: pl.DataFrame) -> pl.DataFrame:
    """Pairs (signal id, earlier month, amount, by reference?) for the same partner's same arrear.

    The reference decides when the partner signalled it before. Only a signal whose reference is
    new falls back to the same type on the same address, and then not to earlier signals whose
    reference belongs to another arrear the partner still signals this month.
    """
    by_reference = current.select("id", "partner_id", "reference").join(
        history.select("partner_id", "reference", "month", "amount_cents"),
        on=["partner_id", "reference"],
    )
    claimed = current.select("partner_id", "reference").unique()
    unclaimed = history.join(claimed, on=["partner_id", "reference"], how="anti")
    by_type = (
        current.join(by_reference.select("id").unique(), on="id", how="anti")
        .select("id", "partner_id", "signal_type", "address_key")
        .join(
            unclaimed.select("partner_id", "signal_type", "address_key", "month", "amount_cents"),
            on=["partner_id", "signal_type", "address_key"],
        )
    )
    return pl.concat(
        [
            by_reference.select("id", "month", "amount_cents", pl.lit(True).alias("by_reference")),
            by_type.select("id", "month", "amount_cents", pl.lit(False).alias("by_reference")),
        ]
    )


def _arrear_facts(
    current: pl.DataFrame, history: pl.DataFrame, *, month: int, windows: Windows
) -> pl.DataFrame:
    pairs = _earlier_of_same_arrear(current, history)
    in_repeat = pairs.filter(pl.col("month") >= month - windows.repeat_months)
    previous = (
        in_repeat.filter(pl.col("month") == pl.col("month").max().over("id"))
        .group_by("id")
        .agg(
            pl.col("month").first().alias("previous_month"),
            pl.col("amount_cents").max().alias("previous_amount_cents"),
            pl.col("by_reference").any().alias("previous_by_reference"),
        )
    )
    persistent_from = month - (windows.persistent_months - 1)
    months_in_a_row = (
        pairs.filter(pl.col("month") >= persistent_from)
        .group_by("id")
        .agg(pl.col("month").n_unique().alias("arrear_months"))
    )
    return previous.join(months_in_a_row, on="id", how="full", coalesce=True)


def _address_facts(
    current: pl.DataFrame, history: pl.DataFrame, *, month: int, windows: Windows
) -> pl.DataFrame:
    addresses = current.select("address_key").unique()
    earlier = history.join(addresses, on="address_key", how="semi")
    consecutive = (
        earlier.filter(pl.col("month") >= month - windows.consecutive_months)
        .group_by("address_key")
        .agg(pl.col("month").max().alias("last_month"))
    )
    persistent = (
        earlier.filter(pl.col("month") >= month - (windows.persistent_months - 1))
        .group_by("address_key")
        .agg(pl.col("month").n_unique().alias("address_months"))
    )
    return consecutive.join(persistent, on="address_key", how="full", coalesce=True)


def classify(
    current: pl.DataFrame, history: pl.DataFrame, *, period: dt.date, windows: Windows
) -> Classified:
    """Classify the period's signals (``CURRENT_SCHEMA``) against earlier ones (``HISTORY_SCHEMA``).

    ``history`` may hold more than needed: only the months before ``period`` within the windows
    count. Signals of ``period`` itself in ``history`` are ignored.
    """
    month = month_index(period)
    current = current.select(list(CURRENT_SCHEMA)).cast(pl.Schema(CURRENT_SCHEMA))
    history = (
        history.select(list(HISTORY_SCHEMA))
        .cast(pl.Schema(HISTORY_SCHEMA))
        .with_columns(_month_expr().alias("month"))
        .filter(pl.col("month").is_between(month - windows.history_months, month - 1))
    )
    arrears = _arrear_facts(current, history, month=month, windows=windows)
    addresses = _address_facts(current, history, month=month, windows=windows)
    needed_in_a_row = windows.persistent_months - 1

    signals = (
        current.join(arrears, on="id", how="left")
        .join(addresses, on="address_key", how="left")
        .with_columns(
            has_previous=pl.col("previous_month").is_not_null(),
            is_consecutive=pl.col("last_month").is_not_null(),
            is_persistent=pl.col("arrear_months").fill_null(0) >= needed_in_a_row,
        )
        .with_columns(
            is_rising=pl.col("has_previous") & (pl.col("amount_cents") > pl.col("previous_amount_cents")),
            is_repeat=pl.col("has_previous") & (pl.col("amount_cents") <= pl.col("previous_amount_cents")),
            is_end_of_supply_first=pl.col("is_end_of_supply") & ~pl.col("has_previous"),
            previous_period=pl.when(pl.col("has_previous")).then(_period_text(pl.col("previous_month"))),
        )
        .sort("address_key", "partner_id", "reference", "amount_cents", "id")
    )
    active = ~pl.col("is_withdrawn")
    cases = (
        signals.group_by("address_key")
        .agg(
            pl.len().alias("signal_count"),
            active.sum().alias("active_count"),
            pl.col("amount_cents").filter(active).sum().alias("total_amount_cents"),
            pl.col("last_month").first(),
            pl.col("address_months").first().fill_null(0),
            (pl.col("is_rising") & active).sum().alias("rising_count"),
            (pl.col("is_repeat") & active).sum().alias("repeat_count"),
            (pl.col("is_end_of_supply_first") & active).any().alias("is_end_of_supply_first"),
            (pl.col("is_crisis") & active).any().alias("is_crisis"),
        )
        .with_columns(
            is_multiple=pl.col("active_count") >= 2,
            is_consecutive=pl.col("last_month").is_not_null(),
            is_persistent=pl.col("address_months") >= needed_in_a_row,
            is_rising=pl.col("rising_count") > 0,
            is_repeat=(pl.col("active_count") > 0) & (pl.col("repeat_count") == pl.col("active_count")),
            is_withdrawn=pl.col("active_count") == 0,
            last_period=pl.when(pl.col("last_month").is_not_null()).then(_period_text(pl.col("last_month"))),
        )
        .with_columns(not_picked_up_as_repeat=pl.col("is_repeat") & ~pl.col("is_crisis"))
        .sort("address_key")
    )
    return Classified(signals=signals, cases=cases)


CLASS_COLUMNS = (
    "is_multiple",
    "is_consecutive",
    "is_persistent",
    "is_rising",
    "is_repeat",
    "is_end_of_supply_first",
    "is_crisis",
    "is_withdrawn",
)


def class_counts(cases: pl.DataFrame) -> dict[str, int]:
    """Cases per class, with ``single`` for the cases that are not multiple."""
    if cases.height == 0:
        return {"single": 0, **{column.removeprefix("is_"): 0 for column in CLASS_COLUMNS}}
    sums = cases.select(pl.col(list(CLASS_COLUMNS)).cast(pl.Int64).sum()).row(0, named=True)
    counts = {"single": cases.height - int(sums["is_multiple"])}
    counts.update({column.removeprefix("is_"): int(value) for column, value in sums.items()})
    return counts


def case_reasons(row: dict[str, object], *, windows: Windows) -> list[dict[str, object]]:
    """Why a case has its classes, as data (``explain`` words it): one entry per class."""
    reasons: list[dict[str, object]] = []
    if row["is_multiple"]:
        reasons.append({"code": "multiple", "count": row["active_count"]})
    else:
        reasons.append({"code": "single"})
    if row["is_consecutive"]:
        reasons.append(
            {"code": "consecutive", "last_period": row["last_period"], "months": windows.consecutive_months}
        )
    if row["is_persistent"]:
        reasons.append({"code": "persistent", "months": windows.persistent_months})
    if row["is_rising"]:
        reasons.append({"code": "rising", "count": row["rising_count"]})
    if row["is_repeat"]:
        reasons.append({"code": "repeat", "count": row["repeat_count"], "crisis": row["is_crisis"]})
    for flag, code in (
        ("is_end_of_supply_first", "end_of_supply_first"),
        ("is_crisis", "crisis"),
        ("is_withdrawn", "withdrawn"),
    ):
        if row[flag]:
            reasons.append({"code": code})
    return reasons


def signal_reasons(row: dict[str, object], *, windows: Windows) -> list[dict[str, object]]:
    """Why one signal has its classes: the previous signal of its arrear and the amounts compared."""
    reasons: list[dict[str, object]] = []
    if row["has_previous"]:
        reasons.append(
            {
                "code": "rising" if row["is_rising"] else "repeat",
                "amount_cents": row["amount_cents"],
                "previous_amount_cents": row["previous_amount_cents"],
                "previous_period": row["previous_period"],
                "by": "reference" if row["previous_by_reference"] else "type",
            }
        )
    if row["is_persistent"]:
        reasons.append({"code": "persistent", "months": windows.persistent_months})
    if row["is_end_of_supply_first"]:
        reasons.append({"code": "end_of_supply_first", "months": windows.repeat_months})
    return reasons
