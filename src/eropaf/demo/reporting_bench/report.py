"""The reporting benchmark's result as Markdown, and its section in docs/performance.md.

``record`` keeps one block per database vendor inside the section "## Reporting", between
``<!-- bench_reporting:VENDOR -->`` markers: a run replaces its own vendor's block and nothing else,
and notes written by hand in the section stay. The section is created (before "## Results", or at
the end) when the file has none.
"""

from pathlib import Path
from typing import Any

from eropaf.demo.bench_sections import record_section
from eropaf.demo.triage_bench.report import VENDOR_NAMES, _building, _machine_line, _peak, _verdict

SECTION = "## Reporting"
MIB = 1024**2

INTRO = """\
How fast the reports are (issue "Monitoring and accountability", Figures): **the dashboard for a
12-month dataset of 1,000,000 signals renders in ≤ 1 s server time on PostgreSQL** and **the DDAS
export of a year for a municipality of 100,000 inhabitants takes ≤ 10 s**.

`eropaf bench_reporting` builds the year with the triage benchmark's builder: the matching
benchmark's synthetic municipality (`Benchmarkgemeente`, code 9999) and its generated signals,
bulk-loaded, every month stored into cases with the matching engine, oldest first. The team's work
is then set on the cases in bulk, deterministic from the case id: each case opened a few days into
the next month and closed 12–56 days later when that day has passed; of the closed cases 25 % with
help accepted, 47 % reached, 3 % not picked up (known to debt services) and 50 % without contact;
one to three contact attempts per case (bulk-inserted, the last one reaching the resident when the
outcome says so). About one household in a hundred gets an eviction track with court steps (summons,
hearing, judgment, notice, eviction date; cancelled, suspended or executed), a fifth of those a
Meldpunt referral and a seventh a Regieteam case form; one household in two hundred is admitted to
Signalering+. So every query of the dashboard reads rows. Set-up is not timed and is reported apart.

- **Dashboard**: 1,000,000 signals in twelve months (83,333 a month) in one municipality. Its
  inhabitants are kept at a big city's 900,000: at about 4 signals per 1,000 inhabitants a month
  such a volume would need some 20 million inhabitants, so the volume is the stress, not the
  realism (the rate per 1,000 on the page is accordingly high). The figure is the server time of
  `GET /rapportage/dashboard/` for a policy officer of the municipality with the twelve months
  chosen, through Django's test client (middleware, session, view and template; no network), the
  median of three requests after an untimed one, with `DEBUG` off. The breakdown times the
  dashboard's public pieces once each: `scope_for_user`, every table builder of
  `reporting.dashboard.BUILDERS` alone, `get_dashboard` (all tables and charts) and the template
  rendered with its result. The queries of the untimed first request are captured and the
  slowest three named. On PostgreSQL a query running longer than 60 s is cancelled
  (`statement_timeout`, `--query-limit`) so that a run ends in minutes: the page then counts as
  slower than the limit, is not requested again, and the breakdown stops after the tables.
- **DDAS export**: twelve months of a municipality of 100,000 inhabitants (about 4 signals per 1,000
  a month: 4,800 signals) and the same at ten times the inhabitants (no target). The figure is what
  `eropaf export_ddas` does: `ddas.services.export_delivery` (read, assemble, audit record, commit)
  and the JSON serialised and written to a temporary file; the median of three after an untimed
  one. The breakdown follows the stages `build_export` reports. Each export writes its audit
  record, as every export must; those records stay (the audit trail is only ever added to).

Reproduce: `make bench`, or on a database whose name contains "bench":
`eropaf bench_reporting --record docs/performance.md`. Each database's block below is replaced by
its latest recorded run."""


def _stages(stages: dict[str, float | None], limit: float | None = None) -> str:
    cancelled = f"> {limit:g} s (cancelled)" if limit else "cancelled"
    return ", ".join(
        f"{name} {cancelled if seconds is None else f'{seconds:.3f} s'}" for name, seconds in stages.items()
    )


