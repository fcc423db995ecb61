"""The main navigation and the start page per role. Pure functions of a set of roles, no ORM."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eropaf.accounts.roles import CASE_ROLES, DEVICE_RESET_ROLES, REPORTING_ROLES, Role


@dataclass(frozen=True)
class NavigationItem:
    label: str | Promise
    url_name: str
    roles: frozenset[Role]


# In the order they appear in the main navigation.
NAVIGATION: tuple[NavigationItem, ...] = (
    NavigationItem(_("Cases"), "cases:list", CASE_ROLES),
    NavigationItem(_("Eviction prevention"), "escalation:overview", CASE_ROLES),
    NavigationItem(
        _("Signalering+"), "signalering_plus:overview", frozenset({Role.CASE_WORKER, Role.TEAM_LEAD})
    ),
    NavigationItem(_("Matching"), "matching:runs", frozenset({Role.TEAM_LEAD})),
    NavigationItem(_("Workload"), "reporting:workload", frozenset({Role.TEAM_LEAD})),
    NavigationItem(_("Letter batches"), "letters:batches", frozenset({Role.TEAM_LEAD})),
    NavigationItem(_("BRP review"), "matching:reviews", CASE_ROLES),
    NavigationItem(_("Deliveries"), "intake:list", frozenset({Role.PARTNER_USER})),
    # Referrals and case forms come from case workers, other professionals and landlords alike.
    NavigationItem(_("Meldpunt"), "care_desk:home", CASE_ROLES | {Role.PARTNER_USER}),
    NavigationItem(
        _("Regieteam"), "coordination:overview", frozenset({Role.ESCALATION_MEMBER, Role.PARTNER_USER})
    ),
    NavigationItem(_("Reports"), "reporting:overview", REPORTING_ROLES),
    NavigationItem(_("Dashboard"), "reporting:dashboard", REPORTING_ROLES),
    NavigationItem(_("Partner deliveries"), "reporting:deliveries", REPORTING_ROLES),
    NavigationItem(_("Administration"), "organisations:overview", frozenset({Role.ADMINISTRATOR})),
    NavigationItem(
        _("Matching settings"), "matching:windows", frozenset({Role.ADMINISTRATOR, Role.POLICY_OFFICER})
    ),
    NavigationItem(_("Policy"), "triage:versions", frozenset({Role.ADMINISTRATOR, Role.POLICY_OFFICER})),
    # Resetting a lost authenticator app (docs/login.md).
    NavigationItem(_("Authenticator apps"), "accounts:two_factor_users", DEVICE_RESET_ROLES),
)

# Where each kind of user starts; a user with several roles goes to the first that applies.
_HOME_BY_ROLES: tuple[tuple[frozenset[Role], str], ...] = (
    (CASE_ROLES, "cases:list"),
    (frozenset({Role.PARTNER_USER}), "intake:list"),
    (frozenset({Role.POLICY_OFFICER}), "reporting:overview"),
    (frozenset({Role.ADMINISTRATOR}), "organisations:overview"),
)


def navigation_for(roles: frozenset[Role]) -> list[tuple[str | Promise, str]]:
    """(label, URL name) of every section these roles may open, in navigation order."""
    return [(item.label, item.url_name) for item in NAVIGATION if roles & item.roles]


def home_url_name(roles: frozenset[Role]) -> str | None:
    """The URL name of the start page for these roles, or None when the user has no role yet."""
    for wanted, url_name in _HOME_BY_ROLES:
        if roles & wanted:
            return url_name
    return None
