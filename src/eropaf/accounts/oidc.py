"""Staff login through the organisation's OpenID Connect provider (mozilla-django-oidc).

On when ``OIDC_RP_CLIENT_ID`` and ``OIDC_OP_DISCOVERY_URL`` are set. The provider's endpoints come
from its discovery document, fetched at the first login and kept for an hour, so nothing reaches the
network at start-up or on an ordinary request. An identity is matched to an existing, active account
by one claim (``OIDC_USERNAME_CLAIM``); no account is ever created and no role ever given here. The
ID token is checked for its signature (the provider's JWKS), issuer, audience, expiry and nonce; the
code flow uses PKCE. Why a login failed is left on the request for the callback view to explain.
"""

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from eropaf.accounts.models import User

logger = logging.getLogger(__name__)

_DISCOVERY_PATH = "/.well-known/openid-configuration"
_DISCOVERY_CACHE_SECONDS = 3600
_FAILURE_ATTRIBUTE = "eropaf_oidc_failure"
_STRONG_ATTRIBUTE = "eropaf_oidc_strong"
_IDENTITY_ATTRIBUTE = "eropaf_oidc_identity"
# Where mozilla-django-oidc keeps the ID token (``OIDC_STORE_ID_TOKEN``), for the logout's hint.
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 — a session key, not a secret


class ProviderUnavailable(Exception):
    """The discovery document could not be fetched or is not a usable OpenID configuration."""


@dataclass(frozen=True)
class ProviderConfiguration:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    # OpenID Connect RP-Initiated Logout 1.0: where logging out here ends the provider's session.
    end_session_endpoint: str = ""


@dataclass(frozen=True)
class LoginFailure:
    unknown_identity: bool
    identity: str = ""


_discovered: dict[str, tuple[float, ProviderConfiguration]] = {}


def oidc_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_DISCOVERY_URL)


def provider_configuration() -> ProviderConfiguration:
    url = settings.OIDC_OP_DISCOVERY_URL
    cached = _discovered.get(url)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    try:
        response = httpx.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
        configuration = ProviderConfiguration(
            issuer=str(document["issuer"]),
            authorization_endpoint=str(document["authorization_endpoint"]),
            token_endpoint=str(document["token_endpoint"]),
            jwks_uri=str(document["jwks_uri"]),
            userinfo_endpoint=str(document.get("userinfo_endpoint") or ""),
            end_session_endpoint=str(document.get("end_session_endpoint") or ""),
        )
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as error:
        raise ProviderUnavailable(str(error)) from error
    # OpenID Connect Discovery §4.3: the issuer must be the URL the document was fetched from.
    if configuration.issuer.rstrip("/") + _DISCOVERY_PATH != url:
        raise ProviderUnavailable("the discovery document names another issuer")
    _discovered[url] = (time.monotonic() + _DISCOVERY_CACHE_SECONDS, configuration)
    return configuration


