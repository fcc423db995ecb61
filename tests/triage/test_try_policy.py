"""``eropaf try_policy``: the decision for a facts file on every preset and on a policy file, as text and
as JSON, and the exit codes. The command object is called directly, so the app need not be installed."""

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from eropaf.organisations.models import Municipality
from eropaf.triage.management.commands.try_policy import Command
from eropaf.triage.presets import preset_names
from tests.factories import MunicipalityFactory
from tests.triage.test_policy_format import EXAMPLE

pytestmark = pytest.mark.django_db

YOUNG_WITH_640 = {"bedragen": {"zorg": "640"}, "leeftijd": 23}
# The decision of every preset for YOUNG_WITH_640: rule, queue, contact kinds, priority, due date.
EXPECTED = {
    "landelijk": ("standaard", "vroegsignalering", ["letter", "phone"], "normal", "2026-12-08"),
    "leiden": ("jongeren-huisbezoek", "huisbezoek", ["home_visit"], "high", "2026-12-08"),
    "oost-gelre": (
        "jongeren",
        "persoonlijk-contact",
        ["letter", "phone", "sms_whatsapp", "home_visit"],
        "normal",
        "2026-12-08",
    ),
    "signalering-plus": (
        "standaard",
        "vroegsignalering",
        ["letter", "phone", "whatsapp_call", "sms_whatsapp", "home_visit", "card"],
        "normal",
        "2026-12-08",
    ),
}


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def municipality() -> Municipality:
    return MunicipalityFactory.create(code="0546", name="Leiden")


def facts_file(tmp_path: Path, facts: dict[str, Any] | str = YOUNG_WITH_640) -> Path:
    path = tmp_path / "feiten.json"
    path.write_text(facts if isinstance(facts, str) else json.dumps(facts), encoding="utf-8")
    return path


