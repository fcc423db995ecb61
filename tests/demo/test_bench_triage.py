"""``eropaf bench_triage`` at a tiny size: every figure is taken, reported and recorded; no timings
are asserted."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from eropaf.cases.models import Case, TriageDecision
from eropaf.demo.matching_bench import MUNICIPALITY_CODE
from eropaf.demo.triage_bench import month_signals_for, record, signals_for
from eropaf.intake.models import Signal
from eropaf.organisations.models import Municipality

pytestmark = pytest.mark.django_db

TINY = ["--cases", "300", "--inhabitants", "20000", "--scale", "2"]


def bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench_triage", *TINY, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_bench_triage_measures_every_figure_and_removes_its_data() -> None:
    result = json.loads(bench("--json"))

    triage, simulation = result["triage"], result["simulation"]
    data = triage["data"]
    assert data["month_cases"] == 300
    assert data["month_signals"] == month_signals_for(300)
    assert data["cases"] > 2 * 250  # two months of history before the triaged one
    facts = data["facts"]
    assert facts["cases"] == 300
    assert facts["aged_18_to_27"] == 60  # every fifth case
    assert facts["with_minors"] == 75
    assert 0 < facts["known_to_debt_services"] < 30
    assert facts["in_a_district"] == 300
    assert [run["policy"] for run in triage["runs"]] == ["Leiden", "Landelijk"]
    for run in triage["runs"]:
        # Every case of the month triaged, by both runs: the reset between them worked.
        assert run["triaged"] == run["cases"] == 300
        assert run["unchanged"] == 0
        assert sum(run["per_queue"].values()) + sum(run["not_picked_up"].values()) == 300
        assert run["not_picked_up"]  # the small arrears fall under the thresholds
        assert set(run["breakdown"]) == {
            "read facts",
            "choose owned, facts as JSON",
            "evaluate and explain",
            "write decisions",
            "write cases",
            "write signal statuses",
            "commit",
        }
        assert run["seconds"] > 0
        assert run["peak_memory_bytes"] > 0
        assert run["target"] is None  # the targets hold at the size only
    assert {"huisbezoek", "jongerenaanpak"} <= set(triage["runs"][0]["per_queue"])

    small, larger = simulation["runs"]
    assert simulation["skipped"] is None
    assert (small["inhabitants"], larger["inhabitants"]) == (20_000, 40_000)
    assert small["months"] == 12
    assert small["signals"] == 12 * signals_for(20_000)
    assert larger["signals"] == 12 * signals_for(40_000)
    assert 0 < small["cases"] < larger["cases"]
    assert (small["draft"], small["active"]) == ("Leiden", "Landelijk")
    assert len(small["runs"]) == 3
    assert small["seconds"] == sorted(small["runs"])[1]
    assert set(small["breakdown"]) == {
        "read facts",
        "evaluate and count, Landelijk",
        "evaluate and count, Leiden",
    }
    assert 0 < small["picked_up"]["Leiden"] <= small["cases"]
    assert small["target"] is None
    assert result["machine"]["cpu_model"]
    assert result["load_average"]["before"] >= 0
    # Without --keep nothing of the benchmark stays behind.
    assert not Municipality.objects.filter(code=MUNICIPALITY_CODE).exists()
    assert not Signal.objects.exists()
    assert not Case.objects.exists()


def test_bench_triage_records_its_block_per_vendor(tmp_path: Path) -> None:
    target = tmp_path / "performance.md"
    target.write_text("# Performance\n\n## Matching run\n\nmatching\n\n## Results\n\nold\n", encoding="utf-8")

    printed = bench("--record", str(target), "--keep", "--scale", "0")

    for text in ("Triage, Leiden, 300 of 300 cases", "Triage, Landelijk", "12 months, 20,000 inhabitants"):
        assert text in printed
    assert "40,000 inhabitants" not in printed  # --scale 0
    vendor = connection.vendor
    written = target.read_text(encoding="utf-8")
    assert written.index("## Matching run") < written.index("## Triage") < written.index("## Results")
    assert printed.strip() in written
    assert Municipality.objects.filter(code=MUNICIPALITY_CODE).exists()  # --keep
    assert Case.objects.filter(triaged_at__isnull=False).count() == 300
    # The reset between the runs takes the month's decisions away: one decision per case is left.
    assert TriageDecision.objects.count() == 300

    # Another vendor's block stays when this one is replaced.
    other = "postgresql" if vendor == "sqlite" else "sqlite"
    record(
        target, vendor=other, block=f"<!-- bench_triage:{other} -->\nother\n<!-- /bench_triage:{other} -->"
    )
    record(
        target, vendor=vendor, block=f"<!-- bench_triage:{vendor} -->\nnewer\n<!-- /bench_triage:{vendor} -->"
    )
    again = target.read_text(encoding="utf-8")
    assert again.count("## Triage") == 1
    assert "newer" in again
    assert printed.strip() not in again
    assert again.count(f"<!-- bench_triage:{other} -->\nother\n") == 1
    assert again.index("bench_triage:sqlite") < again.index("bench_triage:postgresql")
    assert again.endswith("## Results\n\nold\n")


def test_bench_triage_refuses_a_database_not_named_for_benchmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "NAME", "/srv/eropaf/var/eropaf.sqlite3")
    with pytest.raises(CommandError, match="bench"):
        bench()
