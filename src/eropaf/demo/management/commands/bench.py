"""``eropaf bench``: measure the demo build, the role home pages and the case-work pages on
realistic volumes (the demo's 12 months).

The queue (the case list, plain and filtered on overdue work) and the case page have a target:
p95 ≤ 150 ms server time (issue 6). The case page is measured over many different cases of the
worker's team — those with the most signals, attempts and earlier cases of the household first —
so that one cached case does not flatter the figure.

It REBUILDS the demo region in the configured database, so ``make bench`` points it at a database
of its own. Results go to stdout with the machine and the date; ``--record FILE`` appends them as
a Markdown section (docs/benchmarks.md).
"""

import json
import math
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
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.demo.builder import DEFAULT_SEED, build_demo

# The page each role lands on, and who opens it; then the case-work pages. (label, role, url, query)
PAGES = [
    ("Zaken van deze maand (vroegsignaleerder)", Role.CASE_WORKER, "cases:list", ""),
    ("Leveringen (signaalpartner)", Role.PARTNER_USER, "intake:list", ""),
    ("Rapportage (beleidsmedewerker)", Role.POLICY_OFFICER, "reporting:overview", ""),
    ("Beheer (functioneel beheerder)", Role.ADMINISTRATOR, "organisations:overview", ""),
    ("Te late zaken (teamleider)", Role.TEAM_LEAD, "cases:list", "te_laat=1"),
    ("Werkvoorraad per medewerker (teamleider)", Role.TEAM_LEAD, "reporting:workload", ""),
    ("Terugkoppeling (signaalpartner)", Role.PARTNER_USER, "feedback:list", ""),
]
TARGET_MS = 150
"""p95 server time the queue and the case page must stay under."""
TARGET_URLS = ("/zaken/",)
CASE_PAGE = "Zaakpagina (vroegsignaleerder)"


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
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in production

        pages = [
            self._measure_page(label, role, name, query, options["repeat"])
            for label, role, name, query in PAGES
        ]
        pages.append(self._measure_case_pages(options["repeat"]))
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

    def _measure_page(self, label: str, role: Role, url_name: str, query: str, repeat: int) -> dict[str, Any]:
        client = Client()
        client.force_login(_user_with(role))
        url = reverse(url_name) + (f"?{query}" if query else "")
        _get(client, url)  # the first request warms caches
        timings = [_get(client, url) for _ in range(repeat)]
        return _timed(label, url, timings, has_target=url.startswith(TARGET_URLS))

    def _measure_case_pages(self, repeat: int) -> dict[str, Any]:
        """The case page over ``repeat`` × 3 different cases of the worker's teams, richest first."""
        worker = _user_with(Role.CASE_WORKER)
        client = Client()
        client.force_login(worker)
        teams = worker.role_assignments.values("team_id")
        cases = list(
            Case.objects.filter(team_id__in=teams)
            .annotate(signal_count=Count("case_signals", distinct=True))
            .annotate(attempt_count=Count("contact_attempts", distinct=True))
            .order_by("-signal_count", "-attempt_count", "-period", "pk")
            .values_list("pk", flat=True)[: repeat * 3]
        )
        if not cases:
            raise CommandError("The demo has no cases in the case worker's teams.")
        _get(client, reverse("cases:detail", args=[cases[0]]))
        timings = [_get(client, reverse("cases:detail", args=[case_id])) for case_id in cases]
        return _timed(f"{CASE_PAGE}, {len(cases)} zaken", "/zaken/<id>/", timings, has_target=True)


def _user_with(role: Role) -> Any:
    user = get_user_model().objects.filter(role_assignments__role=role).order_by("pk").first()
    if user is None:
        raise CommandError(f"The demo has no user with role {role.value}.")
    return user


def _get(client: Client, url: str) -> float:
    """Milliseconds for one request, which must answer 200."""
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise CommandError(f"{url} answered {response.status_code}.")
    return elapsed


def _timed(label: str, url: str, timings: list[float], *, has_target: bool) -> dict[str, Any]:
    ordered = sorted(timings)
    p95 = ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]
    return {
        "page": label,
        "url": url,
        "requests": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(p95, 1),
        "target_ms": TARGET_MS if has_target else None,
        "meets_target": p95 <= TARGET_MS if has_target else None,
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
        "| page | url | requests | median | p95 | target (p95) |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {page['page']} | `{page['url']}` | {page['requests']} | {page['median_ms']} ms "
        f"| {page['p95_ms']} ms | {_verdict(page)} |"
        for page in result["pages"]
    ]
    return "\n".join(lines)


def _verdict(page: dict[str, Any]) -> str:
    if page["target_ms"] is None:
        return "–"
    return f"≤ {page['target_ms']} ms: {'PASS' if page['meets_target'] else 'FAIL'}"
