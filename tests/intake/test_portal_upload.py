"""The partner portal: uploading a delivery, following its progress and reading its report."""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext
from pytest_django import Settings

from eropaf.accounts.models import RoleAssignment, User
from eropaf.accounts.roles import Role
from eropaf.intake.forms import too_large_message
from eropaf.intake.models import Delivery, RejectedRow, Signal, Upload, UploadStage, UploadStatus
from eropaf.organisations.models import Partner
from tests.factories import MunicipalityFactory, PartnerFactory, PostcodeAreaFactory, make_user_with_role
from tests.intake.deliveries import HEADER, csv_bytes, good_row

pytestmark = pytest.mark.django_db

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
MEGABYTE = 1024 * 1024


@dataclass(frozen=True)
class Portal:
    partner: Partner
    user: User
    client: Client


@pytest.fixture
def portal(client: Client) -> Portal:
    dordrecht = MunicipalityFactory.create(code="0505", name="Dordrecht")
    PostcodeAreaFactory.create(digits="3311", municipality=dordrecht)
    partner = PartnerFactory.create(code="woongoed", name="Woongoed", municipalities=[dordrecht])
    user = make_user_with_role(Role.PARTNER_USER, partner=partner)
    client.force_login(user)
    return Portal(partner=partner, user=user, client=client)


def send(client: Client, data: bytes, *, name: str = "signalen.csv", **fields: str) -> Any:
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("intake:upload"), {"bestand": file, **fields})


