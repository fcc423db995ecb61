"""The matching benchmark's result as Markdown, and its section in docs/performance.md.

``record`` keeps one block per database vendor inside the section "## Matching run", between
``<!-- bench_matching:VENDOR -->`` markers: a run replaces its own vendor's block and nothing else,
so the SQLite and PostgreSQL runs each keep their lines, and notes written by hand in the section
stay. The section is created (before "## Results", or at the end) when the file has none.
"""

from pathlib import Path
from typing import Any

from eropaf.demo.bench_sections import record_section

SECTION = "## Matching run"
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MIB = 1024**2

INTRO = """\
How long matching and classifying one month takes: the part of a matching run before the outside
registries (`engine.read_period`, `engine.read_history`, `classification.classify`, `engine.store`
in one transaction). The BRP check and the debt-services check are not in the figure: their time is
the outside registry's.

`eropaf bench_matching` builds a synthetic municipality (`Benchmarkgemeente`, code 9999, 40 PC4
areas in two districts, one early-detection team, a rent and an energy partner, one delivery per
partner per month) and bulk-loads 10 months of history of 100,000 signals each and the measured
month of 100,000 signals into `intake_signal`. The shape: about 40 % of a month's addresses had a
signal in the six months before (mostly the month just before), 11 % have two or more signals
(rent and energy, sometimes a second energy contract), an arrear keeps its reference while it
lasts and its amount mostly rises a little and sometimes stays the same (rising, repeat and
persistent cases occur), 1.5 % crisis, 2 % withdrawn, 4 % of energy signals end of supply. The
rent partner gives the BAG id of the address, so those households are keyed by it and the energy
signals on the same address join them. With 60 % of a month's 89,000 addresses new to the six
months before, the eleven months hold about 570,000 distinct addresses (not the issue's "about
150,000", which cannot go together with 40 % returning at this size). After loading, the table
is analysed (`ANALYZE`), as PostgreSQL's autovacuum would do shortly; loading is not measured.
Then, on the same data and in this order:

- **floor**: one query reads the month and the windows' history into Polars and one more the BAG
  ids that signals of the other months gave (so that the household keys are the engine's); the
  household keys and `classify` group and classify; nothing is stored. Also `classify` alone on
  the loaded frames (in memory), so that the floor's own reading shows.
- **naive**: a benchmark baseline in `eropaf.demo.matching_bench`, never used by the product. Per
  address of the month: a query for its signals, one for its BAG id, one per signal for the
  history of its arrear and one for the address's history, the classes in Python, the team
  looked up, `Case.objects.get_or_create` and `CaseSignal.objects.create` per signal. On a random
  sample of addresses, in a transaction that is rolled back, extrapolated linearly to the month.
  Its classes, totals and reasons are compared with ours.
- **ours**: read, classify and store in one transaction (the store stage includes the commit);
  then the same again, which must create and add nothing.

Targets (issue "Matching", Figures): 100,000 signals against a history of 1,000,000, **≤ 15 s on
PostgreSQL, ≤ 30 s on SQLite**. The default windows (6 months consecutive and repeat, 3 persistent)
read the last 6 of the 10 history months. Ratios are of the same run: **naive ÷ ours** (the naive
time extrapolated to the month) and **ours ÷ floor**.

Reproduce: `make bench`, or on a database whose name contains "bench":
`eropaf bench_matching --record docs/performance.md`. Each database's block below is replaced by
its latest recorded run."""


def _mib(value: int | None) -> str:
    return f"{value / MIB:,.0f} MiB" if value else "—"


def _stages(stages: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items())


def _ours_row(label: str, run: dict[str, Any], target: dict[str, Any] | None) -> str:
    peak = _mib(run["peak_memory_bytes"]) + (
        f" (from {_mib(run['memory_before_bytes'])})" if run["peak_of_run"] else " (the process's)"
    )
    verdict = f"{target['label']}: **{target['result']}**" if target else "—"
    return f"| {label} | **{run['seconds']:.2f} s** | {_stages(run['stages'])} | {peak} | {verdict} |"


