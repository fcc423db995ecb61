"""Measuring signal intake: our pipeline, a naive row-by-row baseline and a bare Polars floor.

Used by ``eropaf bench_intake`` only. Our import is measured end to end through ``import_delivery``
(read, validate, normalise, de-duplicate, route, store), by default in a fresh child process per
delivery so that its wall time and peak memory are its own.

``naive_import`` is a BENCHMARK BASELINE, never used by the product: it is what a
straightforward Django importer does, to put our figure in perspective.

The package: ``inputs`` prepares what a measured import is given; ``measure`` times our import in
this process and ``child`` in a fresh one; ``floor`` times a bare Polars read and
``naive_baseline`` the naive importer.
"""

from eropaf.demo.intake_bench.child import (
    ChildFailed,
    ChildRun,
    child_main,
    measure_import_in_child,
    run_child,
)
from eropaf.demo.intake_bench.floor import FloorRun, measure_floor
from eropaf.demo.intake_bench.inputs import delivery_partner, free_periods
from eropaf.demo.intake_bench.measure import STAGE_NAMES, ImportRun, StageClock, measure_import
from eropaf.demo.intake_bench.naive_baseline import measure_naive, naive_import

__all__ = [
    "STAGE_NAMES",
    "ChildFailed",
    "ChildRun",
    "FloorRun",
    "ImportRun",
    "StageClock",
    "child_main",
    "delivery_partner",
    "free_periods",
    "measure_floor",
    "measure_import",
    "measure_import_in_child",
    "measure_naive",
    "naive_import",
    "run_child",
]
