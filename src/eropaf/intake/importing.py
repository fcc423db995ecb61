"""One pipeline for every channel: read → validate → route and de-duplicate → store atomically.

Portal, command line and API all call ``import_delivery``, so the same rows get the same verdicts
whichever way they arrive. Reading and validating happen before the transaction (so progress can
be shown); the verdicts that depend on stored data and every write happen inside one transaction
that holds the partner's row lock, so a delivery is there completely or not at all.
"""

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from eropaf.accounts.models import User
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.periods import parse_period
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.calendar import PeriodRefused, resolve_period
from eropaf.intake.models import Delivery, DeliveryStatus, RejectedRow, Signal, UploadStage
from eropaf.intake.reading import DeliveryRefused, RawTable, read_delivery_file, read_json_delivery
from eropaf.intake.reports import DeliveryReport, build_report
from eropaf.intake.storing import store_signals
from eropaf.intake.validate import ValidationContext, validate_rows
from eropaf.intake.verdicts import ACCEPTED, DUPLICATE, REJECTED, Routing, decide
from eropaf.organisations.models import Municipality, Partner, PostcodeArea

VALIDATION_BATCH_ROWS = 100_000

Progress = Callable[[UploadStage, int, int], None]
"""Told the stage, the rows done and the rows in all, whenever the import moves on."""


@dataclass(frozen=True)
class DeliverySource:
    """What a partner handed in: file bytes (portal, command line, API upload) or a JSON body."""

    file_name: str
    data: bytes = b""
    payload: object = None

    @classmethod
    def from_file(cls, data: bytes, file_name: str) -> "DeliverySource":
        return cls(file_name=file_name, data=data)

    @classmethod
    def from_json(cls, payload: object) -> "DeliverySource":
        return cls(file_name="", payload=payload)

    @property
    def is_json(self) -> bool:
        return self.payload is not None


def _silent(stage: UploadStage, done: int, total: int) -> None:
    """No one is watching."""


def _read(source: DeliverySource) -> tuple[RawTable, str, dt.date | None]:
    if source.is_json:
        table, period_text = read_json_delivery(source.payload)
        canonical = json.dumps(source.payload, sort_keys=True, ensure_ascii=False, default=str)
        requested = None
        if period_text is not None:
            try:
                requested = parse_period(period_text)
            except ValueError as error:
                raise DeliveryRefused(
                    f'"periode" "{period_text[:20]}" is geen maand in de vorm JJJJ-MM'
                ) from error
        # "surrogatepass": JSON may carry half a surrogate pair, which plain UTF-8 cannot encode.
        return table, hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest(), requested
    table = read_delivery_file(
        source.data, file_name=source.file_name, max_uncompressed_bytes=settings.UPLOAD_MAX_UNCOMPRESSED_BYTES
    )
    return table, hashlib.sha256(source.data).hexdigest(), None


def _routing(served: list[Municipality]) -> Routing:
    areas = list(PostcodeArea.objects.values_list("digits", "municipality_id", "municipality__name"))
    return Routing(
        areas=pl.DataFrame(
            areas,
            schema={"pc4": pl.Utf8, "municipality_id": pl.Int64, "municipality_name": pl.Utf8},
            orient="row",
        ),
        served_ids=frozenset(int(municipality.pk) for municipality in served),
        served_names=[municipality.name for municipality in served],
    )


def _earlier_signals(partner: Partner, period: dt.date) -> pl.DataFrame:
    keys = list(
        Signal.objects.filter(partner=partner, period=period).values_list("reference", "amount_cents")
    )
    return pl.DataFrame(keys, schema={"reference": pl.Utf8, "amount_cents": pl.Int64}, orient="row")


def _unknown_columns_warning(table: RawTable) -> list[str]:
    if not table.unknown_headers:
        return []
    names = ", ".join(f'"{header[:40]}"' for header in table.unknown_headers)
    return [f"Onbekende kolommen genegeerd: {names}. Zie het aanleverformaat voor de veldnamen."]


# PostgreSQL stores no NUL character in text or JSON; the quarantine keeps what else was delivered.
_UNSTORABLE = re.compile("\x00")


