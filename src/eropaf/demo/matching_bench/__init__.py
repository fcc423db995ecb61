"""Measuring matching and classification of a month: ours, a naive per-case baseline and a floor.

Used by ``eropaf bench_matching`` only. ``inputs`` builds a synthetic municipality with a month of
signals and their history (``arrears`` the shape, ``rows`` the table rows), bulk-loaded;
``measure`` times our read, classify and store; ``floor`` the same grouping and classification as
one Polars computation without storing; ``naive_baseline`` a per-case Python/ORM loop on a sample
with the rules of ``naive_rules`` (a BENCHMARK BASELINE, never used by the product); ``report``
writes the figures.
"""

from eropaf.demo.matching_bench.arrears import Shape
from eropaf.demo.matching_bench.floor import FloorRun, measure_floor
from eropaf.demo.matching_bench.inputs import MUNICIPALITY_CODE, BenchData, build, remove_bench_data
from eropaf.demo.matching_bench.measure import MatchRun, measure_ours
from eropaf.demo.matching_bench.naive_baseline import NaiveRun, measure_naive
from eropaf.demo.matching_bench.report import as_markdown, record

__all__ = [
    "MUNICIPALITY_CODE",
    "BenchData",
    "FloorRun",
    "MatchRun",
    "NaiveRun",
    "Shape",
    "as_markdown",
    "build",
    "measure_floor",
    "measure_naive",
    "measure_ours",
    "record",
    "remove_bench_data",
]
