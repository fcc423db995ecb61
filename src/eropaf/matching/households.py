"""The household key of a signal: the BAG nummeraanduiding id when known, else the address key.

A partner that knows the BAG id of an address delivers it (``nummeraanduidingId``); every signal on
that address — also from partners that do not know it, or that write the addition differently —
then belongs to the same household. Pure Polars, no ORM.
"""

import polars as pl

BAG_PREFIX = "BAG:"


def bag_ids_by_address(known: pl.DataFrame) -> pl.DataFrame:
    """From (address_key, bag_address_id) pairs seen in deliveries: one BAG id per address key
    (the lowest when partners disagree, so the choice does not depend on the order of deliveries)."""
    return (
        known.filter(pl.col("bag_address_id") != "")
        .group_by("address_key")
        .agg(pl.col("bag_address_id").min().alias("known_bag_id"))
    )


def with_household_keys(signals: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """Replace ``address_key`` by the household key; the address as delivered stays in ``delivered_key``."""
    bag_id = pl.coalesce(
        pl.when(pl.col("bag_address_id") != "").then(pl.col("bag_address_id")), pl.col("known_bag_id")
    )
    return (
        signals.join(bag_ids_by_address(known), on="address_key", how="left")
        .with_columns(
            pl.col("address_key").alias("delivered_key"),
            pl.when(bag_id.is_not_null())
            .then(pl.lit(BAG_PREFIX) + bag_id)
            .otherwise(pl.col("address_key"))
            .alias("address_key"),
        )
        .drop("known_bag_id")
    )
