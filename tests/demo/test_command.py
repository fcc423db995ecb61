"""``eropaf demo``: JSON for scripts, a login table for people, then the development server."""

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from eropaf.demo.builder import DemoSummary
from eropaf.demo.management.commands import demo as demo_command
from eropaf.demo.region import DEMO_PASSWORD, USERS
from eropaf.demo.users import DemoLogin, scope_of
from eropaf.organisations.models import Municipality

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("demo", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def fake_build(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    """Skip the build and record which other commands the demo command runs."""
    calls: list[tuple[str, dict[str, Any]]] = []
    logins = [DemoLogin(u.username, DEMO_PASSWORD, u.role, str(u.role.label), scope_of(u)) for u in USERS]
    logins.append(DemoLogin("admin", DEMO_PASSWORD, None, "superuser", "/django-admin/"))
    summary = DemoSummary(municipalities=[], partners=[], logins=logins)

    def record(name: str, *args: Any, **kwargs: Any) -> None:
        calls.append((name, {"args": args, **kwargs}))
        if name == "runserver":
            kwargs["stdout"].write("Starting development server")

    monkeypatch.setattr(demo_command, "build_demo", lambda **_: summary)
    monkeypatch.setattr(demo_command, "call_command", record)
    return calls


def test_text_output_lists_every_login_and_then_serves(fake_build: list[tuple[str, dict[str, Any]]]) -> None:
    out, _ = run("--addrport", "0.0.0.0:8123")

    table = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    for spec in USERS:
        assert DEMO_PASSWORD in table[spec.username]
        assert str(spec.role.label) in table[spec.username]
    assert DEMO_PASSWORD in table["admin"]
    assert "Starting development server" in out
    names = [name for name, _ in fake_build]
    assert names == ["migrate", "runserver"]
    runserver = fake_build[1][1]
    assert runserver["args"] == ("0.0.0.0:8123",)
    assert runserver["use_reloader"] is False


def test_no_serve_only_builds(fake_build: list[tuple[str, dict[str, Any]]]) -> None:
    run("--no-serve")

    assert [name for name, _ in fake_build] == ["migrate"]


def test_json_mode_keeps_server_messages_off_stdout(fake_build: list[tuple[str, dict[str, Any]]]) -> None:
    out, err = run("--json")

    assert set(json.loads(out)) == {"municipalities", "partners", "users"}
    assert "Starting development server" in err
    assert [name for name, _ in fake_build] == ["migrate", "runserver"]


def test_a_wrong_reference_date_is_refused() -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--no-serve", "--today", "15-06-2026")


def test_the_demo_refuses_to_wipe_a_production_database(settings: Any) -> None:
    settings.ENVIRONMENT = "production"

    with pytest.raises(CommandError):
        run("--no-serve")

    assert not Municipality.objects.exists()
