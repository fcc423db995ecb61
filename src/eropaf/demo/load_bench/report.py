"""The load test's figures: locust's statistics per page, the verdict, and the section "## Load".

``record`` keeps one block per database vendor inside "## Load" of docs/performance.md, between
``<!-- bench_load:VENDOR -->`` markers, like the other benchmarks: a run replaces its own vendor's
block and nothing else.
"""

from pathlib import Path
from typing import Any

from eropaf.demo.bench_sections import record_section
from eropaf.demo.load_bench.workday import CASE_PAGE, LOGIN, LOGIN_FORM, OVERDUE_LIST, QUEUE
from eropaf.demo.triage_bench.report import VENDOR_NAMES, _machine_line

SECTION = "## Load"
MARKER = "bench_load"
TARGET_MS = 300
"""p95 the queue, the overdue list and the case page must stay under, with no error at all."""
TARGET_PAGES = (QUEUE, OVERDUE_LIST, CASE_PAGE)
# The figure's run: PostgreSQL, production's database, at full size.
FIGURE_VENDOR = "postgresql"
FIGURE_USERS = 50
FIGURE_SECONDS = 300
# (name in locust's statistics, what the table calls it, the URL); the logins come from the ramp-up.
LOGIN_PAGES = (LOGIN_FORM, LOGIN)
PAGES = (
    (LOGIN_FORM, "Login form (ramp-up)", "GET /inloggen/"),
    (LOGIN, "Login with password (ramp-up)", "POST /inloggen/"),
    (QUEUE, "Case queue, with filters", "GET /zaken/?periode=…"),
    (OVERDUE_LIST, "Overdue list", "GET /zaken/?te_laat=1"),
    (CASE_PAGE, "Case page", "GET /zaken/<id>/"),
)

INTRO = """\
How the case work holds up with a municipality's case workers all at work (issue 9, Figures): **a
load test on loopback, 50 concurrent case workers for 5 minutes on PostgreSQL with the 12-month
demo data: 0 errors, p95 ≤ 300 ms for the queue and the case page.**

`eropaf bench_load` serves Eropaf as production does, with a real HTTP server: gunicorn on
127.0.0.1, sync workers (cores + 1), `DEBUG` off, tasks inline (`TASK_BACKEND=immediate`),
password login without the second step (`STAFF_TWO_FACTOR=false`), over the benchmark database,
which holds the demo region (built when it is not there). It makes 50 case-worker accounts
(`load-case-worker-01` …, the demo password) spread in turn over the demo's early-detection teams
that have cases, most cases first, and drives them with locust, used as a library (`Environment`,
`LocalRunner`, headless, `FastHttpUser`) in a process of its own, because locust's gevent patches
the standard library of the process that imports it. Each simulated case worker logs in once
through the login form (with its CSRF token), then works until the time is up: it opens its case
queue with the filters a case worker uses (this month mostly, sometimes one or two months back;
sometimes also a state, a work queue or district of its team, a priority, a classification or
another order), opens one of the cases the queue lists (a case of its team; the view's audit record
is written as always), and about one time in six the overdue list instead, thinking 1–3 s between
pages. A page counts as an error unless it answers 200 itself (the login: a redirect away from the
login page).

Case workers are started at 2 a second (`--spawn-rate`). The ramp-up lasts until every one of them
has logged in: a password login costs PBKDF2's full work factor (a million iterations, about 0.7 s
of a core on the machine below), on purpose. The 5 minutes are measured after it, with all 50 at
work; the table gives the logins from the ramp-up and every other page from the measured 5
minutes. The figures are locust's: requests, failures, median, p95 and p99 per page (locust rounds
times above 100 ms to two significant digits), from sending the request until the whole response
is read, on the same machine as the server and the database, so the load generator's own work
competes with them for the cores. The verdict needs every case worker logged in, 0 errors over
every request (the ramp-up included) and p95 ≤ 300 ms for the queue, the overdue list (the queue
filtered on overdue work) and the case page; it is the figure only on PostgreSQL with 50 workers
for 5 minutes. SQLite is measured too, for comparison only: it takes one writer at a time, and
every case page writes its audit record.

Reproduce: `make bench`, or on a database whose name contains "bench":
`eropaf bench_load --record docs/performance.md` (`--users`, `--duration`, `--spawn-rate`,
`--workers`). Each database's block below is replaced by its latest recorded run."""


