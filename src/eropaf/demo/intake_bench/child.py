"""Our import measured in a fresh child process, so that its wall time and peak memory are its own."""

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from eropaf.core.periods import format_period, parse_period
from eropaf.demo import intake_bench
from eropaf.demo.intake_bench.measure import ImportRun, measure_import
from eropaf.organisations.models import Partner

# The child sets up Django itself, so that it measures nothing of this process.
_CHILD = (
    "import os, sys, django\n"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'eropaf.config.settings')\n"
    "django.setup()\n"
    "from eropaf.demo.intake_bench import child_main\n"
    "child_main(sys.argv[1:])\n"
)


def child_main(argv: list[str]) -> None:
    """In the child: import one file (``PARTNER PERIOD FILE``) and print the run as JSON."""
    code, period_text, file_name = argv
    run = measure_import(
        partner=Partner.objects.get(code=code), path=Path(file_name), period=parse_period(period_text)
    )
    sys.stdout.write(json.dumps(run.as_dict()) + "\n")


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_memory_bytes: int


def run_child(argv: list[str], *, env: dict[str, str] | None = None) -> ChildRun:
    """Run a command to its end; its own wall time and peak resident memory (``wait4``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env)  # noqa: S603 - our own argv
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()  # interrupted: leave no import running behind us
            process.wait()
            raise
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(
            returncode=process.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
            seconds=round(seconds, 3),
            peak_memory_bytes=usage.ru_maxrss * 1024,  # Linux reports KiB
        )


class ChildFailed(RuntimeError):
    pass


def measure_import_in_child(*, partner: Partner, path: Path, period: dt.date) -> ImportRun:
    """``measure_import`` in a fresh Python process on the same database, with DEBUG off."""
    # Looked up on the package at call time, so that a stand-in set there replaces the child process.
    child = intake_bench.run_child(
        [sys.executable, "-c", _CHILD, partner.code, format_period(period), str(path)],
        env={**os.environ, "DEBUG": "false"},
    )
    if child.returncode != 0:
        raise ChildFailed(
            f"the import of {path.name} failed (exit {child.returncode}):\n{child.stderr[-2000:]}"
        )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result.pop("counts_add_up", None)
    run = ImportRun(**result)
    run.peak_memory_bytes = child.peak_memory_bytes
    run.process_seconds = child.seconds
    return run
