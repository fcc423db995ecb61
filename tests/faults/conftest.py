"""Fixtures of the fault tests: worker processes against the test database, killed on purpose.

The children use the test database itself, so the tests run with ``transaction=True`` and their
data is committed. pytest-django keeps a SQLite test database in memory, out of reach of another
process; here it is a file instead (when this folder sets the database up). When another folder
already set up an in-memory database, the tests that need a second process skip.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from pytest_django import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120.0  # seconds; generous for a loaded 2-core machine, polled so a fast run stays fast


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and "memory" not in str(database["NAME"]):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("faults") / "test.sqlite3")


def database_url() -> str:
    """The test database as a ``DATABASE_URL`` for a child process."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    credentials = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return (
        f"postgres://{credentials}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
    )


def shared_database_or_skip() -> None:
    if connection.vendor == "sqlite" and "mode=memory" in str(connection.settings_dict["NAME"]):
        pytest.skip(
            "the SQLite test database is in memory (set up by another folder), invisible to a second "
            "process; run tests/faults on its own to include SQLite"
        )


def wait_until(condition: Callable[[], bool], *, what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@dataclass
class Workers:
    """Starts ``tests.faults.child`` worker processes on the test database and cleans them up."""

    home: Path
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
        env.update(
            {
                "DATABASE_URL": database_url(),
                "TASK_BACKEND": "database",
                "EROPAF_HOME": str(self.home),  # letters go to <home>/var/media, as in the test
                "EROPAF_ENVIRONMENT": "development",
                "DEBUG": "false",
                "PYTHONPATH": str(PROJECT_ROOT),
            }
        )
        return env

    def start(
        self, scenario: str = "none", *, name: str = "worker", together: bool = False
    ) -> tuple[subprocess.Popen[bytes], Path]:
        marker = self.home / f"{name}.paused"
        log = (self.home / f"{name}.log").open("wb")
        child = subprocess.Popen(  # noqa: S603 — our own interpreter and module
            [sys.executable, "-m", "tests.faults.child", scenario, str(marker)]
            + (["--together"] if together else []),
            cwd=PROJECT_ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.started.append(child)
        return child, marker

    def log(self, name: str = "worker") -> str:
        path = self.home / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def kill_when_paused(self, scenario: str) -> None:
        """Start a worker, wait until it reaches the scenario's pause, and SIGKILL it there."""
        child, marker = self.start(scenario, name=scenario)

        def paused() -> bool:
            if child.poll() is not None:
                raise AssertionError(f"the worker ended before its pause:\n{self.log(scenario)}")
            return marker.exists()

        wait_until(paused, what=f"the worker to reach {scenario}")
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=TIMEOUT) == -signal.SIGKILL

    def run_to_end(self, name: str = "resume") -> None:
        """A worker without pauses that takes every queued task and exits when none is left."""
        child, _marker = self.start(name=name)
        assert child.wait(timeout=TIMEOUT) == 0, self.log(name)

    def run_together(self, count: int) -> None:
        """Start ``count`` workers, let them begin polling at the same moment, and wait for them all
        to run out of tasks."""
        names = [f"worker-{number}" for number in range(count)]
        children = [self.start(name=name, together=True)[0] for name in names]
        wait_until(
            lambda: all((self.home / f"{name}.ready").exists() for name in names),
            what="the workers to be ready",
        )
        (self.home / "go").touch()
        for name, child in zip(names, children, strict=True):
            assert child.wait(timeout=TIMEOUT) == 0, self.log(name)

    def stop_all(self) -> None:
        for child in self.started:
            if child.poll() is None:
                child.kill()
                child.wait(timeout=TIMEOUT)


@pytest.fixture
def database_backend(settings: Settings) -> None:
    """Enqueueing stores the task in the database, as in production, for the workers to take."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "imports", "matching", "letters", "purges"],
        }
    }


@pytest.fixture
def workers(database_backend: None, settings: Settings, tmp_path: Path) -> Iterator[Workers]:
    shared_database_or_skip()
    settings.MEDIA_ROOT = tmp_path / "var" / "media"
    running = Workers(home=tmp_path)
    try:
        yield running
    finally:
        running.stop_all()
