"""Nothing opens before the second factor: a user who logged in with the password only, while a
second factor is required (``eropaf.accounts.two_factor``), reaches only the pages of the login
itself. Pages redirect to the second step; the session-based API answers 403 problem+json.

Requests without a session user (a partner system with its API key, the DDAS client with its token)
pass untouched: this middleware only looks at the logged-in session.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from eropaf.accounts.selectors import REQUEST_MEMO
from eropaf.accounts.two_factor import confirmed_device_of, second_factor_pending

# The pages of logging in and out, and the health check for the load balancer.
OPEN_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:two_factor_recovery",
        "accounts:oidc_login",
        "accounts:oidc_callback",
        "core:health",
    }
)
_API_NAMESPACES = frozenset({"api", "ddas"})


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        _view_func: Callable[..., Any],
        _view_args: tuple[Any, ...],
        _view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS or not second_factor_pending(request):
            return None
        if match.namespaces and match.namespaces[0] in _API_NAMESPACES:
            return JsonResponse(
                {
                    "type": "about:blank",
                    "title": "Geen toegang",
                    "status": 403,
                    "detail": _("Confirm the second step of your login first."),
                },
                status=403,
                content_type="application/problem+json",
            )
        step = (
            "accounts:two_factor_verify" if confirmed_device_of(request.user) else "accounts:two_factor_setup"
        )
        next_url = request.get_full_path() if request.method == "GET" else reverse("accounts:home")
        return redirect(f"{reverse(step)}?{urlencode({'next': next_url})}")


class RequestMemoMiddleware:
    """Gives the request's user an empty memo (``selectors.REQUEST_MEMO``) for this request only."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            setattr(user, REQUEST_MEMO, {})
        return self.get_response(request)