def run(*args: str | Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(Command(), *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refusal(*args: str | Path) -> CommandError:
    with pytest.raises(CommandError) as refused:
        run(*args)
    return refused.value


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_as_json(name: str, municipality: Municipality, tmp_path: Path) -> None:
    out, _ = run("--municipality", "0546", "--policy", name, "--facts", facts_file(tmp_path), "--json")
    decision = json.loads(out)
    rule, queue, kinds, priority, due_date = EXPECTED[name]
    assert (decision["rule"], decision["queue"], decision["priority"], decision["due_date"]) == (
        rule,
        queue,
        priority,
        due_date,
    )
    assert [step["kind"] for step in decision["steps"]] == kinds
    assert decision["due_days"] == 28
    assert decision["not_picked_up"] is None
    assert set(decision) == {
        "policy",
        "rule",
        "rule_label",
        "queue",
        "steps",
        "priority",
        "due_days",
        "due_date",
        "letter_template",
        "not_picked_up",
        "reasons",
        "summary",
    }


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_as_text(name: str, municipality: Municipality, tmp_path: Path) -> None:
    out, err = run("--municipality", "0546", "--policy", name, "--facts", facts_file(tmp_path))
    rule, queue, _kinds, _priority, due_date = EXPECTED[name]
    assert f" {rule} (" in out
    assert f" {queue}\n" in out
    assert due_date in out
    assert err == ""


def test_the_text_names_the_steps_priority_reasons_and_summary(
    municipality: Municipality, tmp_path: Path
) -> None:
    out, _ = run("--municipality", "0546", "--policy", "leiden", "--facts", facts_file(tmp_path))
    assert "jongeren-huisbezoek (Huisbezoek voor jongeren)" in out
    assert " huisbezoek\n" in out
    assert " hoog\n" in out
    assert "2026-12-08 (" in out
    assert "  - leeftijd 23 (18 tot en met 27)\n" in out
    assert "  - totaalbedrag € 640,00 (meer dan € 500,00)\n" in out
    assert out.endswith(
        "Huisbezoek: leeftijd 23 (18 tot en met 27), totaalbedrag € 640,00 (meer dan € 500,00)\n"
    )


def test_not_picked_up_gives_the_reason_and_no_due_date(municipality: Municipality, tmp_path: Path) -> None:
    path = facts_file(tmp_path, {"bedragen": {"energie": "49,99"}})
    decision = json.loads(run("--municipality", "0546", "--policy", "leiden", "--facts", path, "--json")[0])
    assert decision["rule"] == "drempel"
    assert decision["not_picked_up"] == "not_picked_up_unjustified"
    assert (decision["queue"], decision["steps"], decision["due_date"], decision["priority"]) == (
        None,
        [],
        None,
        None,
    )
    assert decision["summary"].startswith("Niet opgepakt (onterecht signaal): totaalbedrag € 49,99")
    out, _ = run("--municipality", "0546", "--policy", "leiden", "--facts", path)
    assert " onterecht_signaal\n" in out


def test_without_a_policy_the_national_default_is_used_and_said(
    municipality: Municipality, tmp_path: Path
) -> None:
    out, err = run("--municipality", "0546", "--facts", facts_file(tmp_path), "--json")
    assert json.loads(out)["policy"] == "Landelijk"
    assert "landelijk" in err


def test_a_policy_file(municipality: Municipality, tmp_path: Path) -> None:
    policy = tmp_path / "beleid.yaml"
    policy.write_text(EXAMPLE, encoding="utf-8")
    decision = json.loads(
        run("--municipality", "0546", "--policy", policy, "--facts", facts_file(tmp_path), "--json")[0]
    )
    assert decision["policy"] == "Leiden"
    assert decision["rule"] == "jongere-huisbezoek"
    assert decision["due_days"] == 14
    assert decision["due_date"] == "2026-11-24"
    assert decision["steps"] == [{"kind": "home_visit", "letter_kind": ""}]
    assert decision["reasons"] == [
        "leeftijd 23 (18 tot en met 27)",
        "totaalbedrag € 640,00 (meer dan € 500,00)",
    ]


def test_an_unknown_municipality_is_refused(tmp_path: Path) -> None:
    assert refusal("--municipality", "9999", "--facts", facts_file(tmp_path)).returncode == 2


def test_a_policy_file_with_mistakes_is_refused_with_all_of_them(
    municipality: Municipality, tmp_path: Path
) -> None:
    policy = tmp_path / "beleid.yaml"
    policy.write_text(
        EXAMPLE.replace("totaalbedrag_boven", "totaalbedrag_bovn").replace("[huisbezoek]", "[fax]")
    )
    refused = refusal("--municipality", "0546", "--policy", policy, "--facts", facts_file(tmp_path))
    assert refused.returncode == 2
    message = str(refused)
    assert (
        'als.een_van[2].totaalbedrag_bovn: onbekende voorwaarde; bedoelt u "totaalbedrag_boven"?' in message
    )
    assert 'dan.contact[1]: onbekende contactstap "fax"' in message


def test_a_facts_file_with_mistakes_is_refused(municipality: Municipality, tmp_path: Path) -> None:
    path = facts_file(tmp_path, {"bedragen": {"gas": 10}, "leeftijd": "oud"})
    refused = refusal("--municipality", "0546", "--policy", "leiden", "--facts", path)
    assert refused.returncode == 2
    assert 'bedragen.gas: onbekende soort "gas"' in str(refused)
    assert 'leeftijd: verwacht een heel getal van 0 tot en met 130, niet "oud"' in str(refused)


def test_mistakes_in_both_files_are_reported_together(municipality: Municipality, tmp_path: Path) -> None:
    policy = tmp_path / "beleid.yaml"
    policy.write_text("naam: Leeg\n", encoding="utf-8")
    refused = refusal("--municipality", "0546", "--policy", policy, "--facts", facts_file(tmp_path, "{nee"))
    assert refused.returncode == 2
    assert "regels: ontbreekt; geef minstens één regel" in str(refused)
    assert "het feitenbestand is geen geldige JSON (fout bij regel 1, kolom 2)" in str(refused)


@pytest.mark.parametrize(
    ("policy", "facts"),
    [
        pytest.param("amsterdam", None, id="neither preset nor file"),
        pytest.param("leiden", "ontbreekt.json", id="missing facts file"),
    ],
)
def test_what_cannot_be_found_is_refused(
    policy: str, facts: str | None, municipality: Municipality, tmp_path: Path
) -> None:
    facts_path = tmp_path / facts if facts else facts_file(tmp_path)
    refused = refusal("--municipality", "0546", "--policy", policy, "--facts", facts_path)
    assert refused.returncode == 2
    assert (policy if facts is None else "ontbreekt.json") in str(refused)
