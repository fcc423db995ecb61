"""``eropaf bench_intake``: measure signal intake on the configured database.

Our import of a generated 100,000-row CSV delivery (and with ``--million`` one of 1,000,000 rows)
end to end through the product's pipeline, each in a fresh child process; a naive row-by-row ORM
import of 5,000 rows; and the floor, a bare Polars read with simple checks. It adds deliveries to
the demo region already in the database (``--build-demo`` builds one first, wiping the database),
each in a matching period of its own so earlier runs turn nothing into duplicates.
"""

import datetime as dt
import json
import os
import tempfile
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from eropaf.demo.builder import DEFAULT_SEED, build_demo
from eropaf.demo.delivery_files import write_delivery_file
from eropaf.demo.intake_bench import (
    ChildFailed,
    ImportRun,
    delivery_partner,
    free_periods,
    measure_floor,
    measure_import,
    measure_import_in_child,
    measure_naive,
)
from eropaf.demo.management.commands.bench import machine_description
from eropaf.organisations.models import Partner

ROWS = 100_000
MILLION = 1_000_000
NAIVE_ROWS = 5_000
GIB = 1024**3
# The targets: seconds for 100,000 rows per database; 1,000,000 rows on PostgreSQL.
TARGET_SECONDS = {"postgresql": 10.0, "sqlite": 15.0}
MILLION_TARGET_SECONDS = {"postgresql": 90.0}
MILLION_TARGET_MEMORY = 2 * GIB