def _storable(value: Any) -> Any:
    """``value`` with every string made storable: unstorable characters become U+FFFD."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_storable(key): _storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_storable(item) for item in value]
    return value


def _store_rejected(delivery: Delivery, table: RawTable, rejected: pl.DataFrame) -> None:
    originals = table.original_rows(rejected["row_number"].to_list())
    RejectedRow.objects.bulk_create(
        (
            RejectedRow(
                delivery=delivery,
                row_number=row_number,
                values=_storable(originals[row_number]),
                errors=_storable(errors),
            )
            for row_number, errors in rejected.select("row_number", "errors").iter_rows()
        ),
        batch_size=2_000,
    )


def _validate_in_batches(table: RawTable, context: ValidationContext, progress: Progress) -> pl.DataFrame:
    """Rows are validated independently, so batches keep the working memory of a million-row
    delivery bounded without changing any verdict."""
    rows = table.fields_frame()
    total = rows.height
    progress(UploadStage.VALIDATING, 0, total)
    batches = []
    for batch in rows.iter_slices(VALIDATION_BATCH_ROWS):
        batches.append(validate_rows(batch, context=context))
        progress(UploadStage.VALIDATING, sum(done.height for done in batches), total)
    if not batches:
        return validate_rows(rows, context=context)
    return pl.concat(batches, rechunk=False)


def _already_delivered(partner: Partner, period: dt.date, digest: str) -> Delivery | None:
    return (
        Delivery.objects.filter(
            partner=partner, period=period, content_sha256=digest, status=DeliveryStatus.PROCESSED
        )
        .order_by("received_at")
        .first()
    )


def import_delivery(
    *,
    partner: Partner,
    source: DeliverySource,
    channel: DeliveryChannel,
    submitted_by: AbstractBaseUser | None = None,
    period: dt.date | None = None,
    may_name_closed_period: bool = False,
    progress: Progress = _silent,
) -> DeliveryReport:
    """Process one delivery and return its report; raises ``DeliveryRefused`` when the whole
    delivery cannot be taken (nothing is stored then).

    Handing in content already delivered for the same period stores nothing and returns the
    earlier delivery's report with ``already_delivered`` set.
    """
    received_at = timezone.now()
    today = timezone.localdate(received_at)
    progress(UploadStage.READING, 0, 0)
    table, digest, requested = _read(source)
    served = list(partner.municipalities.order_by("name"))
    if not served:
        raise DeliveryRefused(
            f"{partner.name} levert (nog) voor geen enkele gemeente; neem contact op met de gemeente."
        )
    try:
        resolved_period = resolve_period(
            received_on=today,
            cutoff_day=min(municipality.delivery_cutoff_day for municipality in served),
            requested=period or requested,
            may_name_closed_period=may_name_closed_period,
        )
    except PeriodRefused as error:
        raise DeliveryRefused(error.message) from error
    earlier = _already_delivered(partner, resolved_period, digest)
    if earlier is not None:
        return build_report(earlier, already_delivered=True)

    total = table.frame.height
    validated = _validate_in_batches(
        table,
        ValidationContext(today=today, default_signal_type=partner.partner_type, default_signal_date=today),
        progress,
    )
    progress(UploadStage.CHECKING, 0, total)
    routing = _routing(served)
    with transaction.atomic():
        # One delivery of a partner at a time: the duplicate check below must see the ones before.
        Partner.objects.select_for_update().filter(pk=partner.pk).values_list("pk").first()
        earlier = _already_delivered(partner, resolved_period, digest)
        if earlier is not None:
            return build_report(earlier, already_delivered=True)
        decided = decide(validated, routing=routing, earlier=_earlier_signals(partner, resolved_period))
        del validated  # a million validated rows: let them go before storing
        counts = decided["verdict"].value_counts()
        count_of = dict(zip(counts["verdict"].to_list(), counts["count"].to_list(), strict=True))
        delivery = Delivery.objects.create(
            partner=partner,
            period=resolved_period,
            channel=channel,
            status=DeliveryStatus.PROCESSED,
            file_name=source.file_name[:255],
            content_sha256=digest,
            received_at=received_at,
            submitted_by=submitted_by if isinstance(submitted_by, User) else None,
            received_count=total,
            accepted_count=count_of.get(ACCEPTED, 0),
            rejected_count=count_of.get(REJECTED, 0),
            duplicate_count=count_of.get(DUPLICATE, 0),
            headers=_storable(list(table.headers)),
            warnings=_storable(_unknown_columns_warning(table)),
        )
        progress(UploadStage.STORING, 0, total)
        store_signals(
            decided,
            where=pl.col("verdict") == ACCEPTED,
            delivery_id=delivery.pk,
            partner_id=partner.pk,
            period=resolved_period,
            on_chunk=lambda stored: progress(UploadStage.STORING, stored, total),
        )
        _store_rejected(delivery, table, decided.filter(pl.col("verdict") == REJECTED))
        record_audit_event(
            actor=submitted_by,
            action=AuditAction.CREATE,
            subject_type="delivery",
            subject_id=delivery.pk,
            description=(
                f"{channel} delivery of partner {partner.code}: {total} rows, {delivery.accepted_count} "
                f"accepted, {delivery.rejected_count} rejected, {delivery.duplicate_count} duplicate"
            ),
        )
    progress(UploadStage.FINISHED, total, total)
    return build_report(delivery)
