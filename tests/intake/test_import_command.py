"""``eropaf import_signals``: counts, JSON report and exit codes."""

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from eropaf.intake.models import Delivery, Signal
from tests.intake.deliveries import HEADER, Region, csv_bytes, good_row, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def region() -> Region:
    return make_region()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_signals", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_report(region: Region, tmp_path: Path) -> None:
    path = tmp_path / "huur.csv"
    path.write_bytes(csv_bytes([good_row("A-1"), good_row("A-2", postcode="1234 A"), good_row("A-1")]))
    report = json.loads(run("--partner", "woongoed", "--json", str(path)))
    assert report["delivery_id"] == Delivery.objects.get().pk
    assert (report["received"], report["accepted"], report["rejected"], report["duplicate"]) == (3, 1, 1, 1)
    assert report["rejected_rows"] == [
        {
            "row_number": 3,
            "field": "postcode",
            "code": "invalid",
            "message": report["rejected_rows"][0]["message"],
        }
    ]
    assert "1234 A" in report["rejected_rows"][0]["message"]
    assert report["period"] == "2026-11"


def test_plain_output_prints_the_counts(region: Region, tmp_path: Path) -> None:
    path = tmp_path / "huur.csv"
    path.write_bytes(csv_bytes([good_row("A-1"), good_row("A-2", postcode="x")]))
    output = run("--partner", "woongoed", str(path))
    assert "2 rijen ontvangen, 1 geaccepteerd, 1 afgekeurd, 0 dubbel" in output
    assert "Rij 3, postcode:" in output


def test_an_administrator_may_name_a_closed_period(region: Region, tmp_path: Path) -> None:
    path = tmp_path / "huur.csv"
    path.write_bytes(csv_bytes([good_row("A-1")]))
    report = json.loads(run("--partner", "woongoed", "--period", "2026-09", "--json", str(path)))
    assert report["period"] == "2026-09"
    assert Signal.objects.get().period == dt.date(2026, 9, 1)


def test_a_second_run_of_the_same_file_says_so(region: Region, tmp_path: Path) -> None:
    path = tmp_path / "huur.csv"
    path.write_bytes(csv_bytes([good_row("A-1")]))
    run("--partner", "woongoed", str(path))
    assert "eerder geleverd" in run("--partner", "woongoed", str(path))
    assert Signal.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--partner", "onbekend"], "onbekend"),
        (["--partner", "woongoed", "--period", "2026-13"], "JJJJ-MM"),
    ],
)
def test_usage_errors_exit_with_2(region: Region, tmp_path: Path, args: list[str], reason: str) -> None:
    path = tmp_path / "huur.csv"
    path.write_bytes(csv_bytes([good_row("A-1")]))
    with pytest.raises(CommandError, match=reason) as raised:
        run(*args, str(path))
    assert raised.value.returncode == 2


def test_a_refused_file_exits_with_2_and_stores_nothing(region: Region, tmp_path: Path) -> None:
    path = tmp_path / "huur.csv"
    path.write_bytes(csv_bytes([good_row("A-1")], header=[name for name in HEADER if name != "bedrag"]))
    with pytest.raises(CommandError, match="bedrag") as raised:
        run("--partner", "woongoed", str(path))
    assert raised.value.returncode == 2
    assert not Delivery.objects.exists()


def test_a_missing_file_exits_with_2(region: Region, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        run("--partner", "woongoed", str(tmp_path / "nope.csv"))
    assert raised.value.returncode == 2
