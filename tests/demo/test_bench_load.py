import datetime as dt
import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from eropaf.accounts.roles import TeamKind
from eropaf.core.periods import period_of, shift_months
from eropaf.demo.load_bench.processes import database_url
from eropaf.demo.load_bench.report import as_markdown, page_rows, record, verdict
from eropaf.demo.load_bench.workday import case_ids, months_ago, page_choices, queue_query
from tests.factories import CaseFactory, CaseSignalFactory, MunicipalityFactory, TeamFactory

PAGE_NAMES = ["login form", "login", "queue", "overdue list", "case page"]


def _page(name: str, *, requests: int = 10, failures: int = 0, p95: int = 120) -> dict[str, Any]:
    return {
        "name": name,
        "method": "POST" if name == "login" else "GET",
        "requests": requests,
        "failures": failures,
        "median_ms": 80,
        "p95_ms": p95,
        "p99_ms": p95 + 10,
        "max_ms": p95 + 40,
        "average_ms": 90.0,
    }


def _statistics(pages: list[dict[str, Any]], *, seconds: float) -> dict[str, Any]:
    total = _page("Aggregated", requests=sum(page["requests"] for page in pages))
    total["failures"] = sum(page["failures"] for page in pages)
    return {"seconds": seconds, "pages": pages, "total": total, "errors": []}


def _run(changes: dict[str, dict[str, Any]] | None = None, *, settled: int = 50) -> dict[str, Any]:
    """A driver's result: the logins (and a few pages) in the ramp-up, then the measured pages."""
    changes = changes or {}
    ramp_pages = [_page(name, requests=50, **changes.get(name, {})) for name in PAGE_NAMES[:2]]
    ramp_pages.append(_page("queue", requests=7, **changes.get("ramp queue", {})))
    pages = [_page(name, **changes.get(name, {})) for name in PAGE_NAMES[2:]]
    pages += [_page(name, requests=0) for name in PAGE_NAMES[:2]]  # reset after the ramp-up
    ramp = _statistics(ramp_pages, seconds=31.5) | {"settled": settled}
    return {"users": 50, "ramp": ramp, **_statistics(pages, seconds=300.1)}


def _result(run: dict[str, Any], *, vendor: str = "postgresql", users: int = 50, seconds: int = 300) -> Any:
    run["users"] = users
    rows = page_rows(run)
    return {
        "vendor": vendor,
        "machine": {
            "date": "2026-11-22",
            "host": "bench",
            "cores": 2,
            "cpu_model": "Test CPU",
            "cpu": "x86_64",
            "memory_gib": 8.0,
            "python": "3.11.7",
            "database_version": "PostgreSQL 16.4",
        },
        "load_average": {"before": 0.5, "after": 1.9},
        "setup": {
            "users": users,
            "duration_seconds": seconds,
            "spawn_rate": 5.0,
            "workers": 5,
            "server": "gunicorn 27.0.1",
            "locust": "2.47.0",
            "demo_built": False,
            "demo": {"cases": 8364, "signals": 9421},
            "teams": [
                {"name": "Vroegsignalering Zuid", "municipality": "Dordrecht", "cases": 2523, "workers": 13}
            ],
        },
        "run": run,
        "pages": rows,
        "verdict": verdict(rows, run=run, vendor=vendor, seconds=seconds),
    }


def test_a_clean_fast_run_of_the_figures_size_on_postgresql_passes_and_is_the_figure() -> None:
    result = _result(_run())

    assert result["verdict"]["result"] == "PASS"
    assert result["verdict"]["is_figure"] is True
    targets = {row["name"] for row in result["pages"] if row["target_ms"] == 300}
    assert targets == {"queue", "overdue list", "case page"}


@pytest.mark.parametrize(
    ("changes", "errors", "p95"),
    [
        ({"login": {"failures": 1}}, "FAIL", "PASS"),
        ({"ramp queue": {"failures": 1}}, "FAIL", "PASS"),  # an error in the ramp-up counts
        ({"ramp queue": {"p95": 9000}}, "PASS", "PASS"),  # its speed does not
        ({"settled": 49}, "FAIL", "PASS"),  # a case worker who never got through the login
        ({"case page": {"p95": 310}}, "PASS", "FAIL"),
        ({"overdue list": {"p95": 301}}, "PASS", "FAIL"),
        ({"queue": {"requests": 0}}, "PASS", "FAIL"),  # a page nobody opened proves nothing
        ({"login form": {"p95": 5000}}, "PASS", "PASS"),  # the login has no target
    ],
)
def test_one_error_or_one_slow_target_page_fails_the_verdict(
    changes: dict[str, Any], errors: str, p95: str
) -> None:
    settled = changes.pop("settled", 50)
    run = _run(changes, settled=settled)
    if changes.get("queue", {}).get("requests") == 0:
        run["pages"] = [page for page in run["pages"] if page["name"] != "queue"]
    result = _result(run)

    assert (result["verdict"]["errors"], result["verdict"]["p95"]) == (errors, p95)
    assert result["verdict"]["result"] == ("PASS" if errors == p95 == "PASS" else "FAIL")


