"""The ways a generated row is broken, the values that break it, and which rows break."""

from enum import Enum

import polars as pl

from eropaf.demo.delivery_files.draws import Draws


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

# Values the format rejects, one kind per field at fault.
BAD_POSTCODES = ("3311 A", "331 AB", "33111AB", "ABCD 12", "0311 AB", "3311 A1")
BAD_DATES = ("31-02-2026", "2026-13-01", "32/01/2026", "gisteren", "00-00-0000", "2026-02-30")
NON_POSITIVE_AMOUNTS = ("0,00", "-12,50", "€ 0,00", "-1.234,56", "0")
UNKNOWN_SIGNAL_TYPES = ("telecom", "parkeerboete", "gas", "abonnement")
# Real postcode areas outside the Drechtsteden: Amsterdam, Leiden, Rotterdam, Utrecht, Eindhoven, …
ELSEWHERE_PC4 = ("1012", "2311", "3011", "3511", "5611", "6211", "9711")


def broken_kinds(draws: Draws, *, rows: int, share: float) -> pl.Series:
    """Per row the index into ``BREAKAGES``, or -1; the kinds take turns, so each one occurs."""
    count = round(rows * share)
    positions = pl.int_range(0, rows, eager=True).sample(
        count, with_replacement=False, shuffle=True, seed=draws.stream_seed("broken")
    )
    kinds = pl.int_range(0, count, eager=True, dtype=pl.Int64) % len(BREAKAGES)
    return pl.repeat(-1, rows, eager=True, dtype=pl.Int64).scatter(positions, kinds)