def as_markdown(result: dict[str, Any]) -> str:
    """The vendor's block: machine, data, the figures, the ratios and the checks."""
    machine, data, ours, again = result["machine"], result["data"], result["ours"], result["rerun"]
    naive, floor, ratios, vendor = result["naive"], result["floor"], result["ratios"], result["vendor"]
    load = result.get("load_average", {})
    classes = ", ".join(f"{name} {count:,}" for name, count in ours["classes"].items())
    lines = [
        f"<!-- bench_matching:{vendor} -->",
        f"### {VENDOR_NAMES.get(vendor, vendor)} — {machine['date']}",
        "",
        (
            f"Machine: {machine['host']}, {machine['cores']} cores "
            f"({machine['cpu_model']}, {machine['cpu']}), "
            f"{machine['memory_gib']} GiB, Python {machine['python']}, {machine['database_version']}. "
            f"Load average (1 min) before / after: {load.get('before', '?')} / {load.get('after', '?')}."
        ),
        "",
        (
            f"Data: {data['month_signals']:,} signals in {data['period']} on {ours['cases']:,} addresses; "
            f"a history of {data['history_signals']:,} signals in {data['history_months']} months, of which "
            f"{ours['history_rows']:,} lie within the windows and are read; {data['distinct_addresses']:,} "
            f"distinct addresses in all. Building and removing it (not part of any figure): "
            + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in data["seconds"].items())
            + "."
        ),
        "",
        "| figure | time | stages | peak memory | target |",
        "|---|---:|---|---:|---|",
        _ours_row(
            f"Ours, {ours['signals']:,} signals → {ours['cases_created']:,} cases created",
            ours,
            result["target"],
        ),
        _ours_row(
            f"Ours, run again ({again['cases_created']:,} cases created, "
            f"{again['signals_added']:,} signals added, {again['cases_updated']:,} updated)",
            again,
            None,
        ),
        (
            f"| Naive per-case ORM loop, sample of {naive['sample_addresses']:,} addresses "
            f"({naive['sample_signals']:,} signals, {naive['queries']:,} queries), rolled back "
            f"| {naive['seconds']:.2f} s | listing the addresses {naive['listing_seconds']:.2f} s | — | — |"
        ),
        (
            f"| Naive, extrapolated to the month's {naive['month_addresses']:,} addresses "
            f"| {naive['extrapolated_seconds']:,.0f} s | — | — | — |"
        ),
        (
            f"| Floor: read ({floor['rows']:,} rows) and `classify`, nothing stored "
            f"| {floor['seconds']:.2f} s "
            f"| read {floor['read_seconds']:.2f} s, classify {floor['classify_seconds']:.2f} s | — | — |"
        ),
        (
            f"| Floor in memory: `classify` on the loaded frames | {floor['in_memory_seconds']:.2f} s "
            f"| median of {floor['in_memory_runs']} | — | — |"
        ),
        "",
        (
            f"Ratios: naive ÷ ours **{ratios['naive_to_ours']}×**; "
            f"ours ÷ floor **{ratios['ours_to_floor']}×**; "
            f"ours ÷ in-memory floor {ratios['ours_to_floor_in_memory']}×."
        ),
        "",
        f"Cases by class: {classes}.",
        "",
        (
            f"Checks: the naive loop gave the same classes, total and reasons as ours for "
            f"{naive['agreeing']:,} of {naive['sample_addresses']:,} sample cases"
            + (f" (differing: {', '.join(naive['differing'])})" if naive["differing"] else "")
            + f"; the second run was {'idempotent' if result['idempotent'] else 'NOT idempotent'}. "
            "Not in the figure: the BRP and debt-services checks (the outside registry's time)."
        ),
        f"<!-- /bench_matching:{vendor} -->",
    ]
    return "\n".join(lines)


def record(path: Path, *, vendor: str, block: str) -> None:
    """Write ``block`` as the vendor's block of the section, creating the section if needed."""
    record_section(path, section=SECTION, intro=INTRO, marker="bench_matching", vendor=vendor, block=block)
