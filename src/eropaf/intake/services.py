"""Writes of the intake app: portal uploads processed in the background, and withdrawals.

``import_delivery`` (in ``importing``) is the one pipeline every channel ends in.
"""

import datetime as dt
import enum
import logging
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from eropaf.accounts.models import User
from eropaf.accounts.selectors import AnyUser
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.stuck import queue_again
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake import selectors
from eropaf.intake.exports import rejected_rows_csv, rejected_rows_xlsx
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Delivery, Signal, Upload, UploadStage, UploadStatus
from eropaf.intake.reading import DeliveryRefused
from eropaf.intake.reports import DeliveryReport, build_report
from eropaf.organisations.models import Partner

logger = logging.getLogger(__name__)

# Progress is written at most this often, so a million-row import is not slowed by its own meter.
PROGRESS_INTERVAL_SECONDS = 0.5
REQUEUE_ACTOR = "requeue_stuck"


def start_upload(
    *,
    partner: Partner,
    submitted_by: AbstractBaseUser,
    file_name: str,
    content: bytes,
    requested_period: dt.date | None = None,
) -> Upload:
    """Keep the file and queue its processing; the partner follows the upload's progress."""
    from eropaf.intake.tasks import process_upload  # noqa: PLC0415 — the task module imports this one

    with transaction.atomic():
        upload = Upload.objects.create(
            partner=partner,
            submitted_by=submitted_by if isinstance(submitted_by, User) else None,
            channel=DeliveryChannel.PORTAL,
            file_name=file_name[:255],
            content=content,
            size=len(content),
            requested_period=requested_period,
        )
        transaction.on_commit(lambda: process_upload.enqueue(upload_id=upload.pk))
    return upload


class _UploadMeter:
    """Writes an upload's stage and row counts, committed on their own so the portal sees them."""

    def __init__(self, upload: Upload) -> None:
        self.upload = upload
        self.last_written = 0.0

    def __call__(self, stage: UploadStage, done: int, total: int) -> None:
        now = timezone.now().timestamp()
        if stage == self.upload.stage and now - self.last_written < PROGRESS_INTERVAL_SECONDS:
            return
        self.last_written = now
        self.upload.stage = stage
        self.upload.rows_done = done
        self.upload.rows_total = total
        if not transaction.get_connection().in_atomic_block:
            Upload.objects.filter(pk=self.upload.pk).update(
                stage=stage, rows_done=done, rows_total=total, updated_at=timezone.now()
            )


def process_upload(*, upload_id: int) -> None:
    """Run an upload through the pipeline; a refusal or failure is recorded on the upload.

    Safe to run again: a finished upload is left alone, and an upload interrupted by a crash
    starts over (its delivery was never committed).
    """
    upload = Upload.objects.select_related("partner", "submitted_by").filter(pk=upload_id).first()
    if upload is None or upload.status in {UploadStatus.DONE, UploadStatus.REFUSED}:
        return
    Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.RUNNING, updated_at=timezone.now())
    upload.status = UploadStatus.RUNNING
    try:
        report = import_delivery(
            partner=upload.partner,
            source=DeliverySource.from_file(bytes(upload.content), upload.file_name),
            channel=DeliveryChannel(upload.channel),
            submitted_by=upload.submitted_by,
            period=upload.requested_period,
            progress=_UploadMeter(upload),
        )
    except DeliveryRefused as refusal:
        _finish(upload, status=UploadStatus.REFUSED, message=refusal.message)
        return
    except Exception:
        logger.exception("Upload %s failed", upload.pk)
        _finish(
            upload,
            status=UploadStatus.FAILED,
            message="De verwerking is mislukt door een fout aan onze kant. Er is niets opgeslagen; "
            "probeer het later opnieuw of neem contact op met de gemeente.",
        )
        raise
    _finish(upload, status=UploadStatus.DONE, delivery_id=report.delivery_id)


