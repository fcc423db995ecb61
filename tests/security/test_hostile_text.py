"""Hostile text from a partner is harmless everywhere it shows.

Partners deliver script tags, attribute breakers, ``javascript:`` URLs, template syntax and SQL in every
free-text field (tests/security/hostile.py). After intake, matching and triage, every user who may see
the data walks the pages they can reach from their start page and the object pages of the households;
no page may hold an element or attribute the payload made, and the payload must show as plain text.
"""

import csv
import importlib
import io
import json
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
import time_machine
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook
from pypdf import PdfReader

from eropaf.accounts.api_tokens import create_api_token
from eropaf.audit.models import AuditEvent
from eropaf.care_desk.models import Referral
from eropaf.coordination.models import CaseForm, Meeting
from eropaf.escalation.models import EvictionTrack
from eropaf.intake.exports import FORMULA_PREFIXES
from eropaf.intake.models import RejectedRow, Signal
from eropaf.letters.assembly import LetterParts, build_letter_content
from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import LetterSender
from eropaf.letters.rendering import letter_html, render_letter_pdf
from eropaf.letters.selectors import sender_for, template_for
from eropaf.signalering_plus.models import Admission, Consultation
from tests.security.hostile import (
    FORMULAS,
    PAYLOADS,
    SCRIPT,
    SQL,
    TEMPLATE,
    TODAY,
    HostileRegion,
    build_hostile_region,
    read_html,
)

pytestmark = pytest.mark.django_db

# The tests run without migrations; the data migration's own function installs the default letters.
default_templates_migration = importlib.import_module("eropaf.letters.migrations.0002_default_templates")

