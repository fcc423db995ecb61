"""Reads of the audit trail, each limited to what the user may see."""

from typing import Any

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from eropaf.audit.models import AuditAction, AuditEvent, AuditSubject, SubjectKind

# The value of accounts.roles.Role.ADMINISTRATOR (accounts sits above audit in the layers).
ADMINISTRATOR_ROLE = "administrator"
# The subject type of a person search, recorded by services.search_person_in_audit.
PERSON_SEARCH_SUBJECT = "audit_trail"


def administered_municipality_codes(*, user: AbstractBaseUser | AnonymousUser) -> frozenset[str] | None:
    """The codes of the municipalities the user is functional administrator of; None for a
    superuser, who may read the whole trail."""
    if getattr(user, "is_superuser", False):
        return None
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    municipality_model = apps.get_model("organisations", "Municipality")
    return frozenset(
        municipality_model.objects.filter(
            role_assignments__user_id=user.pk, role_assignments__role=ADMINISTRATOR_ROLE
        ).values_list("code", flat=True)
    )


def may_read_audit_trail(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    codes = administered_municipality_codes(user=user)
    return codes is None or bool(codes)


def audit_events_for_user(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[AuditEvent]:
    """Superusers: every event. A functional administrator: the events of their municipalities and
    their own (a search has no municipality of its own). Anyone else: none."""
    codes = administered_municipality_codes(user=user)
    events = AuditEvent.objects.all()
    if codes is None:
        return events
    if not codes:
        return events.none()
    return events.filter(Q(municipality_code__in=codes) | Q(actor_id=user.pk))


def get_person_search_for_user(
    *, user: AbstractBaseUser | AnonymousUser, search_id: int
) -> AuditEvent | None:
    """A person search the user may build on: their own, or any for a superuser."""
    searches = audit_events_for_user(user=user).filter(
        action=AuditAction.SEARCH, subject_type=PERSON_SEARCH_SUBJECT
    )
    if not getattr(user, "is_superuser", False):
        searches = searches.filter(actor_id=user.pk)
    return searches.filter(pk=search_id).first()


def events_naming_subjects_of(*, search: AuditEvent) -> "QuerySet[AuditSubject, Any]":
    """The ids of events naming any case or signal of ``search`` (for ``pk__in``): an indexed
    lookup in the subject table, the same on both databases."""
    return (
        AuditSubject.objects.filter(
            Q(kind=SubjectKind.CASE, object_id__in=search.case_ids)
            | Q(kind=SubjectKind.SIGNAL, object_id__in=search.signal_ids)
        )
        .values("event_id")
        .distinct()
    )
