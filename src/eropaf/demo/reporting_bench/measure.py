"""The dashboard and the DDAS export, measured: the whole as a user or CBS gets it, then its pieces.

The dashboard's figure is the server time of ``GET /rapportage/dashboard/`` (``reporting:dashboard``)
for a policy officer of the municipality with the twelve months chosen, through Django's test
client (middleware, session, view, template; no network), the median of three requests after an
untimed one, whose queries are captured to name the slowest. On PostgreSQL a query may be given a
limit (``statement_timeout``): one that runs longer is cancelled and the page reported as slower
than the limit, so that a run stays within minutes. The dashboard reads figures counted ahead
(``reporting.figures``): they are counted once before the page, timed apart. The breakdown
calls the dashboard's public pieces one after the other: ``scope_for_user``, each table builder of
``dashboard.BUILDERS`` alone, ``get_dashboard`` (every table and chart) and the template rendered
with its result.

The DDAS figure is what ``eropaf export_ddas`` does: ``ddas.services.export_delivery`` (read,
assemble, audit, commit) and the JSON written to a file, the median of three after an untimed one.
Its breakdown follows the stages ``build_export`` reports, then the audit and commit, the
serialising and the writing.
"""

import datetime as dt
import json
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.db import OperationalError, connection
from django.shortcuts import render
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.models import User
from eropaf.core.periods import format_period
from eropaf.ddas.payload import Export, Stage
from eropaf.ddas.services import export_delivery
from eropaf.demo.matching_bench.measure import PeakMemory
from eropaf.organisations.models import Municipality
from eropaf.reporting.dashboard import BUILDERS, get_dashboard
from eropaf.reporting.dashboard_scope import scope_for_user
from eropaf.reporting.figures import refresh_figures

RUNS = 3
SLOWEST = 3
SQL_CHARACTERS = 220
EXPORTED_BY = "bench_reporting"
TABLE_NAMES = {
    "routes": "results per route",
    "trend-signalen": "signals per month",
    "trend-zaken": "cases per month",
    "trend-rechtbank": "court steps per month",
    "wijken": "per district",
    "partners": "per partner",
    "teams": "per team",
}


class PageFailed(Exception):
    """The dashboard answered something else than 200."""


@dataclass
class DashboardRun:
    url: str
    seconds: float | None
    """The median of ``runs``; None when a query was cancelled at the limit."""
    runs: list[float]
    response_bytes: int
    queries: int
    """Of the first request."""
    slowest_queries: list[dict[str, Any]]
    breakdown: dict[str, float | None] = field(default_factory=dict)
    counting_seconds: float | None = None
    """Counting the figures ahead (``reporting.figures.refresh_figures``), before the page."""
    limit_seconds: float | None = None
    memory_before_bytes: int | None = None
    peak_memory_bytes: int | None = None
    peak_of_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DdasRun:
    inhabitants: int
    months: int
    signals: int
    cases: int
    attempts: int
    file_bytes: int
    seconds: float
    """The median of ``runs``."""
    runs: list[float]
    breakdown: dict[str, float]
    memory_before_bytes: int | None = None
    peak_memory_bytes: int | None = None
    peak_of_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def dashboard_url(municipality: Municipality, periods: list[dt.date]) -> str:
    query = urlencode(
        {"gemeente": municipality.code, "van": format_period(periods[0]), "tot": format_period(periods[-1])}
    )
    return f"{reverse('reporting:dashboard')}?{query}"


class _Cancelled(Exception):
    """A query ran longer than the limit and PostgreSQL cancelled it."""


def _cancelled(error: OperationalError) -> bool:
    return connection.vendor == "postgresql" and "statement timeout" in str(error)


