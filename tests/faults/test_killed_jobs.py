"""Killing a worker with SIGKILL in the middle of a job leaves a consistent state, and the job, queued
again by ``eropaf requeue_stuck``, completes exactly once.

Each test enqueues a real job through the database backend, lets a real ``db_worker`` process take
it, kills that process at a chosen point (tests/faults/child.py), checks what is left, queues the
job again and lets a fresh worker finish it.
"""

import importlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.stuck import WORKER_LOST
from eropaf.intake.models import Delivery, RejectedRow, Signal, Upload, UploadStatus
from eropaf.intake.services import start_upload
from eropaf.letters.batches import start_letter_batch
from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import BatchStatus, GeneratedLetter, LetterBatch, LetterSender
from eropaf.matching.models import MatchingRun, PersonCheck, RunStatus
from eropaf.matching.services import RunAlreadyActive, start_matching_run
from tests.factories import TeamFactory, UserFactory, make_case_with_signal
from tests.faults.conftest import Workers
from tests.intake.deliveries import csv_bytes, good_row, make_region
from tests.matching.world import PERIOD, World, make_world

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = 300
REJECTED = 6  # every 50th row has a postcode outside the Netherlands' format


def requeue() -> dict[str, list[int]]:
    out = StringIO()
    call_command("requeue_stuck", "--stale-after", "0", "--json", stdout=out)
    requeued: dict[str, list[int]] = json.loads(out.getvalue())
    return requeued


def task_statuses() -> list[str]:
    return sorted(DBTaskResult.objects.values_list("status", flat=True))


def assert_lost_task_retired_and_requeued() -> None:
    lost = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert lost.exception_class_path == WORKER_LOST
    assert task_statuses() == [TaskResultStatus.FAILED, TaskResultStatus.READY]


# --- a delivery import ---------------------------------------------------------------------------------


def start_delivery() -> Upload:
    region = make_region()
    rows = [
        good_row(
            f"K-{number}",
            huisnummer=str(number % 40 + 1),
            postcode="1234 A" if number % 50 == 0 else "3311 AB",
        )
        for number in range(ROWS)
    ]
    return start_upload(
        partner=region.partner,
        submitted_by=UserFactory.create(),
        file_name="levering.csv",
        content=csv_bytes(rows),
    )


def assert_one_complete_delivery(upload: Upload) -> None:
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE
    delivery = Delivery.objects.get()
    assert upload.delivery_id == delivery.pk
    assert (delivery.received_count, delivery.accepted_count, delivery.rejected_count) == (
        ROWS,
        ROWS - REJECTED,
        REJECTED,
    )
    assert Signal.objects.filter(delivery=delivery).count() == ROWS - REJECTED
    assert RejectedRow.objects.filter(delivery=delivery).count() == REJECTED


def test_an_import_killed_while_storing_leaves_no_delivery_and_completes_once_requeued(
    workers: Workers,
) -> None:
    upload = start_delivery()

    workers.kill_when_paused("import-storing")

    assert (Delivery.objects.count(), Signal.objects.count(), RejectedRow.objects.count()) == (0, 0, 0)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.RUNNING  # stuck: nothing of ours ran after the kill
    assert task_statuses() == [TaskResultStatus.RUNNING]

    assert requeue()["uploads"] == [upload.pk]
    upload.refresh_from_db()
    assert upload.status == UploadStatus.QUEUED
    assert_lost_task_retired_and_requeued()

    workers.run_to_end()

    assert_one_complete_delivery(upload)
    assert requeue() == {"uploads": [], "matching_runs": [], "letter_batches": []}


def test_an_import_killed_after_its_delivery_committed_finds_it_again_instead_of_storing_twice(
    workers: Workers,
) -> None:
    upload = start_delivery()

    workers.kill_when_paused("import-committed")

    assert Delivery.objects.count() == 1  # all of it: the delivery is one transaction
    assert Signal.objects.count() == ROWS - REJECTED
    upload.refresh_from_db()
    assert upload.status == UploadStatus.RUNNING

    assert requeue()["uploads"] == [upload.pk]
    workers.run_to_end()

    assert_one_complete_delivery(upload)


# --- a matching run ------------------------------------------------------------------------------------

ADDRESSES = 5


@pytest.fixture
def world() -> World:
    world = make_world()
    for number in range(1, ADDRESSES + 1):
        world.signal(number=number, reference=f"R{number}")
    world.signal(number=1, partner=world.energy, reference="E1", euros=120)  # a second arrear, same home
    return world


def cases_of(world: World) -> int:
    return Case.objects.filter(municipality=world.municipality, period=PERIOD).count()


