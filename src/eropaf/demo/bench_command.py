"""What every ``bench_*`` command shares: its guard, its reporting arguments, the machine it ran on,
and the stream its progress bars draw on (``output.RawStream``)."""

import platform
import sqlite3
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

from eropaf.demo.management.commands.bench import machine_description
from eropaf.demo.output import RawStream

BENCH_DATABASES = "make bench: var/bench.sqlite3 and eropaf_bench"


def database_refusal(holds: str = "The benchmark's data") -> str | None:
    """Why this database may not hold a benchmark's data; None when it may: its name contains
    "bench", or Django's test runner made it. ``holds`` says what would go into it."""
    name = str(connection.settings_dict.get("NAME") or "")
    if "bench" in name.lower():
        return None
    # A database Django's test runner made: an in-memory SQLite one, or one named test_….
    if "mode=memory" in name or name == ":memory:" or Path(name).name.startswith(TEST_DATABASE_PREFIX):
        return None
    return (
        f"{holds} would go into the database {name!r}; a benchmark runs only on a database whose name "
        f"contains 'bench' ({BENCH_DATABASES})."
    )


def refuse_outside_bench(command: str, *, does: str, holds: str) -> None:
    """Raise CommandError in production (``does``: what the command would do there) or on a database
    that is not a benchmark's (``holds``: what would go into it)."""
    if settings.ENVIRONMENT == "production":
        raise CommandError(f"{command} {does}; not in production.")
    if (refusal := database_refusal(holds)) is not None:
        raise CommandError(f"{command}: {refusal}")


def add_report_arguments(parser: ArgumentParser, *, section: str, keep: str = "") -> None:
    """``--keep`` (when the command removes its data afterwards: ``keep`` says what stays),
    ``--json`` and ``--record`` (into the Markdown file's ``## section``)."""
    if keep:
        parser.add_argument("--keep", action="store_true", help=f"keep {keep} afterwards")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--record", type=Path, default=None, help=f"write the figures into this file's '## {section}'"
    )


def machine() -> dict[str, Any]:
    """``bench.machine_description`` with the CPU model and the database's version."""
    described = machine_description()
    cpuinfo = Path("/proc/cpuinfo")
    models = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    described["cpu_model"] = models[0] if models else platform.processor() or "unknown CPU"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            described["database_version"] = f"PostgreSQL {cursor.fetchone()[0]}"
    else:
        described["database_version"] = f"SQLite {sqlite3.sqlite_version}"
    return described


__all__ = ["RawStream", "add_report_arguments", "database_refusal", "machine", "refuse_outside_bench"]
