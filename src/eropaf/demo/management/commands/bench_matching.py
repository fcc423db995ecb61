"""``eropaf bench_matching``: measure matching and classification of a month on the configured database.

Builds a synthetic municipality (code 9999) with 10 history months of 100,000 signals and a
measured month of 100,000, bulk-loaded; then measures the floor (one query and ``classify``), a
naive per-case ORM loop on a sample (rolled back, extrapolated), and ours (read, classify, store in
one transaction) twice. It loads and removes a million rows, so it runs only on a database whose
name contains "bench" (``make bench``: ``var/bench.sqlite3`` and ``eropaf_bench``) or on a test
database Django's test runner created.
"""

import gc
import json
import os
import time
from argparse import ArgumentParser
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone
from tqdm import tqdm

from eropaf.core.periods import format_period
from eropaf.demo.bench_command import RawStream, add_report_arguments, machine, refuse_outside_bench
from eropaf.demo.matching_bench import (
    MUNICIPALITY_CODE,
    BenchData,
    Shape,
    as_markdown,
    build,
    measure_floor,
    measure_naive,
    measure_ours,
    record,
    remove_bench_data,
)
from eropaf.matching import engine
from eropaf.matching.services import windows_for

HISTORY_MONTHS = 10
MONTH_SIGNALS = 100_000
SAMPLE = 2_000
# The targets, at 100,000 signals against a history of 1,000,000.
TARGET_SECONDS = {"postgresql": 15.0, "sqlite": 30.0}


class Command(BaseCommand):
    help = (
        "Measure matching and classification of a month: builds a synthetic municipality (code 9999) "
        "with 10 months of 100,000 signals of history and a month of 100,000, then times ours (read, "
        "classify, store), a naive per-case ORM loop on a sample (extrapolated) and the floor (one query "
        "and classify, nothing stored). Runs only on a database whose name contains 'bench'."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--history-months", type=int, default=HISTORY_MONTHS)
        parser.add_argument("--month-signals", type=int, default=MONTH_SIGNALS, help="signals per month")
        parser.add_argument("--sample", type=int, default=SAMPLE, help="addresses of the naive loop")
        parser.add_argument("--seed", type=int, default=Shape().seed)
        add_report_arguments(parser, section="Matching run", keep="the benchmark municipality")

    def handle(self, *_: Any, **options: Any) -> None:
        refuse_outside_bench(
            "bench_matching",
            does="loads and removes a million signals",
            holds=f"1.1 million signals (municipality {MUNICIPALITY_CODE}), removed afterwards,",
        )
        shape = Shape(
            history_months=options["history_months"],
            month_signals=options["month_signals"],
            seed=options["seed"],
        )
        progress = options["verbosity"] > 0
        load_before = os.getloadavg()[0]
        # Measured as in production: no query log.
        with override_settings(DEBUG=False):
            total = shape.month_signals * (shape.history_months + 1)
            with tqdm(
                total=total,
                unit=" signals",
                desc="Loading",
                file=RawStream(self.stderr),
                disable=not progress,
                leave=False,
            ) as bar:
                data = build(shape, today=timezone.localdate(), progress=bar.update)
            try:
                result = self._measure(
                    data, sample=options["sample"], seed=options["seed"], progress=progress
                )
            except BaseException:
                if not options["keep"]:
                    remove_bench_data()
                raise
            result["load_average"] = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}
            if not options["keep"]:
                started = time.perf_counter()
                remove_bench_data()
                result["data"]["seconds"]["removing it afterwards"] = round(time.perf_counter() - started, 2)
        result["kept"] = options["keep"]
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_markdown(result))
        if options["record"]:
            record(options["record"], vendor=connection.vendor, block=as_markdown(result))

    def _measure(self, data: BenchData, *, sample: int, seed: int, progress: bool) -> dict[str, Any]:
        vendor = connection.vendor
        municipality_id, period = data.municipality.pk, data.period
        windows = windows_for(data.municipality)
        stream = RawStream(self.stderr)
        with tqdm(total=5, desc="Measuring", file=stream, disable=not progress, leave=False) as steps:
            # Untimed: the same reads once, so that no figure pays for a cold cache.
            engine.read_period(municipality_id=municipality_id, period=period)
            engine.read_history(municipality_id=municipality_id, period=period, windows=windows)
            steps.update()
            floor, classified = measure_floor(municipality_id=municipality_id, period=period, windows=windows)
            steps.update()
            with tqdm(
                total=sample,
                desc="Naive loop",
                unit=" addresses",
                file=stream,
                disable=not progress,
                leave=False,
            ) as bar:
                naive = measure_naive(
                    municipality_id=municipality_id,
                    period=period,
                    windows=windows,
                    sample=sample,
                    seed=seed,
                    ours=classified,
                    progress=bar.update,
                )
            steps.update()
            del classified
            gc.collect()
            ours = measure_ours(municipality_id=municipality_id, period=period, windows=windows)
            steps.update()
            again = measure_ours(municipality_id=municipality_id, period=period, windows=windows)
            steps.update()
        full_size = data.month_signals == MONTH_SIGNALS and len(data.periods) - 1 == HISTORY_MONTHS
        target_seconds = TARGET_SECONDS.get(vendor) if full_size else None
        complete = ours.cases_created == ours.cases and ours.signals_added == ours.signals
        target = None
        if target_seconds is not None:
            passed = complete and ours.seconds <= target_seconds
            target = {
                "seconds": target_seconds,
                "label": f"≤ {target_seconds:g} s",
                "result": "PASS" if passed else "FAIL",
            }
        return {
            "vendor": vendor,
            "machine": machine(),
            "data": {
                "period": format_period(period),
                "month_signals": data.month_signals,
                "history_months": len(data.periods) - 1,
                "history_signals": data.signals - data.month_signals,
                "distinct_addresses": data.addresses,
                "seconds": data.seconds,
            },
            "windows": {
                "consecutive_months": windows.consecutive_months,
                "persistent_months": windows.persistent_months,
                "repeat_months": windows.repeat_months,
            },
            "ours": ours.as_dict(),
            "rerun": again.as_dict(),
            "idempotent": again.cases_created == 0 and again.signals_added == 0 and again.cases_updated == 0,
            "naive": naive.as_dict(),
            "floor": asdict(floor),
            "target": target,
            "ratios": {
                "naive_to_ours": _ratio(naive.extrapolated_seconds, ours.seconds),
                "ours_to_floor": _ratio(ours.seconds, floor.seconds),
                "ours_to_floor_in_memory": _ratio(ours.seconds, floor.in_memory_seconds),
            },
        }


def _ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 1) if denominator else None
