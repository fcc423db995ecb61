"""End-to-end journey in Chromium: a partner user logs in, uploads a delivery with broken rows,
reads the report with the rejected rows and downloads them to correct them."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, Request, expect
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.roles import Role
from eropaf.intake.exports import MESSAGE_COLUMN
from eropaf.intake.models import Delivery, RejectedRow, Upload, UploadStage, UploadStatus
from tests.browser.conftest import screenshot_dir
from tests.browser.test_journeys import log_in, watch_for_errors
from tests.factories import (
    PASSWORD,
    DeliveryFactory,
    MunicipalityFactory,
    PartnerFactory,
    PostcodeAreaFactory,
    make_user_with_role,
)
from tests.intake.deliveries import csv_bytes, good_row

pytestmark = pytest.mark.browser

FILE_LABEL = re.compile(r"^(Bestand|File)$", re.IGNORECASE)
DELIVER_BUTTON = re.compile(r"^(Aanleveren|Deliver)$", re.IGNORECASE)
REPORT_LINK = re.compile(r"verslag|report", re.IGNORECASE)
CSV_LINK = re.compile(r"\(CSV\)")
BROKEN_POSTCODE = "1234 A"


def test_partner_uploads_a_delivery_and_downloads_its_rejected_rows(
    live_server: LiveServer, page: Page, tmp_path: Path
) -> None:
    dordrecht = MunicipalityFactory.create(code="0505", name="Dordrecht")
    PostcodeAreaFactory.create(digits="3311", municipality=dordrecht)
    partner = PartnerFactory.create(code="woongoed", name="Woongoed", municipalities=[dordrecht])
    make_user_with_role(Role.PARTNER_USER, partner=partner, username="p.levering")
    file = tmp_path / "signalen-november.csv"
    file.write_bytes(
        csv_bytes(
            [
                good_row("WG-001"),
                good_row("WG-002", postcode=BROKEN_POSTCODE),
                good_row("WG-003"),
                good_row("WG-004", bedrag="veel"),
            ]
        )
    )

    errors = watch_for_errors(page)
    upload_requests: list[str] = []

    def on_request(request: Request) -> None:
        if request.method == "POST" and request.url.endswith(reverse("intake:upload")):
            upload_requests.append(request.resource_type)

    page.on("request", on_request)
    log_in(page, live_server, "p.levering", PASSWORD)
    expect(page).to_have_url(live_server.url + reverse("intake:list"))
    page.wait_for_load_state("load")  # upload.js is in

    page.get_by_label(FILE_LABEL).set_input_files(file)
    page.screenshot(path=screenshot_dir() / "delivery-upload.png", full_page=True)
    page.get_by_role("button", name=DELIVER_BUTTON).click()

    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/leveringen/uploads/\d+/$"))
    main = page.locator("main")
    page.screenshot(path=screenshot_dir() / "delivery-upload-status.png", full_page=True)
    page.get_by_role("link", name=REPORT_LINK).click()

    delivery = Delivery.objects.get()
    expect(page).to_have_url(live_server.url + reverse("intake:detail", args=[delivery.pk]))
    expect(main.locator(".app-rejected__row")).to_have_count(2)
    expect(main).to_contain_text("WG-002")
    expect(main).to_contain_text("WG-004")
    expect(main).to_contain_text(f'"{BROKEN_POSTCODE}" is geen geldige postcode')
    page.screenshot(path=screenshot_dir() / "delivery-report.png", full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name=CSV_LINK).click()
    download = download_info.value
    assert download.suggested_filename == f"afgekeurd-levering-{delivery.pk}.csv"
    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    delimiter = max(";,\t", key=text.splitlines()[0].count)
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert len(rows) == 2
    assert set(delivery.headers) < set(header)  # the delivered columns, and the message
    assert MESSAGE_COLUMN in header
    messages = {row.message for row in RejectedRow.objects.filter(delivery=delivery)}
    for message in messages:
        assert any(message in cell for row in rows for cell in row), message
    assert upload_requests == ["xhr"]  # sent by upload.js, which shows the bytes sent
    assert not errors, "\n".join(errors)


def test_the_status_page_follows_a_running_upload_to_its_report(live_server: LiveServer, page: Page) -> None:
    partner = PartnerFactory.create(name="Woongoed")
    user = make_user_with_role(Role.PARTNER_USER, partner=partner, username="p.wacht")
    upload = Upload.objects.create(
        partner=partner,
        submitted_by=user,
        channel="portal",
        file_name="groot.csv",
        status=UploadStatus.RUNNING,
        stage=UploadStage.VALIDATING,
        rows_total=80_000,
        rows_done=20_000,
    )
    errors = watch_for_errors(page)
    log_in(page, live_server, "p.wacht", PASSWORD)
    expect(page).to_have_url(live_server.url + reverse("intake:list"))
    page.wait_for_load_state("load")  # leaving earlier would cancel the start page's own requests
    page.goto(live_server.url + reverse("intake:upload-status", args=[upload.pk]))
    bar = page.locator("main progress")
    expect(bar).to_have_attribute("value", str(upload.percent))

    Upload.objects.filter(pk=upload.pk).update(rows_done=60_000)
    expect(page.locator("main")).to_contain_text("60.000")
    page.screenshot(path=screenshot_dir() / "delivery-upload-running.png", full_page=True)

    delivery = DeliveryFactory.create(partner=partner)
    Upload.objects.filter(pk=upload.pk).update(status=UploadStatus.DONE, delivery=delivery)
    expect(page).to_have_url(live_server.url + reverse("intake:detail", args=[delivery.pk]))
    assert not errors, "\n".join(errors)


def test_without_javascript_an_upload_still_ends_in_its_answer(
    live_server: LiveServer, browser: Browser, tmp_path: Path
) -> None:
    dordrecht = MunicipalityFactory.create(code="0505", name="Dordrecht")
    partner = PartnerFactory.create(name="Woongoed", municipalities=[dordrecht])
    make_user_with_role(Role.PARTNER_USER, partner=partner, username="p.zonderjs")
    file = tmp_path / "zonder-postcode.csv"
    file.write_bytes(csv_bytes([good_row("WG-001")], header=("referentie", "ontstaansdatum", "bedrag")))

    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        log_in(page, live_server, "p.zonderjs", PASSWORD)
        page.get_by_label(FILE_LABEL).set_input_files(file)
        page.get_by_role("button", name=DELIVER_BUTTON).click()

        upload = Upload.objects.get()
        expect(page).to_have_url(live_server.url + reverse("intake:upload-status", args=[upload.pk]))
        assert upload.status == UploadStatus.REFUSED
        expect(page.locator("main [role=alert]")).to_contain_text(upload.message)
        page.screenshot(path=screenshot_dir() / "delivery-upload-refused.png", full_page=True)
    finally:
        context.close()


def test_the_upload_form_says_what_is_wrong_in_place(
    live_server: LiveServer, page: Page, tmp_path: Path, settings: Settings
) -> None:
    first = PartnerFactory.create(name="Woongoed")
    second = PartnerFactory.create(name="Stroomlijn")
    user = make_user_with_role(Role.PARTNER_USER, partner=first, username="p.twee")
    RoleAssignment.objects.create(user=user, role=Role.PARTNER_USER, partner=second)
    file = tmp_path / "signalen.csv"
    file.write_bytes(csv_bytes([good_row("WG-001")]))
    posted: list[str] = []
    page.on("request", lambda request: posted.append(request.url) if request.method == "POST" else None)
    log_in(page, live_server, "p.twee", PASSWORD)
    expect(page).to_have_url(live_server.url + reverse("intake:list"))
    page.wait_for_load_state("load")
    posted.clear()

    # No partner chosen: the server's answer replaces the form, with the error at the field.
    page.get_by_label(FILE_LABEL).set_input_files(file)
    page.get_by_role("button", name=DELIVER_BUTTON).click()
    expect(page.locator("main .utrecht-form-field--invalid")).to_have_count(1)
    expect(page).to_have_url(live_server.url + reverse("intake:list"))
    assert posted == [live_server.url + reverse("intake:upload")]
    assert not Upload.objects.exists()

    # Too large: said before anything is sent.
    settings.DELIVERY_FILE_MAX_BYTES = 10
    page.reload()
    posted.clear()
    page.get_by_label(FILE_LABEL).set_input_files(file)
    page.get_by_role("button", name=DELIVER_BUTTON).click()
    expect(page.locator("main [data-upload-error]")).to_be_visible()
    expect(page.locator("main [data-upload-error]")).to_contain_text("MB")
    assert posted == []
    page.screenshot(path=screenshot_dir() / "delivery-upload-too-large.png", full_page=True)
