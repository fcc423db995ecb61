"""``eropaf export_ddas``: the file validates against the official schema; refusals exit with 2."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from eropaf.audit.models import AuditAction, AuditEvent
from tests.ddas.conftest import Region, schema_errors

pytestmark = pytest.mark.django_db


def run(*args: str, progress: bool = False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    extra = () if progress else ("--no-progress",)
    call_command("export_ddas", *args, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def export_args(
    output: Path, *, municipality: str = "0482", start: str = "2025-01-01", end: str = "2025-03-31"
) -> list[str]:
    return ["--municipality", municipality, "--from", start, "--to", end, "--output", str(output)]


def test_the_written_file_validates_against_the_official_schema(region: Region, tmp_path: Path) -> None:
    output = tmp_path / "ddas.json"

    out, err = run(*export_args(output))

    document = json.loads(output.read_text(encoding="utf-8"))
    assert schema_errors(document) == []
    assert len(document["leveringen"][0]["vroegsignalen"]) == 4
    assert len(document["leveringen"][0]["vroegsignaalzaken"]) == 2
    assert "4 signalen, 2 zaken en 3 contactpogingen" in out
    assert "Matchingperioden 2025-01 tot en met 2025-03" in err


def test_the_file_is_readable_by_its_owner_only(region: Region, tmp_path: Path) -> None:
    output = tmp_path / "ddas.json"

    run(*export_args(output))

    assert output.stat().st_mode & 0o077 == 0


def test_progress_goes_to_stderr_and_the_data_never_to_stdout(region: Region, tmp_path: Path) -> None:
    out, err = run(*export_args(tmp_path / "ddas.json"), progress=True)

    assert "999990019" not in out + err
    assert "geschreven naar" in out


def test_every_export_is_audited_without_a_bsn(region: Region, tmp_path: Path) -> None:
    run(*export_args(tmp_path / "ddas.json"))

    event = AuditEvent.objects.get(action=AuditAction.EXPORT, subject_type="ddas_delivery")
    assert event.municipality_code == "0482"
    assert event.actor_username.startswith("opdrachtregel")
    assert "2025-01-01 t/m 2025-03-31" in event.description
    assert "4 signalen, 2 zaken, 3 contactpogingen" in event.description
    assert sorted(event.signal_ids) == sorted(s.pk for s in (region.s1, region.s2, region.s3, region.s4))
    assert sorted(event.case_ids) == sorted([region.case_a.pk, region.case_b.pk])
    assert "999990019" not in event.description


def test_a_period_without_a_month_start_says_the_delivery_is_empty(region: Region, tmp_path: Path) -> None:
    output = tmp_path / "ddas.json"

    _out, err = run(*export_args(output, start="2025-01-02", end="2025-01-31"))

    assert "de levering is leeg" in err
    assert json.loads(output.read_text())["leveringen"][0]["vroegsignalen"] == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"municipality": "9999"}, "Er is geen gemeente met code 9999"),
        ({"start": "2025-13-01"}, "geen datum"),
        ({"start": "2025-04-01"}, "--to ligt voor --from"),
    ],
)
def test_refusals_exit_with_2_and_write_nothing(
    region: Region, tmp_path: Path, options: dict[str, str], message: str
) -> None:
    output = tmp_path / "ddas.json"

    with pytest.raises(CommandError) as raised:
        run(*export_args(output, **options))

    assert raised.value.returncode == 2
    assert message in str(raised.value)
    assert list(tmp_path.iterdir()) == []
    assert not AuditEvent.objects.filter(subject_type="ddas_delivery").exists()


def test_a_folder_that_does_not_exist_exits_with_2(region: Region, tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        run(*export_args(tmp_path / "missing" / "ddas.json"))

    assert raised.value.returncode == 2
    assert "Kan niet schrijven" in str(raised.value)
