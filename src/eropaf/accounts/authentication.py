"""Partner systems authenticate to the partner API with a key: ``Authorization: Bearer <key>``.

A partner system is not a person, so it gets no ``User``: the request's user is a small principal
that stands for the partner, and ``request.auth`` is the live ``PartnerApiToken`` it used. Partner
endpoints accept only this authentication, so a logged-in session never reaches them.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from eropaf.accounts.api_tokens import authenticate_key
from eropaf.accounts.models import PartnerApiToken
from eropaf.organisations.models import Partner

SCHEMES = (b"bearer", b"token")


@dataclass(frozen=True, eq=False)
class PartnerClient:
    """The partner system behind a request: who delivers, and with which key."""

    partner: Partner
    token: PartnerApiToken

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def get_username(self) -> str:
        return f"api:{self.token.prefix}"

    def __str__(self) -> str:
        return f"{self.partner.code} ({self.get_username()})"


class PartnerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer <key>`` (``Token <key>`` is accepted too); other schemes pass by."""

    def authenticate(self, request: Request) -> tuple[PartnerClient, PartnerApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in SCHEMES:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Send exactly one API key: Authorization: Bearer <key>."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("This API key is not valid.")) from error
        token = authenticate_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("This API key is unknown, revoked or expired."))
        return PartnerClient(partner=token.partner, token=token), token

    def authenticate_header(self, request: Request) -> str:  # noqa: ARG002 — DRF's signature
        return 'Bearer realm="eropaf-partner-api"'


class IsPartnerClient(BasePermission):
    """Only a partner system with a live key; never a person's session."""

    message = _("Only a partner system with an API key may use this endpoint.")

    def has_permission(self, request: Request, view: APIView) -> bool:  # noqa: ARG002 — DRF's signature
        user: object = request.user
        return isinstance(user, PartnerClient) and isinstance(request.auth, PartnerApiToken)


def partner_of(request: Request) -> Partner:
    """The partner a request authenticated as; only call behind ``IsPartnerClient``."""
    client: object = request.user
    if not isinstance(client, PartnerClient):
        raise exceptions.NotAuthenticated
    return client.partner


class PartnerTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """Shows the partner key as an HTTP bearer scheme in the OpenAPI document."""

    target_class = "eropaf.accounts.authentication.PartnerTokenAuthentication"
    name = "partnerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:  # noqa: ARG002
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "eropaf_<prefix>_<secret>",
            "description": "A partner API key, made in the partner portal or with "
            "`eropaf api_token create`. Send it as `Authorization: Bearer <key>`.",
        }