@pytest.mark.parametrize(
    ("vendor", "users", "seconds"), [("sqlite", 50, 300), ("postgresql", 10, 300), ("postgresql", 50, 60)]
)
def test_only_fifty_workers_for_five_minutes_on_postgresql_is_the_figure(
    vendor: str, users: int, seconds: int
) -> None:
    result = _result(_run(), vendor=vendor, users=users, seconds=seconds)

    assert result["verdict"]["is_figure"] is False
    assert "Not the figure's run" in as_markdown(result)


def test_the_block_lists_every_page_with_its_figures_and_the_errors() -> None:
    run = _run({"case page": {"failures": 2, "p95": 350}})
    run["errors"] = [{"name": "case page", "method": "GET", "error": "502 instead of 200", "occurrences": 2}]
    run["ramp"]["errors"] = [
        {"name": "login", "method": "POST", "error": "login refused (200)", "occurrences": 1}
    ]
    run["ramp"]["total"]["failures"] = 1

    block = as_markdown(_result(run))

    assert block.startswith("<!-- bench_load:postgresql -->\n### PostgreSQL — 2026-11-22")
    assert block.endswith("<!-- /bench_load:postgresql -->")
    assert "Load average (1 min) before / after: 0.5 / 1.9." in block
    assert (
        "| Case page | `GET /zaken/<id>/` | 10 | 2 | 80 ms | 350 ms | 360 ms | 390 ms | ≤ 300 ms: **FAIL** |"
        in block
    )
    assert "| Login with password (ramp-up) | `POST /inloggen/` | 50 | 0 |" in block
    assert "| all | | 30 | 2 |" in block  # the measured run only
    assert "all 50 case workers had logged in after 31.5 s (50 password logins, in the table)" in block
    assert "the 7 other requests meanwhile" in block
    assert "Verdict: **FAIL** — 3 errors in 137 requests (FAIL)" in block
    assert "- POST login (ramp-up): login refused (200) (1×)\n- GET case page (measured): 502" in block
    assert "Vroegsignalering Zuid (Dordrecht, 2,523 cases): 13" in block


def test_record_writes_the_section_once_and_replaces_only_its_own_vendors_block(tmp_path: Path) -> None:
    target = tmp_path / "performance.md"
    target.write_text("# Performance\n\n## Results\n\nold runs\n", encoding="utf-8")

    record(target, vendor="sqlite", block=as_markdown(_result(_run(), vendor="sqlite")))
    record(target, vendor="postgresql", block=as_markdown(_result(_run())))
    record(target, vendor="postgresql", block=as_markdown(_result(_run({"queue": {"p95": 999}}))))

    text = target.read_text(encoding="utf-8")
    assert text.count("## Load") == 1
    assert text.index("## Load") < text.index("<!-- bench_load:sqlite -->") < text.index("## Results")
    assert text.count("<!-- bench_load:postgresql -->") == 1
    assert "999 ms" in text
    assert text.endswith("## Results\n\nold runs\n")


def test_a_case_worker_filters_mostly_on_this_month_and_on_the_choices_the_page_offers() -> None:
    rng = random.Random(1)  # noqa: S311 - a repeatable choice of pages
    today = dt.date(2026, 1, 20)
    choices = {"werkbak": ["Jongeren & gezinnen"], "wijk": ["KRI"]}

    queries = [queue_query(rng, today=today, choices=choices) for _ in range(400)]

    assert months_ago(today, 0) == "2026-01"
    assert months_ago(today, 2) == "2025-11"
    this_month = sum("periode=2026-01" in query for query in queries)
    assert 200 < this_month < 300
    assert all("periode=202" in query for query in queries)
    assert any("werkbak=Jongeren+%26+gezinnen" in query for query in queries)
    assert any("wijk=KRI" in query for query in queries)
    assert any(query.startswith("periode=2025-12&status=") for query in queries)


def test_a_case_worker_reads_the_cases_and_filter_choices_from_the_queue_page() -> None:
    page = (
        '<select id="filter-werkbak" name="werkbak"><option value="">All</option>'
        '<option value="Jongeren &amp; gezinnen">Jongeren &amp; gezinnen</option></select>'
        '<select name="wijk"><option value="">All</option><option value="KRI">Krispijn</option></select>'
        '<a href="/zaken/17/">17</a> <a href="/zaken/4/">4</a> <a href="/zaken/?te_laat=1">late</a>'
    )

    assert case_ids(page) == [17, 4]
    assert page_choices(page) == {"werkbak": ["Jongeren & gezinnen"], "wijk": ["KRI"]}
    assert page_choices("<p>no filters</p>") == {}


