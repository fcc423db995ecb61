"""``eropaf bench_reporting`` at a tiny size: every figure is taken, reported and recorded; no timings
are asserted."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from eropaf.accounts.models import User
from eropaf.audit.models import AuditEvent
from eropaf.cases.models import Case, ContactAttempt
from eropaf.demo.management.commands.bench_reporting import _target
from eropaf.demo.matching_bench import MUNICIPALITY_CODE
from eropaf.demo.reporting_bench import as_markdown, record
from eropaf.demo.reporting_bench.data import OFFICER_USERNAME
from eropaf.demo.triage_bench import signals_for
from eropaf.escalation.models import CourtStep, EvictionTrack
from eropaf.intake.models import Signal
from eropaf.organisations.models import Municipality

pytestmark = pytest.mark.django_db

TINY = ["--signals", "6000", "--inhabitants", "300000", "--ddas-inhabitants", "5000", "--scale", "2"]
TABLES = {
    "table results per route",
    "table signals per month",
    "table cases per month",
    "table court steps per month",
    "table per district",
    "table per partner",
    "table per team",
}


def bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench_reporting", *TINY, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_bench_reporting_measures_every_figure_and_removes_its_data() -> None:
    result = json.loads(bench("--json"))

    dashboard = result["dashboard"]
    data = dashboard["data"]
    assert data["months"] == 12
    assert data["signals"] == 12 * 500
    assert data["inhabitants"] == 300_000
    assert 0 < data["closed"] < data["cases"]  # the last month's cases are still open
    assert 0 < data["help_accepted"] < data["reached"] < data["closed"]
    assert 0 < data["reached_attempts"] < data["attempts"]
    chain = data["chain"]
    assert chain["tracks"] > 10
    assert chain["court_steps"] > chain["tracks"]
    assert chain["referrals"] > 0
    assert chain["case_forms"] > 0
    assert chain["admissions"] > 0
    assert {"summoned", "cancelled"} <= set(chain["stages"])
    assert "opening, working and closing the cases" in data["seconds"]
    run = dashboard["run"]
    assert run["url"].startswith("/rapportage/dashboard/?gemeente=9999&van=")
    assert len(run["runs"]) == 3
    assert run["seconds"] == sorted(run["runs"])[1]
    assert run["response_bytes"] > 10_000
    assert run["queries"] > 5
    assert len(run["slowest_queries"]) == 3
    # PostgreSQL cancels a query after the limit (default 60 s); SQLite has no such limit.
    assert run["limit_seconds"] == (60.0 if connection.vendor == "postgresql" else None)
    assert set(run["breakdown"]) == TABLES | {
        "scope_for_user",
        "get_dashboard (every table and chart)",
        "the template",
    }
    assert run["peak_memory_bytes"] > 0
    assert dashboard["target"] is None  # the target holds at a million signals only

    small, larger = result["ddas"]["runs"]
    assert (small["inhabitants"], larger["inhabitants"]) == (5_000, 10_000)
    assert small["signals"] == 12 * signals_for(5_000)
    assert larger["signals"] == 12 * signals_for(10_000)
    assert 0 < small["cases"] <= small["signals"]
    assert small["attempts"] > 0
    assert small["file_bytes"] > 1_000
    assert len(small["runs"]) == 3
    assert set(small["breakdown"]) == {
        "counting the signals",
        "reading the signals",
        "reading the contact attempts",
        "reading the cases",
        "assembling the records",
        "audit record and commit",
        "serialising the JSON",
        "writing the file",
    }
    assert small["target"] is None
    assert result["machine"]["cpu_model"]
    assert result["load_average"]["before"] >= 0
    # Each export is audited, as every export is (one untimed and three timed per size).
    assert AuditEvent.objects.filter(municipality_code=MUNICIPALITY_CODE, action="export").count() == 8
    # Without --keep nothing else of the benchmark stays behind.
    assert not Municipality.objects.filter(code=MUNICIPALITY_CODE).exists()
    assert not User.objects.filter(username=OFFICER_USERNAME).exists()
    for model in (Signal, Case, ContactAttempt, EvictionTrack, CourtStep):
        assert not model.objects.exists()


def test_bench_reporting_records_its_block_per_vendor(tmp_path: Path) -> None:
    target = tmp_path / "performance.md"
    target.write_text("# Performance\n\n## Triage\n\ntriage\n\n## Results\n\nold\n", encoding="utf-8")

    printed = bench("--record", str(target), "--keep", "--scale", "0")

    for text in ("**Dashboard.**", "`GET /rapportage/dashboard/", "**DDAS export.**", "5,000 inhabitants"):
        assert text in printed
    assert "10,000 inhabitants" not in printed  # --scale 0
    vendor = connection.vendor
    written = target.read_text(encoding="utf-8")
    assert written.index("## Triage") < written.index("## Reporting") < written.index("## Results")
    assert printed.strip() in written
    assert f"<!-- bench_reporting:{vendor} -->" in written
    assert Municipality.objects.filter(code=MUNICIPALITY_CODE).exists()  # --keep
    assert ContactAttempt.objects.exists()

    other = "postgresql" if vendor == "sqlite" else "sqlite"
    record(
        target,
        vendor=other,
        block=f"<!-- bench_reporting:{other} -->\nother\n<!-- /bench_reporting:{other} -->",
    )
    record(
        target,
        vendor=vendor,
        block=f"<!-- bench_reporting:{vendor} -->\nnewer\n<!-- /bench_reporting:{vendor} -->",
    )
    again = target.read_text(encoding="utf-8")
    assert again.count("## Reporting") == 1
    assert "newer" in again
    assert printed.strip() not in again
    assert again.count(f"<!-- bench_reporting:{other} -->\nother\n") == 1
    assert again.index("bench_reporting:sqlite") < again.index("bench_reporting:postgresql")
    assert again.endswith("## Results\n\nold\n")


def test_bench_reporting_refuses_a_database_not_named_for_benchmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "NAME", "/srv/eropaf/var/eropaf.sqlite3")
    with pytest.raises(CommandError, match="bench"):
        bench()


def test_a_dashboard_cancelled_at_the_query_limit_is_reported_as_slower_and_failing() -> None:
    result = json.loads(bench("--json", "--scale", "0"))
    run = result["dashboard"]["run"]
    run.update(seconds=None, runs=[], limit_seconds=60.0)
    run["breakdown"] = {"scope_for_user": 0.001, "table results per route": None}
    result["dashboard"]["target"] = _target(None, 1.0)

    printed = as_markdown(result)

    assert "**> 60 s** (a query cancelled at the limit)" in printed
    assert f"{run['queries']} queries before the cancelled one" in printed
    assert "table results per route > 60 s (cancelled)" in printed
    assert "≤ 1 s: **FAIL**" in printed