class Command(BaseCommand):
    help = (
        "Measure signal intake on the configured database: our import of a generated 100,000-row CSV "
        "delivery (and 1,000,000 rows with --million), a naive row-by-row ORM import of 5,000 rows and a "
        "bare Polars read of the same file, with the targets and PASS/FAIL. Needs the demo region in the "
        "database (or --build-demo, which wipes it); adds deliveries to it, so use a database of its own."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--partner", default="woongoed-merwede", help="the delivering partner's code")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--rows", type=int, default=ROWS, help=f"rows of the main file (default {ROWS:,})"
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=1,
            help="import the main file this often (each in a period of its own) and report the median",
        )
        parser.add_argument("--million", action="store_true", help="also import a 1,000,000-row file")
        parser.add_argument("--million-rows", type=int, default=MILLION, help="rows of that file")
        parser.add_argument("--naive-rows", type=int, default=NAIVE_ROWS, help="rows of the naive import")
        parser.add_argument(
            "--build-demo", action="store_true", help="build the demo region first (wipes the database)"
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="import in this process instead of a child per file (no peak memory then)",
        )
        parser.add_argument("--workdir", type=Path, default=None, help="where the files go (default: temp)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--record", type=Path, default=None, help="append the results to this Markdown file"
        )

    def handle(self, *_: Any, **options: Any) -> None:
        if settings.ENVIRONMENT == "production":
            raise CommandError(
                "bench_intake adds deliveries to the database; it refuses to run in production."
            )
        today = timezone.localdate()
        if options["build_demo"]:
            build_demo(seed=options["seed"], today=today)
        partner = Partner.objects.filter(code=options["partner"]).first()
        if partner is None:
            raise CommandError(
                f"There is no partner {options['partner']}: build the demo region first "
                "(eropaf demo, or bench_intake --build-demo)."
            )
        load_before = os.getloadavg()[0]
        with tempfile.TemporaryDirectory(prefix="bench-intake-") as scratch:
            workdir = options["workdir"] or Path(scratch)
            workdir.mkdir(parents=True, exist_ok=True)
            try:
                # Measured as in production: no query log.
                with override_settings(DEBUG=False):
                    result = self._measure(partner, workdir=workdir, today=today, options=options)
            except ChildFailed as error:
                raise CommandError(str(error)) from error
        result["load_average"] = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_markdown(result))
        if options["record"]:
            with options["record"].open("a", encoding="utf-8") as target:
                target.write("\n" + as_markdown(result) + "\n")

    def _measure(
        self, partner: Partner, *, workdir: Path, today: dt.date, options: dict[str, Any]
    ) -> dict[str, Any]:
        vendor = connection.vendor
        generator = delivery_partner(partner)
        measure = measure_import if options["in_process"] else measure_import_in_child
        repeat = max(1, options["repeat"])
        *ours_periods, naive_period, million_period = free_periods(partner, repeat + 2, today=today)
        generation: dict[str, float] = {}

        def generate(name: str, rows: int, seed: int) -> tuple[Path, int]:
            path = workdir / f"{partner.code}-{name}.csv"
            started = time.perf_counter()
            generated = write_delivery_file(path, rows=rows, partner=generator, seed=seed, today=today)
            generation[name] = round(time.perf_counter() - started, 2)
            return path, len(generated.broken)

        self.stderr.write(f"Generating and importing {options['rows']:,} rows…")
        path, broken = generate("main", options["rows"], options["seed"])
        runs = sorted(
            (measure(partner=partner, path=path, period=period) for period in ours_periods), key=_seconds
        )
        ours = runs[len(runs) // 2]
        ours.expected_rejected = broken
        if repeat > 1:
            ours.repeats = [run.seconds for run in runs]
        floor = sorted((measure_floor(path) for _ in range(repeat)), key=lambda run: run.seconds)[repeat // 2]

        self.stderr.write(f"Naive import of {options['naive_rows']:,} rows…")
        naive_path, naive_broken = generate("naive", options["naive_rows"], options["seed"] + 1)
        naive = measure_naive(partner=partner, path=naive_path, period=naive_period)
        naive.expected_rejected = naive_broken

        figures = [
            _import_figure(
                "ours", f"Our import, CSV ({_rows_label(ours.rows)})", ours, TARGET_SECONDS.get(vendor), ROWS
            )
        ]
        if options["million"]:
            self.stderr.write(f"Generating and importing {options['million_rows']:,} rows…")
            million_path, million_broken = generate("million", options["million_rows"], options["seed"] + 2)
            million = measure(partner=partner, path=million_path, period=million_period)
            million.expected_rejected = million_broken
            figures.append(
                _import_figure(
                    "million",
                    f"Our import, CSV ({_rows_label(million.rows)})",
                    million,
                    MILLION_TARGET_SECONDS.get(vendor),
                    MILLION,
                    memory_target=MILLION_TARGET_MEMORY,
                )
            )
        figures.append(_import_figure("naive", "Naive row-by-row ORM import (baseline)", naive, None, None))
        figures.append(
            {
                "figure": "floor",
                "label": "Floor: bare Polars read and simple checks, nothing stored",
                "rows": floor.rows,
                "seconds": floor.seconds,
                "rows_per_second": _per_second(floor.rows, floor.seconds),
                "failing_simple_checks": floor.failing,
                "target": None,
                "result": None,
            }
        )
        return {
            "machine": machine_description(),
            "partner": partner.code,
            "import_mode": "in process" if options["in_process"] else "child process per import",
            "generation_seconds": generation,
            "figures": figures,
            "ratios": {
                "ours_to_floor": round(ours.seconds / floor.seconds, 1) if floor.seconds else None,
                "naive_to_ours_per_row": round((naive.seconds / naive.rows) / (ours.seconds / ours.rows), 1)
                if naive.rows and ours.rows and ours.seconds
                else None,
            },
        }


def _seconds(run: ImportRun) -> float:
    return run.seconds


def _rows_label(rows: int) -> str:
    return f"{rows:,} rows"


def _per_second(rows: int, seconds: float) -> int | None:
    return round(rows / seconds) if seconds else None


def _import_figure(
    name: str,
    label: str,
    run: ImportRun,
    target_seconds: float | None,
    target_rows: int | None,
    *,
    memory_target: int | None = None,
) -> dict[str, Any]:
    """The run with its target and verdict; a target holds only at the size the issue names."""
    applies = target_seconds is not None and run.rows == target_rows
    target = None
    result = None
    if applies and target_seconds is not None:
        target = f"≤ {target_seconds:g} s" + (f", ≤ {memory_target / GIB:g} GiB" if memory_target else "")
        result = figure_verdict(
            seconds=run.seconds,
            target_seconds=target_seconds,
            peak_memory_bytes=run.peak_memory_bytes,
            memory_target=memory_target,
            counts_add_up=run.counts_add_up,
        )
    return {
        "figure": name,
        "label": label,
        **run.as_dict(),
        "rows_per_second": _per_second(run.rows, run.seconds),
        "target": target,
        "result": result,
    }


def figure_verdict(
    *,
    seconds: float,
    target_seconds: float,
    peak_memory_bytes: int | None,
    memory_target: int | None,
    counts_add_up: bool,
) -> str:
    """PASS when within the time (and memory, when measured) target and every row got one verdict."""
    within_memory = memory_target is None or peak_memory_bytes is None or peak_memory_bytes <= memory_target
    return "PASS" if counts_add_up and seconds <= target_seconds and within_memory else "FAIL"


def _memory(run: dict[str, Any]) -> str:
    peak = run.get("peak_memory_bytes")
    return f"{peak / 1024**2:,.0f} MiB" if peak else "—"


def _verdicts(run: dict[str, Any]) -> str:
    if "accepted" not in run:
        return f"{run['failing_simple_checks']:,} fail the simple checks"
    text = f"{run['accepted']:,} / {run['rejected']:,} / {run['duplicate']:,}"
    if not run["counts_add_up"]:
        text += " (do NOT add up to the rows received)"
    expected = run.get("expected_rejected")
    if expected is not None and expected != run["rejected"]:
        text += f" ({expected:,} rows were generated broken)"
    return text


def as_markdown(result: dict[str, Any]) -> str:
    machine = result["machine"]
    load = result.get("load_average", {})
    lines = [
        f"## {machine['date']} — signal intake, {machine['database']}",
        "",
        (
            f"Machine: {machine['host']}, {machine['cores']} cores ({machine['cpu']}), "
            f"{machine['memory_gib']} GiB, Python {machine['python']}. "
            f"Load average (1 min) before / after: {load.get('before', '?')} / {load.get('after', '?')}. "
            f"Imports: {result['import_mode']}; partner `{result['partner']}`."
        ),
        "",
        "| figure | rows | time | rows/s | peak memory | accepted / rejected / duplicate | target | result |",
        "|---|---:|---:|---:|---:|---|---|---|",
    ]
    for run in result["figures"]:
        lines.append(
            f"| {run['label']} | {run['rows']:,} | {run['seconds']:.2f} s | {run['rows_per_second'] or 0:,} "
            f"| {_memory(run)} | {_verdicts(run)} | {run['target'] or '—'} | {run['result'] or '—'} |"
        )
    for run in result["figures"]:
        if run.get("repeats"):
            times = ", ".join(f"{seconds:.2f}" for seconds in run["repeats"])
            lines += [
                "",
                f"{run['label']}: the median of {len(run['repeats'])} imports, which took {times} s.",
            ]
    ratios = result["ratios"]
    lines += [
        "",
        (
            f"Ours / floor: {ratios['ours_to_floor']}×. Naive / ours, per row: "
            f"{ratios['naive_to_ours_per_row']}× (the naive time scaled from its rows to ours)."
        ),
    ]
    staged = [run for run in result["figures"] if run.get("stages")]
    if staged:
        lines += ["", "Where our import spends its time:", ""]
        lines += [
            f"- {_rows_label(run['rows'])}: "
            + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in run["stages"].items())
            + (
                f"; the child process lived {run['process_seconds']:.2f} s"
                if run.get("process_seconds")
                else ""
            )
            for run in staged
        ]
    generated = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result["generation_seconds"].items())
    lines += ["", f"Generating the files (not part of any figure): {generated}."]
    return "\n".join(lines)
