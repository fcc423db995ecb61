"""Exporting a municipality's DDAS delivery for CBS: read and audit in one transaction.

Every export, by the command line or by a client of the pull API, leaves an audit event that says
who or which client exported which municipality and period, with the counts and the ids of the
signals and cases it held (never a BSN or a name).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.ddas.models import DdasClient
from eropaf.ddas.payload import Export, Progress, build_export
from eropaf.organisations.models import Municipality

SUBJECT_TYPE = "ddas_delivery"


def _description(export: Export, *, start: dt.date, end: dt.date, channel: str) -> str:
    paging = export.paging
    page = f", pagina {paging.number} van {paging.total_pages}" if paging.total_pages > 1 else ""
    return (
        f"DDAS-levering voor CBS ({channel}) {start.isoformat()} t/m {end.isoformat()}{page}: "
        f"{len(export.signal_ids)} signalen, {len(export.case_ids)} zaken, "
        f"{export.attempt_count} contactpogingen"
    )


def export_delivery(
    *,
    municipality: Municipality,
    start: dt.date,
    end: dt.date,
    exported_by: str,
    progress: Progress | None = None,
) -> Export:
    """The whole delivery for the command line; ``exported_by`` names who ran it."""
    with transaction.atomic():
        export = build_export(
            municipality=municipality,
            start=start,
            end=end,
            delivered_at=timezone.now(),
            progress=progress,
        )
        record_audit_event(
            actor=None,
            actor_label=exported_by,
            action=AuditAction.EXPORT,
            subject_type=SUBJECT_TYPE,
            municipality_code=municipality.code,
            case_ids=export.case_ids,
            signal_ids=export.signal_ids,
            description=_description(export, start=start, end=end, channel="opdrachtregel"),
        )
    return export


def export_page_for_client(
    *, client: DdasClient, start: dt.date, end: dt.date, page: int, page_size: int
) -> Export:
    """One page of the delivery of the client's municipality, for the pull API."""
    with transaction.atomic():
        export = build_export(
            municipality=client.municipality,
            start=start,
            end=end,
            delivered_at=timezone.now(),
            page=page,
            page_size=page_size,
        )
        record_audit_event(
            actor=None,
            actor_label=f"ddas:{client.client_id}",
            action=AuditAction.EXPORT,
            subject_type=SUBJECT_TYPE,
            subject_id=client.pk,
            municipality_code=client.municipality.code,
            case_ids=export.case_ids,
            signal_ids=export.signal_ids,
            description=_description(export, start=start, end=end, channel="API"),
        )
    return export
