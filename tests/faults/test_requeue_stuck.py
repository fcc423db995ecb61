"""``eropaf requeue_stuck`` takes only jobs that stopped moving, and only their own lost task results."""

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eropaf.audit.models import AuditEvent
from eropaf.core.stuck import WORKER_LOST
from eropaf.intake.models import Upload, UploadStatus
from eropaf.intake.tasks import process_upload
from eropaf.letters.models import BatchStatus, GeneratedLetter, LetterBatch
from eropaf.matching.models import MatchingRun, RunStatus
from tests.factories import CaseFactory, MunicipalityFactory, PartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_backend")]


def requeue(*args: str) -> dict[str, list[int]]:
    out = StringIO()
    # The tasks are queued when the requeue commits; these tests run inside a transaction.
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("requeue_stuck", "--json", *args, stdout=out)
    requeued: dict[str, list[int]] = json.loads(out.getvalue())
    return requeued


def running_upload() -> Upload:
    return Upload.objects.create(
        partner=PartnerFactory.create(), channel="portal", file_name="a.csv", status=UploadStatus.RUNNING
    )


def lost_result(upload_id: int) -> DBTaskResult[Any, Any]:
    result = process_upload.enqueue(upload_id=upload_id)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_jobs_that_moved_within_the_threshold_are_left_alone() -> None:
    municipality = MunicipalityFactory.create()
    upload = running_upload()
    MatchingRun.objects.create(
        municipality=municipality, period=dt.date(2026, 10, 1), status=RunStatus.RUNNING
    )
    LetterBatch.objects.create(
        municipality=municipality,
        period=dt.date(2026, 10, 1),
        kind="contactverzoek",
        status=BatchStatus.RUNNING,
        started_at=timezone.now(),
    )

    assert requeue() == {"uploads": [], "matching_runs": [], "letter_batches": []}
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=29), tick=False):
        assert requeue() == {"uploads": [], "matching_runs": [], "letter_batches": []}
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=31), tick=False):
        requeued = requeue()
    assert requeued["uploads"] == [upload.pk]
    assert len(requeued["matching_runs"]) == len(requeued["letter_batches"]) == 1
    assert AuditEvent.objects.filter(actor_username="requeue_stuck").count() == 3


def test_a_batch_that_still_makes_letters_is_not_stuck_however_long_it_runs() -> None:
    case = CaseFactory.create()
    batch = LetterBatch.objects.create(
        municipality=case.municipality,
        period=case.period,
        kind="contactverzoek",
        status=BatchStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(hours=2),
    )
    GeneratedLetter.objects.create(
        case=case, kind="contactverzoek", title="t", rendered_text="t", batch=batch
    )

    assert requeue("--stale-after", "30")["letter_batches"] == []
    GeneratedLetter.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert requeue("--stale-after", "30")["letter_batches"] == [batch.pk]


def test_only_the_stuck_jobs_own_task_result_is_retired() -> None:
    stuck, alive = running_upload(), running_upload()
    Upload.objects.filter(pk=alive.pk).update(updated_at=timezone.now() + dt.timedelta(hours=1))
    stuck_result, alive_result = lost_result(stuck.pk), lost_result(alive.pk)

    assert requeue("--stale-after", "0")["uploads"] == [stuck.pk]

    stuck_result.refresh_from_db()
    alive_result.refresh_from_db()
    assert (stuck_result.status, stuck_result.exception_class_path) == (TaskResultStatus.FAILED, WORKER_LOST)
    assert alive_result.status == TaskResultStatus.RUNNING
    queued_again = DBTaskResult.objects.filter(status=TaskResultStatus.READY).get()
    assert queued_again.args_kwargs["kwargs"] == {"upload_id": stuck.pk}
    stuck.refresh_from_db()
    assert stuck.status == UploadStatus.QUEUED


def test_the_command_says_what_it_did_in_dutch() -> None:
    out = StringIO()
    call_command("requeue_stuck", stdout=out)
    assert "Opnieuw in de wachtrij: 0 uploads, 0 matchingrondes, 0 briefrondes." in out.getvalue()
