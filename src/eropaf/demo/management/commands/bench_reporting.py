"""``eropaf bench_reporting``: measure the dashboard over a year and the DDAS export of a year.

Builds the matching benchmark's synthetic municipality (code 9999) three times over, each stored
into cases with the matching engine and worked (outcomes, contact attempts, the eviction chain):
twelve months of a municipality of 100,000 inhabitants (about 400 signals a month) and of ten times
as many, for the DDAS export; then twelve months of 1,000,000 signals for the dashboard. Each dataset
replaces the one before; the last is removed at the end unless ``--keep``. It loads and removes
millions of rows, so it runs only on a database whose name contains "bench" (``make bench``:
``var/bench.sqlite3`` and ``eropaf_bench``) or on a test database.
"""

import json
import os
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone
from tqdm import tqdm

from eropaf.core.periods import format_period
from eropaf.demo.bench_command import RawStream, add_report_arguments, machine, refuse_outside_bench
from eropaf.demo.matching_bench import MUNICIPALITY_CODE, Shape
from eropaf.demo.reporting_bench import (
    ReportingData,
    as_markdown,
    build_reporting_data,
    measure_dashboard,
    measure_ddas,
    record,
    remove_reporting_data,
)
from eropaf.demo.reporting_bench.measure import PageFailed
from eropaf.demo.triage_bench import signals_for

SIGNALS = 1_000_000
# A big city's inhabitants: the volume of a million signals is the stress, not the realism.
INHABITANTS = 900_000
DDAS_INHABITANTS = 100_000
MONTHS = 12
SCALE = 10
# The targets: the dashboard on PostgreSQL (production's database), the DDAS export anywhere.
DASHBOARD_TARGET_SECONDS = 1.0
DASHBOARD_TARGET_VENDOR = "postgresql"
DDAS_TARGET_SECONDS = 10.0
# On PostgreSQL a dashboard query running longer than this is cancelled, so that a run ends in minutes.
QUERY_LIMIT_SECONDS = 60.0


def _target(seconds: float | None, limit: float | None) -> dict[str, Any] | None:
    """None: no target here; a time of None (cancelled at the query limit) fails."""
    if limit is None:
        return None
    passed = seconds is not None and seconds <= limit
    return {"seconds": limit, "label": f"≤ {limit:g} s", "result": "PASS" if passed else "FAIL"}


def _described(data: ReportingData, *, months: int) -> dict[str, Any]:
    return {
        "months": months,
        "first": format_period(data.periods[0]),
        "last": format_period(data.periods[-1]),
        "inhabitants": data.municipality.inhabitants,
        "signals": data.signals,
        "cases": data.cases,
        "closed": data.closed,
        "reached": data.reached,
        "help_accepted": data.help_accepted,
        "attempts": data.attempts,
        "reached_attempts": data.reached_attempts,
        "chain": {
            "tracks": data.chain.tracks,
            "court_steps": data.chain.court_steps,
            "referrals": data.chain.referrals,
            "case_forms": data.chain.case_forms,
            "admissions": data.chain.admissions,
            "stages": data.chain.stages,
        },
        "seconds": data.seconds,
    }


