"""Editing and copying policy versions: audited, validated completely, drafts only."""

import pytest

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditEvent
from eropaf.core.errors import ApplicationError
from eropaf.organisations.models import Municipality
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import PolicyInvalid, dump_policy_yaml, parse_policy
from eropaf.triage.presets import preset, preset_text
from eropaf.triage.services import activate, copy_version, draft_from_preset, update_draft
from tests.factories import MunicipalityFactory, make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality() -> Municipality:
    return MunicipalityFactory.create(code="0546", name="Leiden")


def test_a_draft_takes_the_new_policy_and_name_and_the_change_is_audited(municipality: Municipality) -> None:
    officer = make_user_with_role(Role.POLICY_OFFICER, municipality=municipality)
    draft = draft_from_preset(user=officer, municipality=municipality, name="landelijk")
    text = preset_text("leiden").replace("naam: Leiden", "naam: Leiden aangepast")

    updated = update_draft(user=officer, version=draft, text=text)

    stored = PolicyVersion.objects.get(pk=draft.pk)
    assert stored.name == updated.name == "Leiden aangepast"
    assert parse_policy(stored.document).rules == preset("leiden").rules
    assert stored.status == PolicyStatus.DRAFT
    event = AuditEvent.objects.get(subject_type="policy_version", action="update")
    assert event.subject_id == str(draft.pk)
    assert event.municipality_code == "0546"
    assert event.actor == officer


@pytest.mark.parametrize("threshold", ["-5", "tien"])
def test_a_policy_with_mistakes_is_never_stored(municipality: Municipality, threshold: str) -> None:
    draft = draft_from_preset(user=None, municipality=municipality, name="leiden")
    before = PolicyVersion.objects.get(pk=draft.pk).document
    text = preset_text("leiden").replace("totaalbedrag_onder: 50", f"totaalbedrag_onder: {threshold}")

    with pytest.raises(PolicyInvalid) as refused:
        update_draft(user=None, version=draft, text=text)

    assert any("totaalbedrag_onder" in error and threshold in error for error in refused.value.errors)
    assert PolicyVersion.objects.get(pk=draft.pk).document == before
    assert not AuditEvent.objects.filter(action="update").exists()


@pytest.mark.parametrize("status", [PolicyStatus.ACTIVE, PolicyStatus.RETIRED])
def test_only_a_draft_can_be_changed(municipality: Municipality, status: PolicyStatus) -> None:
    version = draft_from_preset(user=None, municipality=municipality, name="leiden")
    PolicyVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()

    with pytest.raises(ApplicationError) as refused:
        update_draft(user=None, version=version, text=dump_policy_yaml(preset("landelijk")))

    assert not isinstance(refused.value, PolicyInvalid)
    version.refresh_from_db()
    assert parse_policy(version.document) == preset("leiden")


def test_a_copy_is_the_next_draft_of_the_same_municipality(municipality: Municipality) -> None:
    officer = make_user_with_role(Role.POLICY_OFFICER, municipality=municipality)
    first = draft_from_preset(user=None, municipality=municipality, name="oost-gelre")
    activate(user=None, version=first)
    draft_from_preset(user=None, municipality=municipality, name="landelijk")
    other = MunicipalityFactory.create(code="0505")
    draft_from_preset(user=None, municipality=other, name="leiden")

    copy = copy_version(user=officer, version=first)

    assert copy.number == 3
    assert copy.municipality == municipality
    assert copy.status == PolicyStatus.DRAFT
    assert copy.created_by == officer
    assert copy.source == "kopie van versie 1"
    assert parse_policy(copy.document) == preset("oost-gelre")
    first.refresh_from_db()
    assert first.status == PolicyStatus.ACTIVE
    assert AuditEvent.objects.filter(action="create", subject_id=str(copy.pk)).exists()


def test_an_active_version_is_not_activated_again(municipality: Municipality) -> None:
    version = activate(
        user=None, version=draft_from_preset(user=None, municipality=municipality, name="leiden")
    )
    activated_at = version.activated_at

    with pytest.raises(ApplicationError):
        activate(user=None, version=version)

    version.refresh_from_db()
    assert version.activated_at == activated_at


def test_a_retired_version_can_be_brought_back(municipality: Municipality) -> None:
    first = activate(
        user=None, version=draft_from_preset(user=None, municipality=municipality, name="leiden")
    )
    second = activate(
        user=None, version=draft_from_preset(user=None, municipality=municipality, name="landelijk")
    )

    activate(user=None, version=PolicyVersion.objects.get(pk=first.pk))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (PolicyStatus.ACTIVE, PolicyStatus.RETIRED)
