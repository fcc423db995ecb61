"""Who must confirm a second factor, and whether this session has.

The rule (docs/login.md, ADR 0015): with ``STAFF_TWO_FACTOR`` on, every user who is not only a
partner user confirms a TOTP code after the password; anyone who enrolled an app (a partner user
who chose to) is always asked for it. A login through the organisation's OIDC provider that the
provider marks as multi-factor counts as the second factor.
"""

import datetime as dt

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import roles_of

# Set in the session by a login that was already strong (the OIDC provider's own multi-factor).
STRONG_LOGIN_SESSION_KEY = "eropaf_strong_login"
_PENDING_ATTRIBUTE = "_eropaf_second_factor_pending"


def is_partner_only(roles: frozenset[Role]) -> bool:
    """Partner users who hold no other role are not staff; everybody else is (no role included)."""
    return bool(roles) and roles <= {Role.PARTNER_USER}


def confirmed_device_of(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    if not user.is_authenticated or user.pk is None:
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def second_factor_required(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    if confirmed_device_of(user) is not None:
        return True
    return bool(settings.STAFF_TWO_FACTOR) and not is_partner_only(roles_of(user))


def second_factor_done(request: HttpRequest) -> bool:
    """The session confirmed a TOTP code (django-otp's middleware) or logged in strongly."""
    session = getattr(request, "session", None)  # a request built outside the middleware has none
    if session is not None and session.get(STRONG_LOGIN_SESSION_KEY):
        return True
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def second_factor_pending(request: HttpRequest) -> bool:
    """Logged in with the first factor only, while a second one is required. Asked once per request."""
    cached = getattr(request, _PENDING_ATTRIBUTE, None)
    if cached is None:
        cached = (
            request.user.is_authenticated
            and not second_factor_done(request)
            and second_factor_required(request.user)
        )
        setattr(request, _PENDING_ATTRIBUTE, cached)
    return bool(cached)


def forget_pending(request: HttpRequest) -> None:
    """After the second step in this request, the cached answer is stale."""
    if hasattr(request, _PENDING_ATTRIBUTE):
        delattr(request, _PENDING_ATTRIBUTE)


def locked_until(device: TOTPDevice, *, now: dt.datetime) -> dt.datetime | None:
    """The end of a lockout after too many wrong codes in a row, or None when not locked."""
    if device.throttling_failure_count < settings.TWO_FACTOR_FAILURE_LIMIT:
        return None
    if device.throttling_failure_timestamp is None:
        return None
    until = device.throttling_failure_timestamp + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return until if until > now else None


def ids_with_an_app(user_ids: list[int]) -> set[int]:
    """Which of these users have a confirmed authenticator app."""
    return set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list("user_id", flat=True)
    )
