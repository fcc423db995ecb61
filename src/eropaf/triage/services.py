"""Writes of the triage app: drafts from a preset or a file, and activating a version (audited).

A policy is validated completely before anything is stored, and again when it is activated: an
invalid policy is never stored as a draft and never (half) activated.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from eropaf.accounts.models import User
from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.organisations.models import Municipality
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import Policy, load_policy_yaml, parse_policy, policy_as_data
from eropaf.triage.presets import preset


def _user(user: AnyUser | None) -> User | None:
    return user if isinstance(user, User) else None


def create_draft(
    *, user: AnyUser | None, municipality: Municipality, policy: Policy, source: str
) -> PolicyVersion:
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        highest = PolicyVersion.objects.filter(municipality=municipality).aggregate(Max("number"))[
            "number__max"
        ]
        version = PolicyVersion.objects.create(
            municipality=municipality,
            number=(highest or 0) + 1,
            name=policy.name,
            source=source[:100],
            document=policy_as_data(policy),
            created_by=_user(user),
        )
        record_audit_event(
            actor=user,
            action=AuditAction.CREATE,
            subject_type="policy_version",
            subject_id=version.pk,
            municipality_code=municipality.code,
            description=f"afwegingskader {version.name} versie {version.number} als concept ({source[:60]})",
        )
    return version


def draft_from_preset(*, user: AnyUser | None, municipality: Municipality, name: str) -> PolicyVersion:
    return create_draft(user=user, municipality=municipality, policy=preset(name), source=f"voorbeeld {name}")


def draft_from_yaml(
    *, user: AnyUser | None, municipality: Municipality, text: str | bytes, file_name: str
) -> PolicyVersion:
    """Raises PolicyInvalid (every mistake, in Dutch) before anything is stored."""
    return create_draft(user=user, municipality=municipality, policy=load_policy_yaml(text), source=file_name)


def activate(*, user: AnyUser | None, version: PolicyVersion) -> PolicyVersion:
    """Make ``version`` the municipality's active policy and retire the one before, in one
    transaction; a version whose policy does not validate raises PolicyInvalid and changes nothing."""
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=version.municipality_id).first()
        current = PolicyVersion.objects.select_for_update().get(pk=version.pk)
        parse_policy(current.document)
        now = timezone.now()
        PolicyVersion.objects.filter(
            municipality_id=current.municipality_id, status=PolicyStatus.ACTIVE
        ).exclude(pk=current.pk).update(status=PolicyStatus.RETIRED, retired_at=now, updated_at=now)
        current.status = PolicyStatus.ACTIVE
        current.activated_by = _user(user)
        current.activated_at = now
        current.save(update_fields=["status", "activated_by", "activated_at", "updated_at"])
        record_audit_event(
            actor=user,
            action=AuditAction.UPDATE,
            subject_type="policy_version",
            subject_id=current.pk,
            municipality_code=current.municipality.code,
            description=f"afwegingskader {current.name} versie {current.number} geactiveerd",
        )
    return current
