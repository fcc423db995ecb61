"""Recovery codes: ten one-time codes that stand in for the authenticator app's code when the phone
is not at hand (django-otp's static device).

They are made when the app is set up, and again on request. They are shown once and stored only as a
hash: someone who reads the database learns no usable code. A code works once. A wrong code counts
towards the app's lockout, as a wrong app code does. Resetting the app removes the codes as well
(``services.reset_second_factor``).
"""

import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from eropaf.accounts.services import SecondFactorResult, confirm_with_app
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.errors import ApplicationError

CODE_COUNT = 10
DEVICE_NAME = "Herstelcodes"
# No 0/o, 1/l/i: read off paper. Twelve of these are about 59 bits.
ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 12
_GROUP = 4


def normalised(code: str) -> str | None:
    """The code as stored before hashing: lower case, without spaces and dashes; None when it cannot
    be a recovery code at all."""
    cleaned = "".join(code.lower().replace("-", " ").split())
    if len(cleaned) != CODE_LENGTH or any(character not in ALPHABET for character in cleaned):
        return None
    return cleaned


def _digest(user_pk: object, code: str) -> str:
    # 64 bits of SHA-256 over the user and the code: StaticToken.token holds 16 characters.
    return hashlib.sha256(f"{user_pk}:{code}".encode()).hexdigest()[:16]


def _shown(code: str) -> str:
    return "-".join(code[start : start + _GROUP] for start in range(0, len(code), _GROUP))


def make_recovery_codes(*, user: AbstractBaseUser) -> list[str]:
    """New codes for a user with an app, replacing any earlier ones; the codes to show, once."""
    codes = ["".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(CODE_COUNT)]
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
            raise ApplicationError(_("Set up your authenticator app first."))
        # The same device with new tokens: a session confirmed with a recovery code stays confirmed.
        device = StaticDevice.objects.filter(user_id=user.pk).order_by("pk").first()
        if device is None:
            device = StaticDevice.objects.create(user_id=user.pk, name=DEVICE_NAME, confirmed=True)
        StaticToken.objects.filter(device__user_id=user.pk).delete()
        StaticDevice.objects.filter(user_id=user.pk).exclude(pk=device.pk).delete()
        StaticToken.objects.bulk_create(
            [StaticToken(device=device, token=_digest(user.pk, code)) for code in codes]
        )
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="user",
            subject_id=user.pk,
            description="two-factor recovery codes made",
        )
    return [_shown(code) for code in codes]


def codes_left(user: AbstractBaseUser) -> int:
    return int(StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count())


def confirm_recovery_code(*, user: AbstractBaseUser, code: str) -> SecondFactorResult:
    """Use up one recovery code as the second factor; wrong codes count towards the app's lockout."""
    token = normalised(code)

    def verify(app: TOTPDevice) -> Device | None:
        device = StaticDevice.objects.filter(user_id=user.pk, confirmed=True).first()
        if token is not None and device is not None and device.verify_token(_digest(user.pk, token)):
            app.throttle_reset(commit=True)
            return device
        app.throttle_increment(commit=True)
        return None

    return confirm_with_app(user=user, verify=verify, method="recovery code", wrong="wrong recovery code")
