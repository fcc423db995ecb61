"""Matrix rows of the login's second step, recovery codes, the OIDC login and the reset of apps.

The matrix runs with ``STAFF_TWO_FACTOR`` off and OIDC not configured (the test settings), so: the
second step has nothing to confirm and sends a logged-in user home; anyone logged in may set up an
app; the OIDC pages do not exist (404). Team leads reset the apps of their own teams' people,
administrators those of their municipality; anyone else's id answers like a missing one.
"""

from django.urls import reverse

from eropaf.accounts.roles import DEVICE_RESET_ROLES, Role
from tests.factories import make_user_with_role
from tests.test_authorisation_matrix import (
    LOGIN,
    MISSING_ID,
    NOT_FOUND,
    OK,
    Actor,
    Expect,
    Outcome,
    Row,
    Target,
    World,
    for_roles,
    plain,
)


def nothing_to_confirm(actor: Actor, target: Target) -> Expect:
    return LOGIN if actor.subject.anonymous else Expect(Outcome.REDIRECT, reverse("accounts:home"))


def anyone_logged_in(actor: Actor, target: Target) -> Expect:
    return LOGIN if actor.subject.anonymous else OK


def no_app_yet(actor: Actor, target: Target) -> Expect:
    """Recovery codes come with an app; nobody in the matrix has one."""
    return (
        LOGIN if actor.subject.anonymous else Expect(Outcome.REDIRECT, reverse("accounts:two_factor_setup"))
    )


def oidc_not_configured(actor: Actor, target: Target) -> Expect:
    return NOT_FOUND


def reset_targets(world: World) -> list[Target]:
    member_a1 = make_user_with_role(Role.CASE_WORKER, team=world.team_a1)
    member_b = make_user_with_role(Role.CASE_WORKER, team=world.team_b)
    name = "accounts:two_factor_reset"
    return [
        Target("member of team A1", reverse(name, args=[member_a1.pk]), world.team_a1),
        Target("member of municipality B", reverse(name, args=[member_b.pk]), world.team_b),
        Target("missing user", reverse(name, args=[MISSING_ID]), missing=True),
    ]


def resetting_an_app(actor: Actor, target: Target) -> Expect:
    if actor.subject.anonymous:
        return LOGIN
    if actor.role not in DEVICE_RESET_ROLES:
        return Expect(Outcome.FORBIDDEN)
    own_team = target.owner is not None and target.owner == actor.team
    own_municipality = (
        actor.role is Role.ADMINISTRATOR
        and target.owner is not None
        and getattr(target.owner, "municipality", None) == actor.municipality
    )
    if own_team or own_municipality:
        return Expect(Outcome.REDIRECT, reverse("accounts:two_factor_users"))
    return NOT_FOUND


ROWS: tuple[Row, ...] = (
    Row(("accounts:two_factor_verify",), plain("accounts:two_factor_verify"), nothing_to_confirm),
    Row(("accounts:two_factor_setup",), plain("accounts:two_factor_setup"), anyone_logged_in),
    Row(("accounts:two_factor_recovery",), plain("accounts:two_factor_recovery"), nothing_to_confirm),
    Row(("accounts:recovery_codes",), plain("accounts:recovery_codes"), no_app_yet),
    Row(("accounts:oidc_login",), plain("accounts:oidc_login"), oidc_not_configured),
    Row(("accounts:oidc_callback",), plain("accounts:oidc_callback"), oidc_not_configured),
    Row(("accounts:two_factor_users",), plain("accounts:two_factor_users"), for_roles(DEVICE_RESET_ROLES)),
    Row(("accounts:two_factor_reset",), reset_targets, resetting_an_app, method="post"),
)
