"""The partner's API keys in the portal: made and shown once, listed without the key, revoked."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.api_tokens import authenticate_key, create_api_token
from eropaf.accounts.models import PartnerApiToken, RoleAssignment, User
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.organisations.models import Partner
from tests.factories import PartnerFactory, make_user_with_role

pytestmark = pytest.mark.django_db

KEY = re.compile(r"eropaf_[0-9a-f]{8}_[A-Za-z0-9_-]{20,}")


@pytest.fixture
def partner() -> Partner:
    return PartnerFactory.create(name="Woongoed")


@pytest.fixture
def user(partner: Partner, client: Client) -> User:
    user = make_user_with_role(Role.PARTNER_USER, partner=partner)
    client.force_login(user)
    return user


def test_a_new_key_is_shown_once_and_works(client: Client, user: User, partner: Partner) -> None:
    response = client.post(reverse("intake:token-create"), {"naam": "Huurpakket", "verloopt_op": ""})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    keys = set(KEY.findall(response.content.decode()))
    assert len(keys) == 1
    key = keys.pop()
    token = PartnerApiToken.objects.get()
    assert (token.partner, token.name, token.created_by) == (partner, "Huurpakket", user)
    assert token.expires_at is not None  # without a chosen day, PARTNER_API_TOKEN_MAX_DAYS applies
    assert key.startswith(f"eropaf_{token.prefix}_")
    assert authenticate_key(key) == token
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, subject_type="api_token").exists()

    listing = client.get(reverse("intake:tokens")).content.decode()
    assert "Huurpakket" in listing
    assert f"eropaf_{token.prefix}_" in listing
    assert key not in listing
    assert not KEY.search(listing)


def test_a_key_may_get_an_end_date_but_not_one_in_the_past(client: Client, user: User) -> None:
    today = timezone.localdate()
    past = client.post(
        reverse("intake:token-create"), {"naam": "Oud", "verloopt_op": str(today - dt.timedelta(days=1))}
    )
    assert past.status_code == 400
    assert not PartnerApiToken.objects.exists()

    last_day = today + dt.timedelta(days=30)
    assert (
        client.post(
            reverse("intake:token-create"), {"naam": "Tijdelijk", "verloopt_op": str(last_day)}
        ).status_code
        == 200
    )
    token = PartnerApiToken.objects.get()
    assert token.expires_at is not None
    assert timezone.localtime(token.expires_at).date() == last_day + dt.timedelta(days=1)
    assert timezone.localtime(token.expires_at).time() == dt.time.min


def test_a_key_needs_a_name(client: Client, user: User) -> None:
    assert client.post(reverse("intake:token-create"), {"naam": "  "}).status_code == 400
    assert not PartnerApiToken.objects.exists()


def test_revoking_asks_first_and_then_the_key_stops_working(
    client: Client, user: User, partner: Partner
) -> None:
    issued = create_api_token(partner=partner, name="Oude koppeling", created_by=user)
    url = reverse("intake:token-revoke", args=[issued.token.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Oude koppeling" in confirm.content.decode()
    assert f'action="{url}"' in confirm.content.decode()
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is None

    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("intake:tokens")
    revoked = PartnerApiToken.objects.get(pk=issued.token.pk)
    assert revoked.revoked_at is not None
    assert revoked.revoked_by == user
    assert authenticate_key(issued.key) is None
    listing = client.get(reverse("intake:tokens")).content.decode()
    assert "app-state--token-revoked" in listing
    assert url not in listing  # nothing left to revoke


def test_the_list_shows_every_own_partner_and_no_other(client: Client, user: User, partner: Partner) -> None:
    second = PartnerFactory.create(name="Stroomlijn")
    RoleAssignment.objects.create(user=user, role=Role.PARTNER_USER, partner=second)
    stranger = PartnerFactory.create(name="Vreemd")
    create_api_token(partner=partner, name="Sleutel Woongoed", created_by=user)
    create_api_token(partner=second, name="Sleutel Stroomlijn", created_by=user)
    create_api_token(partner=stranger, name="Sleutel Vreemd", created_by=None)

    listing = client.get(reverse("intake:tokens")).content.decode()
    assert "Sleutel Woongoed" in listing
    assert "Sleutel Stroomlijn" in listing
    assert "Sleutel Vreemd" not in listing
    assert 'name="partner"' in listing

    assert (
        client.post(reverse("intake:token-create"), {"partner": stranger.pk, "naam": "X"}).status_code == 400
    )
    assert (
        client.post(reverse("intake:token-create"), {"partner": second.pk, "naam": "Nieuw"}).status_code
        == 200
    )
    assert PartnerApiToken.objects.get(name="Nieuw").partner == second
