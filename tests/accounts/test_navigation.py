"""The main navigation and the start page follow from the roles alone."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from eropaf.accounts.navigation import NAVIGATION, home_url_name, navigation_for
from eropaf.accounts.roles import CASE_ROLES, Role


def url_names(roles: set[Role]) -> list[str]:
    return [url_name for _, url_name in navigation_for(frozenset(roles))]


@pytest.mark.parametrize("role", sorted(CASE_ROLES))
def test_case_roles_see_the_cases(role: Role) -> None:
    assert "cases:list" in url_names({role})
    assert "intake:list" not in url_names({role})
    assert "organisations:overview" not in url_names({role})


def test_a_case_worker_sees_the_cases_and_the_eviction_chain() -> None:
    assert url_names({Role.CASE_WORKER}) == [
        "cases:list",
        "escalation:overview",
        "signalering_plus:overview",
        "matching:reviews",
        "care_desk:home",
    ]


def test_a_team_lead_also_sees_the_reports() -> None:
    assert url_names({Role.TEAM_LEAD}) == [
        "cases:list",
        "escalation:overview",
        "signalering_plus:overview",
        "matching:runs",
        "reporting:workload",
        "letters:batches",
        "matching:reviews",
        "care_desk:home",
        "reporting:overview",
        "reporting:dashboard",
        "reporting:deliveries",
        "accounts:two_factor_users",
    ]


def test_a_partner_user_sees_the_deliveries_and_where_to_refer() -> None:
    assert url_names({Role.PARTNER_USER}) == ["intake:list", "care_desk:home", "coordination:overview"]


def test_a_meldpunt_or_regieteam_member_sees_both_desks() -> None:
    assert url_names({Role.ESCALATION_MEMBER}) == [
        "cases:list",
        "escalation:overview",
        "matching:reviews",
        "care_desk:home",
        "coordination:overview",
    ]


def test_a_policy_officer_sees_only_the_reports() -> None:
    assert url_names({Role.POLICY_OFFICER}) == [
        "reporting:overview",
        "reporting:dashboard",
        "reporting:deliveries",
        "matching:windows",
        "triage:versions",
    ]


def test_an_administrator_sees_only_the_administration() -> None:
    assert url_names({Role.ADMINISTRATOR}) == [
        "organisations:overview",
        "matching:windows",
        "triage:versions",
        "accounts:two_factor_users",
    ]


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.POLICY_OFFICER, Role.ADMINISTRATOR}))
def test_only_policy_officers_and_administrators_see_the_policy(role: Role) -> None:
    assert "triage:versions" not in url_names({role})


def test_without_roles_there_is_no_navigation_and_no_start_page() -> None:
    assert navigation_for(frozenset()) == []
    assert home_url_name(frozenset()) is None


def test_several_roles_keep_the_navigation_order_without_repeats() -> None:
    everything = url_names(set(Role))

    assert everything == [item.url_name for item in NAVIGATION]


@pytest.mark.parametrize(
    ("roles", "home"),
    [
        ({Role.CASE_WORKER}, "cases:list"),
        ({Role.ESCALATION_MEMBER}, "cases:list"),
        ({Role.PARTNER_USER}, "intake:list"),
        ({Role.POLICY_OFFICER}, "reporting:overview"),
        ({Role.ADMINISTRATOR}, "organisations:overview"),
        ({Role.ADMINISTRATOR, Role.POLICY_OFFICER}, "reporting:overview"),
        ({Role.ADMINISTRATOR, Role.PARTNER_USER}, "intake:list"),
        ({Role.POLICY_OFFICER, Role.DEBT_SERVICES_WORKER}, "cases:list"),
    ],
)
def test_the_start_page_is_the_first_that_applies(roles: set[Role], home: str) -> None:
    assert home_url_name(frozenset(roles)) == home


@given(st.frozensets(st.sampled_from(list(Role))))
def test_the_start_page_is_always_in_the_own_navigation(roles: frozenset[Role]) -> None:
    home = home_url_name(roles)

    if roles:
        assert home in [url_name for _, url_name in navigation_for(roles)]
    else:
        assert home is None


def test_every_navigation_item_names_a_url_and_has_a_label() -> None:
    for item in NAVIGATION:
        assert reverse(item.url_name).startswith("/")
        assert str(item.label)