def upload_and_process(
    portal: Portal, on_commit: OnCommit, data: bytes, *, name: str = "signalen.csv", **fields: str
) -> Upload:
    """Upload through the portal and run the queued processing, as the inline task backend does."""
    with on_commit(execute=True):
        response = send(portal.client, data, name=name, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    upload = Upload.objects.get()
    assert response["Location"] == reverse("intake:upload-status", args=[upload.pk])
    return upload


def page_text(response: Any) -> str:
    return str(response.content.decode())


def test_an_upload_with_good_and_broken_rows_ends_in_a_report_with_counts_and_messages(
    portal: Portal, django_capture_on_commit_callbacks: OnCommit
) -> None:
    data = csv_bytes([good_row("A-1"), good_row("A-2", postcode="1234 A"), good_row("A-3"), good_row("A-1")])
    upload = upload_and_process(portal, django_capture_on_commit_callbacks, data)

    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE
    assert bytes(upload.content) == b""
    delivery = Delivery.objects.get()
    assert upload.delivery_id == delivery.pk
    assert (delivery.received_count, delivery.accepted_count, delivery.rejected_count) == (4, 2, 1)
    assert delivery.duplicate_count == 1
    assert delivery.submitted_by_id == portal.user.pk

    status = portal.client.get(reverse("intake:upload-status", args=[upload.pk]))
    assert status.status_code == 200
    assert reverse("intake:detail", args=[delivery.pk]) in page_text(status)
    assert 'hx-trigger="every 1s"' not in page_text(status)

    report = portal.client.get(reverse("intake:detail", args=[delivery.pk]))
    text = page_text(report)
    assert report.status_code == 200
    assert re.findall(r'app-counts__number">([\d.]+)<', text) == ["4", "2", "1", "1"]
    message = RejectedRow.objects.get().message
    assert "1234 A" in message
    assert message.replace('"', "&quot;") in text
    assert reverse("intake:rejected-csv", args=[delivery.pk]) in text
    assert reverse("intake:rejected-xlsx", args=[delivery.pk]) in text

    listing = page_text(portal.client.get(reverse("intake:list")))
    assert reverse("intake:detail", args=[delivery.pk]) in listing
    assert "signalen.csv" in listing
    assert reverse("intake:upload-status", args=[upload.pk]) not in listing  # done: it is a delivery now


def test_a_file_without_a_required_column_is_refused_with_its_reason(
    portal: Portal, django_capture_on_commit_callbacks: OnCommit
) -> None:
    header = tuple(name for name in HEADER if name != "postcode")
    upload = upload_and_process(
        portal, django_capture_on_commit_callbacks, csv_bytes([good_row("A-1")], header=header)
    )

    upload.refresh_from_db()
    assert upload.status == UploadStatus.REFUSED
    assert "postcode" in upload.message
    assert not Delivery.objects.exists()
    assert not Signal.objects.exists()
    status = page_text(portal.client.get(reverse("intake:upload-status", args=[upload.pk])))
    assert gettext("The delivery was refused. Nothing was stored.") in status
    assert upload.message.replace('"', "&quot;") in status
    listing = page_text(portal.client.get(reverse("intake:list")))
    assert reverse("intake:upload-status", args=[upload.pk]) in listing
    assert upload.message.replace('"', "&quot;") in listing


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(
    portal: Portal, settings: Settings, django_capture_on_commit_callbacks: OnCommit
) -> None:
    settings.DELIVERY_FILE_MAX_BYTES = MEGABYTE
    data = csv_bytes([good_row("A-1")]) + b"x" * (MEGABYTE + MEGABYTE // 5)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(portal.client, data)

    assert response.status_code == 413
    assert too_large_message(MEGABYTE) in page_text(response)
    assert not Upload.objects.exists()


def test_a_file_larger_than_the_limit_is_refused(
    portal: Portal, settings: Settings, django_capture_on_commit_callbacks: OnCommit
) -> None:
    settings.DELIVERY_FILE_MAX_BYTES = MEGABYTE
    data = csv_bytes([good_row("A-1")])
    data += b"x" * (MEGABYTE + 100 - len(data))  # within the request allowance, over the file limit
    with django_capture_on_commit_callbacks(execute=True):
        response = send(portal.client, data)

    assert response.status_code == 400
    assert too_large_message(MEGABYTE) in page_text(response)
    assert not Upload.objects.exists()


def test_an_upload_without_a_file_shows_the_form_again(portal: Portal) -> None:
    response = portal.client.post(reverse("intake:upload"), {})
    assert response.status_code == 400
    assert "utrecht-form-field--invalid" in page_text(response)
    assert not Upload.objects.exists()


def test_the_progress_fragment_polls_while_running_and_sends_htmx_to_the_report_when_done(
    portal: Portal,
) -> None:
    upload = Upload.objects.create(
        partner=portal.partner,
        submitted_by=portal.user,
        channel="portal",
        file_name="groot.csv",
        status=UploadStatus.RUNNING,
        stage=UploadStage.VALIDATING,
        rows_total=40_000,
        rows_done=10_000,
    )
    url = reverse("intake:upload-progress", args=[upload.pk])

    running = portal.client.get(url, headers={"HX-Request": "true"})
    text = page_text(running)
    assert 'hx-trigger="every 1s"' in text
    assert f'hx-get="{url}"' in text
    assert f'<progress class="app-progress" max="100" value="{upload.percent}"' in text
    assert gettext("%(done)s of %(total)s rows") % {"done": "10.000", "total": "40.000"} in text
    assert "HX-Redirect" not in running
    assert "no-cache" in running["Cache-Control"]
    status_page = page_text(portal.client.get(reverse("intake:upload-status", args=[upload.pk])))
    assert 'hx-trigger="every 1s"' in status_page
    assert "<noscript>" in status_page  # without JavaScript: a link to look again

    delivery = Delivery.objects.create(
        partner=portal.partner, period=dt.date(2026, 11, 1), channel="portal", received_at=upload.created_at
    )
    Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.DONE, delivery=delivery)
    done = portal.client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Redirect"] == reverse("intake:detail", args=[delivery.pk])
    assert 'hx-trigger="every 1s"' not in page_text(done)
    plain = portal.client.get(url)
    assert "HX-Redirect" not in plain
    assert reverse("intake:detail", args=[delivery.pk]) in page_text(plain)


@pytest.fixture
def november_10th() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_the_form_offers_the_open_period_and_the_next(portal: Portal, november_10th: None) -> None:
    text = page_text(portal.client.get(reverse("intake:list")))
    assert re.findall(r'<option value="(\d{4}-\d\d)"', text) == ["2026-11", "2026-12"]
    with time_machine.travel(dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC), tick=False):
        portal.client.force_login(portal.user)  # the session of the 10th has long expired
        text = page_text(portal.client.get(reverse("intake:list")))
    assert re.findall(r'<option value="(\d{4}-\d\d)"', text) == ["2026-12", "2027-01"]


