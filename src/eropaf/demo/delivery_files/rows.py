"""The rows of a delivery: drawn, written down, and which of them are broken."""

import datetime as dt
from dataclasses import dataclass

import polars as pl

from eropaf.demo.delivery_files.breakage import BREAKAGES, Breakage
from eropaf.demo.delivery_files.draws import Draws
from eropaf.demo.delivery_files.facts import raw_rows
from eropaf.demo.delivery_files.partners import DeliveryPartner
from eropaf.demo.delivery_files.pools import build_pools
from eropaf.demo.delivery_files.written import REFERENCE_SPAN, written_rows


@dataclass(frozen=True)
class GeneratedDelivery:
    rows: int
    broken: dict[int, Breakage]
    """Broken rows by row number as the pipeline counts them: the header is row 1."""

    @property
    def valid_rows(self) -> int:
        return self.rows - len(self.broken)


@dataclass(frozen=True)
class DeliveryRows:
    frame: pl.DataFrame
    """One text column per field of the format, in its order, plus typed ``_<field>`` columns."""
    generated: GeneratedDelivery


def delivery_rows(
    *, rows: int, partner: DeliveryPartner, seed: int, today: dt.date, broken_share: float = 0.02
) -> DeliveryRows:
    """The rows of a delivery made on ``today`` (its matching period is that month)."""
    if not 0 <= rows <= REFERENCE_SPAN:
        raise ValueError(f"rows must lie between 0 and {REFERENCE_SPAN}")
    if not 0 <= broken_share <= 1:
        raise ValueError("broken_share is a share: between 0 and 1")
    if not partner.areas:
        raise ValueError(f"partner {partner.code} serves no postcode area")
    draws = Draws(seed=seed, size=rows)
    raw = raw_rows(draws, build_pools(partner, seed), partner, today=today, broken_share=broken_share)
    written = written_rows(raw, partner, reference_offset=draws.stream_seed("reference") % REFERENCE_SPAN)
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
