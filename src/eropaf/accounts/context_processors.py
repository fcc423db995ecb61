"""Template context for the page shell: the main navigation of the logged-in user and the theme."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise

from eropaf.accounts.navigation import navigation_for
from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import roles_of
from eropaf.accounts.two_factor import second_factor_pending

# The design-token theme class on <body>; a municipality's own theme package replaces it.
DEFAULT_THEME_CLASS = "voorbeeld-theme"


@dataclass(frozen=True)
class NavigationLink:
    label: str | Promise
    url: str
    is_current: bool


def navigation(request: HttpRequest) -> dict[str, object]:
    context: dict[str, object] = {"theme_class": DEFAULT_THEME_CLASS}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or second_factor_pending(request):
        # No navigation before the login is complete: none of its links would open.
        return context
    roles = roles_of(user)
    match = request.resolver_match
    section = match.namespace if match is not None else ""
    context["main_navigation"] = [
        NavigationLink(label=label, url=reverse(url_name), is_current=url_name.split(":")[0] == section)
        for label, url_name in navigation_for(roles)
    ]
    context["user_role_labels"] = [role.label for role in Role if role in roles]
    return context
