"""The monthly letter batch: one letter per queued case whose contact plan starts with that letter.

Each letter is its own transaction together with the batch's progress, so a crash loses at most the
letter being made; running the batch again skips every case that already has a letter of the kind.
"""

import datetime as dt
import logging
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from eropaf.accounts.models import User
from eropaf.accounts.selectors import teams_of
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case, CaseSignal
from eropaf.cases.workflow import CaseState
from eropaf.core.errors import ApplicationError
from eropaf.core.stuck import queue_again
from eropaf.letters.kinds import CARD_KINDS, LetterKind, planned_letter_kind
from eropaf.letters.models import BatchStatus, GeneratedLetter, LetterBatch
from eropaf.letters.selectors import case_with_signals, case_with_signals_for_user, sender_for, template_for
from eropaf.letters.services import make_letter
from eropaf.organisations.models import Municipality

logger = logging.getLogger(__name__)

FAILED_MESSAGE = gettext_lazy(
    "The letter batch stopped because of an error on our side. Start the batch again; "
    "letters already made are kept."
)
BATCH_ACTOR = "briefronde"
REQUEUE_ACTOR = "requeue_stuck"
ACTIVE = (BatchStatus.QUEUED, BatchStatus.RUNNING)

Progress = Callable[[int, int], None]


class BatchAlreadyActive(ApplicationError):
    """A batch of this kind for this municipality and month is waiting or running."""


def active_batch(*, municipality: Municipality, period: dt.date, kind: LetterKind) -> LetterBatch | None:
    return LetterBatch.objects.filter(
        municipality=municipality, period=period, kind=kind, status__in=ACTIVE
    ).first()


def create_letter_batch(
    *, municipality: Municipality, period: dt.date, kind: LetterKind, started_by: User | None
) -> LetterBatch:
    """Record a batch; refused for cards (made per home visit) and while the same batch is unfinished."""
    if kind in CARD_KINDS:
        raise ApplicationError(_("Cards are made per home visit, not in a letter batch."))
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        if active_batch(municipality=municipality, period=period, kind=kind) is not None:
            raise BatchAlreadyActive(
                _("A letter batch of this kind for this month is already waiting or running.")
            )
        return LetterBatch.objects.create(
            municipality=municipality, period=period, kind=kind, started_by=started_by
        )


def start_letter_batch(
    *, municipality: Municipality, period: dt.date, kind: LetterKind, started_by: User | None
) -> LetterBatch:
    """Record a batch and queue it as background work."""
    from eropaf.letters.tasks import run_letter_batch_task  # noqa: PLC0415 — the task module imports this one

    with transaction.atomic():
        batch = create_letter_batch(
            municipality=municipality, period=period, kind=kind, started_by=started_by
        )
        transaction.on_commit(lambda: run_letter_batch_task.enqueue(batch_id=batch.pk))
    return batch


def batch_case_ids(batch: LetterBatch) -> tuple[list[int], list[int]]:
    """(cases this batch already wrote to, cases still to write to), each in id order."""
    kind = LetterKind(batch.kind)
    done = set(GeneratedLetter.objects.filter(batch=batch, kind=kind).values_list("case_id", flat=True))
    has_letter = GeneratedLetter.objects.filter(case=OuterRef("pk"), kind=kind)
    current_signal = CaseSignal.objects.filter(case=OuterRef("pk"), signal__withdrawn_at__isnull=True)
    queued = Case.objects.filter(
        municipality_id=batch.municipality_id, period=batch.period, state=CaseState.QUEUED
    ).filter(Exists(current_signal) & ~Q(Exists(has_letter)))
    if batch.started_by is not None:
        queued = queued.filter(team_id__in=teams_of(batch.started_by).values("pk"))
    todo = [
        case_id
        for case_id, plan, template in queued.order_by("pk").values_list(
            "pk", "contact_plan", "letter_template"
        )
        if planned_letter_kind(plan, template) == kind
    ]
    return sorted(done), todo


def run_letter_batch(batch_id: int, *, on_progress: Progress | None = None) -> LetterBatch:
    """Make the batch's letters. Safe to run again: a finished batch is left alone, a stopped one goes on."""
    batch = LetterBatch.objects.select_related("municipality", "started_by").get(pk=batch_id)
    if batch.status == BatchStatus.DONE:
        return batch
    kind = LetterKind(batch.kind)
    try:
        # A missing template or sender stops the batch before the first letter, not half-way.
        template_for(municipality=batch.municipality, kind=kind)
        sender_for(municipality=batch.municipality)
        done, todo = batch_case_ids(batch)
        _mark(batch, status=BatchStatus.RUNNING, done=len(done), total=len(done) + len(todo), message="")
        if on_progress is not None:
            on_progress(batch.done, batch.total)
        for case_id in todo:
            if _write_one(batch, case_id=case_id, kind=kind):
                batch.done += 1
            if on_progress is not None:
                on_progress(batch.done, batch.total)
    except ApplicationError as error:
        _mark(batch, status=BatchStatus.FAILED, message=error.message, finished=True)
        raise
    except Exception:
        logger.exception("letter batch %s failed", batch.pk)
        _mark(batch, status=BatchStatus.FAILED, message=str(FAILED_MESSAGE), finished=True)
        raise
    message = ngettext(
        "%(done)s of %(total)s letter made.", "%(done)s of %(total)s letters made.", batch.total
    ) % {"done": batch.done, "total": batch.total}
    _mark(batch, status=BatchStatus.DONE, message=message, finished=True)
    return batch


