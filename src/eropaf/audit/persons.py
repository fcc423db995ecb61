"""Where the audit trail finds the persons behind case and signal ids, and the ids behind a BSN.

``audit`` sits below ``intake``, ``cases`` and ``matching`` in the layers, so it may not import
them. It reaches their tables through the app registry by label instead (ADR 0014); these two
functions are the only reads of other apps' tables in ``audit``. A person's BSN is the one on the
signal, or the one the BRP check found for a signal that came without one.
"""

from collections.abc import Collection
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q

from eropaf.audit.models import AuditSubject, SubjectKind


@dataclass(frozen=True)
class PersonSubjects:
    case_ids: list[int]
    signal_ids: list[int]


def subjects_of_bsn(*, bsn: str, municipality_codes: Collection[str] | None) -> PersonSubjects:
    """The signals that carry ``bsn`` and the cases that hold them; ``municipality_codes`` None
    means every municipality. Two queries."""
    signal_model = apps.get_model("intake", "Signal")
    case_signal_model = apps.get_model("cases", "CaseSignal")
    signals = signal_model.objects.filter(Q(bsn=bsn) | Q(person_check__bsn=bsn))
    if municipality_codes is not None:
        signals = signals.filter(municipality__code__in=list(municipality_codes))
    signal_ids = sorted(set(signals.values_list("pk", flat=True)))
    case_ids = sorted(
        set(case_signal_model.objects.filter(signal_id__in=signal_ids).values_list("case_id", flat=True))
    )
    return PersonSubjects(case_ids=case_ids, signal_ids=signal_ids)


def bsns_of_event(*, event_id: int) -> set[str]:
    """The BSNs of the persons an audit event names, through its subject rows: one query, whatever
    the number of cases and signals."""
    signal_model = apps.get_model("intake", "Signal")
    case_signal_model = apps.get_model("cases", "CaseSignal")
    subjects = AuditSubject.objects.filter(event_id=event_id)
    signals_of_cases = case_signal_model.objects.filter(
        case_id__in=subjects.filter(kind=SubjectKind.CASE).values("object_id")
    ).values("signal_id")
    rows = signal_model.objects.filter(
        Q(pk__in=subjects.filter(kind=SubjectKind.SIGNAL).values("object_id")) | Q(pk__in=signals_of_cases)
    ).values_list("bsn", "person_check__bsn")
    return {bsn for pair in rows for bsn in pair if bsn}