def assert_run_done_once(world: World, run: MatchingRun) -> None:
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.message
    assert cases_of(world) == ADDRESSES
    signals = Signal.objects.filter(municipality=world.municipality, period=PERIOD)
    assert CaseSignal.objects.filter(signal__in=signals).count() == signals.count() == ADDRESSES + 1
    assert PersonCheck.objects.count() == ADDRESSES + 1


def test_a_matching_run_killed_while_storing_leaves_no_cases_and_completes_once_requeued(
    workers: Workers, world: World
) -> None:
    run = start_matching_run(municipality=world.municipality, period=PERIOD, started_by=None, label="test")

    workers.kill_when_paused("matching-storing")

    assert cases_of(world) == 0
    assert CaseSignal.objects.count() == 0
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
    with pytest.raises(RunAlreadyActive):  # a stuck run blocks the month until it is queued again
        start_matching_run(municipality=world.municipality, period=PERIOD, started_by=None, label="test")

    assert requeue()["matching_runs"] == [run.pk]
    assert_lost_task_retired_and_requeued()
    workers.run_to_end()

    assert_run_done_once(world, run)


def test_a_matching_run_killed_after_storing_keeps_all_cases_and_finishes_without_doubles(
    workers: Workers, world: World
) -> None:
    run = start_matching_run(municipality=world.municipality, period=PERIOD, started_by=None, label="test")

    workers.kill_when_paused("matching-stored")

    assert cases_of(world) == ADDRESSES  # the cases are one transaction: all of them
    assert PersonCheck.objects.count() == 0

    assert requeue()["matching_runs"] == [run.pk]
    workers.run_to_end()

    assert_run_done_once(world, run)


# --- a letter batch ------------------------------------------------------------------------------------

LETTERS = 4
CONTACT_REQUEST = [{"kind": "letter", "letter_kind": "contactverzoek"}, {"kind": "phone", "letter_kind": ""}]


@pytest.fixture
def batch() -> LetterBatch:
    migration = importlib.import_module("eropaf.letters.migrations.0002_default_templates")
    migration.install_default_templates(apps, None)
    team = TeamFactory.create()
    LetterSender.objects.create(municipality=team.municipality, phone="14 071")
    cases = [
        make_case_with_signal(
            team=team, case_fields={"contact_plan": CONTACT_REQUEST, "state": CaseState.QUEUED}
        )
        for _ in range(LETTERS)
    ]
    return start_letter_batch(
        municipality=team.municipality,
        period=cases[0].period,
        kind=LetterKind.OFFER_CONTACT_REQUEST,
        started_by=None,
    )


def pdf_files(media: Path) -> list[Path]:
    return sorted(media.rglob("*.pdf"))


def assert_counted_letters_exist(batch: LetterBatch, media: Path) -> None:
    batch.refresh_from_db()
    letters = list(GeneratedLetter.objects.filter(batch=batch))
    assert batch.done == len(letters)
    assert sorted(media / str(letter.pdf.name) for letter in letters) == pdf_files(media)


def test_a_letter_batch_killed_between_letters_counts_only_letters_made_and_goes_on_once(
    workers: Workers, batch: LetterBatch, settings: object
) -> None:
    media = workers.home / "var" / "media"

    workers.kill_when_paused("letters-between")

    assert_counted_letters_exist(batch, media)
    assert batch.done == 2
    assert batch.status == BatchStatus.RUNNING

    assert requeue()["letter_batches"] == [batch.pk]
    workers.run_to_end()

    assert_counted_letters_exist(batch, media)
    assert (batch.status, batch.done, batch.total) == (BatchStatus.DONE, LETTERS, LETTERS)
    assert GeneratedLetter.objects.values("case").distinct().count() == LETTERS
    assert ContactAttempt.objects.count() == LETTERS


def test_a_letter_batch_killed_inside_a_letter_leaves_no_unstored_pdf_once_requeued(
    workers: Workers, batch: LetterBatch
) -> None:
    media = workers.home / "var" / "media"

    workers.kill_when_paused("letters-inside")

    batch.refresh_from_db()
    assert batch.done == GeneratedLetter.objects.count() == 1  # the second letter was rolled back
    assert len(pdf_files(media)) == 2  # ... but its PDF, with a resident's name, is on disk

    assert requeue()["letter_batches"] == [batch.pk]
    assert_counted_letters_exist(batch, media)  # the unstored PDF is gone
    workers.run_to_end()

    assert_counted_letters_exist(batch, media)
    assert (batch.status, batch.done, batch.total) == (BatchStatus.DONE, LETTERS, LETTERS)
    assert ContactAttempt.objects.count() == LETTERS
