"""Who may open the partner portal: partner users only, and only their own partner's objects.

An object of another partner answers exactly like a missing one (404), so ids reveal nothing.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from eropaf.accounts.api_tokens import create_api_token
from eropaf.accounts.models import PartnerApiToken, User
from eropaf.accounts.roles import Role
from eropaf.intake.models import Delivery, RejectedRow, Upload, UploadStatus
from eropaf.organisations.models import Partner
from tests.factories import DeliveryFactory, MunicipalityFactory, PartnerFactory, make_user_with_role

pytestmark = pytest.mark.django_db

MISSING_ID = 999_999
FILE_A = "huur-hoogwaterland.csv"
UPLOAD_A = "upload-hoogwaterland.csv"
TOKEN_A = "Koppeling Hoogwaterland"
REFERENCE_A = "GEHEIM-REF-A"


@dataclass(frozen=True)
class World:
    partner_a: Partner
    partner_b: Partner
    user_a: User
    user_b: User
    delivery_a: Delivery
    upload_a: Upload
    token_a: PartnerApiToken


@pytest.fixture
def world() -> World:
    municipality = MunicipalityFactory.create(name="Hoogwaterland")
    partner_a = PartnerFactory.create(name="Woonstichting Hoogwaterland", municipalities=[municipality])
    partner_b = PartnerFactory.create(name="Energie Verwegenveen", municipalities=[municipality])
    user_a = make_user_with_role(Role.PARTNER_USER, partner=partner_a)
    user_b = make_user_with_role(Role.PARTNER_USER, partner=partner_b)
    delivery_a = DeliveryFactory.create(
        partner=partner_a, file_name=FILE_A, headers=["referentie"], received_count=1, rejected_count=1
    )
    RejectedRow.objects.create(
        delivery=delivery_a,
        row_number=2,
        values={"referentie": REFERENCE_A},
        errors=[{"field": "postcode", "code": "missing", "message": "postcode ontbreekt"}],
    )
    upload_a = Upload.objects.create(
        partner=partner_a,
        submitted_by=user_a,
        channel="portal",
        file_name=UPLOAD_A,
        status=UploadStatus.REFUSED,
    )
    token_a = create_api_token(partner=partner_a, name=TOKEN_A, created_by=user_a).token
    return World(partner_a, partner_b, user_a, user_b, delivery_a, upload_a, token_a)


def object_urls(world: World, *, missing: bool = False) -> list[tuple[str, str]]:
    """(method, url) of every page of one object of partner A (or of an id that does not exist)."""
    delivery = MISSING_ID if missing else world.delivery_a.pk
    upload = MISSING_ID if missing else world.upload_a.pk
    token = MISSING_ID if missing else world.token_a.pk
    return [
        ("get", reverse("intake:detail", args=[delivery])),
        ("get", reverse("intake:rejected-csv", args=[delivery])),
        ("get", reverse("intake:rejected-xlsx", args=[delivery])),
        ("get", reverse("intake:upload-status", args=[upload])),
        ("get", reverse("intake:upload-progress", args=[upload])),
        ("get", reverse("intake:token-revoke", args=[token])),
        ("post", reverse("intake:token-revoke", args=[token])),
    ]


def plain_urls() -> list[tuple[str, str]]:
    return [
        ("get", reverse("intake:list")),
        ("post", reverse("intake:upload")),
        ("get", reverse("intake:withdraw")),
        ("post", reverse("intake:withdraw")),
        ("get", reverse("intake:tokens")),
        ("post", reverse("intake:token-create")),
    ]


def request(client: Client, method: str, url: str) -> tuple[int, str]:
    response = client.get(url) if method == "get" else client.post(url)
    content = response.content.decode(errors="replace")
    return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", content)


def test_the_owner_opens_every_page_of_its_objects(client: Client, world: World) -> None:
    client.force_login(world.user_a)
    for method, url in object_urls(world)[:-1]:  # the last one revokes
        status, _ = request(client, method, url)
        assert status == 200, url


def test_another_partner_gets_exactly_what_a_missing_id_gets(client: Client, world: World) -> None:
    client.force_login(world.user_b)
    for (method, url), (_, missing_url) in zip(
        object_urls(world), object_urls(world, missing=True), strict=True
    ):
        status, content = request(client, method, url)
        missing_status, missing_content = request(client, method, missing_url)
        assert (status, missing_status) == (404, 404), url
        assert content == missing_content, url
        for marker in (FILE_A, UPLOAD_A, TOKEN_A, REFERENCE_A, "Hoogwaterland"):
            assert marker not in content, (url, marker)

    world.token_a.refresh_from_db()
    assert world.token_a.revoked_at is None


def test_lists_show_only_the_own_partners_objects(client: Client, world: World) -> None:
    client.force_login(world.user_b)
    for url in (reverse("intake:list"), reverse("intake:tokens"), reverse("intake:withdraw")):
        content = client.get(url).content.decode()
        for marker in (FILE_A, UPLOAD_A, TOKEN_A, world.token_a.prefix, "Hoogwaterland"):
            assert marker not in content, (url, marker)


@pytest.mark.parametrize("role", [role for role in Role if role is not Role.PARTNER_USER])
def test_users_of_other_roles_are_refused(client: Client, world: World, role: Role) -> None:
    client.force_login(make_user_with_role(role))
    for method, url in plain_urls() + object_urls(world) + object_urls(world, missing=True):
        status, _ = request(client, method, url)
        assert status == 403, (role, method, url)


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client, world: World) -> None:
    for method, url in plain_urls() + object_urls(world):
        response = client.get(url) if method == "get" else client.post(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_post_only_pages_refuse_get(client: Client, world: World) -> None:
    client.force_login(world.user_a)
    for name in ("intake:upload", "intake:token-create"):
        assert client.get(reverse(name)).status_code == 405


def test_changes_need_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user_a)
    posts = [
        (reverse("intake:upload"), {}),
        (reverse("intake:withdraw"), {"referentie": "X", "reden": "betaald"}),
        (reverse("intake:token-create"), {"naam": "Systeem"}),
        (reverse("intake:token-revoke", args=[world.token_a.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    world.token_a.refresh_from_db()
    assert world.token_a.revoked_at is None
    assert PartnerApiToken.objects.count() == 1


def test_huge_ids_are_missing_not_errors(client: Client, world: World) -> None:
    client.force_login(world.user_a)
    huge = 10**30
    for url in (
        reverse("intake:detail", args=[huge]),
        reverse("intake:rejected-csv", args=[huge]),
        reverse("intake:upload-status", args=[huge]),
        reverse("intake:token-revoke", args=[huge]),
    ):
        assert client.get(url).status_code == 404, url
