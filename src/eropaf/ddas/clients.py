"""OAuth2 client credentials for the DDAS pull API: clients, their secrets and short-lived tokens.

A client is made by an administrator in the Django admin, which shows the secret once. The token
endpoint exchanges the client id and secret for a bearer token with scope ``read`` that lives
``TOKEN_LIFETIME``; only SHA-256 hashes of secrets and tokens are stored, compared in constant time.
"""

import datetime as dt
import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone

from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.ddas.models import DdasAccessToken, DdasClient

SCOPE = "read"
TOKEN_LIFETIME = dt.timedelta(minutes=10)
CLIENT_ID_PREFIX = "ddas-"


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _same(stored_hash: str, value: str) -> bool:
    return hmac.compare_digest(stored_hash, _hash(value))


def register_client(*, client: DdasClient, by: AbstractBaseUser | AnonymousUser | None) -> str:
    """Give a new (unsaved) client its id and secret and store it; returns the secret, never kept."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        client.client_id = f"{CLIENT_ID_PREFIX}{secrets.token_hex(8)}"
        client.secret_hash = _hash(secret)
        client.save()
        record_audit_event(
            actor=by,
            action=AuditAction.CREATE,
            subject_type="ddas_client",
            subject_id=client.pk,
            municipality_code=client.municipality.code,
            description=f"DDAS-client {client.client_id} aangemaakt",
        )
    return secret


def renew_secret(*, client: DdasClient, by: AbstractBaseUser | AnonymousUser | None) -> str:
    """A new secret for the client; the old one and every token issued with it stop working."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        DdasClient.objects.filter(pk=client.pk).update(secret_hash=_hash(secret), updated_at=timezone.now())
        DdasAccessToken.objects.filter(client=client).delete()
        record_audit_event(
            actor=by,
            action=AuditAction.UPDATE,
            subject_type="ddas_client",
            subject_id=client.pk,
            municipality_code=client.municipality.code,
            description=f"Nieuw geheim voor DDAS-client {client.client_id}",
        )
    return secret


def authenticate_client(client_id: str, secret: str) -> DdasClient | None:
    """The active client with this id and secret, or None.

    A refusal for an existing client is audited; unknown ids are not, so that anonymous requests
    cannot fill the audit trail.
    """
    client = DdasClient.objects.select_related("municipality").filter(client_id=client_id).first()
    if client is None:
        return None
    if client.is_active and _same(client.secret_hash, secret):
        return client
    with transaction.atomic():
        record_audit_event(
            actor=None,
            actor_label=f"ddas:{client.client_id}",
            action=AuditAction.LOGIN_FAILED,
            subject_type="ddas_client",
            subject_id=client.pk,
            municipality_code=client.municipality.code,
            description="DDAS-token geweigerd: inactieve client of onjuist geheim",
        )
    return None


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    scope: str


def issue_token(*, client: DdasClient) -> IssuedToken:
    """A fresh bearer token; the client's expired tokens are removed in the same transaction."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        DdasAccessToken.objects.filter(client=client, expires_at__lte=now).delete()
        DdasAccessToken.objects.create(
            client=client,
            token_hash=_hash(token),
            scope=SCOPE,
            issued_at=now,
            expires_at=now + TOKEN_LIFETIME,
        )
        DdasClient.objects.filter(pk=client.pk).update(last_used_at=now)
        record_audit_event(
            actor=None,
            actor_label=f"ddas:{client.client_id}",
            action=AuditAction.LOGIN,
            subject_type="ddas_client",
            subject_id=client.pk,
            municipality_code=client.municipality.code,
            description="DDAS-token uitgegeven",
        )
    return IssuedToken(access_token=token, expires_in=int(TOKEN_LIFETIME.total_seconds()), scope=SCOPE)


class TokenRefusal(enum.Enum):
    """Why a bearer token was refused, as the FSC error code the API answers with."""

    MISSING = "ERROR_CODE_ACCESS_TOKEN_MISSING"
    INVALID = "ERROR_CODE_ACCESS_TOKEN_INVALID"
    EXPIRED = "ERROR_CODE_ACCESS_TOKEN_EXPIRED"


def client_for_token(token: str) -> DdasClient | TokenRefusal:
    """The active client a live token with scope ``read`` belongs to, or why it was refused."""
    if not token:
        return TokenRefusal.MISSING
    found = (
        DdasAccessToken.objects.select_related("client", "client__municipality")
        .filter(token_hash=_hash(token))
        .first()
    )
    if found is None or not found.client.is_active or found.scope != SCOPE:
        return TokenRefusal.INVALID
    if found.expires_at <= timezone.now():
        return TokenRefusal.EXPIRED
    return found.client
