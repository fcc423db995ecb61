"""Audit records for logging in and out; the login view calls these, no signal receivers."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event

_USERNAME_MAX_LENGTH = 64  # AuditEvent.subject_id


def record_login(*, user: AbstractBaseUser) -> None:
    with transaction.atomic():
        record_audit_event(actor=user, action=AuditAction.LOGIN, subject_type="user", subject_id=user.pk)


def record_failed_login(*, username: str) -> None:
    """Only the username that was tried is kept, never the password or anything else typed."""
    with transaction.atomic():
        record_audit_event(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            subject_type="user",
            subject_id=username.strip()[:_USERNAME_MAX_LENGTH],
        )


def record_logout(*, user: AbstractBaseUser) -> None:
    with transaction.atomic():
        record_audit_event(actor=user, action=AuditAction.LOGOUT, subject_type="user", subject_id=user.pk)
