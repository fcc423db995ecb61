"""What a simulated case worker does, as plain functions: the pages, the filters it picks, what it
reads from a page. No locust and no Django here: the driver's process and the tests both use it.
"""

import datetime as dt
import html
import random
import re
from urllib.parse import urlencode

# Names the driver keeps its statistics under; the report knows them.
LOGIN_FORM = "login form"
LOGIN = "login"
QUEUE = "queue"
CASE_PAGE = "case page"
OVERDUE_LIST = "overdue list"

LOGIN_URL = "/inloggen/"
QUEUE_URL = "/zaken/"
OVERDUE_QUERY = "te_laat=1"

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="/zaken/(\d+)/"')
# The queue's own choices, read from its filter form: the team's work queues and districts.
PAGE_CHOICES = ("werkbak", "wijk")
OPTION_VALUE = re.compile(r'<option value="([^"]+)"')
# One extra filter on top of the month, as case workers narrow their queue: None is the month only,
# a name in PAGE_CHOICES one of the values the page offers.
EXTRA_FILTERS: list[dict[str, str] | str | None] = [
    None,
    None,
    None,
    {"status": "queued"},
    {"status": "in_progress"},
    {"sorteer": "prioriteit"},
    {"sorteer": "bedrag"},
    {"prioriteit": "high"},
    {"klasse": "is_multiple"},
    "werkbak",
    "wijk",
]


def months_ago(today: dt.date, months: int) -> str:
    """The month ``months`` before ``today``'s as the queue's ``periode`` (YYYY-MM)."""
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def queue_query(rng: random.Random, *, today: dt.date, choices: dict[str, list[str]]) -> str:
    """A queue filter a case worker would choose: mostly this month, sometimes the ones before."""
    months = rng.choices([0, 1, 2], weights=[6, 3, 1])[0]
    values = {"periode": months_ago(today, months)}
    extra = rng.choice(EXTRA_FILTERS)
    if isinstance(extra, dict):
        values.update(extra)
    elif extra is not None and choices.get(extra):
        values[extra] = rng.choice(choices[extra])
    return urlencode(values)


def page_choices(page: str) -> dict[str, list[str]]:
    """The values of the queue's work-queue and district filters, read from its HTML."""
    choices: dict[str, list[str]] = {}
    for name in PAGE_CHOICES:
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.DOTALL)
        if select:
            choices[name] = [html.unescape(value) for value in OPTION_VALUE.findall(select.group(1))]
    return choices


def case_ids(page: str) -> list[int]:
    """The cases a queue page links to, in its order."""
    return [int(case_id) for case_id in CASE_LINK.findall(page)]
