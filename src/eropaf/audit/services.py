"""Recording audit events. Callers run inside their own ``transaction.atomic()`` so the event
is written in the same transaction as the change (or the read) it describes."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from eropaf.audit.models import AuditAction, AuditEvent


def record_audit_event(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction,
    subject_type: str,
    subject_id: object = "",
    municipality_code: str = "",
    case_ids: Iterable[int] = (),
    signal_ids: Iterable[int] = (),
    description: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Descriptions name what was done, never the person's BSN, name or amounts.

    ``actor_label`` names an actor that is not a user, such as a partner system's API key.
    """
    user = actor if isinstance(actor, AbstractBaseUser) else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        actor_username=user.get_username() if user is not None else actor_label[:150],
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        municipality_code=municipality_code,
        case_ids=sorted(case_ids),
        signal_ids=sorted(signal_ids),
        description=description[:300],
    )
