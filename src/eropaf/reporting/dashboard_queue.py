"""The case queue as a file: the cases a team lead sees in the case list, with the list's filters.

The rows hold personal data (names and addresses of residents), so every export is recorded as
an ``export`` audit event in the same transaction as the read, with the ids of every case and
signal in the file; the description names the format and the number of cases, never a person.
The cases come from ``cases.selectors.list_cases_for_user``, page after page, so the file holds
exactly what the list shows the same user with the same filters. No BSN is written.
"""

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext as _

from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.selectors import CaseListFilters, CaseRow, list_cases_for_user
from eropaf.core.periods import format_period
from eropaf.reporting.exports import Cell, SheetFormat, rows_csv, rows_xlsx


@dataclass(frozen=True)
class ExportedFile:
    file_name: str
    content_type: str
    content: bytes
    case_ids: list[int]


def _header() -> list[str]:
    return [
        _("Case"),
        _("Month"),
        _("Address"),
        _("Names"),
        _("Partner types"),
        _("Arrears"),
        _("Multiple"),
        _("Consecutive"),
        _("State"),
        _("Work queue"),
        _("Priority"),
        _("Assigned to"),
        _("Due on"),
        _("Overdue"),
    ]


def _cells(row: CaseRow, month: str) -> list[str]:
    yes = _("yes")
    return [
        str(row.id),
        month,
        row.address,
        ", ".join(row.names),
        ", ".join(row.signal_types),
        row.total_amount,
        yes if row.is_multiple else "",
        yes if row.is_consecutive else "",
        row.state_label,
        row.queue,
        row.priority_label,
        row.assigned_to,
        row.due_on.strftime("%d-%m-%Y") if row.due_on else "",
        yes if row.is_overdue else "",
    ]


def _all_rows(*, user: AnyUser, filters: CaseListFilters) -> tuple[list[CaseRow], str]:
    """Every row of the filtered list (all pages), and the municipality code of the user's teams."""
    first = list_cases_for_user(user=user, filters=replace(filters, page=1))
    rows = list(first.rows)
    for number in range(2, first.page.paginator.num_pages + 1):
        rows.extend(list_cases_for_user(user=user, filters=replace(filters, page=number)).rows)
    return rows, first.municipality_code


def export_case_queue(*, user: AnyUser, filters: CaseListFilters, sheet_format: SheetFormat) -> ExportedFile:
    """The user's case list with ``filters`` (every page) as CSV or XLSX, recorded as exported."""
    month = "" if filters.overdue_only else format_period(filters.period)
    with transaction.atomic():
        rows, municipality_code = _all_rows(user=user, filters=filters)
        records = [_cells(row, month) for row in rows]
        if sheet_format is SheetFormat.CSV:
            content = rows_csv(_header(), records)
        else:
            cells: list[list[Cell]] = [list(record) for record in records]
            content = rows_xlsx(_("Cases"), _header(), cells)
        record_audit_event(
            actor=user,
            action=AuditAction.EXPORT,
            subject_type="case_queue",
            subject_id=month or "overdue",
            municipality_code=municipality_code,
            case_ids=[row.id for row in rows],
            signal_ids=[signal_id for row in rows for signal_id in row.signal_ids],
            description=f"case queue exported as {sheet_format.value}: {len(rows)} cases",
        )
    name = f"zaken-{month or 'te-laat'}.{sheet_format.value}"
    return ExportedFile(
        file_name=name,
        content_type=sheet_format.content_type,
        content=content,
        case_ids=[row.id for row in rows],
    )
