"""The triage benchmark's result as Markdown, and its section in docs/performance.md.

``record`` keeps one block per database vendor inside the section "## Triage", between
``<!-- bench_triage:VENDOR -->`` markers: a run replaces its own vendor's block and nothing else, and
notes written by hand in the section stay. The section is created (before "## Results", or at the
end) when the file has none.
"""

from pathlib import Path
from typing import Any

from eropaf.demo.bench_sections import record_section

SECTION = "## Triage"
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
MIB = 1024**2

INTRO = """\
How long triage takes (issue "Triage", Figures): **triage of 100,000 cases ≤ 5 s** and **a 12-month
simulation for a municipality of 100,000 inhabitants ≤ 10 s**, on SQLite and on PostgreSQL.

`eropaf bench_triage` uses the matching benchmark's synthetic municipality (`Benchmarkgemeente`,
code 9999, PC4 areas in two districts) and its generated signals, and stores every month into cases
with the engine, oldest first, as a matching run does (`measure_ours`; set-up, not timed), so the
classes come from the history. The BRP and debt-services checks are not run: their household facts
are set with one UPDATE from the case id (20 % aged 18–27, 2 % 16–17, the rest 28–90; 25 % with
minors; about 5 % known to debt services), and cases of earlier months are closed as worked, a
tenth with help accepted.

- **Triage**: a month of 100,000 cases after two months of history. `apply_triage` with
  `only_changed=False` triages every case the automation owns (all of them: fresh from matching),
  in its own transaction, commit included, with the Leiden preset (the slowest policy) and with the
  national default. The breakdown is a second run on the same cases that calls the pieces of
  `apply_triage` one after the other: reading the cases and their facts (a few SQL queries and a
  Polars pass, `read_case_frames`), choosing the owned cases and writing their facts as JSON,
  evaluating the policy and explaining each decision set-based (`decisions_frame`), inserting a
  `TriageDecision` per case (`insert_decisions`: `COPY` on PostgreSQL, `executemany` on SQLite),
  writing the cases' route columns and sticky assignments (`update_routes`: one `UPDATE … FROM`
  staged tables), setting the signals' statuses, the commit. Between runs the cases are reset to
  new and untriaged, their decisions deleted, and the tables vacuumed and analysed, as autovacuum
  would (not timed).
- **Simulation**: twelve months of a municipality of 100,000 inhabitants at about 4 signals per
  1,000 inhabitants a month. `simulate_policy` with the Leiden preset as the draft against the
  active policy (none is active: the national default), the default workload norms; it reads the
  months' cases as facts once and evaluates both policies. The median of three runs after an
  untimed one; the breakdown times reading the facts and each policy's evaluation and counting.
  The same at ten times the inhabitants shows how it scales (no target).

Reproduce: `make bench`, or on a database whose name contains "bench":
`eropaf bench_triage --record docs/performance.md`. Each database's block below is replaced by its
latest recorded run."""


def _mib(value: int | None) -> str:
    return f"{value / MIB:,.0f} MiB" if value else "—"


def _peak(run: dict[str, Any]) -> str:
    if run["peak_of_run"]:
        return f"{_mib(run['peak_memory_bytes'])} (from {_mib(run['memory_before_bytes'])})"
    return f"{_mib(run['peak_memory_bytes'])} (the process's)"


def _stages(stages: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.2f} s" for name, seconds in stages.items())


def _verdict(target: dict[str, Any] | None) -> str:
    return f"{target['label']}: **{target['result']}**" if target else "—"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name or '(none)'} {count:,}" for name, count in counts.items()) or "none"


def _machine_line(result: dict[str, Any]) -> str:
    machine, load = result["machine"], result.get("load_average", {})
    return (
        f"Machine: {machine['host']}, {machine['cores']} cores ({machine['cpu_model']}, {machine['cpu']}), "
        f"{machine['memory_gib']} GiB, Python {machine['python']}, {machine['database_version']}. "
        f"Load average (1 min) before / after: {load.get('before', '?')} / {load.get('after', '?')}."
    )


def _building(seconds: dict[str, float]) -> str:
    return ", ".join(f"{name} {value:.1f} s" for name, value in seconds.items())