def test_an_upload_may_name_the_next_period_but_not_a_closed_one(
    portal: Portal, november_10th: None, django_capture_on_commit_callbacks: OnCommit
) -> None:
    closed = send(portal.client, csv_bytes([good_row("A-1")]), periode="2026-10")
    assert closed.status_code == 400
    assert not Upload.objects.exists()

    upload_and_process(
        portal, django_capture_on_commit_callbacks, csv_bytes([good_row("A-1")]), periode="2026-12"
    )
    assert Delivery.objects.get().period == dt.date(2026, 12, 1)


def test_a_user_of_several_partners_chooses_one_of_them(
    portal: Portal, django_capture_on_commit_callbacks: OnCommit
) -> None:
    single = page_text(portal.client.get(reverse("intake:list")))
    assert 'name="partner"' not in single

    second = PartnerFactory.create(
        name="Stroomlijn", municipalities=list(portal.partner.municipalities.all())
    )
    RoleAssignment.objects.create(user=portal.user, role=Role.PARTNER_USER, partner=second)
    stranger = PartnerFactory.create(name="Vreemd B.V.")
    text = page_text(portal.client.get(reverse("intake:list")))
    assert 'name="partner"' in text
    assert "Stroomlijn" in text
    assert "Vreemd B.V." not in text

    refused = send(portal.client, csv_bytes([good_row("A-1")]), partner=str(stranger.pk))
    assert refused.status_code == 400
    assert not Upload.objects.exists()

    upload_and_process(
        portal, django_capture_on_commit_callbacks, csv_bytes([good_row("A-1")]), partner=str(second.pk)
    )
    assert Delivery.objects.get().partner == second


def test_delivered_text_is_escaped_on_every_page(
    portal: Portal, django_capture_on_commit_callbacks: OnCommit
) -> None:
    payload = "<script>alert(1)</script>"
    data = csv_bytes([good_row(payload, postcode="9999 X"), good_row("A-2")])
    upload = upload_and_process(
        portal, django_capture_on_commit_callbacks, data, name="<img src=x onerror=alert(2)>.csv"
    )
    delivery = Delivery.objects.get()

    pages = [
        portal.client.get(reverse("intake:detail", args=[delivery.pk])),
        portal.client.get(reverse("intake:list")),
        portal.client.get(reverse("intake:upload-status", args=[upload.pk])),
    ]
    report = page_text(pages[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    for page in pages:
        text = page_text(page)
        assert payload not in text
        assert "<img src=x" not in text
    assert "&lt;img src=x onerror=alert(2)&gt;.csv" in page_text(pages[1])


def test_the_rejected_rows_are_shown_fifty_to_a_page(
    portal: Portal, django_capture_on_commit_callbacks: OnCommit
) -> None:
    rows = [good_row(f"R-{number:03d}", postcode="12") for number in range(60)]
    upload_and_process(portal, django_capture_on_commit_callbacks, csv_bytes(rows))
    delivery = Delivery.objects.get()
    url = reverse("intake:detail", args=[delivery.pk])

    first = page_text(portal.client.get(url))
    second = page_text(portal.client.get(url, {"pagina": "2"}))
    assert first.count('class="utrecht-table__body app-rejected__row"') == 50
    assert second.count('class="utrecht-table__body app-rejected__row"') == 10
    assert "R-000" in first
    assert "R-050" not in first
    assert "R-059" in second
    assert "?pagina=2" in first


def test_unknown_columns_are_a_warning_on_the_report(
    portal: Portal, django_capture_on_commit_callbacks: OnCommit
) -> None:
    data = csv_bytes([{**good_row("A-1"), "opmerking": "x"}], header=(*HEADER, "opmerking"))
    upload_and_process(portal, django_capture_on_commit_callbacks, data)
    text = page_text(portal.client.get(reverse("intake:detail", args=[Delivery.objects.get().pk])))
    assert "Onbekende kolommen genegeerd" in text
    assert "&quot;opmerking&quot;" in text
