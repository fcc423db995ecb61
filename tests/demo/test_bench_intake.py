"""``eropaf bench_intake`` on tiny sizes: every figure is taken and reported; no timings are asserted."""

import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from eropaf.core.vocabularies import DeliveryChannel, PartnerType
from eropaf.demo import intake_bench
from eropaf.demo.delivery_files import write_delivery_file
from eropaf.demo.intake_bench import (
    ChildFailed,
    ChildRun,
    ImportRun,
    delivery_partner,
    free_periods,
    measure_floor,
    measure_import_in_child,
    run_child,
)
from eropaf.demo.management.commands.bench_intake import _import_figure, as_markdown, figure_verdict
from eropaf.demo.structure import create_region
from eropaf.intake.models import Delivery, RejectedRow, Signal
from eropaf.organisations.models import Partner
from tests.demo.conftest import FAST_HASHERS
from tests.factories import DeliveryFactory, MunicipalityFactory, PartnerFactory, PostcodeAreaFactory

pytestmark = pytest.mark.django_db

TINY = ["--rows", "400", "--naive-rows", "60", "--in-process"]


def bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench_intake", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_bench_intake_builds_the_demo_measures_every_figure_and_records_them(tmp_path: Path) -> None:
    record = tmp_path / "performance.md"

    result = json.loads(
        bench("--build-demo", *TINY, "--million", "--million-rows", "700", "--json", "--record", str(record))
    )

    figures = {figure["figure"]: figure for figure in result["figures"]}
    assert list(figures) == ["ours", "million", "naive", "floor"]
    for name, rows in (("ours", 400), ("million", 700), ("naive", 60)):
        figure = figures[name]
        assert figure["received"] == figure["rows"] == rows
        assert figure["counts_add_up"]
        assert figure["rejected"] == figure["expected_rejected"] == round(rows * 0.02)
        assert figure["duplicate"] == 0
        assert figure["target"] is None  # targets hold at the issue's sizes only
    assert set(figures["ours"]["stages"]) == {
        "reading",
        "validating",
        "routing and duplicates",
        "storing",
        "report",
    }
    assert figures["floor"]["rows"] == 400
    assert result["ratios"]["ours_to_floor"] > 0
    assert result["ratios"]["naive_to_ours_per_row"] > 0
    assert result["machine"]["cores"] >= 1
    # Each import had a matching period of its own, so nothing became a duplicate.
    measured = Delivery.objects.filter(channel=DeliveryChannel.COMMAND_LINE)
    assert measured.count() == measured.values("period").distinct().count() == 3
    assert (
        Signal.objects.filter(delivery__file_name="woongoed-merwede-naive.csv").count()
        == figures["naive"]["accepted"]
    )
    assert RejectedRow.objects.filter(delivery__file_name="woongoed-merwede-main.csv").count() == 8

    recorded = record.read_text()
    assert f"## {result['machine']['date']} — signal intake" in recorded
    assert "| Our import, CSV (400 rows) | 400 |" in recorded
    assert "| Naive row-by-row ORM import (baseline) | 60 |" in recorded
    assert "Ours / floor:" in recorded
    assert "Where our import spends its time:" in recorded


def test_bench_intake_prints_a_markdown_table_and_runs_again_without_duplicates() -> None:
    create_region()
    first = bench(*TINY, "--repeat", "3")
    second = bench(*TINY)
    for output in (first, second):
        assert "| figure | rows | time | rows/s | peak memory | accepted / rejected / duplicate |" in output
        assert "| 392 / 8 / 0 |" in output
    assert "million" not in first  # only with --million
    assert "Our import, CSV (400 rows): the median of 3 imports, which took" in first
    assert Delivery.objects.values("period").distinct().count() == 6


def test_bench_intake_needs_the_demo_region() -> None:
    with pytest.raises(CommandError, match="build the demo region first"):
        bench(*TINY)


@override_settings(ENVIRONMENT="production")
def test_bench_intake_refuses_to_run_in_production() -> None:
    with pytest.raises(CommandError, match="production"):
        bench(*TINY)


def test_a_failing_child_import_stops_the_bench_with_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    create_region()
    failed = ChildRun(returncode=1, stdout="", stderr="Traceback: boom", seconds=0.5, peak_memory_bytes=1)
    monkeypatch.setattr(intake_bench, "run_child", lambda *_args, **_kwargs: failed)
    with pytest.raises(CommandError, match="boom"):
        bench("--rows", "50", "--naive-rows", "10")


