"""The case queue and the case page ask the database no question twice: the roles once per request,
the teams once, no separate COUNT for the paging (the counts per state hold it); and the paging
still counts right."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eropaf.accounts.roles import Role
from eropaf.cases import selectors
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture
def client_of_a_worker(client: Client, monkeypatch: pytest.MonkeyPatch) -> Client:
    monkeypatch.setattr(selectors, "CASES_PER_PAGE", PER_PAGE)
    team = TeamFactory.create()
    for number in range(7):
        case = make_case_with_signal(team=team, surname=f"Huishouden{number}")
        if number < 2:
            case.state = CaseState.IN_PROGRESS
            case.save()
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=team))
    return client


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_one_queue_page_reads_the_roles_and_the_teams_once_and_counts_no_page_apart(
    client_of_a_worker: Client,
) -> None:
    queries = _queries(client_of_a_worker, reverse("cases:list"))

    roles = [sql for sql in queries if 'DISTINCT "accounts_roleassignment"."role"' in sql]
    teams = [sql for sql in queries if sql.startswith('SELECT "accounts_team"."id"')]
    counts = [sql for sql in queries if sql.startswith("SELECT COUNT(*)") and '"cases_case"' in sql]
    assert len(roles) == 1
    assert len(teams) == 1
    assert counts == []


def test_the_case_page_reads_the_roles_and_the_teams_once(client_of_a_worker: Client) -> None:
    case_id = Case.objects.order_by("pk").values_list("pk", flat=True).first()

    queries = _queries(client_of_a_worker, reverse("cases:detail", args=[case_id]))

    assert len([sql for sql in queries if 'DISTINCT "accounts_roleassignment"."role"' in sql]) == 1
    assert len([sql for sql in queries if sql.startswith('SELECT "accounts_team"."id"')]) == 1


@pytest.mark.parametrize(
    ("query", "shown", "pages"),
    [("", 7, 3), ("?status=in_progress", 2, 1), ("?status=queued", 5, 2), ("?status=new", 0, 1)],
)
def test_the_paging_counts_what_is_shown(
    client_of_a_worker: Client, query: str, shown: int, pages: int
) -> None:
    response = client_of_a_worker.get(reverse("cases:list") + query)

    page = response.context["cases"].page
    assert (page.paginator.count, page.paginator.num_pages) == (shown, pages)
    assert len(response.context["cases"].rows) == min(shown, PER_PAGE)
