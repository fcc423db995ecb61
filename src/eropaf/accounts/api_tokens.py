"""Partner API tokens: made by a partner user, shown once, stored as a hash, revocable.

A key looks like ``eropaf_<prefix>_<secret>``; the prefix finds the token, the SHA-256 of the
whole key (compared in constant time) proves it. 256 bits of randomness make a slow hash needless.

A key works for one partner and only on the partner endpoints. Every key expires: at the day its
maker chose, and at the latest ``PARTNER_API_TOKEN_MAX_DAYS`` after it was made.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import PartnerApiToken, User
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.errors import NotPermitted
from eropaf.organisations.models import Partner

KEY_PREFIX = "eropaf"


@dataclass(frozen=True)
class IssuedToken:
    token: PartnerApiToken
    key: str
    """The secret key: shown to the partner once, never stored."""


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _within_maximum_lifetime(expires_at: dt.datetime | None) -> dt.datetime | None:
    """No key lives forever: without a chosen end, or with one too far away, the maximum applies."""
    max_days = settings.PARTNER_API_TOKEN_MAX_DAYS
    if max_days <= 0:
        return expires_at
    latest = timezone.now() + dt.timedelta(days=max_days)
    return latest if expires_at is None or expires_at > latest else expires_at


def create_api_token(
    *,
    partner: Partner,
    name: str,
    created_by: AbstractBaseUser | None,
    expires_at: dt.datetime | None = None,
) -> IssuedToken:
    expires_at = _within_maximum_lifetime(expires_at)
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = PartnerApiToken.objects.create(
            partner=partner,
            name=name.strip()[:100],
            prefix=prefix,
            key_hash=_hash(key),
            created_by=created_by if isinstance(created_by, User) else None,
            expires_at=expires_at,
        )
        record_audit_event(
            actor=created_by,
            action=AuditAction.CREATE,
            subject_type="api_token",
            subject_id=token.pk,
            description=f"API token {prefix} for partner {partner.code}",
        )
    return IssuedToken(token=token, key=key)


def revoke_api_token(*, token: PartnerApiToken, revoked_by: AbstractBaseUser) -> None:
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.revoked_by = revoked_by if isinstance(revoked_by, User) and revoked_by.pk is not None else None
        token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        record_audit_event(
            actor=revoked_by,
            action=AuditAction.UPDATE,
            subject_type="api_token",
            subject_id=token.pk,
            description=f"API token {token.prefix} revoked",
        )


def tokens_of_partner(*, partner: Partner) -> list[PartnerApiToken]:
    return list(PartnerApiToken.objects.filter(partner=partner).select_related("created_by", "revoked_by"))


def get_token_of_partner(*, partner: Partner, token_id: int) -> PartnerApiToken:
    token = PartnerApiToken.objects.filter(partner=partner, pk=token_id).first()
    if token is None:
        raise NotPermitted(_("This key does not exist or is not one of your organisation's."))
    return token


def authenticate_key(key: str) -> PartnerApiToken | None:
    """The live token this key belongs to, or None (unknown, wrong, revoked or expired)."""
    parts = key.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    token = PartnerApiToken.objects.select_related("partner").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key.strip())):
        return None
    now = timezone.now()
    if token.revoked_at is not None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        PartnerApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
