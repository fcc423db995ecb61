"""``eropaf bench_load``: many case workers at once against a real HTTP server on loopback.

Makes sure the demo region is in the database (builds it when it is not: that wipes the database),
makes ``--users`` case-worker accounts, serves Eropaf with gunicorn on 127.0.0.1 and lets locust
simulate the case workers for ``--duration`` seconds: log in once, then the queue, a case from it,
now and then the overdue list, 1–3 s apart. The figure (issue 9): 50 case workers for 5 minutes on
PostgreSQL, 0 errors and p95 ≤ 300 ms for the queue and the case page. It runs only on a database
whose name contains "bench" (``make bench``: ``var/bench.sqlite3`` and ``eropaf_bench``) or on a
test database.
"""

import json
import os
import tempfile
from argparse import ArgumentParser
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from eropaf.demo.bench_command import add_report_arguments, machine, refuse_outside_bench
from eropaf.demo.builder import DEFAULT_SEED, build_demo
from eropaf.demo.load_bench.accounts import (
    PASSWORD,
    TeamShare,
    casework_teams,
    demo_counts,
    ensure_case_workers,
    usernames,
)
from eropaf.demo.load_bench.processes import (
    LoadFailed,
    ServerFailed,
    database_url,
    default_workers,
    drive,
    served,
)
from eropaf.demo.load_bench.report import as_markdown, page_rows, record, verdict

USERS = 50
DURATION_SECONDS = 300
SPAWN_RATE = 2.0


class Command(BaseCommand):
    help = (
        "Load test: serve Eropaf with gunicorn on 127.0.0.1 and let locust simulate --users case workers "
        "for --duration seconds once all have logged in (the case queue, a case, the overdue list, 1-3 s "
        "apart); reports requests, failures, median and p95 per page and the verdict (0 errors, p95 <= "
        "300 ms for the queue and the case page). Builds the demo region when the database has none "
        "(wiping it). Runs only on a database whose name contains 'bench'. Exit code 0 when the run "
        "finished, whatever the verdict; 1 when it could not run."
    )
    # A benchmark, not a deployment: Django's system checks (seconds on a busy machine) are make lint's.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--users", type=int, default=USERS, help="simulated case workers (default: 50)")
        parser.add_argument(
            "--duration",
            type=int,
            default=DURATION_SECONDS,
            help="seconds of load once all have logged in (default: 300)",
        )
        parser.add_argument(
            "--spawn-rate", type=float, default=SPAWN_RATE, help="case workers started a second (default: 2)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="gunicorn workers (default: cores + 1 = %(default)s)",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="of the demo and the simulation")
        add_report_arguments(parser, section="Load")

    def handle(self, *_: Any, **options: Any) -> None:
        self.verbosity = int(options["verbosity"])
        self.server_description = ""
        refuse_outside_bench(
            "bench_load",
            does="makes accounts and may rebuild the demo",
            holds=f"{options['users']} case-worker accounts, and the demo region when it is missing "
            "(which wipes the database),",
        )
        if (
            options["users"] < 1
            or options["duration"] < 1
            or options["spawn_rate"] <= 0
            or options["workers"] < 1
        ):
            raise CommandError("--users, --duration, --spawn-rate and --workers must be positive.")
        try:
            database = database_url(connection.settings_dict)
        except ValueError as error:
            raise CommandError(f"bench_load cannot serve this database: {error}.") from error

        with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
            try:
                demo_built, shares, run, load = self._serve_and_drive(options, database, Path(folder))
            except (ServerFailed, LoadFailed) as error:
                raise CommandError(str(error)) from error

        rows = page_rows(run)
        result = {
            "vendor": connection.vendor,
            "machine": machine(),
            "load_average": load,
            "setup": {
                "users": options["users"],
                "duration_seconds": options["duration"],
                "spawn_rate": options["spawn_rate"],
                "workers": options["workers"],
                "server": self.server_description,
                "locust": version("locust"),
                "demo_built": demo_built,
                "demo": demo_counts(),
                "teams": [asdict(share) for share in shares],
            },
            "run": run,
            "pages": rows,
            "verdict": verdict(rows, run=run, vendor=connection.vendor, seconds=options["duration"]),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_markdown(result))
        if options["record"]:
            record(options["record"], vendor=connection.vendor, block=as_markdown(result))

    def _ensure_demo(self, seed: int) -> bool:
        """Build the demo region when no early-detection team of it has cases; True when built."""
        if casework_teams():
            return False
        if self.verbosity > 0:
            self.stderr.write("No demo region with cases here: building it (12 months)…")
        build_demo(seed=seed, today=timezone.localdate())
        if not casework_teams():
            raise CommandError("The demo region has no early-detection team with cases.")
        return True

    def _serve_and_drive(
        self, options: dict[str, Any], database: str, folder: Path
    ) -> tuple[bool, list[TeamShare], dict[str, Any], dict[str, float]]:
        """Start the server, prepare the data while it boots, then run the load against it."""
        with served(database=database, workers=options["workers"], log=folder / "server.log") as server:
            self.server_description = server.description
            demo_built = self._ensure_demo(options["seed"])
            shares = ensure_case_workers(count=options["users"], teams=casework_teams())
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in production
            server.wait_until_ready()
            if self.verbosity > 0:
                self.stderr.write(
                    f"{server.description} on {server.url} with {server.workers} workers; "
                    f"{options['users']} case workers for {options['duration']} s after their logins…"
                )
            load_before = os.getloadavg()[0]
            run = drive(
                url=server.url,
                users=options["users"],
                duration=options["duration"],
                spawn_rate=options["spawn_rate"],
                accounts=usernames(options["users"]),
                password=PASSWORD,
                seed=options["seed"],
                folder=folder,
            )
            load = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}
        return demo_built, shares, run, load
