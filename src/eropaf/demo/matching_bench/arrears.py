"""The shape of the benchmark's signals: arrears of households, month by month. Pure Polars.

Each month holds exactly ``month_signals`` signals. About 40 % of a month's addresses had a signal
in the six months before (mostly the month just before, so that three months in a row occur), the
rest are new addresses or ones last signalled longer ago. About 11 % of the addresses get two or
more signals (rent and energy, sometimes a second energy contract). An arrear keeps its reference
while it lasts; its amount mostly rises a little and sometimes stays the same, which gives rising,
repeat and persistent cases. Seeded: the same shape and seed give the same signals.
"""

import random
from dataclasses import dataclass

import polars as pl

# Slots of an address: 0 the rent arrear, 1 the energy arrear, 2 a second energy contract.
RENT, ENERGY, SECOND_ENERGY = 0, 1, 2
# Months an address counts as recently signalled (the default consecutive and repeat windows).
RECENT_MONTHS = 6
# How much more likely an address recently signalled is to return, by months since: mostly the
# month before, so that months in a row (persistent) occur.
RETURN_WEIGHTS = {1: 8.0, 2: 3.0, 3: 2.0}

ARREAR_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "arrear_id": pl.Int64,
    "address_id": pl.Int64,
    "slot": pl.Int8,
    "amount_cents": pl.Int64,
    "start_month": pl.Int32,
    "last_month": pl.Int32,
}


@dataclass(frozen=True)
class Shape:
    history_months: int = 10
    month_signals: int = 100_000
    returning_share: float = 0.40
    """Of a month's addresses: a signal in the six months before."""
    multiple_share: float = 0.10
    """Of a month's addresses: exactly two signals."""
    triple_share: float = 0.01
    """Of a month's addresses: three signals (multiple and triple together: 11 % with 2+)."""
    continue_share: float = 0.80
    """A returning arrear keeps its reference; otherwise the partner starts a new one."""
    rising_share: float = 0.75
    """A continued arrear's amount rose; otherwise it stayed the same."""
    long_ago_share: float = 0.25
    """Of the other addresses: signalled before, but longer ago than six months."""
    rent_share: float = 0.45
    crisis_share: float = 0.015
    withdrawn_share: float = 0.02
    end_of_supply_share: float = 0.04
    """Of the energy signals."""
    areas: int = 40
    seed: int = 20_261


