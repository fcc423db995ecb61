"""Killing the import process mid-delivery leaves no partial delivery; importing again completes.

Runs the real ``eropaf`` command in a child process against a database of its own (a SQLite file,
or a fresh PostgreSQL database when the suite runs on PostgreSQL), waits until the child reports
that it is storing, and kills it with SIGKILL — no clean-up code of ours can run.
"""

import contextlib
import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.db import connection

ROWS = 120_000
STORING_LABEL = b"Opslaan"  # the Dutch label of the storing stage on the progress bar
FIRST_CHUNK_STORED = b"49000/"  # accepted rows of the first 50,000-row chunk: stored, uncommitted

SEED = """
from eropaf.organisations.models import Municipality, Partner, PostcodeArea
dordrecht = Municipality.objects.create(code="0505", name="Dordrecht", inhabitants=120000)
PostcodeArea.objects.create(digits="3311", municipality=dordrecht)
partner = Partner.objects.create(code="woongoed", name="Woongoed", partner_type="rent", kvk_number="12345678")
partner.municipalities.add(dordrecht)
"""

pytestmark = pytest.mark.django_db(transaction=True)


def eropaf() -> str:
    return str(Path(sys.executable).with_name("eropaf"))


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"
        return
    settings = connection.settings_dict
    server = f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} user={settings['USER']}"
    name = f"eropaf_kill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        yield f"postgres://{settings['USER']}@{host}/{name}"
    finally:
        with psycopg.connect(f"{server} dbname=postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def child_env(database_url: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        {"DATABASE_URL": database_url, "EROPAF_ENVIRONMENT": "development", "TASK_BACKEND": "immediate"}
    )
    return env


def counts(database_url: str) -> tuple[int, int, int]:
    queries = (
        "select count(*) from intake_delivery",
        "select count(*) from intake_signal",
        "select count(*) from intake_rejectedrow",
    )
    if database_url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(database_url.removeprefix("sqlite:///"))) as db:
            return tuple(db.execute(query).fetchone()[0] for query in queries)
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as db:
        rows = [db.execute(query).fetchone() for query in queries]
    return tuple(row[0] if row else 0 for row in rows)  # type: ignore[return-value]


def write_delivery(path: Path) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["referentie", "ontstaansdatum", "bedrag", "achternaam", "huisnummer", "postcode"])
        for number in range(ROWS):
            postcode = "3311AB" if number % 50 else "1234 A"  # 2 % rejected
            writer.writerow(
                [
                    f"K-{number}",
                    "01-08-2026",
                    f"{100 + number % 900},50",
                    "Jansen",
                    number % 300 + 1,
                    postcode,
                ]
            )


def import_and_kill(database_url: str, path: Path) -> None:
    child = subprocess.Popen(  # noqa: S603
        [eropaf(), "import_signals", "--partner", "woongoed", str(path)],
        env=child_env(database_url),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert child.stderr is not None
    seen = b""
    deadline = time.monotonic() + 120
    while FIRST_CHUNK_STORED not in seen and time.monotonic() < deadline:
        chunk = os.read(child.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert STORING_LABEL in seen, seen[-500:]
    assert FIRST_CHUNK_STORED in seen, seen[-500:]


def test_a_killed_import_leaves_nothing_and_the_next_import_completes(
    database_url: str, tmp_path: Path
) -> None:
    env = child_env(database_url)
    subprocess.run([eropaf(), "migrate", "-v", "0"], env=env, check=True)  # noqa: S603
    subprocess.run([eropaf(), "shell", "-c", SEED], env=env, check=True)  # noqa: S603
    path = tmp_path / "groot.csv"
    write_delivery(path)

    import_and_kill(database_url, path)
    assert counts(database_url) == (0, 0, 0)

    finished = subprocess.run(  # noqa: S603
        [eropaf(), "import_signals", "--partner", "woongoed", "--json", "--no-progress", str(path)],
        env=env,
        check=True,
        capture_output=True,
    )
    report = json.loads(finished.stdout)
    assert (report["received"], report["accepted"], report["rejected"]) == (
        ROWS,
        ROWS - ROWS // 50,
        ROWS // 50,
    )
    assert counts(database_url) == (1, report["accepted"], report["rejected"])