MAX_PAGES = 120  # per user; the walk reaches every page type of the region well within this
MAX_VARIANTS = 3  # the same path with different query strings (filters, pages) counts this often
NEVER_FOLLOW = ("/uitloggen/", "/gezondheid", "/inloggen/")
SPREADSHEETS = ("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture
def region(client: Client) -> Iterator[HostileRegion]:
    with time_machine.travel(TODAY, tick=False):
        yield build_hostile_region(client)


# --------------------------------------------------------------------------------------------
# The walk
# --------------------------------------------------------------------------------------------


@dataclass
class Walk:
    pages: dict[str, str] = field(default_factory=dict)  # path → visible text of every HTML page
    problems: list[str] = field(default_factory=list)
    spreadsheets: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path → (type, content)


def _follow(link: str, *, admin: bool) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(NEVER_FOLLOW) or parts.path.startswith("/static/"):
        return None
    if parts.path.startswith("/django-admin/") != admin:
        return None
    if admin and any(part in parts.path for part in ("/delete/", "/history/", "/password/", "/logout/")):
        return None
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def walk(client: Client, starts: list[str], *, admin: bool = False) -> Walk:
    """Every page reachable by links from ``starts`` (GET only), read for what a payload made."""
    found = Walk()
    queue = deque(starts)
    seen: set[str] = set()
    variants: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        path = url.split("?")[0]
        if url in seen or variants.get(path, 0) >= MAX_VARIANTS:
            continue
        seen.add(url)
        variants[path] = variants.get(path, 0) + 1
        response = client.get(url, follow=True)
        if response.status_code >= 500:
            found.problems.append(f"{url}: {response.status_code}")
            continue
        content_type = response.get("Content-Type", "")
        if content_type.startswith(SPREADSHEETS):
            found.spreadsheets[url] = (content_type, response.content)
            continue
        if not content_type.startswith("text/html"):
            continue
        page = read_html(response.content.decode())
        found.problems.extend(f"{url}: {problem}" for problem in page.problems)
        found.pages[url] = page.text
        for link in page.links:
            target = _follow(link, admin=admin)
            if target is not None and target not in seen:
                queue.append(target)
    return found


def showing(found: Walk, payload: str) -> list[str]:
    return [url for url, text in found.pages.items() if payload in text]


def object_pages(region: HostileRegion) -> dict[str, list[str]]:
    """The object pages of the hostile households, per user of the region."""
    tracks = EvictionTrack.objects.filter(municipality=region.municipality)
    referrals = Referral.objects.filter(municipality=region.municipality)
    admissions = Admission.objects.filter(municipality=region.municipality)
    consultations = Consultation.objects.filter(municipality=region.municipality)
    forms = CaseForm.objects.filter(municipality=region.municipality)
    meetings = Meeting.objects.filter(municipality=region.municipality)
    casework = [
        "/",
        *(reverse("cases:detail", args=[case.pk]) for case in region.cases),
        *(reverse("escalation:track", args=[track.pk]) for track in tracks),
        *(reverse("signalering_plus:admission", args=[admission.pk]) for admission in admissions),
        *(reverse("signalering_plus:consultation", args=[c.pk]) for c in consultations),
        *(reverse("care_desk:propose-for-case", args=[case.pk]) for case in region.cases),
        *(reverse("care_desk:refer-case", args=[case.pk]) for case in region.cases),
        *(reverse("coordination:case-form", args=[form.pk]) for form in forms),
        reverse("matching:reviews"),
        reverse("signalering_plus:overview"),
        reverse("signalering_plus:actions"),
        reverse("care_desk:sent"),
        reverse("escalation:overview"),
    ]
    partner = [
        "/",
        reverse("feedback:list"),
        reverse("intake:quality"),
        reverse("coordination:landlord-list"),
        *(reverse("coordination:landlord-form", args=[form.pk]) for form in forms),
        reverse("care_desk:sent"),
        *(reverse("intake:detail", args=[d.pk]) for d in (region.csv_delivery, region.json_delivery)),
    ]
    return {
        "case_worker": casework,
        "team_lead": [*casework, reverse("reporting:workload"), reverse("letters:batches")],
        "landlord": partner,
        "energy": partner,
        "desk": ["/", *(reverse("care_desk:detail", args=[r.pk]) for r in referrals)],
        "regieteam": ["/", *(reverse("coordination:meeting", args=[m.pk]) for m in meetings)],
        "policy_officer": ["/", reverse("reporting:dashboard"), reverse("reporting:deliveries")],
        "administrator": ["/", reverse("reporting:deliveries"), reverse("matching:windows")],
    }


# Who must see each payload somewhere on their walk (so the check is not vacuous).
SEES_THE_PAYLOADS = {"case_worker", "team_lead", "landlord", "energy", "desk", "regieteam"}


@pytest.mark.parametrize(
    "user",
    [
        "case_worker",
        "team_lead",
        "landlord",
        "energy",
        "desk",
        "regieteam",
        "policy_officer",
        "administrator",
    ],
)
def test_no_page_lets_a_payload_make_markup(region: HostileRegion, client: Client, user: str) -> None:
    client.force_login(region.users[user])

    with time_machine.travel(TODAY, tick=False):
        found = walk(client, object_pages(region)[user])

    assert not found.problems, "\n".join(found.problems)
    assert len(found.pages) >= 3, sorted(found.pages)
    if user in SEES_THE_PAYLOADS:
        unseen = [payload for payload in PAYLOADS if not showing(found, payload)]
        assert not unseen, f"{user} never sees {unseen} as text on {sorted(found.pages)}"


def test_the_case_page_shows_every_field_as_text(region: HostileRegion, client: Client) -> None:
    client.force_login(region.users["case_worker"])
    case = region.case_of(SCRIPT)

    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()

    page = read_html(body)
    assert not page.problems
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert page.text.count(SCRIPT) >= 3  # name, street, place (and the reference)


def test_the_template_payload_is_never_evaluated(region: HostileRegion, client: Client) -> None:
    client.force_login(region.users["case_worker"])
    case = region.case_of(TEMPLATE)

    text = read_html(client.get(reverse("cases:detail", args=[case.pk])).content.decode()).text

    assert TEMPLATE in text
    assert "49" not in text.replace(TEMPLATE, "")


def test_the_admin_pages_escape_every_payload(region: HostileRegion, client: Client) -> None:
    """Signals and cases are not in the admin; the audit trail about them and the organisations are."""
    client.force_login(region.users["superuser"])
    events = AuditEvent.objects.order_by("-pk")[:10]
    starts = [
        reverse("admin:index"),
        reverse("admin:audit_auditevent_changelist"),
        *(reverse("admin:audit_auditevent_change", args=[event.pk]) for event in events),
        reverse("admin:organisations_partner_change", args=[region.landlord.pk]),
        reverse("admin:accounts_team_change", args=[region.team.pk]),
    ]

    with time_machine.travel(TODAY, tick=False):
        found = walk(client, starts, admin=True)

    assert not found.problems, "\n".join(found.problems)
    assert len(found.pages) >= 20


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_audit_person_search_escapes_what_was_typed(
    region: HostileRegion, client: Client, payload: str
) -> None:
    client.force_login(region.users["superuser"])
    url = reverse("admin:audit_auditevent_person_search")

    response = client.post(url, {"bsn": payload}, follow=True)

    assert response.status_code == 200
    body = response.content.decode()
    assert not read_html(body).problems
    assert escape(payload) in body


def test_the_audit_person_search_lists_the_hostile_households_safely(
    region: HostileRegion, client: Client
) -> None:
    client.force_login(region.users["superuser"])
    signal = Signal.objects.filter(surname=SCRIPT).first()
    assert signal is not None

    response = client.post(reverse("admin:audit_auditevent_person_search"), {"bsn": signal.bsn}, follow=True)

    assert response.status_code == 200
    assert not read_html(response.content.decode()).problems
    assert any(signal.pk in event.signal_ids for event in AuditEvent.objects.all())


# --------------------------------------------------------------------------------------------
# Rejected rows, the API, the database
# --------------------------------------------------------------------------------------------


def test_rejected_rows_show_escaped_in_the_portal(region: HostileRegion, client: Client) -> None:
    client.force_login(region.users["landlord"])

    body = client.get(reverse("intake:detail", args=[region.csv_delivery.pk])).content.decode()

    page = read_html(body)
    assert not page.problems
    assert region.csv_delivery.rejected_count == len(PAYLOADS) + len(FORMULAS)
    assert SCRIPT in page.text  # the value as delivered, in the message and the row
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert region.csv_delivery.file_name in page.text  # the file name is hostile too


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_the_api_carries_payloads_as_data(region: HostileRegion, client: Client) -> None:
    key = create_api_token(partner=region.energy, name="lezen", created_by=None).key
    headers = {"Authorization": f"Bearer {key}"}
    delivery_id = region.json_report["delivery_id"]

    response = client.get(reverse("api:delivery-detail", args=[delivery_id]), headers=headers)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    # The messages about rejected rows quote the value as delivered: as data, never as escaped HTML.
    for report in (response.json(), region.json_report):
        values = list(_strings(report))
        unseen = [payload for payload in PAYLOADS if not any(payload in value for value in values)]
        assert not unseen, unseen
    assert "&lt;" not in response.content.decode()
    assert "&#x27;" not in response.content.decode()


def test_the_case_classes_api_answers_json_for_a_hostile_household(
    region: HostileRegion, client: Client
) -> None:
    client.force_login(region.users["case_worker"])
    case = region.case_of(SCRIPT)

    response = client.get(reverse("api:case-classes", args=[case.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    json.loads(response.content)


def test_sql_is_stored_and_shown_verbatim_and_the_tables_still_exist(
    region: HostileRegion, client: Client
) -> None:
    stored = Signal.objects.filter(surname=SQL)

    assert stored.count() == 2  # from the CSV file and from the API
    assert set(stored.values_list("street", flat=True)) == {SQL}
    assert any(SQL in row.values.values() for row in RejectedRow.objects.all())
    assert "intake_signal" in connection.introspection.table_names()
    assert Signal.objects.filter(municipality=region.municipality).count() == 2 * (
        len(PAYLOADS) + len(FORMULAS)
    )
    client.force_login(region.users["case_worker"])
    text = read_html(client.get(reverse("cases:detail", args=[region.case_of(SQL).pk])).content.decode()).text
    assert SQL in text


# --------------------------------------------------------------------------------------------
# Letters: the HTML before the PDF, and the PDF's text
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [SCRIPT, PAYLOADS[1], TEMPLATE])
def test_letters_escape_the_payload_before_the_pdf(region: HostileRegion, payload: str) -> None:
    default_templates_migration.install_default_templates(apps, None)
    LetterSender.objects.create(
        municipality=region.municipality, department=payload, phone="14 078", email=""
    )
    case = region.case_of(payload)
    signals = list(case.signals.all())
    with time_machine.travel(TODAY, tick=False):
        content = build_letter_content(
            LetterParts(
                case=case,
                signals=signals,
                template=template_for(municipality=case.municipality, kind=LetterKind.OFFER),
                sender=sender_for(municipality=case.municipality),
                author_name=payload,
                today=timezone.localdate(),
            )
        )
        html = letter_html(content)
        pdf = render_letter_pdf(content)

    page = read_html(html)
    assert not page.problems
    assert payload in page.text
    pdf_text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert payload.replace(" ", "") in pdf_text.replace(" ", "").replace("\n", "")


# --------------------------------------------------------------------------------------------
# Spreadsheet exports neutralise formulas
# --------------------------------------------------------------------------------------------


def cells(content_type: str, content: bytes) -> list[str]:
    if content_type.startswith("text/csv"):
        text = content.decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,")
        return [cell for row in csv.reader(io.StringIO(text), dialect) for cell in row]
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]


def formulas_in(values: list[str]) -> list[str]:
    return [value for value in values if value.startswith(FORMULA_PREFIXES) and not _is_number(value)]


def _is_number(value: str) -> bool:
    try:
        float(value.replace(",", "."))
    except ValueError:
        return False
    return True


EXPORTS = {
    "landlord": lambda region: [
        reverse("intake:rejected-csv", args=[region.csv_delivery.pk]),
        reverse("intake:rejected-xlsx", args=[region.csv_delivery.pk]),
    ],
    "team_lead": lambda _region: [
        f"{reverse('reporting:case-queue-export', kwargs={'sheet_format': 'csv'})}?periode=2026-11",
        f"{reverse('reporting:case-queue-export', kwargs={'sheet_format': 'xlsx'})}?periode=2026-11",
    ],
}


@pytest.mark.parametrize("user", sorted(EXPORTS))
def test_exports_of_hostile_data_neutralise_formulas(
    region: HostileRegion, client: Client, user: str
) -> None:
    client.force_login(region.users[user])
    for url in EXPORTS[user](region):
        with time_machine.travel(TODAY, tick=False):
            response = client.get(url)
        assert response.status_code == 200, url
        values = cells(response["Content-Type"], response.content)

        assert not formulas_in(values), f"{url}: {formulas_in(values)}"
        neutralised = [formula for formula in FORMULAS if any(v.startswith(f"'{formula}") for v in values)]
        assert neutralised, f"{url} shows none of the hostile formulas: {values[:40]}"


@pytest.mark.parametrize("user", ["team_lead", "policy_officer", "administrator", "landlord"])
def test_every_export_reachable_from_the_pages_neutralises_formulas(
    region: HostileRegion, client: Client, user: str
) -> None:
    """The dashboard tables and any other download a user's pages link to."""
    client.force_login(region.users[user])
    with time_machine.travel(TODAY, tick=False):
        found = walk(client, object_pages(region)[user])

    for url, (content_type, content) in found.spreadsheets.items():
        values = cells(content_type, content)
        assert not formulas_in(values), f"{url}: {formulas_in(values)}"


# --------------------------------------------------------------------------------------------
# The checks themselves
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unsafe",
    [
        f"<p>{SCRIPT}</p>",
        f'<input value="{PAYLOADS[1]}">',
        f'<a href="{PAYLOADS[2]}">naam</a>',
        "<b onclick=alert(1)>x</b>",
    ],
)
def test_the_reader_sees_what_an_unescaped_payload_makes(unsafe: str) -> None:
    assert read_html(unsafe).problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_reader_accepts_an_escaped_payload(payload: str) -> None:
    page = read_html(f'<p title="{escape(payload)}">{escape(payload)}</p>')

    assert not page.problems
    assert payload in page.text


def test_the_formula_check_sees_an_unneutralised_cell() -> None:
    assert formulas_in(["=1+1", "'=1+1", "-3", "+31612345678"]) == ["=1+1"]
