"""The two processes of a load test: the server, and the load that locust drives against it.

The server is gunicorn on 127.0.0.1 over the same database, as production serves Eropaf: sync
workers, cores + 1 of them (``default_workers``), ``DEBUG`` off, tasks inline
(``TASK_BACKEND=immediate``) and the second login step off (``STAFF_TWO_FACTOR=false``): the
simulated case workers log in with their password only. The load runs ``driver`` in a child
process, which keeps gevent's patching of the standard library out of this one.
"""

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote

HOST = "127.0.0.1"
HEALTH_URL = "/gezondheid"
START_SECONDS = 90.0
STOP_SECONDS = 30.0
# The driver gets this long beyond starting the case workers and the run: for the logins (at most
# driver.RAMP_GRACE_SECONDS), stopping and writing its statistics.
DRIVER_GRACE_SECONDS = 240.0


class ServerFailed(Exception):
    """The served process did not start, or stopped on its own."""


class LoadFailed(Exception):
    """The load's process did not finish with its statistics."""


@dataclass(frozen=True)
class Server:
    url: str
    port: int
    workers: int
    description: str
    process: "subprocess.Popen[bytes]"
    log: Path

    def wait_until_ready(self) -> None:
        """Return once the health check answers; raise ServerFailed when it never does."""
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"the server did not start:\n{_tail(self.log)}")
            if _answers(self.port):
                return
            time.sleep(0.25)
        raise ServerFailed(f"the server did not answer within {START_SECONDS:g} s:\n{_tail(self.log)}")


def default_workers() -> int:
    """Cores + 1 sync workers. gunicorn's own advice is 2 × cores + 1, for a server with the machine
    to itself; here PostgreSQL and the load generator share the cores, and five Python workers on two
    cores fought over them: in back-to-back 5-minute runs on 2026-11-22, p95 for the queue, the
    overdue list and the case page was 330/350/300 ms with five workers and 220/240/200 ms with three
    (docs/performance.md, "Load")."""
    return (os.cpu_count() or 1) + 1


def database_url(settings_dict: dict[str, Any]) -> str:
    """A ``DATABASE_URL`` for the served process that opens the database this process uses.

    Raises ValueError for a database another process cannot open (SQLite in memory).
    """
    engine, name = settings_dict["ENGINE"], str(settings_dict.get("NAME") or "")
    if engine.endswith("sqlite3"):
        if not name or name == ":memory:" or "mode=memory" in name:
            raise ValueError("an in-memory SQLite database cannot be opened by the served process")
        return f"sqlite:///{Path(name).resolve()}"
    if engine.endswith("postgresql"):
        user = quote(str(settings_dict.get("USER") or ""), safe="")
        password = quote(str(settings_dict.get("PASSWORD") or ""), safe="")
        credentials = f"{user}{':' + password if password else ''}@" if user else ""
        host = quote(str(settings_dict.get("HOST") or ""), safe="")
        port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
        return f"postgres://{credentials}{host}{port}/{quote(name, safe='')}"
    raise ValueError(f"the load test does not know how to serve the database engine {engine}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _tail(log: Path, lines: int = 20) -> str:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return "\n".join(text.splitlines()[-lines:])


def server_environment(*, database: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        {
            "DATABASE_URL": database,
            "DEBUG": "false",
            "TASK_BACKEND": "immediate",
            "STAFF_TWO_FACTOR": "false",
            "ALLOWED_HOSTS": HOST,
            "HTTPS": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    return environment


@contextmanager
def served(*, database: str, workers: int, log: Path) -> Iterator[Server]:
    """gunicorn serving Eropaf on a free port of 127.0.0.1 until the block ends.

    It is started, not waited for: the caller prepares the data while it boots, then calls
    ``wait_until_ready``.
    """
    port = _free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "eropaf.config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--preload",
        "--timeout=60",
        "--log-level=warning",
    ]
    url = f"http://{HOST}:{port}"
    with log.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, env=server_environment(database=database), stdout=log_file, stderr=subprocess.STDOUT
        )
        try:
            yield Server(
                url=url,
                port=port,
                workers=workers,
                description=f"gunicorn {version('gunicorn')}",
                process=process,
                log=log,
            )
            if process.poll() is not None:
                raise ServerFailed(f"the server stopped during the run:\n{_tail(log)}")
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _answers(port: int) -> bool:
    """Whether the health check answers 200 (quietly: no client library logging every try)."""
    probe = http.client.HTTPConnection(HOST, port, timeout=2.0)
    try:
        probe.request("GET", HEALTH_URL)
        return probe.getresponse().status == 200
    except OSError:
        return False
    finally:
        probe.close()


def drive(
    *,
    url: str,
    users: int,
    duration: int,
    spawn_rate: float,
    accounts: list[str],
    password: str,
    seed: int,
    folder: Path,
) -> dict[str, Any]:
    """Run the simulated case workers against ``url``; locust's statistics (see ``driver.run``)."""
    config, result, log = folder / "load.json", folder / "load-result.json", folder / "load.log"
    config.write_text(
        json.dumps(
            {
                "host": url,
                "users": users,
                "duration": duration,
                "spawn_rate": spawn_rate,
                "accounts": accounts,
                "password": password,
                "seed": seed,
            }
        ),
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "eropaf.demo.load_bench.driver", str(config), str(result)]
    with log.open("w", encoding="utf-8") as log_file:
        try:
            finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
                command,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                timeout=duration + users / spawn_rate + DRIVER_GRACE_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise LoadFailed(f"the load did not finish in time:\n{_tail(log)}") from error
    if finished.returncode != 0 or not result.exists():
        raise LoadFailed(f"the load stopped with exit code {finished.returncode}:\n{_tail(log)}")
    answer: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
    return answer