def test_the_served_process_gets_the_same_database() -> None:
    postgres = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "eropaf_bench",
        "USER": "postgres",
        "PASSWORD": "p@ss/word",
        "HOST": "127.0.0.1",
        "PORT": 5432,
    }
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "var/bench.sqlite3"}

    assert database_url(postgres) == "postgres://postgres:p%40ss%2Fword@127.0.0.1:5432/eropaf_bench"
    assert database_url(sqlite) == f"sqlite:///{Path('var/bench.sqlite3').resolve()}"
    with pytest.raises(ValueError, match="in-memory"):
        database_url({"ENGINE": "django.db.backends.sqlite3", "NAME": "file:memorydb_default?mode=memory"})


@override_settings(ENVIRONMENT="production")
def test_bench_load_refuses_to_run_in_production() -> None:
    with pytest.raises(CommandError, match="production"):
        call_command("bench_load", "--users", "1", "--duration", "1")


@pytest.mark.django_db
def test_bench_load_refuses_a_database_that_is_not_a_benchmark_one() -> None:
    with (
        mock.patch.dict(connection.settings_dict, {"NAME": "eropaf"}),
        pytest.raises(CommandError, match="contains 'bench'"),
    ):
        call_command("bench_load", "--users", "1", "--duration", "1")


@pytest.mark.django_db
def test_bench_load_cannot_serve_sqlite_in_memory() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("only SQLite's test database lives in memory")
    with pytest.raises(CommandError, match="cannot serve this database: an in-memory"):
        call_command("bench_load", "--users", "1", "--duration", "1")


def _seed_demo_like_team() -> None:
    """Enough of the demo for the load: a Dordrecht early-detection team with cases this month and
    last month (the overdue ones), each with its signal."""
    dordrecht = MunicipalityFactory.create(code="0505", name="Dordrecht")
    team = TeamFactory.create(
        municipality=dordrecht, name="Vroegsignalering Zuid", kind=TeamKind.EARLY_DETECTION
    )
    this_month = period_of(timezone.localdate())
    for period in (this_month, shift_months(this_month, -1)):
        for _ in range(3):
            CaseSignalFactory.create(
                case=CaseFactory.create(municipality=dordrecht, team=team, period=period)
            )


@pytest.mark.django_db(transaction=True)
def test_bench_load_serves_the_database_and_reports_every_page(tmp_path: Path) -> None:
    """Two case workers for five seconds against gunicorn: the command runs in a process of its own,
    as the served process needs a database on disk and committed rows."""
    _seed_demo_like_team()
    if connection.vendor == "sqlite":
        database = tmp_path / "bench_load.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
        copy.close()
        url = f"sqlite:///{database}"
    else:
        url = database_url(connection.settings_dict)
    performance = tmp_path / "performance.md"
    command = [sys.executable, "-m", "eropaf.manage", "bench_load", "--users", "2", "--duration", "5"]
    command += ["--spawn-rate", "2", "--workers", "2", "--json", "--record", str(performance)]

    finished = subprocess.run(  # noqa: S603 - our own interpreter and command
        command,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    result = json.loads(finished.stdout)
    assert result["setup"]["demo_built"] is False
    assert result["setup"]["teams"] == [
        {"name": "Vroegsignalering Zuid", "municipality": "Dordrecht", "cases": 6, "workers": 2}
    ]
    assert result["setup"]["demo"]["cases"] == 6
    rows = {row["name"]: row for row in result["pages"]}
    assert list(rows) == PAGE_NAMES
    assert rows["login form"]["requests"] == 2
    assert rows["login"]["requests"] == 2
    assert rows["queue"]["requests"] + rows["overdue list"]["requests"] >= 2
    assert result["run"]["ramp"]["settled"] == 2
    assert result["run"]["ramp"]["total"]["failures"] == 0, result["run"]["ramp"]["errors"]
    assert result["run"]["total"]["failures"] == 0, result["run"]["errors"]
    measured = sum(row["requests"] for row in result["pages"] if not row["name"].startswith("login"))
    assert result["run"]["total"]["requests"] == measured
    assert all(row["median_ms"] > 0 for row in result["pages"] if row["requests"])
    assert result["verdict"]["errors"] == "PASS"
    assert result["verdict"]["is_figure"] is False
    recorded = performance.read_text(encoding="utf-8")
    assert "## Load" in recorded
    assert f"<!-- bench_load:{connection.vendor} -->" in recorded
    assert "2 simulated case workers for 5 s" in recorded
