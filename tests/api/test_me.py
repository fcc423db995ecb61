import pytest
from django.test import Client

from eropaf.accounts.roles import Role
from tests.factories import PartnerFactory, make_user_with_role

pytestmark = pytest.mark.django_db


def test_me_lists_the_roles_with_their_scope(client: Client) -> None:
    partner = PartnerFactory.create(code="woongoed")
    user = make_user_with_role(Role.PARTNER_USER, partner=partner, username="partnergebruiker")
    client.force_login(user)

    response = client.get("/api/v1/me")

    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "partnergebruiker"
    assert body["roles"] == [
        {
            "role": "partner_user",
            "role_label": str(Role.PARTNER_USER.label),
            "municipality_code": None,
            "team": None,
            "partner_code": "woongoed",
        }
    ]


def test_anonymous_api_call_gets_problem_details(client: Client) -> None:
    response = client.get("/api/v1/me")

    assert response.status_code in {401, 403}
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == response.status_code
    assert body["title"]
    assert body["detail"]
