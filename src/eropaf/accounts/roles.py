"""The roles people have in the product, and what scope each role needs."""

from enum import Enum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(Enum):
    MUNICIPALITY = "municipality"
    TEAM = "team"
    PARTNER = "partner"


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Early-detection case worker")
    TEAM_LEAD = "team_lead", _("Team lead")
    NEIGHBOURHOOD_TEAM_WORKER = "neighbourhood_team_worker", _("Neighbourhood-team worker")
    DEBT_SERVICES_WORKER = "debt_services_worker", _("Debt-services worker")
    PARTNER_USER = "partner_user", _("Partner user")
    ESCALATION_MEMBER = "escalation_member", _("Meldpunt or Regieteam member")
    POLICY_OFFICER = "policy_officer", _("Policy officer")
    ADMINISTRATOR = "administrator", _("Functional administrator")

    @property
    def scope(self) -> Scope:
        return ROLE_SCOPES[self]


ROLE_SCOPES = {
    Role.CASE_WORKER: Scope.TEAM,
    Role.TEAM_LEAD: Scope.TEAM,
    Role.NEIGHBOURHOOD_TEAM_WORKER: Scope.TEAM,
    Role.DEBT_SERVICES_WORKER: Scope.TEAM,
    Role.ESCALATION_MEMBER: Scope.TEAM,
    Role.PARTNER_USER: Scope.PARTNER,
    Role.POLICY_OFFICER: Scope.MUNICIPALITY,
    Role.ADMINISTRATOR: Scope.MUNICIPALITY,
}

# Roles that work on cases of their own teams and may therefore see a household's personal data.
CASE_ROLES = frozenset(
    {
        Role.CASE_WORKER,
        Role.TEAM_LEAD,
        Role.NEIGHBOURHOOD_TEAM_WORKER,
        Role.DEBT_SERVICES_WORKER,
        Role.ESCALATION_MEMBER,
    }
)
# Roles that read aggregate figures of their municipality (never personal data).
REPORTING_ROLES = frozenset({Role.TEAM_LEAD, Role.POLICY_OFFICER})
# Roles that reset a lost authenticator app of the people in their scope (docs/login.md).
DEVICE_RESET_ROLES = frozenset({Role.TEAM_LEAD, Role.ADMINISTRATOR})


class TeamKind(models.TextChoices):
    EARLY_DETECTION = "early_detection", _("Early detection")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood team")
    DEBT_SERVICES = "debt_services", _("Debt services")
    CARE_AND_NUISANCE_DESK = "care_and_nuisance_desk", _("Meldpunt Zorg en Overlast")
    COORDINATION_TEAM = "coordination_team", _("Regieteam")
