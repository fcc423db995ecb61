"""Portal uploads processed in the background, and withdrawals."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from pytest_django import DjangoCaptureOnCommitCallbacks

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Signal, Upload, UploadStage, UploadStatus
from eropaf.intake.services import process_upload, start_upload, withdraw_signals
from tests.factories import make_user_with_role
from tests.intake.deliveries import HEADER, Region, csv_bytes, good_row, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def region() -> Region:
    return make_region()


def test_an_upload_is_processed_and_its_file_dropped(
    region: Region, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user = make_user_with_role(Role.PARTNER_USER, partner=region.partner)
    with django_capture_on_commit_callbacks(execute=True):
        upload = start_upload(
            partner=region.partner,
            submitted_by=user,
            file_name="huur.csv",
            content=csv_bytes([good_row("A-1")]),
        )
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE
    assert upload.stage == UploadStage.FINISHED
    assert upload.delivery is not None
    assert upload.delivery.accepted_count == 1
    assert upload.delivery.channel == DeliveryChannel.PORTAL
    assert upload.delivery.submitted_by == user
    assert bytes(upload.content) == b""
    assert upload.percent == 100


def test_a_refused_upload_keeps_the_reason(
    region: Region, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user = make_user_with_role(Role.PARTNER_USER, partner=region.partner)
    data = csv_bytes([good_row("A-1")], header=[name for name in HEADER if name != "achternaam"])
    with django_capture_on_commit_callbacks(execute=True):
        upload = start_upload(partner=region.partner, submitted_by=user, file_name="huur.csv", content=data)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.REFUSED
    assert "achternaam" in upload.message
    assert upload.delivery is None


def test_processing_a_finished_upload_again_changes_nothing(
    region: Region, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    user = make_user_with_role(Role.PARTNER_USER, partner=region.partner)
    with django_capture_on_commit_callbacks(execute=True):
        upload = start_upload(
            partner=region.partner,
            submitted_by=user,
            file_name="huur.csv",
            content=csv_bytes([good_row("A-1")]),
        )
    process_upload(upload_id=upload.pk)
    assert Signal.objects.count() == 1


def test_an_interrupted_upload_runs_again_from_the_start(region: Region) -> None:
    user = make_user_with_role(Role.PARTNER_USER, partner=region.partner)
    upload = Upload.objects.create(
        partner=region.partner,
        submitted_by=user,
        channel=DeliveryChannel.PORTAL,
        file_name="huur.csv",
        content=csv_bytes([good_row("A-1")]),
        status=UploadStatus.RUNNING,
        stage=UploadStage.STORING,
    )
    process_upload(upload_id=upload.pk)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE
    assert Signal.objects.count() == 1


def test_withdrawing_keeps_the_signal_and_records_it(region: Region) -> None:
    import_delivery(
        partner=region.partner,
        source=DeliverySource.from_file(csv_bytes([good_row("A-1"), good_row("A-2")]), "huur.csv"),
        channel=DeliveryChannel.PORTAL,
    )
    user = make_user_with_role(Role.PARTNER_USER, partner=region.partner)
    assert (
        withdraw_signals(partner=region.partner, reference=" A-1 ", reason="betaald", withdrawn_by=user) == 1
    )
    withdrawn = Signal.objects.get(reference="A-1")
    assert withdrawn.withdrawn_at is not None
    assert withdrawn.withdrawal_reason == "betaald"
    assert Signal.objects.get(reference="A-2").withdrawn_at is None
    event = AuditEvent.objects.get(subject_type="signal")
    assert event.signal_ids == [withdrawn.pk]
    assert withdraw_signals(partner=region.partner, reference="A-1", reason="", withdrawn_by=user) == 0


def test_a_partner_cannot_withdraw_another_partners_signal(region: Region) -> None:
    import_delivery(
        partner=region.partner,
        source=DeliverySource.from_file(csv_bytes([good_row("A-1")]), "huur.csv"),
        channel=DeliveryChannel.PORTAL,
    )
    assert withdraw_signals(partner=region.other_partner, reference="A-1", reason="", withdrawn_by=None) == 0
    assert Signal.objects.get().withdrawn_at is None