def requeue_stuck_batches(*, stale_before: dt.datetime) -> list[int]:
    """Queue again the batches still "running" that made no letter since ``stale_before`` (nor
    started since): their worker died. Every letter is committed with the batch's count, so the
    batch goes on where it stopped. Returns their ids."""
    from eropaf.letters.tasks import run_letter_batch_task  # noqa: PLC0415 — the task module imports this one

    # The heartbeat of a batch is its start or its latest letter, whichever came last.
    quiet = (
        LetterBatch.objects.filter(status=BatchStatus.RUNNING)
        .annotate(last_letter=Max("letters__created_at"))
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=stale_before))
        .filter(Q(last_letter__isnull=True) | Q(last_letter__lt=stale_before))
        .values_list("pk", flat=True)
    )
    candidates = list(quiet)
    with transaction.atomic():
        stuck = list(
            LetterBatch.objects.select_for_update()
            .filter(pk__in=candidates, status=BatchStatus.RUNNING)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if not stuck:
            return []
        # A fresh start time makes the heartbeat of the next attempt its own.
        LetterBatch.objects.filter(pk__in=stuck).update(status=BatchStatus.QUEUED, started_at=None)
        for batch in LetterBatch.objects.filter(pk__in=stuck).select_related("municipality"):
            _remove_unstored_pdfs(batch, made_before=stale_before)
        queue_again(task=run_letter_batch_task, argument="batch_id", ids=stuck)
        record_audit_event(
            actor=None,
            actor_label=REQUEUE_ACTOR,
            action=AuditAction.UPDATE,
            subject_type="letter_batch",
            subject_id=",".join(str(pk) for pk in stuck[:8]),
            description=f"{len(stuck)} stuck letter batch(es) queued again after their worker stopped",
        )
    return stuck


def _remove_unstored_pdfs(batch: LetterBatch, *, made_before: dt.datetime) -> int:
    """Delete the PDFs of the batch's kind and municipality that no letter refers to: a worker
    killed between writing a PDF and committing its letter leaves the file (with a resident's name
    and debts) behind. Only files older than ``made_before``, so a letter being made now is safe."""
    storage = GeneratedLetter._meta.get_field("pdf").storage
    root = f"letters/{batch.municipality.code}"
    if not storage.exists(root):
        return 0
    stored = set(
        GeneratedLetter.objects.filter(
            case__municipality_id=batch.municipality_id, kind=batch.kind
        ).values_list("pdf", flat=True)
    )
    own_name = re.compile(rf"zaak-\d+-{re.escape(batch.kind)}-\d{{14}}\.pdf")
    removed = 0
    for year in storage.listdir(root)[0]:
        for month in storage.listdir(f"{root}/{year}")[0]:
            folder = f"{root}/{year}/{month}"
            for name in storage.listdir(folder)[1]:
                path = f"{folder}/{name}"
                if (
                    own_name.fullmatch(name)
                    and path not in stored
                    and storage.get_modified_time(path) < made_before
                ):
                    storage.delete(path)
                    removed += 1
    return removed


def _write_one(batch: LetterBatch, *, case_id: int, kind: LetterKind) -> bool:
    """One letter in its own transaction; False when another run of the batch made it meanwhile."""
    user = batch.started_by
    case, signals = (
        case_with_signals_for_user(user=user, case_id=case_id) if user else case_with_signals(case_id=case_id)
    )
    try:
        make_letter(
            case=case,
            signals=signals,
            kind=kind,
            by=user,
            batch=batch,
            actor_label=BATCH_ACTOR,
            on_stored=lambda _letter: _count_one(batch),
        )
    except IntegrityError:
        return False
    return True


def _count_one(batch: LetterBatch) -> None:
    LetterBatch.objects.filter(pk=batch.pk).update(done=batch.done + 1)


def _mark(
    batch: LetterBatch,
    *,
    status: BatchStatus | None = None,
    done: int | None = None,
    total: int | None = None,
    message: str | None = None,
    finished: bool = False,
) -> None:
    """Write the batch's state at once, committed on its own so whoever watches sees it move."""
    now = timezone.now()
    if status is not None:
        batch.status = status
        if status == BatchStatus.RUNNING and batch.started_at is None:
            batch.started_at = now
    batch.done = batch.done if done is None else done
    batch.total = batch.total if total is None else total
    batch.message = batch.message if message is None else message
    batch.finished_at = now if finished else None
    LetterBatch.objects.filter(pk=batch.pk).update(
        status=batch.status,
        done=batch.done,
        total=batch.total,
        message=batch.message,
        started_at=batch.started_at,
        finished_at=batch.finished_at,
    )