def page_rows(run: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per page of PAGES, with its target; pages nobody opened have 0 requests. The logins
    are the ramp-up's, every other page the measured run's."""
    measured = {page["name"]: page for page in run["pages"]}
    ramp = {page["name"]: page for page in run["ramp"]["pages"]}
    rows = []
    for name, label, url in PAGES:
        page = (ramp if name in LOGIN_PAGES else measured).get(name, {"requests": 0, "failures": 0})
        has_target = name in TARGET_PAGES
        p95 = page.get("p95_ms")
        rows.append(
            {
                "name": name,
                "page": label,
                "url": url,
                "requests": page["requests"],
                "failures": page["failures"],
                "median_ms": page.get("median_ms"),
                "p95_ms": p95,
                "p99_ms": page.get("p99_ms"),
                "max_ms": page.get("max_ms"),
                "target_ms": TARGET_MS if has_target else None,
                "meets_target": (p95 is not None and p95 <= TARGET_MS) if has_target else None,
            }
        )
    return rows


def verdict(rows: list[dict[str, Any]], *, run: dict[str, Any], vendor: str, seconds: int) -> dict[str, Any]:
    """PASS: every case worker logged in, no error at all (ramp-up included), and every target page
    under the p95 target in the measured run (and opened at all)."""
    requests = run["total"]["requests"] + run["ramp"]["total"]["requests"]
    failures = run["total"]["failures"] + run["ramp"]["total"]["failures"]
    users = run["users"]
    errors_pass = failures == 0 and run["total"]["requests"] > 0 and run["ramp"]["settled"] >= users
    pages_pass = all(row["meets_target"] for row in rows if row["target_ms"] is not None)
    return {
        "target_ms": TARGET_MS,
        "requests": requests,
        "failures": failures,
        "errors": "PASS" if errors_pass else "FAIL",
        "p95": "PASS" if pages_pass else "FAIL",
        "result": "PASS" if errors_pass and pages_pass else "FAIL",
        "is_figure": vendor == FIGURE_VENDOR and users >= FIGURE_USERS and seconds >= FIGURE_SECONDS,
    }


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} ms"


def _setup_line(result: dict[str, Any]) -> str:
    setup, demo = result["setup"], result["setup"]["demo"]
    teams = "; ".join(
        f"{team['name']} ({team['municipality']}, {team['cases']:,} cases): {team['workers']}"
        for team in setup["teams"]
    )
    data = "built for this run" if setup["demo_built"] else "already there"
    return (
        f"{setup['users']} simulated case workers for {setup['duration_seconds']} s after all have "
        f"logged in (started at {setup['spawn_rate']:g} a second, thinking 1–3 s), locust "
        f"{setup['locust']} against {setup['server']} with {setup['workers']} sync workers on "
        f"127.0.0.1, `DEBUG` off. Data: the demo region ({data}), {demo['cases']:,} cases and "
        f"{demo['signals']:,} signals; case workers per team: {teams}."
    )


def _ramp_line(run: dict[str, Any]) -> str:
    ramp = run["ramp"]
    logins = next((page for page in ramp["pages"] if page["name"] == LOGIN), {"requests": 0})
    other = ramp["total"]["requests"] - sum(
        page["requests"] for page in ramp["pages"] if page["name"] in LOGIN_PAGES
    )
    settled = (
        f"all {run['users']} case workers"
        if ramp["settled"] >= run["users"]
        else f"only {ramp['settled']} of {run['users']}"
    )
    return (
        f"Ramp-up (before the measured {run['seconds']} s): {settled} had logged in after "
        f"{ramp['seconds']} s ({logins['requests']} password logins, in the table); the {other:,} other "
        f"requests meanwhile are not in the table but in the verdict's errors: "
        f"{ramp['total']['failures']:,} failures in all."
    )


def _verdict_line(result: dict[str, Any]) -> str:
    target = result["verdict"]
    line = (
        f"Verdict: **{target['result']}** — {target['failures']:,} errors in {target['requests']:,} requests "
        f"({target['errors']}), p95 ≤ {target['target_ms']} ms for the queue, the overdue list and the "
        f"case page ({target['p95']})."
    )
    if not target["is_figure"]:
        line += (
            f" Not the figure's run (that is PostgreSQL, {FIGURE_USERS} workers, {FIGURE_SECONDS} s): for "
            "comparison only."
        )
    return line


def as_markdown(result: dict[str, Any]) -> str:
    """The vendor's block: machine, set-up, one row per page, the verdict and any errors."""
    vendor = result["vendor"]
    total = result["run"]["total"]
    lines = [
        f"<!-- {MARKER}:{vendor} -->",
        f"### {VENDOR_NAMES.get(vendor, vendor)} — {result['machine']['date']}",
        "",
        _machine_line(result),
        "",
        _setup_line(result),
        "",
        "| page | request | requests | failures | median | p95 | p99 | max | target (p95) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in result["pages"]:
        target = "—"
        if row["target_ms"] is not None:
            target = f"≤ {row['target_ms']} ms: **{'PASS' if row['meets_target'] else 'FAIL'}**"
        lines.append(
            f"| {row['page']} | `{row['url']}` | {row['requests']:,} | {row['failures']:,} "
            f"| {_ms(row['median_ms'])} | {_ms(row['p95_ms'])} | {_ms(row['p99_ms'])} | {_ms(row['max_ms'])} "
            f"| {target} |"
        )
    lines.append(
        f"| all | | {total['requests']:,} | {total['failures']:,} | {_ms(total['median_ms'])} "
        f"| {_ms(total['p95_ms'])} | {_ms(total['p99_ms'])} | {_ms(total['max_ms'])} | — |"
    )
    lines += ["", _ramp_line(result["run"]), "", _verdict_line(result)]
    errors = [("ramp-up", error) for error in result["run"]["ramp"]["errors"]]
    errors += [("measured", error) for error in result["run"]["errors"]]
    if errors:
        lines += ["", "Errors:"]
        lines += [
            f"- {error['method']} {error['name']} ({phase}): {error['error']} ({error['occurrences']:,}×)"
            for phase, error in errors
        ]
    lines.append(f"<!-- /{MARKER}:{vendor} -->")
    return "\n".join(lines)


def record(path: Path, *, vendor: str, block: str) -> None:
    """Write ``block`` as the vendor's block of "## Load", creating the section if needed."""
    record_section(path, section=SECTION, intro=INTRO, marker=MARKER, vendor=vendor, block=block)
