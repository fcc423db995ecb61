"""Reading a municipality's triage policy, and the versions a policy officer may see and change."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import AnyUser, municipalities_of
from eropaf.core.errors import NotPermitted
from eropaf.organisations.models import Municipality
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import Policy, parse_policy
from eropaf.triage.presets import NATIONAL_DEFAULT, preset

POLICY_ROLES = frozenset({Role.POLICY_OFFICER, Role.ADMINISTRATOR})
"""Who sets a municipality's afwegingskader: its policy officers and functional administrators."""


def active_policy(*, municipality: Municipality) -> tuple[PolicyVersion | None, Policy]:
    """The active version and its policy; the national default when none is active yet."""
    version = PolicyVersion.objects.filter(municipality=municipality, status=PolicyStatus.ACTIVE).first()
    if version is None:
        return None, preset(NATIONAL_DEFAULT)
    return version, parse_policy(version.document)


def policy_municipalities_of(user: AnyUser) -> QuerySet[Municipality]:
    """The municipalities whose afwegingskader the user sets."""
    return municipalities_of(user, roles=POLICY_ROLES).order_by("name")


def versions_of_user(user: AnyUser) -> QuerySet[PolicyVersion]:
    """Every version of the user's municipalities, newest first within each municipality."""
    return (
        PolicyVersion.objects.filter(municipality__in=policy_municipalities_of(user))
        .select_related("municipality", "created_by", "activated_by")
        .order_by("municipality__name", "-number")
    )


def get_version_for_user(*, user: AnyUser, version_id: int) -> PolicyVersion:
    """The version; NotPermitted when it does not exist or is not of one of the user's municipalities."""
    version = versions_of_user(user).filter(pk=version_id).first()
    if version is None:
        raise NotPermitted(_("This policy version does not exist or is not of your municipality."))
    return version


@dataclass(frozen=True)
class MunicipalityPolicies:
    municipality: Municipality
    active: PolicyVersion | None
    versions: list[PolicyVersion]


def policies_for_user(*, user: AnyUser) -> list[MunicipalityPolicies]:
    """Per municipality of the user: the active version (None: the national default applies) and
    every version, newest first."""
    versions = list(versions_of_user(user))
    overview = []
    for municipality in policy_municipalities_of(user):
        own = [version for version in versions if version.municipality_id == municipality.pk]
        active = next((version for version in own if version.status == PolicyStatus.ACTIVE), None)
        overview.append(MunicipalityPolicies(municipality=municipality, active=active, versions=own))
    return overview


def active_version_of(municipality: Municipality) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(municipality=municipality, status=PolicyStatus.ACTIVE)
        .select_related("municipality")
        .first()
    )
