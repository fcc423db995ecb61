"""``eropaf bench_matching`` at a tiny size: every figure is taken, reported and recorded; no timings
are asserted."""

import io
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from eropaf.cases.models import Case
from eropaf.demo.bench_command import database_refusal
from eropaf.demo.matching_bench import MUNICIPALITY_CODE, Shape, record
from eropaf.demo.matching_bench.arrears import ArrearBook
from eropaf.intake.models import Signal
from eropaf.organisations.models import Municipality

pytestmark = pytest.mark.django_db

# More history months than the windows look back, so that older BAG ids and months count too; a
# sample larger than the month, so that the naive loop checks every case of ours.
TINY = ["--history-months", "8", "--month-signals", "300", "--sample", "400"]
PERFORMANCE = Path(__file__).resolve().parents[2] / "docs" / "performance.md"


def outside_the_section(text: str) -> list[str]:
    """The file's non-empty lines other than those of the section "## Matching run"."""
    lines = text.split("\n")
    if "## Matching run" in lines:
        start = lines.index("## Matching run")
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines = lines[:start] + lines[end:]
    return [line for line in lines if line.strip()]


def bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench_matching", *TINY, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_bench_matching_measures_every_figure_and_removes_its_data() -> None:
    result = json.loads(bench("--json"))

    ours, again, naive, floor = result["ours"], result["rerun"], result["naive"], result["floor"]
    assert ours["signals"] == ours["signals_added"] == 300
    assert ours["cases_created"] == ours["cases"] == naive["month_addresses"] > 0
    assert result["data"]["history_signals"] == 8 * 300
    assert ours["history_rows"] == 6 * 300  # the windows' months
    assert set(ours["stages"]) == {"read", "classify", "store"}
    assert ours["peak_memory_bytes"] > 0
    assert again["cases_created"] == again["signals_added"] == again["cases_updated"] == 0
    assert result["idempotent"]
    assert naive["sample_addresses"] == naive["agreeing"] == naive["month_addresses"]
    assert naive["differing"] == []
    assert naive["queries"] > naive["month_addresses"] * 5
    assert naive["extrapolated_seconds"] >= naive["seconds"]
    assert floor["rows"] == 7 * 300
    assert floor["cases"] == ours["cases"]
    assert result["ratios"]["naive_to_ours"] > 0
    assert result["ratios"]["ours_to_floor"] > 0
    assert result["target"] is None  # the targets hold at the issue's size only
    assert result["machine"]["cpu_model"]
    # Without --keep nothing of the benchmark stays behind.
    assert not Municipality.objects.filter(code=MUNICIPALITY_CODE).exists()
    assert not Signal.objects.exists()
    assert not Case.objects.exists()


def test_bench_matching_prints_the_figures_and_records_them_per_vendor(tmp_path: Path) -> None:
    target = tmp_path / "performance.md"
    shutil.copy(PERFORMANCE, target)
    original = PERFORMANCE.read_text(encoding="utf-8")

    printed = bench("--record", str(target), "--keep")

    for text in (
        "Ours, 300 signals",
        "run again",
        "Naive per-case ORM loop",
        "extrapolated",
        "Floor",
        "Ratios",
    ):
        assert text in printed
    assert "BRP" in printed  # says the registry checks are not in the figure
    written = target.read_text(encoding="utf-8")
    vendor = connection.vendor
    assert written.count("## Matching run") == 1
    assert written.count(f"<!-- bench_matching:{vendor} -->") == 1
    assert printed.strip() in written
    assert outside_the_section(written) == outside_the_section(original)
    assert Municipality.objects.filter(code=MUNICIPALITY_CODE).exists()  # --keep

    # A second run replaces its vendor's block only; the other vendor's block and notes stay.
    other = "postgresql" if vendor == "sqlite" else "sqlite"
    record(
        target,
        vendor=other,
        block=f"<!-- bench_matching:{other} -->\nother\n<!-- /bench_matching:{other} -->",
    )
    with target.open("a", encoding="utf-8") as file:
        file.write("\n## Later section\n\nkept\n")
    bench("--record", str(target))
    again = target.read_text(encoding="utf-8")
    assert again.count(f"<!-- bench_matching:{vendor} -->") == 1
    assert again.count(f"<!-- bench_matching:{other} -->\nother\n") == 1
    assert outside_the_section(again) == [*outside_the_section(original), "## Later section", "kept"]
    assert again.endswith("## Later section\n\nkept\n")


def test_record_creates_the_section_before_the_results_or_at_the_end(tmp_path: Path) -> None:
    block = "<!-- bench_matching:sqlite -->\nfigures\n<!-- /bench_matching:sqlite -->"
    with_results = tmp_path / "with.md"
    with_results.write_text("# Performance\n\n## Results\n\n## 2026 run\n", encoding="utf-8")
    record(with_results, vendor="sqlite", block=block)
    text = with_results.read_text(encoding="utf-8")
    assert text.index("## Matching run") < text.index(block) < text.index("## Results")
    # Replacing the block, and adding another vendor's, keeps what comes before and after.
    record(with_results, vendor="sqlite", block=block.replace("figures", "newer"))
    record(with_results, vendor="postgresql", block=block.replace("sqlite", "postgresql"))
    text = with_results.read_text(encoding="utf-8")
    assert text.startswith("# Performance\n\n## Matching run\n")
    assert "bench_matching:sqlite -->\nfigures" not in text
    assert text.index("newer") < text.index("bench_matching:postgresql") < text.index("## Results")
    assert text.endswith("\n\n## Results\n\n## 2026 run\n")

    empty = tmp_path / "new.md"
    record(empty, vendor="postgresql", block=block.replace("sqlite", "postgresql"))
    record(empty, vendor="sqlite", block=block)
    text = empty.read_text(encoding="utf-8")
    assert text.startswith("## Matching run")
    assert text.index("bench_matching:sqlite") < text.index("bench_matching:postgresql")


def test_bench_matching_refuses_a_database_not_named_for_benchmarks(monkeypatch: pytest.MonkeyPatch) -> None:
    assert database_refusal() is None  # the test database
    monkeypatch.setitem(connection.settings_dict, "NAME", "/srv/eropaf/var/eropaf.sqlite3")
    assert database_refusal() is not None
    with pytest.raises(CommandError, match="bench"):
        bench()
    monkeypatch.setitem(connection.settings_dict, "NAME", "eropaf_bench")
    assert database_refusal() is None


def test_the_generated_months_have_the_issue_shape() -> None:
    shape = Shape(history_months=8, month_signals=20_000)
    book = ArrearBook(shape)
    months = [book.month(index).with_columns(month=pl.lit(index)) for index in range(9)]
    last = months[-1]
    addresses = last.group_by("address_id").len()
    earlier = pl.concat(months[2:8]).select("address_id").unique()
    returning = addresses.join(earlier, on="address_id", how="semi").height / addresses.height
    assert last.height == 20_000
    assert returning == pytest.approx(0.40, abs=0.02)
    assert (addresses.get_column("len") >= 2).mean() == pytest.approx(0.11, abs=0.01)
    continued = last.join(months[-2].select("arrear_id", previous="amount_cents"), on="arrear_id")
    assert continued.height > 0
    rising = (continued.get_column("amount_cents") > continued.get_column("previous")).mean()
    assert rising == pytest.approx(0.75, abs=0.05)
    assert not last.select((pl.col("slot").clip(0, 1)), "arrear_id").is_duplicated().any()