@contextmanager
def statement_limit(seconds: float | None) -> Iterator[None]:
    """On PostgreSQL, cancel any query that runs longer than ``seconds`` (SQLite has no such limit)."""
    if seconds is None or connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {round(seconds * 1000)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET statement_timeout")


def _get(client: Client, url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        response = client.get(url)
    except OperationalError as error:
        if _cancelled(error):
            raise _Cancelled from error
        raise
    seconds = time.perf_counter() - started
    if response.status_code != 200:
        raise PageFailed(f"{url} answered {response.status_code}.")
    return seconds, len(response.content)


def _slowest(queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    timed = sorted(queries, key=lambda query: float(query["time"]), reverse=True)
    return [
        {"seconds": round(float(query["time"]), 3), "sql": re.sub(r"\s+", " ", query["sql"])[:SQL_CHARACTERS]}
        for query in timed[:SLOWEST]
    ]


def measure_dashboard(
    *, officer: User, municipality: Municipality, periods: list[dt.date], limit: float | None = None
) -> DashboardRun:
    """The page's server time for ``officer`` over ``periods``, and its breakdown.

    With ``limit`` (PostgreSQL only), a query that runs longer is cancelled: the page then has no
    time but "more than the limit", and the requests after it are not made.
    """
    started = time.perf_counter()
    refresh_figures(municipality_id=municipality.pk)
    counting = round(time.perf_counter() - started, 3)
    client = Client()
    client.force_login(officer)
    url = dashboard_url(municipality, periods)
    runs: list[float] = []
    size = 0
    cancelled = False
    with statement_limit(limit):
        # Warm: the first request pays for the caches; its queries are the ones named. They are
        # copied at once: every later request empties the query log when it starts.
        with CaptureQueriesContext(connection) as captured:
            try:
                _get(client, url)
            except _Cancelled:
                cancelled = True
        queries = list(captured.captured_queries)
        with PeakMemory() as memory:
            for _ in range(0 if cancelled else RUNS):
                try:
                    seconds, size = _get(client, url)
                except _Cancelled:
                    cancelled = True
                    break
                runs.append(round(seconds, 3))
        breakdown = dashboard_breakdown(officer=officer, municipality=municipality, periods=periods)
    return DashboardRun(
        url=url,
        seconds=None if cancelled else statistics.median(runs),
        runs=runs,
        response_bytes=size,
        queries=len(queries),
        slowest_queries=_slowest(queries),
        breakdown=breakdown,
        counting_seconds=counting,
        limit_seconds=limit if connection.vendor == "postgresql" else None,
        memory_before_bytes=memory.before,
        peak_memory_bytes=memory.peak,
        peak_of_run=memory.of_block,
    )


def dashboard_breakdown(
    *, officer: User, municipality: Municipality, periods: list[dt.date]
) -> dict[str, float | None]:
    """The dashboard's public pieces, each timed once, one after the other; None: cancelled at the
    limit (then ``get_dashboard`` and the template, which would be cancelled again, are not run)."""
    stages: dict[str, float | None] = {}
    started = time.perf_counter()
    scope = scope_for_user(
        user=officer,
        municipality_code=municipality.code,
        first=format_period(periods[0]),
        last=format_period(periods[-1]),
        today=timezone.localdate(),
    )
    stages["scope_for_user"] = round(time.perf_counter() - started, 3)
    for key, builder in BUILDERS.items():
        name = f"table {TABLE_NAMES.get(key, key)}"
        started = time.perf_counter()
        try:
            builder(scope)
        except OperationalError as error:
            if not _cancelled(error):
                raise
            stages[name] = None
            continue
        stages[name] = round(time.perf_counter() - started, 3)
    if None in stages.values():
        return stages
    started = time.perf_counter()
    board = get_dashboard(scope)
    stages["get_dashboard (every table and chart)"] = round(time.perf_counter() - started, 3)
    request = RequestFactory().get(dashboard_url(municipality, periods))
    request.user = officer
    started = time.perf_counter()
    # The view's context for a policy officer (who may not export the case queue).
    render(request, "reporting/dashboard.html", {"scope": scope, "board": board, "may_export_cases": False})
    stages["the template"] = round(time.perf_counter() - started, 3)
    return stages


STAGE_NAMES = {
    Stage.COUNTING: "counting the signals",
    Stage.SIGNALS: "reading the signals",
    Stage.ATTEMPTS: "reading the contact attempts",
    Stage.CASES: "reading the cases",
    Stage.ASSEMBLING: "assembling the records",
}
AUDIT = "audit record and commit"


class _StageClock:
    """Notes when ``build_export`` first reports each stage, and its second report of assembling
    (the end of ``build_export``)."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}

    def __call__(self, stage: Stage, _done: int, _total: int) -> None:
        name = STAGE_NAMES[stage]
        if name in self.marks and stage == Stage.ASSEMBLING:
            name = AUDIT
        self.marks.setdefault(name, time.perf_counter())


def _export(
    municipality: Municipality, start: dt.date, end: dt.date, path: Path
) -> tuple[dict[str, float], Export]:
    clock = _StageClock()
    started = time.perf_counter()
    export = export_delivery(
        municipality=municipality, start=start, end=end, exported_by=EXPORTED_BY, progress=clock
    )
    exported = time.perf_counter()
    content = json.dumps(export.document, ensure_ascii=False, separators=(",", ":")).encode()
    serialised = time.perf_counter()
    with path.open("wb") as file:
        file.write(content)
    written = time.perf_counter()
    names = list(clock.marks)
    moments = [clock.marks[name] for name in names] + [exported]
    stages = {name: round(moments[index + 1] - moments[index], 3) for index, name in enumerate(names)}
    stages["serialising the JSON"] = round(serialised - exported, 3)
    stages["writing the file"] = round(written - serialised, 3)
    stages["total"] = round(written - started, 3)
    return stages, export


def measure_ddas(
    *, municipality: Municipality, start: dt.date, end: dt.date, months: int, signals: int
) -> DdasRun:
    """``export_delivery`` of ``start`` to ``end`` written to a temporary file, as the command does."""
    runs: list[float] = []
    with tempfile.TemporaryDirectory(prefix="bench-ddas-") as folder:
        path = Path(folder) / "ddas.json"
        _export(municipality, start, end, path)  # warm
        with PeakMemory() as memory:
            for _ in range(RUNS):
                stages, export = _export(municipality, start, end, path)
                runs.append(stages.pop("total"))
        size = path.stat().st_size
    if len(export.signal_ids) != signals:
        raise RuntimeError(f"the export holds {len(export.signal_ids)} signals, not {signals}")
    return DdasRun(
        inhabitants=municipality.inhabitants,
        months=months,
        signals=len(export.signal_ids),
        cases=len(export.case_ids),
        attempts=export.attempt_count,
        file_bytes=size,
        seconds=statistics.median(runs),
        runs=runs,
        breakdown=stages,
        memory_before_bytes=memory.before,
        peak_memory_bytes=memory.peak,
        peak_of_run=memory.of_block,
    )