def _data_line(label: str, data: dict[str, Any]) -> str:
    chain = data["chain"]
    stages = ", ".join(f"{stage} {count:,}" for stage, count in chain["stages"].items()) or "none"
    return (
        f"{label} {data['months']} months ({data['first']} to {data['last']}) of {data['inhabitants']:,} "
        f"inhabitants: {data['signals']:,} signals, {data['cases']:,} cases ({data['closed']:,} closed, "
        f"{data['reached']:,} reached, {data['help_accepted']:,} help accepted), {data['attempts']:,} "
        f"contact attempts ({data['reached_attempts']:,} reaching the resident), {chain['tracks']:,} "
        f"eviction tracks ({stages}) with {chain['court_steps']:,} court steps, {chain['referrals']:,} "
        f"Meldpunt referrals, {chain['case_forms']:,} Regieteam case forms, {chain['admissions']:,} "
        f"Signalering+ admissions. Building it (not part of any figure): {_building(data['seconds'])}."
    )


def _dashboard_lines(dashboard: dict[str, Any]) -> list[str]:
    run = dashboard["run"]
    limit = run["limit_seconds"]
    if run["seconds"] is None:
        time = f"**> {limit:g} s** (a query cancelled at the limit)"
    else:
        time = f"**{run['seconds']:.3f} s**"
    runs = ", ".join(f"{value:.3f}" for value in run["runs"]) or "—"
    counting = "—" if run.get("counting_seconds") is None else f"{run['counting_seconds']:.3f} s"
    if run["seconds"] is None:
        size = f"{run['queries']} queries before the cancelled one"
    else:
        size = f"{run['queries']} queries, {run['response_bytes'] / 1024:,.0f} KiB"
    limit_note = (
        f" A query running longer than {limit:g} s is cancelled (PostgreSQL `statement_timeout`)."
        if limit
        else ""
    )
    return [
        "**Dashboard.** " + _data_line("Data:", dashboard["data"]),
        "",
        "| figure | time (median) | runs | peak memory | target |",
        "|---|---:|---|---:|---|",
        (
            f"| `GET {run['url']}`, {size} | {time} | {runs} | {_peak(run)} "
            f"| {_verdict(dashboard['target'])} |"
        ),
        "",
        (
            "- Counting the figures ahead before the page (`refresh_figures`, the background task "
            f"the page asks for when its figures are stale; not part of the page): {counting}."
        ),
        f"- Breakdown (each piece once, after the page): {_stages(run['breakdown'], limit)}.{limit_note}",
        "- Slowest queries of the first request: "
        + "; ".join(f"{query['seconds']:.3f} s `{query['sql']}…`" for query in run["slowest_queries"])
        + ".",
    ]


def _ddas_lines(ddas: dict[str, Any]) -> list[str]:
    lines = [
        "**DDAS export.**",
        "",
        "| figure | time (median) | runs | breakdown (the last run) | peak memory | target |",
        "|---|---:|---|---|---:|---|",
    ]
    for run in ddas["runs"]:
        lines.append(
            f"| {run['months']} months, {run['inhabitants']:,} inhabitants: {run['signals']:,} signals, "
            f"{run['cases']:,} cases, {run['attempts']:,} contact attempts, "
            f"{run['file_bytes'] / MIB:,.1f} MiB of JSON | **{run['seconds']:.3f} s** "
            f"| {', '.join(f'{value:.3f}' for value in run['runs'])} | {_stages(run['breakdown'])} "
            f"| {_peak(run)} | {_verdict(run['target'])} |"
        )
    lines.append("")
    for data in ddas["data"]:
        lines.append("- " + _data_line("Data:", data))
    return lines


def as_markdown(result: dict[str, Any]) -> str:
    """The vendor's block: machine, data, the figures with their breakdown."""
    vendor = result["vendor"]
    lines = [
        f"<!-- bench_reporting:{vendor} -->",
        f"### {VENDOR_NAMES.get(vendor, vendor)} — {result['machine']['date']}",
        "",
        _machine_line(result),
        "",
        *_dashboard_lines(result["dashboard"]),
        "",
        *_ddas_lines(result["ddas"]),
    ]
    removing = result.get("removing_seconds")
    if removing is not None:
        lines += ["", f"Removing the benchmark data afterwards (not part of any figure): {removing:.1f} s."]
    if result["kept"]:
        lines += ["", "The dashboard's year was kept (`--keep`)."]
    lines.append(f"<!-- /bench_reporting:{vendor} -->")
    return "\n".join(lines)


def record(path: Path, *, vendor: str, block: str) -> None:
    """Write ``block`` as the vendor's block of the section, creating the section if needed."""
    record_section(path, section=SECTION, intro=INTRO, marker="bench_reporting", vendor=vendor, block=block)
