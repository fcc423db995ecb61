"""Deleting personal data whose retention term has passed (``eropaf purge_expired``).

Per municipality, in one transaction:

- signals that matched no case ``unmatched_months`` after their month (and, for every partner at
  once, the rows its deliveries rejected: ``purge_rejected_rows``);
- cases closed as not picked up, with their signals, ``not_picked_up_months`` after their month;
- other closed cases, with their signals, ``closed_months`` after closing and at least
  ``picked_up_months`` after their month;
- with a case go its contact attempts, triage decisions, letters and messages.

Open cases are never deleted: those past the picked-up term are only counted, for the team lead to
close. Cases still referred to by a Signalering+ admission stay while the chain holds them. The
dashboard's figures keep what was deleted (``reporting.figures.keep_purged_counts``), so reports
over earlier months still add up. Every purge is a ``PurgeRun`` with the counts, and an audit event
with the ids of the deleted cases and signals; nothing of their content is kept.
"""

import datetime as dt
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import OPEN_STATES, CaseState
from eropaf.core.vocabularies import NOT_PICKED_UP_OUTCOMES
from eropaf.intake.models import RejectedRow, Signal
from eropaf.messaging.models import SentMessage
from eropaf.organisations.models import Municipality
from eropaf.reporting.figures import count_figures, keep_purged_counts
from eropaf.retention.models import PurgeRun, RetentionTerms
from eropaf.retention.terms import Terms, first_kept_day, first_kept_period
from eropaf.signalering_plus.models import Admission, AgendaItem

BATCH = 2_000


def terms_for(municipality: Municipality) -> Terms:
    """The municipality's own terms, or the settings' defaults."""
    own = RetentionTerms.objects.filter(municipality=municipality).first()
    if own is not None:
        return own.as_terms()
    return Terms(
        unmatched_months=settings.RETENTION_UNMATCHED_MONTHS,
        not_picked_up_months=settings.RETENTION_NOT_PICKED_UP_MONTHS,
        picked_up_months=settings.RETENTION_PICKED_UP_MONTHS,
        closed_months=settings.RETENTION_CLOSED_MONTHS,
    )


def _expired_cases(
    municipality: Municipality, terms: Terms, today: dt.date
) -> tuple[QuerySet[Case], QuerySet[Case]]:
    closed = Case.objects.filter(municipality=municipality, state=CaseState.CLOSED)
    held = _held_by_the_chain()
    not_picked_up = closed.filter(
        outcome__in=[outcome.value for outcome in NOT_PICKED_UP_OUTCOMES],
        period__lt=first_kept_period(today, terms.not_picked_up_months),
    )
    picked_up = closed.exclude(outcome__in=[outcome.value for outcome in NOT_PICKED_UP_OUTCOMES]).filter(
        closed_on__lt=first_kept_day(today, terms.closed_months),
        period__lt=first_kept_period(today, terms.picked_up_months),
    )
    return not_picked_up.exclude(held), picked_up.exclude(held)


def _batches(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])


def _delete(model: type[Model], ids: Sequence[int]) -> None:
    for batch in _batches(ids):
        model._default_manager.filter(pk__in=batch).delete()


def _held_by_the_chain() -> Q:
    """Cases a Signalering+ admission or agenda item still refers to (they protect them)."""
    return Q(pk__in=Admission.objects.values("case_id")) | Q(pk__in=AgendaItem.objects.values("case_id"))


def _count_held_and_open(municipality: Municipality, terms: Terms, today: dt.date) -> dict[str, int]:
    cases = Case.objects.filter(municipality=municipality)
    held = cases.filter(
        _held_by_the_chain(),
        state=CaseState.CLOSED,
        closed_on__lt=first_kept_day(today, terms.closed_months),
    )
    open_past = cases.filter(
        state__in=[state.value for state in OPEN_STATES],
        period__lt=first_kept_period(today, terms.picked_up_months),
    )
    return {"held_by_the_chain": held.count(), "open_past_the_term": open_past.count()}


def purge_expired(
    *, municipality: Municipality, today: dt.date, dry_run: bool = False, by: str = ""
) -> PurgeRun:
    """Delete the municipality's personal data whose term has passed (or only count it). The rows
    deliveries rejected are purged apart, for every partner at once (``purge_rejected_rows``)."""
    started = time.perf_counter()
    terms = terms_for(municipality)
    with transaction.atomic():
        not_picked_up, picked_up = _expired_cases(municipality, terms, today)
        not_picked_up_ids = list(not_picked_up.values_list("pk", flat=True))
        picked_up_ids = list(picked_up.values_list("pk", flat=True))
        case_ids = sorted({*not_picked_up_ids, *picked_up_ids})
        unmatched = Signal.objects.filter(
            municipality=municipality,
            period__lt=first_kept_period(today, terms.unmatched_months),
            case_link__isnull=True,
        )
        unmatched_ids = list(unmatched.values_list("pk", flat=True))
        case_signal_ids = [
            signal_id
            for batch in _batches(case_ids)
            for signal_id in CaseSignal.objects.filter(case_id__in=batch).values_list("signal_id", flat=True)
        ]
        counts = {
            "cases_not_picked_up": len(not_picked_up_ids),
            "cases_closed": len(picked_up_ids),
            "signals_of_the_cases": len(case_signal_ids),
            "signals_without_a_case": len(unmatched_ids),
            "messages": sum(
                SentMessage.objects.filter(municipality=municipality, case_id__in=batch).count()
                for batch in _batches(case_ids)
            ),
            **_count_held_and_open(municipality, terms, today),
        }
        run = PurgeRun(
            municipality=municipality,
            today=today,
            dry_run=dry_run,
            started_by=by,
            terms=asdict(terms),
            counts=counts,
        )
        if not dry_run:
            signal_ids = sorted({*case_signal_ids, *unmatched_ids})

            def purge() -> None:
                for batch in _batches(case_ids):
                    SentMessage.objects.filter(municipality=municipality, case_id__in=batch).delete()
                _delete(Case, case_ids)
                _delete(Signal, signal_ids)

            keep_purged_counts(
                municipality_id=municipality.pk,
                before=count_figures(municipality_id=municipality.pk),
                purge=purge,
            )
            record_audit_event(
                actor=None,
                actor_label=by or "retention",
                action=AuditAction.DELETE,
                subject_type="retention",
                municipality_code=municipality.code,
                case_ids=case_ids,
                signal_ids=signal_ids,
                description=_("Retention term passed: %(cases)d cases and %(signals)d signals deleted.")
                % {"cases": len(case_ids), "signals": len(signal_ids)},
            )
        run.seconds = time.perf_counter() - started
        run.save()
    return run


def purge_rejected_rows(*, today: dt.date, dry_run: bool = False) -> int:
    """Delete the rows deliveries rejected (the partner's original values) once the term for signals
    without a case has passed since the delivery's month. A rejected row cannot always be told to
    belong to one municipality, so the settings' term applies, not a municipality's own."""
    expired = RejectedRow.objects.filter(
        delivery__period__lt=first_kept_period(today, settings.RETENTION_UNMATCHED_MONTHS)
    )
    count = expired.count()
    if not dry_run and count:
        with transaction.atomic():
            expired._raw_delete(expired.db)
            record_audit_event(
                actor=None,
                actor_label="retention",
                action=AuditAction.DELETE,
                subject_type="rejected_rows",
                description=_("Retention term passed: %(count)d rejected rows deleted.") % {"count": count},
            )
    return count
