"""The systemd units in deploy/systemd/ (the scheduled jobs and the workers): every command they
run exists and takes the options they give it, every timer has its service, and every queue a task
is put on has a worker in the README's list."""

import configparser
import importlib
import re
import shlex
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from pytest_django import Settings

UNITS = Path(__file__).resolve().parents[1] / "deploy" / "systemd"
EXECUTABLE = "/opt/eropaf/.venv/bin/eropaf"
SERVICES = sorted(path for path in UNITS.glob("*.service") if path.name != "eropaf-web.service")
TIMERS = sorted(UNITS.glob("*.timer"))


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=True, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys keep their case
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_there_are_units() -> None:
    assert len(SERVICES) == 5
    assert len(TIMERS) == 4


@pytest.fixture
def database_queue(settings: Settings) -> None:
    """As production runs: the workers' command takes only a database-backed queue."""
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": "django_tasks_db.DatabaseBackend"}}
    # django-tasks reads the setting again on its own (setting_changed), and again after the test.


@pytest.mark.parametrize("path", SERVICES, ids=lambda path: path.name)
def test_every_service_runs_an_eropaf_command_with_options_it_takes(path: Path, database_queue: None) -> None:
    service = unit(path)["Service"]
    executable, command, *arguments = shlex.split(service["ExecStart"].replace("%i", "default"))
    assert executable == EXECUTABLE
    assert command in get_commands()
    handler = load_command_class(get_commands()[command], command)
    handler.create_parser("eropaf", command).parse_args(arguments)  # SystemExit when an option is wrong
    assert service["User"] == "eropaf"
    assert service["NoNewPrivileges"] == "true"
    assert service["ProtectSystem"] == "strict"


def test_the_web_service_serves_our_wsgi_application_on_loopback() -> None:
    service = unit(UNITS / "eropaf-web.service")["Service"]
    executable, application, *options = shlex.split(service["ExecStart"])
    assert executable == "/opt/eropaf/.venv/bin/gunicorn"
    module, _, name = application.partition(":")
    assert callable(getattr(importlib.import_module(module), name))
    assert "--bind" in options
    assert options[options.index("--bind") + 1].startswith("127.0.0.1:")
    assert service["User"] == "eropaf"


@pytest.mark.parametrize("path", TIMERS, ids=lambda path: path.name)
def test_every_timer_has_its_service_and_a_schedule(path: Path) -> None:
    timer = unit(path)
    assert path.with_suffix(".service").exists()
    assert unit(path.with_suffix(".service"))["Service"]["Type"] == "oneshot"
    assert timer["Timer"]["OnCalendar"]
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_every_queue_a_task_uses_gets_a_worker() -> None:
    sources = Path(__file__).resolve().parents[1] / "src" / "eropaf"
    used = {
        match.group(1)
        for path in sources.rglob("tasks.py")
        for match in re.finditer(r'queue_name="([a-z_]+)"', path.read_text(encoding="utf-8"))
    }
    readme = (UNITS / "README.md").read_text(encoding="utf-8")
    started = set(re.findall(r"eropaf-worker@([a-z_]+)", readme))
    assert used
    assert used <= started
