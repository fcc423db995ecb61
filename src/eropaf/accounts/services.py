"""Audit records for logging in and out, and the second factor: enrolling an authenticator app,
confirming its code, resetting it. The views call these; no signal receivers."""

import datetime as dt
import enum
import time
from binascii import unhexlify
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from eropaf.accounts.two_factor import locked_until
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.errors import ApplicationError

_USERNAME_MAX_LENGTH = 64  # AuditEvent.subject_id
_CODE_DIGITS = 6
_TOLERANCE_STEPS = 1  # one 30-second step either side, for clocks that are a little off
DEVICE_NAME = "Authenticator-app"


def record_login(*, user: AbstractBaseUser, method: str = "") -> None:
    with transaction.atomic():
        record_audit_event(
            actor=user, action=AuditAction.LOGIN, subject_type="user", subject_id=user.pk, description=method
        )


def record_failed_login(*, username: str, reason: str = "") -> None:
    """Only the username that was tried is kept, never the password or anything else typed."""
    with transaction.atomic():
        record_audit_event(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            subject_type="user",
            subject_id=username.strip()[:_USERNAME_MAX_LENGTH],
            description=reason,
        )


def record_logout(*, user: AbstractBaseUser) -> None:
    with transaction.atomic():
        record_audit_event(actor=user, action=AuditAction.LOGOUT, subject_type="user", subject_id=user.pk)


# ----------------------------------------------------------------------------------------------
# The second factor
# ----------------------------------------------------------------------------------------------


def _clean_code(code: str) -> int | None:
    digits = "".join(code.split())
    if len(digits) != _CODE_DIGITS or not digits.isdigit():
        return None
    return int(digits)


def enrol_totp_device(*, user: AbstractBaseUser, key: str, code: str) -> TOTPDevice | None:
    """Confirm a new authenticator app with its first code; None when the code does not fit the key.

    The key lives only in the session until this moment, so an app that was never confirmed leaves
    nothing behind. A user who already has a confirmed app cannot add a second one this way.
    """
    token = _clean_code(code)
    totp = TOTP(unhexlify(key.encode()), step=30, t0=0, digits=_CODE_DIGITS, drift=0)
    totp.time = time.time()
    if token is None or not totp.verify(token, _TOLERANCE_STEPS):
        return None
    with transaction.atomic():
        if TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
            raise ApplicationError(_("You already have an authenticator app. Ask for a reset to replace it."))
        TOTPDevice.objects.filter(user_id=user.pk).delete()
        device = TOTPDevice.objects.create(
            user_id=user.pk, name=DEVICE_NAME, key=key, confirmed=True, last_t=totp.t()
        )
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="user",
            subject_id=user.pk,
            description="two-factor authenticator app enrolled",
        )
    return device


class SecondFactorOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class SecondFactorResult:
    outcome: SecondFactorOutcome
    device: Device | None = None
    locked_until: dt.datetime | None = None


Verifier = Callable[[TOTPDevice], Device | None]
"""Given the user's app (locked for the update, an expired lockout's count cleared): the device that
confirmed the code, or None after counting the wrong code on the app."""


def confirm_with_app(
    *, user: AbstractBaseUser, verify: Verifier, method: str, wrong: str
) -> SecondFactorResult:
    """The second step with the app's lockout around ``verify``: refused while locked, a login when
    ``verify`` confirms (audited with ``method``), a failed login (``wrong``) and perhaps the lock when
    it does not."""
    now = timezone.now()
    with transaction.atomic():
        app = TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True).first()
        if app is None:
            raise ApplicationError(_("You have no authenticator app yet."))
        until = locked_until(app, now=now)
        if until is not None:
            return _locked(user, until)
        if app.throttling_failure_count >= settings.TWO_FACTOR_FAILURE_LIMIT:
            app.throttle_reset(commit=False)  # an earlier lockout has expired: a fresh count
        device = verify(app)
        if device is not None:
            record_audit_event(
                actor=user,
                action=AuditAction.LOGIN,
                subject_type="user",
                subject_id=user.pk,
                description=f"second factor confirmed ({method})",
            )
            return SecondFactorResult(SecondFactorOutcome.CONFIRMED, device=device)
        record_second_factor_failure(user, wrong)
        until = locked_until(app, now=now)
        if until is not None:
            return _locked(user, until)
        return SecondFactorResult(SecondFactorOutcome.WRONG)


def _locked(user: AbstractBaseUser, until: dt.datetime) -> SecondFactorResult:
    record_second_factor_failure(user, "second factor locked")
    return SecondFactorResult(SecondFactorOutcome.LOCKED, locked_until=until)


def confirm_second_factor(*, user: AbstractBaseUser, code: str) -> SecondFactorResult:
    """Check a code against the user's app, counting wrong codes; locks after too many in a row.

    Every wrong code and every lockout is a failed login in the audit trail; a right code is a login.
    """
    token = _clean_code(code)

    def verify(app: TOTPDevice) -> Device | None:
        if token is not None and app.verify_token(token):  # counts a wrong code itself
            return app
        if token is None:
            app.throttle_increment(commit=True)
        return None

    return confirm_with_app(user=user, verify=verify, method="TOTP", wrong="wrong second-factor code")


def record_second_factor_failure(user: AbstractBaseUser, reason: str) -> None:
    record_audit_event(
        actor=user,
        action=AuditAction.LOGIN_FAILED,
        subject_type="user",
        subject_id=user.pk,
        description=reason,
    )


def reset_second_factor(*, user: AbstractBaseUser, by: AbstractBaseUser) -> None:
    """Remove the user's authenticator app (lost phone); the next login enrols a new one."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=user.pk).delete()
        StaticDevice.objects.filter(user_id=user.pk).delete()  # the recovery codes go with the app
        record_audit_event(
            actor=by,
            action=AuditAction.DELETE,
            subject_type="user",
            subject_id=user.pk,
            description="two-factor authenticator app reset",
        )
