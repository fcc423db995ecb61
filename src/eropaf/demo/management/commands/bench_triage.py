"""``eropaf bench_triage``: measure triage of a month's cases and a year's policy simulation.

Builds the matching benchmark's synthetic municipality (code 9999) three times over: twelve months
of a municipality of 100,000 inhabitants (about 400 signals a month) and the same at ten times the
inhabitants, each stored into cases month by month, for ``simulate_policy``; then a month of 100,000
cases after two months of history for ``apply_triage`` with the Leiden preset and the national
default. Each dataset replaces the one before; the last is removed at the end unless ``--keep``. It
loads and removes hundreds of thousands of rows, so it runs only on a database whose name contains
"bench" (``make bench``: ``var/bench.sqlite3`` and ``eropaf_bench``) or on a test database.
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
from eropaf.demo.matching_bench import MUNICIPALITY_CODE, Shape, remove_bench_data
from eropaf.demo.triage_bench import (
    CaseData,
    build_history_data,
    build_triage_data,
    measure_simulation,
    measure_triage,
    month_signals_for,
    record,
    reset_triage,
    signals_for,
    triage_breakdown,
)
from eropaf.demo.triage_bench.report import as_markdown
from eropaf.triage.case_facts import cases_of_periods, read_cases_with_facts
from eropaf.triage.presets import NATIONAL_DEFAULT, preset

CASES = 100_000
INHABITANTS = 100_000
MONTHS = 12
SCALE = 10
# The targets, at 100,000 cases and at 12 months of 100,000 inhabitants.
TRIAGE_TARGET_SECONDS = 5.0
SIMULATION_TARGET_SECONDS = 10.0
# The larger municipality is measured only when building it would take no longer than this.
SCALE_SETUP_LIMIT_SECONDS = 180.0
# The slowest policy first, then the one every municipality starts with.
POLICIES = ("leiden", NATIONAL_DEFAULT)


def _target(seconds: float, limit: float | None, *, complete: bool) -> dict[str, Any] | None:
    if limit is None:
        return None
    passed = complete and seconds <= limit
    return {"seconds": limit, "label": f"≤ {limit:g} s", "result": "PASS" if passed else "FAIL"}


class Command(BaseCommand):
    help = (
        "Measure triage and simulation: builds a synthetic municipality (code 9999), stores its months "
        "into cases with the matching engine, then times apply_triage of 100,000 cases (Leiden and the "
        "national default) and a 12-month simulate_policy for 100,000 inhabitants (and 10 times as "
        "many), with a breakdown of each. Runs only on a database whose name contains 'bench'."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--cases", type=int, default=CASES, help="cases of the triaged month")
        parser.add_argument(
            "--inhabitants", type=int, default=INHABITANTS, help="of the simulated municipality"
        )
        parser.add_argument("--months", type=int, default=MONTHS, help="simulated months")
        parser.add_argument(
            "--scale",
            type=int,
            default=SCALE,
            help="simulate also at this many times the inhabitants (0: not)",
        )
        parser.add_argument("--seed", type=int, default=Shape().seed)
        add_report_arguments(parser, section="Triage", keep="the triaged month")

    def handle(self, *_: Any, **options: Any) -> None:
        refuse_outside_bench(
            "bench_triage",
            does="loads and removes hundreds of thousands of rows",
            holds=f"Hundreds of thousands of signals and cases (municipality {MUNICIPALITY_CODE}), removed "
            "again afterwards,",
        )
        if (
            options["cases"] < 1
            or options["inhabitants"] < 1
            or options["months"] < 1
            or options["scale"] < 0
        ):
            raise CommandError("--cases, --inhabitants and --months must be positive, --scale at least 0.")
        self.progress = options["verbosity"] > 0
        load_before = os.getloadavg()[0]
        # Measured as in production: no query log.
        with override_settings(DEBUG=False):
            try:
                simulation = self._simulations(options)
                triage = self._triage(options)
            except BaseException:
                if not options["keep"]:
                    remove_bench_data()
                raise
            load_after = os.getloadavg()[0]
            if not options["keep"]:
                started = time.perf_counter()
                remove_bench_data()
                triage["data"]["seconds"]["removing it afterwards"] = round(time.perf_counter() - started, 2)
        result = {
            "vendor": connection.vendor,
            "machine": machine(),
            "load_average": {"before": round(load_before, 2), "after": round(load_after, 2)},
            "triage": triage,
            "simulation": simulation,
            "kept": options["keep"],
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_markdown(result))
        if options["record"]:
            record(options["record"], vendor=connection.vendor, block=as_markdown(result))

    def _bar(self, total: int, desc: str, unit: str = "") -> "tqdm[Any]":
        return tqdm(
            total=total,
            desc=desc,
            unit=unit,
            file=RawStream(self.stderr),
            disable=not self.progress,
            leave=False,
        )

    def _simulations(self, options: dict[str, Any]) -> dict[str, Any]:
        inhabitants, months, scale = options["inhabitants"], options["months"], options["scale"]
        full_size = inhabitants == INHABITANTS and months == MONTHS
        runs: list[dict[str, Any]] = []
        building: dict[str, dict[str, float]] = {}
        skipped = None
        sizes = [inhabitants] + ([inhabitants * scale] if scale > 1 else [])
        for size in sizes:
            if size != inhabitants:
                # What grows with the size; removing what an earlier run left does not.
                projected = scale * sum(
                    seconds
                    for name, seconds in building[f"{inhabitants:,}"].items()
                    if name != "removing earlier benchmark data"
                )
                if projected > SCALE_SETUP_LIMIT_SECONDS:
                    skipped = (
                        f"Not measured at {size:,} inhabitants: building it would take about "
                        f"{projected:,.0f} s (more than {SCALE_SETUP_LIMIT_SECONDS:g} s)."
                    )
                    break
            with self._bar(signals_for(size) * months, f"Loading {size:,} inhabitants", " signals") as bar:
                data = build_history_data(
                    inhabitants=size,
                    months=months,
                    seed=options["seed"],
                    today=timezone.localdate(),
                    progress=bar.update,
                )
            building[f"{size:,}"] = data.seconds
            run = measure_simulation(
                municipality=data.municipality,
                draft=preset("leiden"),
                periods=data.periods,
                signals=data.signals,
                cases=data.cases,
            ).as_dict()
            limit = SIMULATION_TARGET_SECONDS if full_size and size == inhabitants else None
            run["target"] = _target(run["seconds"], limit, complete=run["cases"] > 0)
            runs.append(run)
        return {"runs": runs, "skipped": skipped, "building": building}

    def _triage(self, options: dict[str, Any]) -> dict[str, Any]:
        cases = options["cases"]
        today = timezone.localdate()
        total = month_signals_for(cases) * (1 + 2)
        with self._bar(total, f"Loading {cases:,} cases", " signals") as bar:
            data = build_triage_data(cases=cases, seed=options["seed"], today=today, progress=bar.update)
        municipality_id, period = data.municipality.pk, data.period
        # Untimed: the same read once, so that no figure pays for a cold cache.
        read_cases_with_facts(
            municipality_id=municipality_id,
            cases=cases_of_periods(municipality_id=municipality_id, periods=[period]),
        )
        runs: list[dict[str, Any]] = []
        with self._bar(2 * len(POLICIES), "Triaging") as steps:
            for name in POLICIES:
                policy = preset(name)
                reset_triage(municipality_id=municipality_id, period=period)
                run = measure_triage(
                    municipality_id=municipality_id,
                    period=period,
                    policy=policy,
                    today=today,
                    cases=data.month_cases,
                )
                steps.update()
                reset_triage(municipality_id=municipality_id, period=period)
                run.breakdown = triage_breakdown(
                    municipality_id=municipality_id, period=period, policy=policy, today=today
                )
                run.breakdown_seconds = round(sum(run.breakdown.values()), 3)
                steps.update()
                as_data = run.as_dict()
                limit = TRIAGE_TARGET_SECONDS if cases >= CASES and data.month_cases >= CASES else None
                as_data["target"] = _target(
                    run.seconds, limit, complete=run.triaged == data.month_cases and run.unchanged == 0
                )
                runs.append(as_data)
        return {"data": _described(data), "runs": runs}


def _described(data: CaseData) -> dict[str, Any]:
    return {
        "period": format_period(data.period),
        "history_months": len(data.periods) - 1,
        "month_signals": data.month_signals,
        "signals": data.signals,
        "month_cases": data.month_cases,
        "cases": data.cases,
        "facts": data.facts,
        "seconds": data.seconds,
    }
