"""Writes of the BRP review: a case worker confirms which candidate the signalled person is, or
that it is none of them; then the case is decided again. Reading the review and the forwarding
list is recorded too."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import User
from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case
from eropaf.core.errors import ApplicationError
from eropaf.integrations.brp.protocol import Outcome as BrpOutcome
from eropaf.integrations.brp.protocol import today_in_the_netherlands
from eropaf.integrations.debt_services.protocol import ClientQuery
from eropaf.matching.decisions import decide
from eropaf.matching.models import PersonCheck, RegistryOutcome, ReviewItem, ReviewStatus
from eropaf.matching.persons import Households, check_from_lookup
from eropaf.matching.selectors import (
    ForwardingRow,
    ReviewDetail,
    forwarding_for_user,
    get_review_for_user,
    open_reviews_for_user,
)
from eropaf.matching.services import Registries, registries_for
from eropaf.triage.services import triage_after_matching


def _decided_review(*, user: AnyUser, review_id: int) -> ReviewDetail:
    detail = get_review_for_user(user=user, review_id=review_id)
    item = ReviewItem.objects.select_for_update().get(pk=detail.item.pk)
    if item.status != ReviewStatus.OPEN:
        raise ApplicationError(_("This review has already been decided."))
    return detail


def _record_review(detail: ReviewDetail, *, user: AnyUser, description: str) -> None:
    record_audit_event(
        actor=user,
        action=AuditAction.UPDATE,
        subject_type="case",
        subject_id=detail.case.pk,
        municipality_code=detail.case.municipality.code,
        case_ids=[detail.case.pk],
        signal_ids=[detail.item.signal_id],
        description=description,
    )


def confirm_review(*, user: AnyUser, review_id: int, bsn: str, registries: Registries | None = None) -> Case:
    """The case worker names which candidate the signalled person is; the case is decided again."""
    with transaction.atomic():
        detail = _decided_review(user=user, review_id=review_id)
        if bsn not in {candidate.bsn for candidate in detail.candidates}:
            raise ApplicationError(_("Choose one of the candidates shown."))
        municipality = detail.case.municipality
        chosen = registries or registries_for(municipality)
        lookup = chosen.persons.by_bsn([bsn], municipality_code=municipality.code)[0]
        if lookup.outcome is BrpOutcome.NOT_FOUND:
            raise ApplicationError(_("The BRP no longer knows this person; choose another candidate."))
        check = check_from_lookup(
            detail.item.signal_id,
            lookup,
            households=Households(chosen.persons),
            today=today_in_the_netherlands(),
            now=timezone.now(),
        )
        signal = detail.item.signal
        check.known_to_debt_services = check.outcome == RegistryOutcome.RESIDENT and bool(
            chosen.debt_services.known(
                [
                    ClientQuery(
                        key="1",
                        bsn=bsn,
                        surname=signal.surname,
                        prefix=signal.surname_prefix,
                        birth_date=signal.birth_date,
                        postcode=signal.postcode,
                        house_number=signal.house_number,
                    )
                ]
            )
        )
        PersonCheck.objects.filter(signal_id=detail.item.signal_id).delete()
        check.save()
        ReviewItem.objects.filter(pk=detail.item.pk).update(
            status=ReviewStatus.CONFIRMED,
            confirmed_bsn=bsn,
            decided_by=user if isinstance(user, User) else None,
            decided_at=timezone.now(),
            updated_at=timezone.now(),
        )
        decided = decide(municipality_id=municipality.pk, period=detail.case.period)
        triage_after_matching(
            municipality=municipality,
            period=detail.case.period,
            waiting_for_review=decided.awaiting_review,
            today=today_in_the_netherlands(),
            actor=user,
        )
        _record_review(detail, user=user, description="BRP-controle: persoon bevestigd")
    return Case.objects.get(pk=detail.case.pk)


def reject_review(*, user: AnyUser, review_id: int) -> Case:
    """None of the candidates is the person: not found in the BRP, so no resident here."""
    with transaction.atomic():
        detail = _decided_review(user=user, review_id=review_id)
        PersonCheck.objects.filter(signal_id=detail.item.signal_id).update(
            outcome=RegistryOutcome.NOT_IDENTIFIED, updated_at=timezone.now()
        )
        ReviewItem.objects.filter(pk=detail.item.pk).update(
            status=ReviewStatus.REJECTED,
            decided_by=user if isinstance(user, User) else None,
            decided_at=timezone.now(),
            updated_at=timezone.now(),
        )
        decided = decide(municipality_id=detail.case.municipality_id, period=detail.case.period)
        triage_after_matching(
            municipality=detail.case.municipality,
            period=detail.case.period,
            waiting_for_review=decided.awaiting_review,
            today=today_in_the_netherlands(),
            actor=user,
        )
        _record_review(detail, user=user, description="BRP-controle: geen van de kandidaten")
    return Case.objects.get(pk=detail.case.pk)


def view_review(*, user: AnyUser, review_id: int) -> ReviewDetail:
    """The review with the signalled person and the candidates, recorded as viewed."""
    with transaction.atomic():
        detail = get_review_for_user(user=user, review_id=review_id)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="brp_review",
            subject_id=detail.item.pk,
            municipality_code=detail.case.municipality.code,
            case_ids=[detail.case.pk],
            signal_ids=[detail.item.signal_id],
        )
    return detail


def view_forwarding(*, user: AnyUser, since: dt.date) -> list[ForwardingRow]:
    """Persons to forward to the municipality they live in now, recorded as viewed."""
    with transaction.atomic():
        rows = forwarding_for_user(user=user, since=since)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="forwarding_list",
            subject_id=since.isoformat(),
            case_ids=[row.case.pk for row in rows],
            signal_ids=[signal_id for row in rows for signal_id in row.signal_ids],
        )
    return rows


def view_review_queue(*, user: AnyUser) -> list[ReviewItem]:
    """The persons waiting for a BRP review (names, birth dates, addresses), recorded as viewed."""
    with transaction.atomic():
        items = open_reviews_for_user(user=user)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="brp_review_queue",
            case_ids=sorted({item.signal.case_link.case_id for item in items}),
            signal_ids=[item.signal_id for item in items],
        )
    return items
