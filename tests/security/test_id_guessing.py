"""Guessing ids: an object of another tenant answers exactly like one that does not exist.

The authorisation matrix (tests/test_authorisation_matrix.py) already checks that a refused object
gets the same *status* as a missing id. Here the whole answer must be the same — status, content type
and body — so not even the page's wording tells a guessed id of another municipality or partner from
an id that was never used; and walking sequential ids past the own ones reveals nothing either.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.api_tokens import create_api_token
from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.escalation.services import track_for_case
from tests.factories import make_user_with_role
from tests.test_authorisation_matrix import MISSING_ID, World, build_world

pytestmark = pytest.mark.django_db

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def answer(response: Any) -> tuple[int, str, str]:
    body = _CSRF.sub('name="csrfmiddlewaretoken" value=""', response.content.decode())
    return response.status_code, response.get("Content-Type", ""), body


@pytest.fixture
def world() -> World:
    return build_world()


def case_worker(world: World) -> User:
    return make_user_with_role(Role.CASE_WORKER, team=world.team_a1)


def _track_id(case: Case) -> int:
    return int(track_for_case(case).pk)


# URL name → the id of municipality B's object, asked for by a case worker of team A1
PAGES: dict[str, Callable[[World], int]] = {
    "cases:detail": lambda world: int(world.case_b.pk),
    "care_desk:propose-for-case": lambda world: int(world.case_b.pk),
    "coordination:file-for-case": lambda world: int(world.case_b.pk),
    "escalation:track": lambda world: _track_id(world.case_b),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_page_of_another_municipality_answers_like_a_missing_one(
    world: World, client: Client, name: str
) -> None:
    client.force_login(case_worker(world))
    other = PAGES[name](world)

    refused = client.get(reverse(name, args=[other]))
    missing = client.get(reverse(name, args=[MISSING_ID]))

    assert refused.status_code == 404
    assert answer(refused) == answer(missing)


def test_a_delivery_of_another_partner_answers_like_a_missing_one_in_the_portal(
    world: World, client: Client
) -> None:
    client.force_login(make_user_with_role(Role.PARTNER_USER, partner=world.partner_a))

    refused = client.get(reverse("intake:detail", args=[world.delivery_b.pk]))
    missing = client.get(reverse("intake:detail", args=[MISSING_ID]))

    assert refused.status_code == 404
    assert answer(refused) == answer(missing)


def test_a_delivery_of_another_partner_answers_like_a_missing_one_in_the_api(
    world: World, client: Client
) -> None:
    key = create_api_token(partner=world.partner_a, name="raden", created_by=None).key
    headers = {"Authorization": f"Bearer {key}"}

    refused = client.get(reverse("api:delivery-detail", args=[world.delivery_b.pk]), headers=headers)
    missing = client.get(reverse("api:delivery-detail", args=[MISSING_ID]), headers=headers)

    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/problem+json"
    assert _without_instance(refused.json()) == _without_instance(missing.json())


def test_a_case_of_another_municipality_answers_like_a_missing_one_in_the_api(
    world: World, client: Client
) -> None:
    client.force_login(case_worker(world))

    refused = client.get(reverse("api:case-classes", args=[world.case_b.pk]))
    missing = client.get(reverse("api:case-classes", args=[MISSING_ID]))

    assert refused.status_code == 404
    assert _without_instance(refused.json()) == _without_instance(missing.json())


def _without_instance(problem: dict[str, object]) -> dict[str, object]:
    """``instance`` names the requested URL, which differs by the id asked for and nothing else."""
    return {key: value for key, value in problem.items() if key != "instance"}


def test_walking_sequential_case_ids_finds_only_the_own_cases(world: World, client: Client) -> None:
    client.force_login(case_worker(world))
    own = {int(world.case_a1.pk), int(world.case_a1_last_month.pk)}
    ids = [int(case.pk) for case in Case.objects.all()]
    missing = answer(client.get(reverse("cases:detail", args=[MISSING_ID])))
    # Every id of this world's cases and a few on either side; on PostgreSQL the sequence does not
    # restart between tests, so the ids do not start at 1.
    walked = range(max(1, min(ids) - 3), max(ids) + 3)

    answers = {pk: answer(client.get(reverse("cases:detail", args=[pk]))) for pk in walked}

    assert {pk for pk, (status, _type, _body) in answers.items() if status == 200} == own
    assert all(found == missing for pk, found in answers.items() if pk not in own)