def provider_logout_url(request: HttpRequest) -> str | None:
    """Where to send a user who logs out after logging in through the provider, so that its session
    ends too (RP-Initiated Logout: the ID token as hint, back to the login page afterwards); None
    for a password login, or when the provider offers no logout or cannot be reached. Read before
    Django's logout empties the session."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not oidc_enabled() or not isinstance(id_token, str) or not id_token:
        return None
    try:
        endpoint = provider_configuration().end_session_endpoint
    except ProviderUnavailable:
        logger.warning("OIDC logout at the provider skipped: the provider cannot be reached")
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("accounts:login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def axes_skips_oidc_callback(request: HttpRequest, credentials: Mapping[str, Any] | None) -> bool:
    """django-axes counts failed logins per username and address. An OIDC callback has no username,
    so its failures would pile up on the address alone and, behind a reverse proxy, lock everyone's
    OIDC login. The provider guards its own password; state and nonce here are single-use."""
    has_username = bool(credentials and credentials.get("username"))
    return not has_username and request.path == reverse("accounts:oidc_callback")


def is_strong_login(claims: Mapping[str, Any], *, acr_values: list[str], amr_values: list[str]) -> bool:
    """Did the provider authenticate with more than one factor, by its ``acr`` or ``amr`` claim?"""
    acr = claims.get("acr")
    if isinstance(acr, str) and acr in acr_values:
        return True
    amr = claims.get("amr")
    methods = [amr] if isinstance(amr, str) else amr if isinstance(amr, list) else []
    return any(isinstance(method, str) and method in amr_values for method in methods)


def failure_of(request: HttpRequest) -> LoginFailure | None:
    failure = getattr(request, _FAILURE_ATTRIBUTE, None)
    return failure if isinstance(failure, LoginFailure) else None


def was_strong(request: HttpRequest) -> bool:
    return getattr(request, _STRONG_ATTRIBUTE, False) is True


class StaffOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]  # the library is untyped
    """Authenticates the OIDC callback only; every other ``authenticate()`` call passes it by."""

    def __init__(self) -> None:
        # Django makes a backend for every request of a logged-in user: read nothing, fetch nothing.
        self.UserModel = get_user_model()
        self._issuer = ""
        self._claims: dict[str, Any] = {}

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or "nonce" not in kwargs or "password" in kwargs or not oidc_enabled():
            return None
        try:
            self._configure(provider_configuration())
            user: User | None = super().authenticate(request, **kwargs)
        except (ProviderUnavailable, SuspiciousOperation, OSError, ValueError, KeyError) as error:
            # OSError covers every requests error. The reason goes to the log, never a token.
            logger.warning("OIDC login refused: %s", type(error).__name__)
            setattr(request, _FAILURE_ATTRIBUTE, LoginFailure(unknown_identity=False))
            return None
        if user is None:
            if failure_of(request) is None:
                setattr(request, _FAILURE_ATTRIBUTE, LoginFailure(unknown_identity=False))
            return None
        setattr(
            request,
            _STRONG_ATTRIBUTE,
            is_strong_login(
                self._claims,
                acr_values=settings.OIDC_STRONG_ACR_VALUES,
                amr_values=settings.OIDC_STRONG_AMR_VALUES,
            ),
        )
        return user

    def _configure(self, provider: ProviderConfiguration) -> None:
        self._issuer = provider.issuer
        self.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
        self.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
        self.OIDC_OP_JWKS_ENDPOINT = provider.jwks_uri
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def _verify_jws(self, payload: str | bytes, key: Any) -> dict[str, Any]:
        """The library checks the signature only; OpenID Connect Core §3.1.3.7 asks for more."""
        algorithm = jwt.get_unverified_header(payload).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected signing algorithm")
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=self._issuer,
                options={"require": ["iss", "aud", "sub", "exp", "iat"]},
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation("ID token refused") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for another party")
        return claims

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims, completed by the userinfo endpoint when the provider has one."""
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo is about another subject")
            claims = {**userinfo, **payload}
        self._claims = claims
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        value = claims.get(settings.OIDC_USERNAME_CLAIM)
        return isinstance(value, str) and bool(value.strip())

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        value = str(claims[settings.OIDC_USERNAME_CLAIM]).strip()
        setattr(self.request, _IDENTITY_ATTRIBUTE, value)
        users = User.objects.filter(is_active=True)
        if settings.OIDC_USERNAME_CLAIM == "email":
            return users.filter(email__iexact=value)
        return users.filter(username__iexact=value)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        user: User | None = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            identity = str(getattr(self.request, _IDENTITY_ATTRIBUTE, ""))
            setattr(self.request, _FAILURE_ATTRIBUTE, LoginFailure(unknown_identity=True, identity=identity))
        return user

    def create_user(self, claims: dict[str, Any]) -> User:  # noqa: ARG002 — the library's signature
        raise SuspiciousOperation("accounts are never created from an OIDC login")

    def get_user(self, user_id: int) -> User | None:
        # The library's get_user skips the is_active check; Django's keeps a deactivated user out.
        user = ModelBackend.get_user(self, user_id)
        return user if isinstance(user, User) else None
