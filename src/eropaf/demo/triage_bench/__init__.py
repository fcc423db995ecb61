"""Measuring triage of a month's cases and a policy simulation over a year, on the configured database.

Used by ``eropaf bench_triage`` only. ``data`` builds the cases with the matching benchmark's
municipality and signals and gives them household facts; ``measure`` times ``apply_triage`` and
``simulate_policy`` and their pieces; ``report`` writes the figures.
"""

from eropaf.demo.triage_bench.data import (
    CaseData,
    build_history_data,
    build_triage_data,
    month_signals_for,
    reset_triage,
    signals_for,
)
from eropaf.demo.triage_bench.measure import (
    SimulationRun,
    TriageRun,
    measure_simulation,
    measure_triage,
    triage_breakdown,
)
from eropaf.demo.triage_bench.report import as_markdown, record

__all__ = [
    "CaseData",
    "SimulationRun",
    "TriageRun",
    "as_markdown",
    "build_history_data",
    "build_triage_data",
    "measure_simulation",
    "measure_triage",
    "month_signals_for",
    "record",
    "reset_triage",
    "signals_for",
    "triage_breakdown",
]
