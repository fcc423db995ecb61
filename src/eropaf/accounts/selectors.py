"""Who may do what: a user's roles and the teams, municipalities and partners they act for.

Every other app asks these questions here, so a role check is written once. ``require_role``
guards a view; the fetch-and-authorise selectors of the other apps build on ``teams_of``,
``municipalities_of`` and ``partners_of``.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from eropaf.accounts.models import RoleAssignment, Team, User
from eropaf.accounts.roles import CASE_ROLES, DEVICE_RESET_ROLES, Role
from eropaf.core.errors import NotPermitted
from eropaf.organisations.models import Municipality, Partner

AnyUser = AbstractBaseUser | AnonymousUser
P = ParamSpec("P")


def _assignments(user: AnyUser) -> QuerySet[RoleAssignment]:
    if not user.is_authenticated or user.pk is None:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(user_id=user.pk)


# Set on a request's user by ``RequestMemoMiddleware``: what a request asks of its user more than once
# (the decorator, the navigation, the view) is read once. Never on a user outside a request, whose
# roles a caller may change between two questions.
REQUEST_MEMO = "_eropaf_request_memo"


def roles_of(user: AnyUser) -> frozenset[Role]:
    """The roles the user holds in any scope; empty for anonymous and inactive users."""
    if not user.is_active:
        return frozenset()
    memo: dict[str, frozenset[Role]] | None = getattr(user, REQUEST_MEMO, None)
    if memo is not None and "roles" in memo:
        return memo["roles"]
    roles = frozenset(Role(role) for role in _assignments(user).values_list("role", flat=True).distinct())
    if memo is not None:
        memo["roles"] = roles
    return roles


def teams_of(user: AnyUser, *, roles: frozenset[Role] = CASE_ROLES) -> QuerySet[Team]:
    """The teams in which the user holds one of ``roles`` (by default: any case role)."""
    team_ids = _assignments(user).filter(role__in=roles, team__isnull=False).values("team_id")
    return Team.objects.filter(pk__in=team_ids).select_related("municipality")


def municipalities_of(user: AnyUser, *, roles: frozenset[Role] | None = None) -> QuerySet[Municipality]:
    """The municipalities the user works for through ``roles`` (by default: any role)."""
    assignments = _assignments(user).filter(municipality__isnull=False)
    if roles is not None:
        assignments = assignments.filter(role__in=roles)
    return Municipality.objects.filter(pk__in=assignments.values("municipality_id"))


def partners_of(user: AnyUser) -> QuerySet[Partner]:
    """The partners the user delivers signals for (partner users only)."""
    assignments = _assignments(user).filter(role=Role.PARTNER_USER, partner__isnull=False)
    return Partner.objects.filter(pk__in=assignments.values("partner_id"))


def require_role(
    *allowed: Role | frozenset[Role],
) -> Callable[
    [Callable[Concatenate[HttpRequest, P], HttpResponse]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """View decorator: anonymous users go to the login page, users without a fitting role get 403."""
    wanted: frozenset[Role] = frozenset().union(
        *(item if isinstance(item, frozenset) else {item} for item in allowed)
    )

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], HttpResponse],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not roles_of(request.user) & wanted:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# Who may reset whose authenticator app: a team lead for the people of their teams, an administrator
# for the people of their municipality (its teams, its municipality roles and the users of partners
# that serve it). Never their own app.
def users_for_device_reset(*, user: AnyUser) -> QuerySet[User]:
    if not user.is_authenticated or not roles_of(user) & DEVICE_RESET_ROLES:
        return User.objects.none()
    led_teams = teams_of(user, roles=frozenset({Role.TEAM_LEAD}))
    administered = municipalities_of(user, roles=frozenset({Role.ADMINISTRATOR}))
    in_scope = RoleAssignment.objects.filter(
        Q(team__in=led_teams) | Q(municipality__in=administered) | Q(partner__municipalities__in=administered)
    )
    return (
        User.objects.filter(pk__in=in_scope.values("user_id"), is_active=True)
        .exclude(pk=user.pk)
        .order_by("last_name", "first_name", "username")
    )


def get_user_for_device_reset(*, user: AnyUser, user_id: int) -> User:
    found = users_for_device_reset(user=user).filter(pk=user_id).first()
    if found is None:
        raise NotPermitted(_("This user does not exist or is not one you may help."))
    return found
