"""Stored policy versions: drafts from presets and files, activation that is audited and all-or-nothing."""

from pathlib import Path

import pytest

from eropaf.audit.models import AuditEvent
from eropaf.organisations.models import Municipality
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import PolicyInvalid
from eropaf.triage.presets import NATIONAL_DEFAULT, preset, preset_text
from eropaf.triage.selectors import active_policy
from eropaf.triage.services import activate, draft_from_preset, draft_from_yaml
from tests.factories import MunicipalityFactory
from tests.triage.test_try_policy import facts_file, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def municipality() -> Municipality:
    return MunicipalityFactory.create(code="0546", name="Leiden")


def test_without_an_active_version_the_national_default_applies(municipality: Municipality) -> None:
    version, policy = active_policy(municipality=municipality)

    assert version is None
    assert policy == preset(NATIONAL_DEFAULT)


def test_a_preset_becomes_a_numbered_draft_and_activating_it_is_audited(municipality: Municipality) -> None:
    first = draft_from_preset(user=None, municipality=municipality, name="leiden")
    second = draft_from_yaml(
        user=None, municipality=municipality, text=preset_text("oost-gelre"), file_name="oost-gelre.yaml"
    )

    activate(user=None, version=first)
    activate(user=None, version=second)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert (first.status, second.status) == (PolicyStatus.RETIRED, PolicyStatus.ACTIVE)
    version, policy = active_policy(municipality=municipality)
    assert version == second
    assert policy == preset("oost-gelre")
    activations = AuditEvent.objects.filter(subject_type="policy_version", action="update")
    assert activations.count() == 2


def test_a_file_with_mistakes_stores_nothing(municipality: Municipality) -> None:
    with pytest.raises(PolicyInvalid) as refused:
        draft_from_yaml(
            user=None, municipality=municipality, text="naam: Fout\nregels: []\n", file_name="fout.yaml"
        )

    assert refused.value.errors
    assert not PolicyVersion.objects.exists()


def test_a_version_that_no_longer_validates_is_never_half_activated(municipality: Municipality) -> None:
    good = draft_from_preset(user=None, municipality=municipality, name="leiden")
    activate(user=None, version=good)
    broken = draft_from_preset(user=None, municipality=municipality, name="landelijk")
    PolicyVersion.objects.filter(pk=broken.pk).update(document_json='{"naam": "kapot"}')

    with pytest.raises(PolicyInvalid):
        activate(user=None, version=PolicyVersion.objects.get(pk=broken.pk))

    good.refresh_from_db()
    broken.refresh_from_db()
    assert good.status == PolicyStatus.ACTIVE
    assert broken.status == PolicyStatus.DRAFT


def test_try_policy_without_a_policy_uses_the_active_version(
    municipality: Municipality, tmp_path: Path
) -> None:
    activate(user=None, version=draft_from_preset(user=None, municipality=municipality, name="leiden"))

    out, err = run("--municipality", "0546", "--facts", facts_file(tmp_path))

    assert "versie 1" in err or "version 1" in err
    assert "jongeren-huisbezoek" in out
