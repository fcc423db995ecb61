"""The load: simulated case workers driven by locust, in a process of its own.

Run as ``python -m eropaf.demo.load_bench.driver CONFIG RESULT`` by ``eropaf bench_load``: CONFIG is
a JSON file (host, users, duration, spawn rate, accounts, password, seed), RESULT where the
statistics are written as JSON. Importing locust lets gevent patch the standard library (sockets,
threads, time) of the whole process, which is why this runs apart from Django and imports none of
it (only ``workday``, plain Python).

Each simulated case worker logs in once through the login form (with its CSRF token), then works:
it opens the case queue with the filters a case worker uses (a month, sometimes a state, a work
queue, a district, a priority or another order), opens one of the cases the queue lists, and now and
then the overdue list, thinking 1–3 s between pages. Every page must answer 200 with the page
itself; a redirect (to the login, say) or an error counts as a failure. The ramp-up, until every
case worker has logged in, is measured apart from the ``duration`` seconds of work that follow.
"""

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, task
from locust.env import Environment
from locust.stats import RequestStats

from eropaf.demo.load_bench.workday import (
    CASE_PAGE,
    CSRF_FIELD,
    LOGIN,
    LOGIN_FORM,
    LOGIN_URL,
    OVERDUE_LIST,
    OVERDUE_QUERY,
    QUEUE,
    QUEUE_URL,
    case_ids,
    page_choices,
    queue_query,
)

# How long the ramp-up may take beyond starting every case worker: their logins must be over.
RAMP_GRACE_SECONDS = 120.0


class CaseWorker(FastHttpUser):
    """One case worker: logs in once, then works the queue."""

    wait_time = between(1, 3)
    accounts: list[str] = []
    password = ""
    rng = random.Random()  # noqa: S311 - which page to open next, not security
    # Case workers whose login is over, either way: the ramp-up ends when all of them are.
    settled = 0

    def on_start(self) -> None:
        self.case_ids: list[int] = []
        self.choices: dict[str, list[str]] = {}
        self.logged_in = False
        try:
            self._log_in(self.accounts.pop(0))
        finally:
            CaseWorker.settled += 1

    def _log_in(self, username: str) -> None:
        with self.client.get(LOGIN_URL, name=LOGIN_FORM, allow_redirects=False, catch_response=True) as form:
            match = CSRF_FIELD.search(form.text or "")
            if form.status_code != 200 or match is None:
                form.failure(f"no login form ({form.status_code})")
                return
        body = urlencode(
            {"csrfmiddlewaretoken": match.group(1), "username": username, "password": self.password}
        )
        with self.client.post(
            LOGIN_URL,
            name=LOGIN,
            data=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"{self.host}{LOGIN_URL}",
            },
            allow_redirects=False,
            catch_response=True,
        ) as answer:
            location = answer.headers.get("Location", "") if answer.headers else ""
            if answer.status_code != 302 or location.startswith(LOGIN_URL):
                answer.failure(f"login refused ({answer.status_code})")
                return
        self.logged_in = True

    def _page(self, url: str, name: str) -> str:
        """GET a page that must answer 200 itself; its HTML, or '' when it failed."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} instead of 200")
                return ""
            return response.text or ""

    def _remember_cases(self, page: str) -> None:
        found = case_ids(page)
        if found:
            self.case_ids = found
        if not self.choices:
            self.choices = page_choices(page)

    def _open_a_case(self) -> None:
        if self.case_ids:
            self.wait()  # type: ignore[no-untyped-call]  # locust leaves it unannotated
            self._page(f"/zaken/{self.rng.choice(self.case_ids)}/", CASE_PAGE)

    @task(5)
    def work_the_queue(self) -> None:
        if not self.logged_in:
            return
        query = queue_query(self.rng, today=dt.date.today(), choices=self.choices)  # noqa: DTZ011
        self._remember_cases(self._page(f"{QUEUE_URL}?{query}", QUEUE))
        self._open_a_case()

    @task(1)
    def look_at_overdue_cases(self) -> None:
        if not self.logged_in:
            return
        self._remember_cases(self._page(f"{QUEUE_URL}?{OVERDUE_QUERY}", OVERDUE_LIST))
        if self.rng.random() < 0.5:
            self._open_a_case()


def _entry(entry: Any) -> dict[str, Any]:
    return {
        "name": entry.name,
        "method": entry.method,
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "median_ms": round(entry.median_response_time) if entry.num_requests else None,
        "p95_ms": entry.get_response_time_percentile(0.95) if entry.num_requests else None,
        "p99_ms": entry.get_response_time_percentile(0.99) if entry.num_requests else None,
        "max_ms": round(entry.max_response_time) if entry.num_requests else None,
        "average_ms": round(entry.avg_response_time, 1),
    }


def _statistics(stats: RequestStats, *, seconds: float) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 1),
        "pages": [_entry(entry) for entry in stats.entries.values()],
        "total": _entry(stats.total),
        "errors": [
            {
                "name": error.name,
                "method": error.method,
                "error": str(error.error),
                "occurrences": error.occurrences,
            }
            for error in stats.errors.values()
        ],
    }


def run(config: dict[str, Any]) -> dict[str, Any]:
    """Start ``users`` case workers at ``spawn_rate`` a second; once all have logged in (the
    ramp-up, measured apart), measure ``duration`` seconds of their work."""
    users = config["users"]
    CaseWorker.accounts = list(config["accounts"])
    CaseWorker.password = config["password"]
    CaseWorker.rng = random.Random(config["seed"])  # noqa: S311
    CaseWorker.settled = 0
    environment = Environment(user_classes=[CaseWorker], host=config["host"])
    runner = environment.create_local_runner()
    started = time.monotonic()
    runner.start(users, spawn_rate=config["spawn_rate"])
    deadline = started + users / config["spawn_rate"] + RAMP_GRACE_SECONDS
    # time.sleep is gevent's here: the case workers run meanwhile.
    while CaseWorker.settled < users and time.monotonic() < deadline:
        time.sleep(0.2)
    ramp = _statistics(environment.stats, seconds=time.monotonic() - started)
    ramp["settled"] = CaseWorker.settled
    environment.stats.reset_all()
    measured = time.monotonic()
    time.sleep(config["duration"])
    runner.quit()
    return {
        "users": users,
        "ramp": ramp,
        **_statistics(environment.stats, seconds=time.monotonic() - measured),
    }


def main(arguments: list[str]) -> int:
    config_path, result_path = (Path(argument) for argument in arguments)
    result = run(json.loads(config_path.read_text(encoding="utf-8")))
    result_path.write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