def requeue_stuck_uploads(*, stale_before: dt.datetime) -> list[int]:
    """Queue again the uploads still "processing" that have not written progress since
    ``stale_before``: their worker died. Their delivery was never committed (or was committed
    completely, and the re-run only finds it again), so they start over. Returns their ids."""
    from eropaf.intake.tasks import process_upload  # noqa: PLC0415 — the task module imports this one

    with transaction.atomic():
        stuck = list(
            Upload.objects.select_for_update()
            .filter(status=UploadStatus.RUNNING, updated_at__lt=stale_before)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not stuck:
            return []
        Upload.objects.filter(pk__in=stuck).update(
            status=UploadStatus.QUEUED, stage=UploadStage.WAITING, rows_done=0, updated_at=timezone.now()
        )
        queue_again(task=process_upload, argument="upload_id", ids=stuck)
        record_audit_event(
            actor=None,
            actor_label=REQUEUE_ACTOR,
            action=AuditAction.UPDATE,
            subject_type="upload",
            subject_id=",".join(str(pk) for pk in stuck[:8]),
            description=f"{len(stuck)} stuck upload(s) queued again after their worker stopped",
        )
    return stuck


def _finish(
    upload: Upload, *, status: UploadStatus, message: str = "", delivery_id: int | None = None
) -> None:
    # The file held personal data; once processed only the delivery and its quarantine keep any.
    Upload.objects.filter(pk=upload.pk).update(
        status=status,
        stage=UploadStage.FINISHED,
        message=message,
        delivery_id=delivery_id,
        content=b"",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def withdraw_signals(
    *, partner: Partner, reference: str, reason: str, withdrawn_by: AbstractBaseUser | None
) -> int:
    """Withdraw the partner's open signals with this reference (the arrear was paid).

    The signals stay, with their history; they drop out of outreach. Returns how many were
    withdrawn (0 when the reference is unknown or already withdrawn).
    """
    with transaction.atomic():
        signals = Signal.objects.select_for_update().filter(
            partner=partner, reference=reference.strip(), withdrawn_at__isnull=True
        )
        ids = list(signals.values_list("pk", flat=True))
        if not ids:
            return 0
        Signal.objects.filter(pk__in=ids).update(
            withdrawn_at=timezone.now(), withdrawal_reason=reason.strip()[:200]
        )
        record_audit_event(
            actor=withdrawn_by,
            action=AuditAction.UPDATE,
            subject_type="signal",
            subject_id=",".join(str(pk) for pk in ids[:8]),
            signal_ids=ids,
            description=f"partner {partner.code} withdrew {len(ids)} signal(s)",
        )
    return len(ids)


class SheetFormat(enum.Enum):
    CSV = "csv"
    XLSX = "xlsx"

    @property
    def content_type(self) -> str:
        if self is SheetFormat.CSV:
            return "text/csv; charset=utf-8"
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportedFile:
    file_name: str
    content_type: str
    content: bytes


def view_delivery_report(
    *, user: AnyUser, delivery_id: int, rejected_page: int = 1
) -> selectors.DeliveryReportPage:
    """An own delivery's report for the portal; reading its rejected rows (as delivered, personal
    data) is recorded in the same transaction."""
    with transaction.atomic():
        report = selectors.get_delivery_for_user(
            user=user, delivery_id=delivery_id, rejected_page=rejected_page
        )
        if report.delivery.rejected_count:
            _record_report_view(report.delivery, actor=user)
    return report


def view_delivery_report_of_partner(*, partner: Partner, key_label: str, delivery_id: str) -> DeliveryReport:
    """A partner system's own delivery report (the API), recorded like the portal's."""
    with transaction.atomic():
        delivery = selectors.get_delivery_of_partner(partner=partner, delivery_id=delivery_id)
        report = build_report(delivery)
        if delivery.rejected_count:
            _record_report_view(delivery, actor=None, actor_label=key_label)
    return report


def _record_report_view(delivery: Delivery, *, actor: AnyUser | None, actor_label: str = "") -> None:
    record_audit_event(
        actor=actor,
        actor_label=actor_label,
        action=AuditAction.VIEW,
        subject_type="delivery",
        subject_id=delivery.pk,
        description=f"rejected rows of delivery {delivery.pk} of partner {delivery.partner.code}",
    )


def export_rejected_rows(*, user: AnyUser, delivery_id: int, sheet_format: SheetFormat) -> ExportedFile:
    """The rejected rows of an own delivery (NotPermitted otherwise), recorded as exported."""
    with transaction.atomic():
        delivery = selectors.get_own_delivery(user=user, delivery_id=delivery_id)
        headers, rows = selectors.rejected_rows_for_export(delivery=delivery)
        write = rejected_rows_csv if sheet_format is SheetFormat.CSV else rejected_rows_xlsx
        content = write(headers, rows)
        record_audit_event(
            actor=user,
            action=AuditAction.EXPORT,
            subject_type="delivery",
            subject_id=delivery.pk,
            description=(
                f"rejected rows of delivery {delivery.pk} of partner {delivery.partner.code} "
                f"({delivery.rejected_count} rows) as {sheet_format.value}"
            ),
        )
    return ExportedFile(
        file_name=f"afgekeurd-levering-{delivery.pk}.{sheet_format.value}",
        content_type=sheet_format.content_type,
        content=content,
    )
