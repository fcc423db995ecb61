import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.demo.conftest import FAST_HASHERS

pytestmark = pytest.mark.django_db


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_bench_measures_the_demo_build_and_every_role_home(tmp_path: Path) -> None:
    out = io.StringIO()
    record = tmp_path / "benchmarks.md"

    call_command("bench", "--repeat", "2", "--json", "--record", str(record), stdout=out)

    result = json.loads(out.getvalue())
    assert result["demo_build"]["signals"] > 5_000
    assert result["demo_build"]["seconds"] > 0
    assert {page["url"] for page in result["pages"]} == {
        "/zaken/",
        "/leveringen/",
        "/rapportage/",
        "/beheer/",
        "/zaken/?te_laat=1",
        "/rapportage/werkvoorraad/",
        "/terugkoppeling/",
        "/zaken/<id>/",
    }
    assert all(page["median_ms"] > 0 for page in result["pages"])
    case_pages = next(page for page in result["pages"] if page["url"] == "/zaken/<id>/")
    assert case_pages["requests"] == 6  # --repeat 2: three different cases per repeat
    targets = {page["url"] for page in result["pages"] if page["target_ms"] == 150}
    assert targets == {"/zaken/", "/zaken/?te_laat=1", "/zaken/<id>/"}
    assert result["machine"]["cores"] >= 1
    recorded = record.read_text()
    assert f"## {result['machine']['date']}" in recorded
    assert "| Zaken van deze maand (vroegsignaleerder) | `/zaken/` | 2 |" in recorded
    assert "≤ 150 ms: " in recorded


@override_settings(ENVIRONMENT="production")
def test_bench_refuses_to_wipe_a_production_database() -> None:
    with pytest.raises(CommandError, match="production"):
        call_command("bench", "--repeat", "1")
