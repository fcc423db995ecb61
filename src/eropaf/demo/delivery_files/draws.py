"""Seeded random columns drawn set-based with Polars."""

import zlib
from collections.abc import Sequence
from itertools import accumulate

import polars as pl


class Draws:
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
