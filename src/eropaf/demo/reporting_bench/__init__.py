"""Measuring the dashboard over a year of a million signals and the DDAS export of a year.

Used by ``eropaf bench_reporting`` only. ``data`` builds the year with the triage benchmark's
builder and gives the cases their work (dates, outcomes, contact attempts), ``chain`` the eviction
chain; ``measure`` times the dashboard page and its pieces and the DDAS export; ``report`` writes
the figures.
"""

from eropaf.demo.reporting_bench.data import ReportingData, build_reporting_data, remove_reporting_data
from eropaf.demo.reporting_bench.measure import DashboardRun, DdasRun, measure_dashboard, measure_ddas
from eropaf.demo.reporting_bench.report import as_markdown, record

__all__ = [
    "DashboardRun",
    "DdasRun",
    "ReportingData",
    "as_markdown",
    "build_reporting_data",
    "measure_dashboard",
    "measure_ddas",
    "record",
    "remove_reporting_data",
]