def _triage_lines(triage: dict[str, Any]) -> list[str]:
    data, facts = triage["data"], triage["data"]["facts"]
    lines = [
        (
            f"**Triage.** Data: {data['month_cases']:,} cases in {data['period']} ({data['month_signals']:,} "
            f"signals) after {data['history_months']} months of history ({data['cases']:,} cases in all, "
            f"{data['signals']:,} signals). Of the month's cases: {facts['aged_18_to_27']:,} aged 18–27, "
            f"{facts['aged_16_to_17']:,} aged 16–17, {facts['with_minors']:,} with minors, "
            f"{facts['known_to_debt_services']:,} known to debt services, {facts['in_a_district']:,} in a "
            f"district, {facts['multiple']:,} multiple, {facts['consecutive']:,} consecutive. Building it "
            f"(not part of any figure): {_building(data['seconds'])}."
        ),
        "",
        "| figure | time | breakdown (a second run) | peak memory | target |",
        "|---|---:|---|---:|---|",
    ]
    for run in triage["runs"]:
        lines.append(
            f"| Triage, {run['policy']}, {run['triaged']:,} of {run['cases']:,} cases "
            f"| **{run['seconds']:.2f} s** | {_stages(run['breakdown'])} (together "
            f"{run['breakdown_seconds']:.2f} s) | {_peak(run)} | {_verdict(run['target'])} |"
        )
    lines.append("")
    for run in triage["runs"]:
        lines.append(
            f"- {run['policy']}: work queues {_counts(run['per_queue'])}; "
            f"not picked up {_counts(run['not_picked_up'])}."
        )
    return lines


def _simulation_lines(simulation: dict[str, Any]) -> list[str]:
    lines = [
        "**Simulation.**",
        "",
        "| figure | time (median) | runs | breakdown | peak memory | target |",
        "|---|---:|---|---|---:|---|",
    ]
    for run in simulation["runs"]:
        lines.append(
            f"| {run['months']} months, {run['inhabitants']:,} inhabitants ({run['signals']:,} signals, "
            f"{run['cases']:,} cases), {run['draft']} against {run['active']} "
            f"| **{run['seconds']:.2f} s** | {', '.join(f'{value:.2f}' for value in run['runs'])} "
            f"| {_stages(run['breakdown'])} | {_peak(run)} | {_verdict(run['target'])} |"
        )
    lines.append("")
    for run in simulation["runs"]:
        picked = ", ".join(
            f"{name} {count:,} ({run['fte'][name]:.2f} FTE)" for name, count in run["picked_up"].items()
        )
        lines.append(f"- {run['inhabitants']:,} inhabitants: cases picked up in the months: {picked}.")
    if simulation.get("skipped"):
        lines.append(f"- {simulation['skipped']}")
    if simulation.get("building"):
        lines.append(
            "- Building the months (not part of any figure): "
            + "; ".join(
                f"{inhabitants} inhabitants: {_building(seconds)}"
                for inhabitants, seconds in simulation["building"].items()
            )
            + "."
        )
    return lines


def as_markdown(result: dict[str, Any]) -> str:
    """The vendor's block: machine, data, the figures with their breakdown, the checks."""
    vendor = result["vendor"]
    lines = [
        f"<!-- bench_triage:{vendor} -->",
        f"### {VENDOR_NAMES.get(vendor, vendor)} — {result['machine']['date']}",
        "",
        _machine_line(result),
        "",
        *_triage_lines(result["triage"]),
        "",
        *_simulation_lines(result["simulation"]),
        "",
        (
            "Not in the figures: the BRP and debt-services checks (the outside registry's time) and the "
            "audit record triage after matching writes."
            + ("" if not result["kept"] else " The triage month was kept (`--keep`).")
        ),
        f"<!-- /bench_triage:{vendor} -->",
    ]
    return "\n".join(lines)


def record(path: Path, *, vendor: str, block: str) -> None:
    """Write ``block`` as the vendor's block of the section, creating the section if needed."""
    record_section(path, section=SECTION, intro=INTRO, marker="bench_triage", vendor=vendor, block=block)
