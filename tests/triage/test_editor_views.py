"""The afwegingskader pages: who may do what, drafts from every source, editing, export, activation
and trying a policy on hand-written facts."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.organisations.models import Municipality
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import PolicyInvalid, load_policy_yaml, parse_policy
from eropaf.triage.presets import preset, preset_names, preset_text
from eropaf.triage.services import activate, draft_from_preset
from tests.factories import MunicipalityFactory, TeamFactory, make_user_with_role

pytestmark = pytest.mark.django_db

INVALID_FILE = """\
naam: Fout
regels:
  - sleutel: drempel
    omschrijving: Onder de drempel
    als:
      totaalbedrag_onder: tien
      leeftijd_van_tot: [30, 18]
    dan:
      niet_opgepakt: onterecht_signaal
      werkbak: brief
"""


@pytest.fixture
def leiden() -> Municipality:
    return MunicipalityFactory.create(code="0546", name="Leiden")


@pytest.fixture
def elsewhere() -> Municipality:
    return MunicipalityFactory.create(code="0505", name="Dordrecht")


@pytest.fixture
def officer(leiden: Municipality) -> User:
    return make_user_with_role(Role.POLICY_OFFICER, municipality=leiden)


@pytest.fixture
def officer_client(client: Client, officer: User) -> Client:
    client.force_login(officer)
    return client


@pytest.fixture
def draft(leiden: Municipality) -> PolicyVersion:
    return draft_from_preset(user=None, municipality=leiden, name="leiden")


def messages_of(response: object) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def shows(response: object, text: str) -> bool:
    return escape(text) in response.content.decode()  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# Who may
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.ADMINISTRATOR])
def test_policy_officers_and_administrators_see_their_municipality(
    client: Client, role: Role, leiden: Municipality, elsewhere: Municipality, draft: PolicyVersion
) -> None:
    draft_from_preset(user=None, municipality=elsewhere, name="oost-gelre")
    client.force_login(make_user_with_role(role, municipality=leiden))

    response = client.get(reverse("triage:versions"))

    assert response.status_code == 200
    assert shows(response, "Leiden")
    assert "Dordrecht" not in response.content.decode()
    assert client.get(reverse("triage:version", args=[draft.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.TEAM_LEAD])
def test_case_roles_are_refused(
    client: Client, role: Role, leiden: Municipality, draft: PolicyVersion
) -> None:
    client.force_login(make_user_with_role(role, team=TeamFactory.create(municipality=leiden)))

    for url in (
        reverse("triage:versions"),
        reverse("triage:new"),
        reverse("triage:try"),
        reverse("triage:version", args=[draft.pk]),
        reverse("triage:export", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("triage:activate", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == PolicyStatus.DRAFT


def test_a_policy_officer_of_another_municipality_finds_nothing(
    client: Client, elsewhere: Municipality, draft: PolicyVersion
) -> None:
    client.force_login(make_user_with_role(Role.POLICY_OFFICER, municipality=elsewhere))
    before = draft.document

    for url in (
        reverse("triage:version", args=[draft.pk]),
        reverse("triage:export", args=[draft.pk]),
        reverse("triage:activate", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("triage:activate", args=[draft.pk])).status_code == 404
    edit = client.post(reverse("triage:version", args=[draft.pk]), {"beleid": preset_text("landelijk")})
    assert edit.status_code == 404
    copy = client.post(reverse("triage:new"), {"bron": "kopie", "gemeente": "0546", "versie": draft.pk})
    assert copy.status_code == 400
    draft.refresh_from_db()
    assert (draft.status, draft.document) == (PolicyStatus.DRAFT, before)
    assert PolicyVersion.objects.count() == 1


# --------------------------------------------------------------------------------------------
# New drafts
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", preset_names())
def test_a_draft_from_each_preset(officer_client: Client, leiden: Municipality, name: str) -> None:
    response = officer_client.post(
        reverse("triage:new"), {"bron": "voorbeeld", "gemeente": "0546", "voorbeeld": name}
    )

    version = PolicyVersion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("triage:version", args=[version.pk])
    assert (version.municipality, version.number, version.status) == (leiden, 1, PolicyStatus.DRAFT)
    assert parse_policy(version.document) == preset(name)


def test_a_draft_as_a_copy_of_the_active_version(officer_client: Client, leiden: Municipality) -> None:
    active = activate(user=None, version=draft_from_preset(user=None, municipality=leiden, name="oost-gelre"))

    response = officer_client.post(
        reverse("triage:new"), {"bron": "kopie", "gemeente": "0546", "versie": active.pk}
    )

    copy = PolicyVersion.objects.get(number=2)
    assert response["Location"] == reverse("triage:version", args=[copy.pk])
    assert copy.status == PolicyStatus.DRAFT
    assert parse_policy(copy.document) == preset("oost-gelre")


def test_a_draft_from_a_file(officer_client: Client) -> None:
    upload = SimpleUploadedFile(
        "mijn-kader.yaml", preset_text("signalering-plus").encode(), "application/yaml"
    )

    response = officer_client.post(
        reverse("triage:new"), {"bron": "bestand", "gemeente": "0546", "bestand": upload}
    )

    version = PolicyVersion.objects.get()
    assert response.status_code == 302
    assert version.source == "mijn-kader.yaml"
    assert parse_policy(version.document) == preset("signalering-plus")


def test_a_file_with_mistakes_shows_every_mistake_and_stores_nothing(officer_client: Client) -> None:
    with pytest.raises(PolicyInvalid) as expected:
        load_policy_yaml(INVALID_FILE)
    upload = SimpleUploadedFile("fout.yaml", INVALID_FILE.encode(), "application/yaml")

    response = officer_client.post(
        reverse("triage:new"), {"bron": "bestand", "gemeente": "0546", "bestand": upload}
    )

    assert response.status_code == 400
    assert len(expected.value.errors) >= 3
    for error in expected.value.errors:
        assert shows(response, error), error
    assert 'href="#id_bestand"' in response.content.decode()
    assert not PolicyVersion.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_file_larger_than_200_kb_is_refused(officer_client: Client) -> None:
    text = preset_text("leiden") + "#" * (200 * 1024)
    upload = SimpleUploadedFile("groot.yaml", text.encode(), "application/yaml")

    response = officer_client.post(
        reverse("triage:new"), {"bron": "bestand", "gemeente": "0546", "bestand": upload}
    )

    assert response.status_code == 400
    assert not PolicyVersion.objects.exists()


def test_a_draft_only_for_an_own_municipality(officer_client: Client, elsewhere: Municipality) -> None:
    response = officer_client.post(
        reverse("triage:new"), {"bron": "voorbeeld", "gemeente": elsewhere.code, "voorbeeld": "leiden"}
    )

    assert response.status_code == 400
    assert not PolicyVersion.objects.exists()


# --------------------------------------------------------------------------------------------
# A version: reading, editing, export
# --------------------------------------------------------------------------------------------


def test_the_version_page_shows_the_rules_in_order(officer_client: Client, draft: PolicyVersion) -> None:
    response = officer_client.get(reverse("triage:version", args=[draft.pk]))

    body = response.content.decode()
    rows = [
        f'{escape(rule.label)}<br><span class="app-mono">{rule.key}</span>' for rule in preset("leiden").rules
    ]
    positions = [body.index(row) for row in rows]
    assert positions == sorted(positions)
    assert shows(response, "Niet opgepakt (onterecht signaal)")
    assert shows(response, "Huisbezoek voor jongeren")
    assert 'name="beleid"' in body


@pytest.mark.parametrize("threshold", ["-5", "tien"])
def test_a_threshold_with_a_mistake_shows_the_dutch_error_and_keeps_the_draft(
    officer_client: Client, draft: PolicyVersion, threshold: str
) -> None:
    before = draft.document
    text = preset_text("leiden").replace("totaalbedrag_onder: 50", f"totaalbedrag_onder: {threshold}")
    with pytest.raises(PolicyInvalid) as expected:
        load_policy_yaml(text)

    response = officer_client.post(reverse("triage:version", args=[draft.pk]), {"beleid": text})

    assert response.status_code == 400
    for error in expected.value.errors:
        assert shows(response, error), error
    assert shows(response, f"totaalbedrag_onder: {threshold}")  # the submitted text is kept
    draft.refresh_from_db()
    assert draft.document == before


def test_a_draft_is_saved_with_its_new_name(officer_client: Client, draft: PolicyVersion) -> None:
    text = preset_text("leiden").replace("naam: Leiden", "naam: Leiden 2027").replace("prioriteit: hoog", "")

    response = officer_client.post(reverse("triage:version", args=[draft.pk]), {"beleid": text})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name == "Leiden 2027"
    assert parse_policy(draft.document) == load_policy_yaml(text)
    assert AuditEvent.objects.filter(action="update", subject_id=str(draft.pk)).exists()


def test_an_active_version_is_read_only(officer_client: Client, draft: PolicyVersion) -> None:
    activate(user=None, version=draft)
    before = PolicyVersion.objects.get(pk=draft.pk).document

    page = officer_client.get(reverse("triage:version", args=[draft.pk]))
    response = officer_client.post(
        reverse("triage:version", args=[draft.pk]), {"beleid": preset_text("landelijk")}
    )

    assert 'name="beleid"' not in page.content.decode()
    assert 'name="bron" value="kopie"' in page.content.decode()
    assert response.status_code == 302
    assert messages_of(response)
    assert PolicyVersion.objects.get(pk=draft.pk).document == before


def test_the_export_is_the_stored_policy_as_yaml(officer_client: Client, draft: PolicyVersion) -> None:
    response = officer_client.get(reverse("triage:export", args=[draft.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="afwegingskader-0546-v1.yaml"'
    assert load_policy_yaml(response.content) == parse_policy(draft.document)


# --------------------------------------------------------------------------------------------
# Activation
# --------------------------------------------------------------------------------------------


def test_the_confirmation_says_which_version_replaces_which(
    officer_client: Client, leiden: Municipality, draft: PolicyVersion
) -> None:
    activate(user=None, version=draft)
    second = draft_from_preset(user=None, municipality=leiden, name="landelijk")

    response = officer_client.get(reverse("triage:activate", args=[second.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "version 2" in body.lower() or "versie 2" in body.lower()
    assert preset("landelijk").name in body
    assert "(Leiden)" in body
    second.refresh_from_db()
    assert second.status == PolicyStatus.DRAFT


def test_activating_switches_the_active_version_and_is_audited(
    officer_client: Client, officer: User, leiden: Municipality, draft: PolicyVersion
) -> None:
    activate(user=None, version=draft)
    second = draft_from_preset(user=None, municipality=leiden, name="landelijk")

    response = officer_client.post(reverse("triage:activate", args=[second.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("triage:version", args=[second.pk])
    draft.refresh_from_db()
    second.refresh_from_db()
    assert (draft.status, second.status) == (PolicyStatus.RETIRED, PolicyStatus.ACTIVE)
    assert second.activated_by == officer
    assert AuditEvent.objects.filter(
        action="update", subject_type="policy_version", subject_id=str(second.pk), actor=officer
    ).exists()


def test_a_version_with_mistakes_is_not_activated(officer_client: Client, draft: PolicyVersion) -> None:
    PolicyVersion.objects.filter(pk=draft.pk).update(document_json='{"naam": "kapot"}')
    with pytest.raises(PolicyInvalid) as expected:
        parse_policy({"naam": "kapot"})

    response = officer_client.post(reverse("triage:activate", args=[draft.pk]))

    assert response.status_code == 400
    for error in expected.value.errors:
        assert shows(response, error), error
    draft.refresh_from_db()
    assert draft.status == PolicyStatus.DRAFT


# --------------------------------------------------------------------------------------------
# Trying a policy
# --------------------------------------------------------------------------------------------


def try_url(**facts: str) -> str:
    query = "&".join(
        f"{key}={value}" for key, value in {"proberen": "1", "gemeente": "0546", **facts}.items()
    )
    return f"{reverse('triage:try')}?{query}"


def test_the_empty_try_form_decides_nothing(officer_client: Client, leiden: Municipality) -> None:
    response = officer_client.get(reverse("triage:try"))

    assert response.status_code == 200
    assert "decision" not in response.context


def test_a_young_person_with_two_signals_gets_the_youth_home_visit(
    officer_client: Client, leiden: Municipality
) -> None:
    response = officer_client.get(
        try_url(afwegingskader="voorbeeld-leiden", bedrag_huur="30", leeftijd="23", meervoudig="on")
    )

    assert response.status_code == 200
    decision = response.context["decision"]
    assert (decision.rule_key, decision.rule_label) == ("jongeren-huisbezoek", "Huisbezoek voor jongeren")
    assert response.context["due_date"] == timezone.localdate() + dt.timedelta(days=28)
    assert shows(response, decision.summary)
    assert shows(response, "leeftijd 23 (18 tot en met 27)")
    assert shows(response, "Huisbezoek")  # the contact step (ContactKind label)


def test_below_the_threshold_shows_the_not_picked_up_reason(
    officer_client: Client, leiden: Municipality
) -> None:
    response = officer_client.get(
        try_url(afwegingskader="voorbeeld-leiden", bedrag_energie="49,99", leeftijd="45")
    )

    assert response.context["decision"].rule_key == "drempel"
    assert shows(response, "Niet opgepakt: onterecht signaal")
    assert response.context["due_date"] is None


def test_the_active_version_is_tried_by_default(officer_client: Client, leiden: Municipality) -> None:
    activate(user=None, version=draft_from_preset(user=None, municipality=leiden, name="oost-gelre"))

    response = officer_client.get(try_url(afwegingskader="actief", leeftijd="23", bedrag_huur="10"))

    assert response.context["decision"].rule_key == "jongeren"


def test_facts_with_mistakes_get_the_messages_of_the_command_line(
    officer_client: Client, leiden: Municipality
) -> None:
    response = officer_client.get(try_url(afwegingskader="actief", leeftijd="oud", bedrag_huur="veel"))

    assert response.status_code == 400
    assert "decision" not in response.context
    assert shows(response, 'leeftijd: verwacht een heel getal van 0 tot en met 130, niet "oud"')
    assert 'href="#id_leeftijd"' in response.content.decode()
    assert 'href="#id_bedrag_huur"' in response.content.decode()


def test_a_version_of_another_municipality_cannot_be_tried(
    officer_client: Client, leiden: Municipality, elsewhere: Municipality
) -> None:
    foreign = draft_from_preset(user=None, municipality=elsewhere, name="leiden")

    response = officer_client.get(try_url(afwegingskader=f"versie-{foreign.pk}", leeftijd="23"))

    assert response.status_code == 400
    assert "decision" not in response.context
