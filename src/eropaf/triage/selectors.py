"""Reading a municipality's triage policy."""

from eropaf.organisations.models import Municipality
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import Policy, parse_policy
from eropaf.triage.presets import NATIONAL_DEFAULT, preset


def active_policy(*, municipality: Municipality) -> tuple[PolicyVersion | None, Policy]:
    """The active version and its policy; the national default when none is active yet."""
    version = PolicyVersion.objects.filter(municipality=municipality, status=PolicyStatus.ACTIVE).first()
    if version is None:
        return None, preset(NATIONAL_DEFAULT)
    return version, parse_policy(version.document)
