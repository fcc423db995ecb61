"""Recording audit events. Callers run inside their own ``transaction.atomic()`` so the event
is written in the same transaction as the change (or the read) it describes."""

import json
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connections, router, transaction
from django.utils.translation import gettext as _
from stdnum.nl import bsn as bsn_number

from eropaf.audit import processing_log
from eropaf.audit.models import AuditAction, AuditEvent, AuditSubject, SubjectKind
from eropaf.audit.persons import subjects_of_bsn
from eropaf.audit.selectors import PERSON_SEARCH_SUBJECT, administered_municipality_codes
from eropaf.core.errors import ApplicationError

# One statement whatever the number of ids: the id lists go in as one JSON parameter each.
_INDEX_SQL = {
    "postgresql": (
        "INSERT INTO audit_auditsubject (event_id, kind, object_id) "
        "SELECT %s, %s, value::bigint FROM jsonb_array_elements_text(%s::jsonb) "
        "UNION ALL SELECT %s, %s, value::bigint FROM jsonb_array_elements_text(%s::jsonb)"
    ),
    "sqlite": (
        "INSERT INTO audit_auditsubject (event_id, kind, object_id) "
        "SELECT %s, %s, CAST(value AS INTEGER) FROM json_each(%s) "
        "UNION ALL SELECT %s, %s, CAST(value AS INTEGER) FROM json_each(%s)"
    ),
}


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
    The cases and signals also go into ``AuditSubject`` (the search index), and a processing of
    personal data into the processing log when that is on.
    """
    user = actor if isinstance(actor, AbstractBaseUser) else None
    event = AuditEvent.objects.create(
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
    _index_subjects(event)
    processing_log.record_processing(event)
    return event


def _index_subjects(event: AuditEvent) -> None:
    if not event.case_ids and not event.signal_ids:
        return
    cases, signals = sorted(set(event.case_ids)), sorted(set(event.signal_ids))
    alias = router.db_for_write(AuditSubject)
    sql = _INDEX_SQL.get(connections[alias].vendor)
    if sql is None:
        AuditSubject.objects.using(alias).bulk_create(
            [AuditSubject(event=event, kind=SubjectKind.CASE, object_id=pk) for pk in cases]
            + [AuditSubject(event=event, kind=SubjectKind.SIGNAL, object_id=pk) for pk in signals],
            batch_size=1000,
        )
        return
    with connections[alias].cursor() as cursor:
        cursor.execute(
            sql,
            [
                *(event.pk, SubjectKind.CASE.value, json.dumps(cases)),
                *(event.pk, SubjectKind.SIGNAL.value, json.dumps(signals)),
            ],
        )


def normalise_bsn(value: str) -> str:
    """The BSN without spaces, dots or dashes when it passes the eleven test, else ApplicationError."""
    if not bsn_number.is_valid(value):
        raise ApplicationError(_("This is not a valid BSN (nine digits that pass the eleven test)."))
    return str(bsn_number.compact(value))


def search_person_in_audit(*, user: AbstractBaseUser, bsn: str) -> AuditEvent:
    """Find the cases and signals of one person (by BSN, within the municipalities the user
    administers) and record that search as an audit event holding those ids, never the BSN.

    The returned search event is what the trail is then filtered by (``selectors``): the events
    that name any of its cases or signals."""
    codes = administered_municipality_codes(user=user)
    if codes is not None and not codes:
        raise ApplicationError(_("You may not search the audit trail."))
    bsn = normalise_bsn(bsn)
    with transaction.atomic():
        found = subjects_of_bsn(bsn=bsn, municipality_codes=codes)
        return record_audit_event(
            actor=user,
            action=AuditAction.SEARCH,
            subject_type=PERSON_SEARCH_SUBJECT,
            municipality_code=next(iter(codes)) if codes is not None and len(codes) == 1 else "",
            case_ids=found.case_ids,
            signal_ids=found.signal_ids,
            description=(
                f"Searched the audit trail for one person by BSN: {len(found.case_ids)} cases, "
                f"{len(found.signal_ids)} signals"
            ),
        )