def test_a_child_import_reports_its_run_with_the_child_s_memory_and_life(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    partner = PartnerFactory.create()
    printed = ImportRun(rows=3, seconds=0.2, received=3, accepted=2, rejected=1, duplicate=0).as_dict()
    child = ChildRun(
        returncode=0,
        stdout="log line\n" + json.dumps(printed),
        stderr="",
        seconds=1.5,
        peak_memory_bytes=2**28,
    )
    calls: list[list[str]] = []

    def fake_run_child(argv: list[str], **_kwargs: object) -> ChildRun:
        calls.append(argv)
        return child

    monkeypatch.setattr(intake_bench, "run_child", fake_run_child)
    run = measure_import_in_child(partner=partner, path=tmp_path / "x.csv", period=dt.date(2025, 3, 1))
    assert (run.accepted, run.rejected, run.peak_memory_bytes, run.process_seconds) == (2, 1, 2**28, 1.5)
    assert calls[0][-3:] == [partner.code, "2025-03", str(tmp_path / "x.csv")]

    monkeypatch.setattr(intake_bench, "run_child", lambda *_a, **_k: ChildRun(2, "", "no partner", 0.1, 1))
    with pytest.raises(ChildFailed, match="no partner"):
        measure_import_in_child(partner=partner, path=tmp_path / "x.csv", period=dt.date(2025, 3, 1))


def test_run_child_reports_the_exit_code_output_and_peak_memory() -> None:
    child = run_child([sys.executable, "-c", "import sys; print('klaar'); sys.exit(3)"])
    assert child.returncode == 3
    assert child.stdout.strip() == "klaar"
    assert child.peak_memory_bytes > 1024 * 1024
    assert child.seconds > 0


def test_free_periods_skip_the_months_the_partner_delivered() -> None:
    partner = PartnerFactory.create()
    DeliveryFactory.create(partner=partner, period=dt.date(2026, 10, 1))
    DeliveryFactory.create(partner=partner, period=dt.date(2026, 8, 1))
    periods = free_periods(partner, 3, today=dt.date(2026, 11, 21))
    assert periods == [dt.date(2026, 9, 1), dt.date(2026, 7, 1), dt.date(2026, 6, 1)]


def test_a_partner_outside_the_demo_gets_its_stored_areas_and_a_prefix_of_its_code(tmp_path: Path) -> None:
    leiden = MunicipalityFactory.create(name="Leiden")
    PostcodeAreaFactory.create(digits="2311", municipality=leiden)
    partner = PartnerFactory.create(
        code="sleutelstad", partner_type=PartnerType.WATER, municipalities=[leiden]
    )
    described = delivery_partner(partner)
    assert (described.reference_prefix, described.partner_type) == ("SLE", PartnerType.WATER)
    assert [(area.pc4, area.city) for area in described.areas] == [("2311", "Leiden")]

    path = tmp_path / "levering.csv"
    write_delivery_file(
        path, rows=100, partner=described, seed=1, today=timezone.localdate(), broken_share=0.1
    )
    floor = measure_floor(path)
    assert floor.rows == 100
    assert 0 < floor.failing <= 10  # the floor checks less than the pipeline does


def test_figure_verdicts_take_time_memory_and_counts_into_account() -> None:
    verdict = {"target_seconds": 10.0, "memory_target": 2**31, "counts_add_up": True}
    assert figure_verdict(seconds=9.9, peak_memory_bytes=2**30, **verdict) == "PASS"  # type: ignore[arg-type]
    assert figure_verdict(seconds=10.1, peak_memory_bytes=2**30, **verdict) == "FAIL"  # type: ignore[arg-type]
    assert figure_verdict(seconds=1.0, peak_memory_bytes=2**32, **verdict) == "FAIL"  # type: ignore[arg-type]
    assert figure_verdict(seconds=1.0, peak_memory_bytes=None, **verdict) == "PASS"  # type: ignore[arg-type]
    assert (
        figure_verdict(
            seconds=1.0, target_seconds=10.0, peak_memory_bytes=None, memory_target=None, counts_add_up=False
        )
        == "FAIL"
    )


def test_a_target_applies_at_the_size_the_issue_names() -> None:
    run = ImportRun(rows=100_000, seconds=7.5, received=100_000, accepted=98_000, rejected=2_000, duplicate=0)
    figure = _import_figure("ours", "ours", run, 10.0, 100_000)
    assert (figure["target"], figure["result"], figure["rows_per_second"]) == ("≤ 10 s", "PASS", 13_333)
    million = _import_figure("million", "m", run, 90.0, 100_000, memory_target=2 * 1024**3)
    assert million["target"] == "≤ 90 s, ≤ 2 GiB"
    assert _import_figure("ours", "ours", run, 10.0, 5_000)["target"] is None
    assert Partner.objects.count() == 0


NAIVE_HEADER = (
    "referentie;signaaltype;ontstaansdatum;bedrag;crisissignaal;bsn;achternaam;huisnummer;postcode;"
    "telefoon;email;maandenAchterstand"
)
NAIVE_ROWS = {
    "good": "R-1;huur;01-08-2026;1.234,56;ja;;Jansen;12a;3311 AB;+31 6 12345678;a@b.nl;3",
    "good international prefix": "R-2;;2026-08-01;€ 85,00;;;Bakker;3-2;3312CD;0031612345678;;",
    "same amount again": "R-1;huur;01-08-2026;1.234,56;ja;;Jansen;12a;3311 AB;;;",
    "contradiction": "R-1;huur;01-08-2026;99,00;ja;;Jansen;12a;3311 AB;;;",
    "surname missing": "R-3;;01-08-2026;10,00;;;;12;3311AB;;;",
    "bad postcode": "R-4;;01-08-2026;10,00;;;Smit;12;3311 A;;;",
    "elfproef": "R-5;;01-08-2026;10,00;;123456789;Smit;12;3311AB;;;",
    "house number": "R-6;;01-08-2026;10,00;;;Smit;twaalf;3311AB;;;",
    "signal type": "R-7;gas;01-08-2026;10,00;;;Smit;12;3311AB;;;",
    "zero": "R-8;;01-08-2026;0,00;;;Smit;12;3311AB;;;",
    "no amount": "R-9;;01-08-2026;tien;;;Smit;12;3311AB;;;",
    "e-mail": "R-10;;01-08-2026;10,00;;;Smit;12;3311AB;;geen-adres;",
    "months": "R-11;;01-08-2026;10,00;;;Smit;12;3311AB;;;drie",
    "future": "R-12;;01-08-2099;10,00;;;Smit;12;3311AB;;;",
    "no date": "R-13;;gisteren;10,00;;;Smit;12;3311AB;;;",
    "flag": "R-14;;01-08-2026;10,00;misschien;;Smit;12;3311AB;;;",
    "phone": "R-15;;01-08-2026;10,00;;;Smit;12;3311AB;12345;;",
    "elsewhere": "R-16;;01-08-2026;10,00;;;Smit;12;1012AB;;;",
}


def test_the_naive_baseline_gives_every_row_one_verdict_and_finds_duplicates_per_period() -> None:
    create_region()
    partner = Partner.objects.get(code="woongoed-merwede")
    data = "\n".join([NAIVE_HEADER, *NAIVE_ROWS.values()]).encode()

    counts = intake_bench.naive_import(
        partner=partner, data=data, file_name="n.csv", period=dt.date(2024, 1, 1)
    )
    again = intake_bench.naive_import(
        partner=partner, data=data, file_name="n.csv", period=dt.date(2024, 1, 1)
    )

    assert (counts["received"], counts["accepted"], counts["duplicate"]) == (len(NAIVE_ROWS), 2, 1)
    assert counts["rejected"] == len(NAIVE_ROWS) - 3
    assert (again["accepted"], again["duplicate"]) == (0, 3)
    assert Signal.objects.get(reference="R-2").phone == "+31612345678"
    rejected = Delivery.objects.filter(file_name="n.csv").first()
    assert rejected is not None
    assert (
        rejected.received_count
        == rejected.accepted_count + rejected.rejected_count + rejected.duplicate_count
    )


def test_the_child_entry_point_imports_one_file_and_prints_its_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create_region()
    partner = Partner.objects.get(code="woongoed-merwede")
    path = tmp_path / "levering.csv"
    write_delivery_file(path, rows=50, partner=delivery_partner(partner), seed=1, today=timezone.localdate())

    intake_bench.child_main([partner.code, "2024-02", str(path)])

    printed = json.loads(capsys.readouterr().out)
    assert (printed["received"], printed["accepted"], printed["rejected"]) == (50, 49, 1)
    assert Delivery.objects.get(channel=DeliveryChannel.COMMAND_LINE).period == dt.date(2024, 2, 1)


def test_the_table_says_when_counts_do_not_add_up_or_other_rows_were_rejected() -> None:
    run = ImportRun(
        rows=10, seconds=1.0, received=10, accepted=5, rejected=3, duplicate=1, expected_rejected=2
    )
    result = {
        "machine": {
            "date": "2026-11-21",
            "database": "sqlite",
            "host": "h",
            "cores": 2,
            "cpu": "x",
            "memory_gib": 1,
            "python": "3",
        },
        "partner": "p",
        "import_mode": "in process",
        "generation_seconds": {"main": 0.1},
        "figures": [_import_figure("ours", "Ours", run, None, None)],
        "ratios": {"ours_to_floor": None, "naive_to_ours_per_row": None},
    }
    table = as_markdown(result)
    assert "5 / 3 / 1 (do NOT add up to the rows received) (2 rows were generated broken)" in table
    assert "Load average (1 min) before / after: ? / ?" in table


def test_an_interrupted_bench_leaves_no_child_running(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real_popen = subprocess.Popen

    def popen(argv: list[str], **kwargs: Any) -> "subprocess.Popen[bytes]":
        process = real_popen(argv, **kwargs)
        started.append(process.pid)
        return process

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess, "Popen", popen)
    monkeypatch.setattr(os, "wait4", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_child([sys.executable, "-c", "import time; time.sleep(60)"])
    with pytest.raises(ProcessLookupError):
        os.kill(started[0], 0)