class ArrearBook:
    """Generates the months one after the other; month 0 is the oldest."""

    def __init__(self, shape: Shape) -> None:
        self.shape = shape
        self.rng = random.Random(shape.seed)  # noqa: S311 - synthetic data, not security
        self.arrears = pl.DataFrame(schema=ARREAR_SCHEMA)
        self.next_address = 0
        self.next_arrear = 0

    def uniform(self, count: int) -> pl.Series:
        return pl.Series([self.rng.random() for _ in range(count)], dtype=pl.Float64)

    def _sizes(self) -> tuple[int, int, int]:
        """Addresses, of which with two signals, of which with three: exactly ``month_signals``."""
        shape = self.shape
        per_address = 1 + shape.multiple_share + 2 * shape.triple_share
        addresses = round(shape.month_signals / per_address)
        doubles = round(addresses * shape.multiple_share)
        triples = round(addresses * shape.triple_share)
        addresses = shape.month_signals - doubles - 2 * triples
        return addresses, doubles + triples, triples

    def _pick(self, frame: pl.DataFrame, count: int, weights: pl.Expr | None = None) -> pl.DataFrame:
        """``count`` rows at random (weighted sampling without replacement, Efraimidis–Spirakis)."""
        if count <= 0 or frame.height == 0:
            return frame.clear()
        key = pl.col("_u") if weights is None else pl.col("_u").pow(1 / weights)
        return (
            frame.with_columns(self.uniform(frame.height).alias("_u"))
            .with_columns(key.alias("_key"))
            .top_k(min(count, frame.height), by="_key")
            .drop("_u", "_key")
        )

    def _addresses(self, month: int) -> pl.DataFrame:
        """The month's addresses: ``address_id``, the slot of its first signal, whether returning."""
        shape = self.shape
        count, _, _ = self._sizes()
        latest = (
            self.arrears.sort("address_id", "last_month", "slot", descending=[False, True, False])
            .unique("address_id", keep="first", maintain_order=True)
            .select("address_id", "slot", "last_month")
        )
        recent = latest.filter(pl.col("last_month") >= month - RECENT_MONTHS)
        gap = month - pl.col("last_month")
        weights = pl.lit(1.0)
        for months_since, weight in RETURN_WEIGHTS.items():
            weights = pl.when(gap == months_since).then(weight).otherwise(weights)
        returning = self._pick(recent, round(count * shape.returning_share), weights)
        others = count - returning.height
        long_ago = self._pick(
            latest.filter(pl.col("last_month") < month - RECENT_MONTHS), round(others * shape.long_ago_share)
        )
        new_count = others - long_ago.height
        fresh_ids = pl.concat(
            [
                long_ago.get_column("address_id"),
                pl.int_range(self.next_address, self.next_address + new_count, dtype=pl.Int64, eager=True),
            ]
        )
        self.next_address += new_count
        fresh = pl.DataFrame({"address_id": fresh_ids}).with_columns(
            slot=pl.when(self.uniform(fresh_ids.len()) < shape.rent_share)
            .then(pl.lit(RENT, dtype=pl.Int8))
            .otherwise(pl.lit(ENERGY, dtype=pl.Int8)),
            may_continue=pl.lit(value=False),
        )
        return pl.concat(
            [returning.select("address_id", "slot", may_continue=pl.lit(value=True)), fresh], how="vertical"
        )

    def month(self, month: int) -> pl.DataFrame:
        """The month's signals: address, slot, arrear, amount, start month, and the signal's flags."""
        shape = self.shape
        _, doubles, triples = self._sizes()
        addresses = self._addresses(month)
        ranked = addresses.with_columns(self.uniform(addresses.height).rank("ordinal").alias("rank"))
        wanted = pl.concat(
            [
                ranked.select("address_id", "slot", "may_continue"),
                ranked.filter(pl.col("rank") <= doubles).select(
                    "address_id",
                    pl.when(pl.col("slot") == RENT).then(ENERGY).otherwise(RENT).cast(pl.Int8).alias("slot"),
                    may_continue=pl.lit(value=True),
                ),
                ranked.filter(pl.col("rank") <= triples).select(
                    "address_id",
                    pl.lit(SECOND_ENERGY, dtype=pl.Int8).alias("slot"),
                    may_continue=pl.lit(value=True),
                ),
            ]
        )
        wanted = wanted.with_columns(
            keep=pl.col("may_continue") & (self.uniform(wanted.height) < shape.continue_share),
            rises=self.uniform(wanted.height) < shape.rising_share,
            growth=self.uniform(wanted.height),
            size=self.uniform(wanted.height),
        )
        current_arrear = (
            self.arrears.filter(pl.col("last_month") >= month - RECENT_MONTHS)
            .sort("last_month", "arrear_id", descending=True)
            .unique(["address_id", "slot"], keep="first")
            .select("address_id", "slot", "arrear_id", "amount_cents", "start_month")
        )
        signals = wanted.join(current_arrear, on=["address_id", "slot"], how="left").with_columns(
            keep=pl.col("keep") & pl.col("arrear_id").is_not_null()
        )
        new_count = int(signals.select((~pl.col("keep")).sum()).item())
        new_rank = (~pl.col("keep")).cast(pl.Int64).cum_sum()
        # New arrears: rent € 300 to € 3,300, energy € 80 to € 1,580, most near the low end.
        new_amount = (
            pl.when(pl.col("slot") == RENT)
            .then(30_000 + pl.col("size").pow(2) * 300_000)
            .otherwise(8_000 + pl.col("size").pow(2) * 150_000)
        )
        risen = pl.col("amount_cents") * (1.02 + 0.13 * pl.col("growth"))
        signals = signals.with_columns(
            arrear_id=pl.when(pl.col("keep")).then("arrear_id").otherwise(self.next_arrear + new_rank - 1),
            amount_cents=pl.when(~pl.col("keep"))
            .then(new_amount)
            .when(pl.col("rises"))
            .then(risen)
            .otherwise(pl.col("amount_cents"))
            .round()
            .cast(pl.Int64),
            start_month=pl.when(pl.col("keep")).then("start_month").otherwise(month).cast(pl.Int32),
        ).select("address_id", "slot", "arrear_id", "amount_cents", "start_month", "may_continue")
        self.next_arrear += new_count
        stored = signals.select(
            "arrear_id",
            "address_id",
            "slot",
            "amount_cents",
            "start_month",
            last_month=pl.lit(month, dtype=pl.Int32),
        )
        kept = self.arrears.join(stored.select("arrear_id"), on="arrear_id", how="anti")
        self.arrears = pl.concat([kept, stored])
        return self._flags(signals)

    def _flags(self, signals: pl.DataFrame) -> pl.DataFrame:
        shape = self.shape
        energy = pl.col("slot") != RENT
        return signals.with_columns(
            is_crisis=self.uniform(signals.height) < shape.crisis_share,
            is_withdrawn=self.uniform(signals.height) < shape.withdrawn_share,
            is_end_of_supply=energy & (self.uniform(signals.height) < shape.end_of_supply_share),
            day=(self.uniform(signals.height) * 24).cast(pl.Int32),
        ).drop("may_continue")