class Command(BaseCommand):
    help = (
        "Measure the reports: builds a synthetic municipality (code 9999), stores its months into cases "
        "with the matching engine and works them (outcomes, contact attempts, court steps, the chain), "
        "then times the DDAS export of 12 months for 100,000 inhabitants (and 10 times as many) and the "
        "dashboard page over 12 months of 1,000,000 signals, with a breakdown of each. Runs only on a "
        "database whose name contains 'bench'."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--signals", type=int, default=SIGNALS, help="signals of the dashboard's months")
        parser.add_argument(
            "--inhabitants", type=int, default=INHABITANTS, help="of the dashboard's municipality"
        )
        parser.add_argument(
            "--ddas-inhabitants", type=int, default=DDAS_INHABITANTS, help="of the exported municipality"
        )
        parser.add_argument("--months", type=int, default=MONTHS, help="months of every dataset")
        parser.add_argument(
            "--scale", type=int, default=SCALE, help="export also at this many times the inhabitants (0: not)"
        )
        parser.add_argument(
            "--query-limit",
            type=float,
            default=QUERY_LIMIT_SECONDS,
            help="PostgreSQL: cancel a dashboard query after this many seconds (0: no limit)",
        )
        parser.add_argument("--seed", type=int, default=Shape().seed)
        add_report_arguments(parser, section="Reporting", keep="the dashboard's year")

    def handle(self, *_: Any, **options: Any) -> None:
        refuse_outside_bench(
            "bench_reporting",
            does="loads and removes millions of rows",
            holds=f"A million signals with their cases and contact attempts (municipality "
            f"{MUNICIPALITY_CODE}), removed again afterwards,",
        )
        if (
            options["signals"] < options["months"]
            or options["inhabitants"] < 1
            or options["ddas_inhabitants"] < 1
            or options["months"] < 1
            or options["scale"] < 0
            or options["query_limit"] < 0
        ):
            raise CommandError(
                "--signals must be at least --months; --inhabitants, --ddas-inhabitants and --months "
                "positive; --scale and --query-limit at least 0."
            )
        self.progress = options["verbosity"] > 0
        load_before = os.getloadavg()[0]
        removing = None
        # Measured as in production: no query log.
        with override_settings(DEBUG=False):
            try:
                ddas = self._ddas(options)
                dashboard = self._dashboard(options)
            except BaseException:
                if not options["keep"]:
                    remove_reporting_data()
                raise
            load_after = os.getloadavg()[0]
            if not options["keep"]:
                started = time.perf_counter()
                remove_reporting_data()
                removing = round(time.perf_counter() - started, 2)
        result = {
            "vendor": connection.vendor,
            "machine": machine(),
            "load_average": {"before": round(load_before, 2), "after": round(load_after, 2)},
            "dashboard": dashboard,
            "ddas": ddas,
            "removing_seconds": removing,
            "kept": options["keep"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_markdown(result))
        if options["record"]:
            record(options["record"], vendor=connection.vendor, block=as_markdown(result))

    def _bar(self, total: int, desc: str) -> "tqdm[Any]":
        return tqdm(
            total=total,
            desc=desc,
            unit=" signals",
            file=RawStream(self.stderr),
            disable=not self.progress,
            leave=False,
        )

    def _build(self, *, month_signals: int, inhabitants: int, options: dict[str, Any]) -> ReportingData:
        months = options["months"]
        with self._bar(month_signals * months, f"Loading {month_signals * months:,} signals") as bar:
            return build_reporting_data(
                month_signals=month_signals,
                months=months,
                inhabitants=inhabitants,
                seed=options["seed"],
                today=timezone.localdate(),
                progress=bar.update,
            )

    def _ddas(self, options: dict[str, Any]) -> dict[str, Any]:
        inhabitants, months, scale = options["ddas_inhabitants"], options["months"], options["scale"]
        full_size = inhabitants == DDAS_INHABITANTS and months == MONTHS
        runs: list[dict[str, Any]] = []
        described: list[dict[str, Any]] = []
        for size in [inhabitants] + ([inhabitants * scale] if scale > 1 else []):
            data = self._build(month_signals=signals_for(size), inhabitants=size, options=options)
            run = measure_ddas(
                municipality=data.municipality,
                start=data.start,
                end=data.end,
                months=months,
                signals=data.signals,
            ).as_dict()
            run["target"] = _target(
                run["seconds"], DDAS_TARGET_SECONDS if full_size and size == inhabitants else None
            )
            runs.append(run)
            described.append(_described(data, months=months))
        return {"runs": runs, "data": described}

    def _dashboard(self, options: dict[str, Any]) -> dict[str, Any]:
        months = options["months"]
        data = self._build(
            month_signals=round(options["signals"] / months),
            inhabitants=options["inhabitants"],
            options=options,
        )
        try:
            run = measure_dashboard(
                officer=data.officer,
                municipality=data.municipality,
                periods=data.periods,
                limit=options["query_limit"] or None,
            )
        except PageFailed as error:
            raise CommandError(str(error)) from error
        full_size = options["signals"] >= SIGNALS and months == MONTHS
        on_target_database = connection.vendor == DASHBOARD_TARGET_VENDOR
        limit = DASHBOARD_TARGET_SECONDS if full_size and on_target_database else None
        return {
            "data": _described(data, months=months),
            "run": run.as_dict(),
            "target": _target(run.seconds, limit),
        }
