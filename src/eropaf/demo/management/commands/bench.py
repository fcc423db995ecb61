"""``eropaf bench``: measure the demo build and the role home pages on realistic volumes.

It REBUILDS the demo region in the configured database, so ``make bench`` points it at a database
of its own. Results go to stdout with the machine and the date; ``--record FILE`` appends them as
a Markdown section (docs/benchmarks.md).
"""

import json
import os
import platform
import statistics
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.roles import Role
from eropaf.demo.builder import DEFAULT_SEED, build_demo

# The page each role lands on, and who opens it.
PAGES = [
    ("Zaken van deze maand (vroegsignaleerder)", Role.CASE_WORKER, "cases:list"),
    ("Leveringen (signaalpartner)", Role.PARTNER_USER, "intake:list"),
    ("Rapportage (beleidsmedewerker)", Role.POLICY_OFFICER, "reporting:overview"),
    ("Beheer (functioneel beheerder)", Role.ADMINISTRATOR, "organisations:overview"),
]


def machine_description() -> dict[str, Any]:
    memory_kib = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        first = meminfo.read_text().splitlines()[0]
        memory_kib = int(first.split()[1])
    return {
        "date": timezone.localdate().isoformat(),
        "host": platform.node(),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "database": f"{connection.vendor} {connection.Database.__name__}",  # type: ignore[attr-defined]
    }


class Command(BaseCommand):
    help = (
        "Rebuild the demo region in the configured database and measure how long that takes and how fast "
        "each role's home page answers. Destroys the data in that database: use a database of its own."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--repeat", type=int, default=20, help="requests per page (default: 20)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--record", type=Path, default=None, help="append the results to this Markdown file"
        )

    def handle(self, *_: Any, **options: Any) -> None:
        if settings.ENVIRONMENT == "production":
            raise CommandError("bench rebuilds the database; it refuses to run in production.")
        started = time.perf_counter()
        summary = build_demo(seed=options["seed"], today=timezone.localdate())
        build_seconds = time.perf_counter() - started

        pages = [self._measure_page(label, role, name, options["repeat"]) for label, role, name in PAGES]
        result = {
            "machine": machine_description(),
            "demo_build": {
                "seconds": round(build_seconds, 2),
                "signals": summary.counts.get("signals", 0),
                "cases": summary.counts.get("cases", 0),
                "signals_per_second": round(summary.counts.get("signals", 0) / build_seconds),
            },
            "pages": pages,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(as_markdown(result))
        if options["record"]:
            with options["record"].open("a", encoding="utf-8") as target:
                target.write("\n" + as_markdown(result) + "\n")

    def _measure_page(self, label: str, role: Role, url_name: str, repeat: int) -> dict[str, Any]:
        user = get_user_model().objects.filter(role_assignments__role=role).order_by("pk").first()
        if user is None:
            raise CommandError(f"The demo has no user with role {role.value}.")
        client = Client()
        client.force_login(user)
        url = reverse(url_name)
        timings = []
        for _ in range(repeat + 1):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code} for {user.get_username()}.")
        timings = sorted(timings[1:])  # the first request warms caches
        return {
            "page": label,
            "url": url,
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        }


def as_markdown(result: dict[str, Any]) -> str:
    machine = result["machine"]
    build = result["demo_build"]
    lines = [
        f"## {machine['date']} — {machine['database']}",
        "",
        (
            f"Machine: {machine['host']}, {machine['cores']} cores ({machine['cpu']}), "
            f"{machine['memory_gib']} GiB, Python {machine['python']}."
        ),
        "",
        (
            f"Demo region built in {build['seconds']} s: {build['signals']} signals, {build['cases']} cases "
            f"({build['signals_per_second']} signals/s, including cases, attempts and users)."
        ),
        "",
        "| page | url | median | p95 |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {page['page']} | `{page['url']}` | {page['median_ms']} ms | {page['p95_ms']} ms |"
        for page in result["pages"]
    ]
    return "\n".join(lines)
