"""Login through the organisation's OpenID Connect provider, end to end against a local provider:
the login button → the provider → the callback → logged in, and every way it must be refused."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from eropaf.accounts.models import User
from eropaf.accounts.oidc import is_strong_login
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from tests.accounts.oidc_provider import FakeProvider
from tests.factories import PASSWORD, make_user_with_role

pytestmark = pytest.mark.django_db

NOT_LINKED = "niet gekoppeld aan een account in Eropaf"
REFUSED = "Inloggen via uw organisatie is niet gelukt"


@pytest.fixture
def provider(settings: Settings) -> Iterator[FakeProvider]:
    with FakeProvider() as running:
        settings.OIDC_RP_CLIENT_ID = running.client_id
        settings.OIDC_RP_CLIENT_SECRET = running.client_secret
        settings.OIDC_OP_DISCOVERY_URL = running.discovery_url
        settings.OIDC_PROVIDER_NAME = "Gemeente-account"
        yield running


@pytest.fixture
def worker() -> User:
    return make_user_with_role(Role.CASE_WORKER, username="medewerker")


def through_provider(client: Client, *, next_url: str = "") -> Any:  # the test client's response
    """Press the login button, let the provider answer, and follow it back to the callback."""
    start = client.get(reverse("accounts:oidc_login") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302, start
    at_provider = httpx.get(start["Location"], follow_redirects=False)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["location"])
    assert back.path == reverse("accounts:oidc_callback")
    return client.get(f"{back.path}?{back.query}")


def logged_in_as(client: Client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


def messages_of(response: Any) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_the_login_page_offers_the_provider_when_configured(client: Client, provider: FakeProvider) -> None:
    page = client.get(reverse("accounts:login") + "?next=/zaken/").content.decode()

    assert "Inloggen met Gemeente-account" in page
    assert f"{reverse('accounts:oidc_login')}?next=/zaken/" in page


def test_without_configuration_there_is_no_button_and_no_endpoint(client: Client) -> None:
    assert reverse("accounts:oidc_login") not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


def test_the_whole_code_flow_logs_the_user_in(client: Client, provider: FakeProvider, worker: User) -> None:
    response = through_provider(client, next_url=reverse("cases:list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:list")
    assert logged_in_as(client) == "medewerker"
    assert client.get(reverse("cases:list")).status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.LOGIN).get()
    assert (event.actor, event.description) == (worker, "OIDC")


def test_the_provider_got_a_pkce_verifier_and_the_client_secret(
    client: Client, provider: FakeProvider, worker: User
) -> None:
    through_provider(client)

    (request,) = provider.token_requests
    assert request["code_verifier"][0]
    assert request["client_secret"] == [provider.client_secret]
    assert request["redirect_uri"] == ["http://testserver" + reverse("accounts:oidc_callback")]


def test_the_start_sends_state_nonce_and_a_challenge(client: Client, provider: FakeProvider) -> None:
    location = urlsplit(client.get(reverse("accounts:oidc_login"))["Location"])
    query = parse_qs(location.query)

    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{provider.issuer}/authorize"
    assert query["client_id"] == [provider.client_id]
    assert query["state"][0]
    assert query["nonce"][0]
    assert query["code_challenge_method"] == ["S256"]


def test_users_can_be_matched_by_email(client: Client, provider: FakeProvider, settings: Settings) -> None:
    settings.OIDC_USERNAME_CLAIM = "email"
    make_user_with_role(Role.CASE_WORKER, username="j.devries")
    User.objects.filter(username="j.devries").update(email="J.deVries@gemeente.example")
    provider.identity = {"sub": "x1", "email": "j.devries@gemeente.example"}

    through_provider(client)

    assert logged_in_as(client) == "j.devries"


def test_claims_from_userinfo_count_too(client: Client, provider: FakeProvider, worker: User) -> None:
    provider.identity = {"sub": "only-sub"}
    provider.userinfo_extra = {"preferred_username": "medewerker"}

    through_provider(client)

    assert logged_in_as(client) == "medewerker"


def test_an_unknown_identity_is_refused_with_a_dutch_message(client: Client, provider: FakeProvider) -> None:
    provider.identity = {"sub": "nobody", "preferred_username": "onbekend"}

    response = through_provider(client)

    assert response["Location"] == reverse("accounts:login")
    assert logged_in_as(client) is None
    assert NOT_LINKED in messages_of(response)
    assert not User.objects.filter(username="onbekend").exists()  # never created
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert (event.subject_id, event.description) == ("onbekend", "OIDC: unknown identity")


def test_failed_oidc_logins_do_not_lock_out_the_address(client: Client, provider: FakeProvider) -> None:
    """Behind a reverse proxy everyone shares one address: failures without a username must not
    lock every OIDC login of the organisation (django-axes would, counting the address alone)."""
    provider.identity = {"sub": "nobody", "preferred_username": "onbekend"}
    for _ in range(7):
        through_provider(client)
    make_user_with_role(Role.CASE_WORKER, username="medewerker")
    provider.identity = {"sub": "f2c1", "preferred_username": "medewerker"}

    through_provider(client)

    assert logged_in_as(client) == "medewerker"


def test_failed_password_logins_are_still_locked_out(client: Client, worker: User) -> None:
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "medewerker", "password": "wrong-password-12"})

    response = client.post(reverse("accounts:login"), {"username": "medewerker", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert response.status_code in {403, 429}


def test_a_deactivated_account_is_refused(client: Client, provider: FakeProvider, worker: User) -> None:
    User.objects.filter(pk=worker.pk).update(is_active=False)

    response = through_provider(client)

    assert logged_in_as(client) is None
    assert NOT_LINKED in messages_of(response)


def test_a_wrong_signature_is_refused(client: Client, provider: FakeProvider, worker: User) -> None:
    provider.sign_with_unknown_key = True

    response = through_provider(client)

    assert response["Location"] == reverse("accounts:login")
    assert logged_in_as(client) is None
    assert REFUSED in messages_of(response)
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGIN_FAILED, description="OIDC: login refused"
    ).exists()


def test_a_wrong_nonce_is_refused(client: Client, provider: FakeProvider, worker: User) -> None:
    provider.nonce_override = "a-nonce-from-another-login"

    response = through_provider(client)

    assert logged_in_as(client) is None
    assert REFUSED in messages_of(response)


def test_a_token_for_another_client_is_refused(client: Client, provider: FakeProvider, worker: User) -> None:
    provider.audience_override = "another-application"

    through_provider(client)

    assert logged_in_as(client) is None


def test_a_wrong_state_is_refused(client: Client, provider: FakeProvider, worker: User) -> None:
    start = client.get(reverse("accounts:oidc_login"))
    at_provider = httpx.get(start["Location"], follow_redirects=False)
    back = urlsplit(at_provider.headers["location"])
    code = parse_qs(back.query)["code"][0]

    response = client.get(back.path, {"code": code, "state": "forged-state"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert logged_in_as(client) is None
    assert REFUSED in messages_of(response)
    assert provider.token_requests == []  # the code was never exchanged


def test_a_callback_without_a_started_login_is_refused(client: Client, provider: FakeProvider) -> None:
    response = client.get(reverse("accounts:oidc_callback"), {"code": "abc", "state": "xyz"})

    assert response["Location"] == reverse("accounts:login")
    assert logged_in_as(client) is None


def test_an_error_from_the_provider_is_refused(client: Client, provider: FakeProvider) -> None:
    response = client.get(reverse("accounts:oidc_callback"), {"error": "access_denied", "state": "xyz"})

    assert response["Location"] == reverse("accounts:login")
    assert REFUSED in messages_of(response)


def test_an_unreachable_provider_gives_a_message(client: Client, settings: Settings) -> None:
    settings.OIDC_RP_CLIENT_ID = "eropaf"
    settings.OIDC_OP_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"

    response = client.get(reverse("accounts:oidc_login"))

    assert response["Location"] == reverse("accounts:login")
    assert "kan niet worden bereikt" in messages_of(response)


def test_a_password_login_never_reaches_the_provider(
    client: Client, provider: FakeProvider, worker: User
) -> None:
    """The OIDC backend answers only the callback, even with a code and state in the URL."""
    response = client.post(
        reverse("accounts:login") + "?code=abc&state=xyz",
        {"username": "medewerker", "password": "wrong-password-entirely"},
    )

    assert response.status_code == 200
    assert provider.token_requests == []


# -- strong authentication -------------------------------------------------------------------


def test_a_multi_factor_login_at_the_provider_needs_no_code_here(
    client: Client, provider: FakeProvider, worker: User, settings: Settings
) -> None:
    settings.STAFF_TWO_FACTOR = True
    provider.identity = {**provider.identity, "amr": ["pwd", "mfa"]}

    through_provider(client)

    assert client.get(reverse("cases:list")).status_code == 200
    assert AuditEvent.objects.get(action=AuditAction.LOGIN).description == "OIDC, multi-factor"


def test_an_acr_named_strong_counts_too(
    client: Client, provider: FakeProvider, worker: User, settings: Settings
) -> None:
    settings.STAFF_TWO_FACTOR = True
    settings.OIDC_STRONG_ACR_VALUES = ["urn:gemeente:loa:substantial"]
    provider.identity = {**provider.identity, "acr": "urn:gemeente:loa:substantial"}

    through_provider(client)

    assert client.get(reverse("cases:list")).status_code == 200


def test_a_password_only_login_at_the_provider_still_asks_for_the_code(
    client: Client, provider: FakeProvider, worker: User, settings: Settings
) -> None:
    settings.STAFF_TWO_FACTOR = True
    provider.identity = {**provider.identity, "amr": ["pwd"]}

    through_provider(client)

    response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == reverse("accounts:two_factor_setup")


@pytest.mark.parametrize(
    ("claims", "strong"),
    [
        ({"amr": ["pwd", "mfa"]}, True),
        ({"amr": "mfa"}, True),
        ({"amr": ["pwd"]}, False),
        ({"acr": "substantial"}, True),
        ({"acr": "low"}, False),
        ({"acr": 3, "amr": [1]}, False),
        ({}, False),
    ],
)
def test_strong_login_is_decided_by_acr_or_amr(claims: dict[str, object], strong: bool) -> None:
    assert is_strong_login(claims, acr_values=["substantial"], amr_values=["mfa"]) is strong


def test_logging_out_ends_the_session_at_the_provider_too(
    client: Client, provider: FakeProvider, worker: User
) -> None:
    through_provider(client)

    response = client.post(reverse("accounts:logout"))

    assert logged_in_as(client) is None
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{provider.issuer}/logout"
    query = parse_qs(location.query)
    assert query["id_token_hint"] == provider.issued_id_tokens
    assert query["client_id"] == [provider.client_id]
    assert query["post_logout_redirect_uri"] == ["http://testserver" + reverse("accounts:login")]
    back = httpx.get(response["Location"], follow_redirects=False)
    assert back.headers["location"] == "http://testserver" + reverse("accounts:login")
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=worker).exists()


def test_a_password_login_logs_out_here_only(client: Client, provider: FakeProvider, worker: User) -> None:
    client.force_login(worker)  # as a password login leaves it: no ID token in the session

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("accounts:login")
    assert provider.logouts == []


def test_without_a_logout_at_the_provider_the_logout_is_local(
    client: Client, provider: FakeProvider, worker: User
) -> None:
    provider.offers_logout = False  # read at the first login: each provider has its own address
    through_provider(client)

    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == reverse("accounts:login")
    assert logged_in_as(client) is None
