"""Reading personal data is itself recorded: these services read and write the audit event in one
transaction, so no case is shown without a trace of who saw it."""

from django.db import transaction

from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.selectors import (
    CaseDetail,
    CaseList,
    CaseListFilters,
    get_case_for_user,
    list_cases_for_user,
)
from eropaf.core.periods import format_period


def view_case(*, user: AnyUser, case_id: int) -> CaseDetail:
    """The case for ``user`` (NotPermitted when it is not theirs), recorded as viewed."""
    with transaction.atomic():
        detail = get_case_for_user(user=user, case_id=case_id)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="case",
            subject_id=detail.case.pk,
            municipality_code=detail.case.municipality.code,
            case_ids=[detail.case.pk],
            signal_ids=detail.signal_ids,
        )
    return detail


def view_case_list(*, user: AnyUser, filters: CaseListFilters) -> CaseList:
    """One page of the case list; the rows shown (with names and addresses) are recorded as viewed."""
    with transaction.atomic():
        cases = list_cases_for_user(user=user, filters=filters)
        record_audit_event(
            actor=user,
            action=AuditAction.VIEW,
            subject_type="case_list",
            subject_id=format_period(filters.period),
            municipality_code=cases.municipality_code,
            case_ids=[row.id for row in cases.rows],
            signal_ids=[signal_id for row in cases.rows for signal_id in row.signal_ids],
        )
    return cases
