"""The partner's API keys: list, make one (shown once), revoke one."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from eropaf.accounts.api_tokens import create_api_token, revoke_api_token
from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import partners_of, require_role
from eropaf.core.errors import NotPermitted
from eropaf.intake import selectors
from eropaf.intake.forms import ApiTokenForm
from eropaf.intake.views.common import acting_user


def _render_tokens(request: HttpRequest, form: ApiTokenForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "intake/tokens.html",
        {
            "form": form,
            "partner_tokens": selectors.tokens_for_user(user=request.user),
            "portal_section": "tokens",
        },
        status=status,
    )


@require_GET
@require_role(Role.PARTNER_USER)
def token_list(request: HttpRequest) -> HttpResponse:
    return _render_tokens(request, ApiTokenForm(partners=partners_of(request.user)))


@require_POST
@require_role(Role.PARTNER_USER)
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST, partners=partners_of(request.user))
    if not form.is_valid():
        return _render_tokens(request, form, status=400)
    issued = create_api_token(
        partner=form.partner(),
        name=form.cleaned_data["naam"],
        created_by=acting_user(request),
        expires_at=form.expires_at(),
    )
    # The key is in this response only: it is never stored, so no cache may keep it either.
    response = render(request, "intake/token_created.html", {"issued": issued, "portal_section": "tokens"})
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
@require_role(Role.PARTNER_USER)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """GET asks to confirm; POST revokes."""
    try:
        token = selectors.get_token_for_user(user=request.user, token_id=token_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    if request.method == "POST":
        revoke_api_token(token=token, revoked_by=acting_user(request))
        messages.success(
            request, gettext("The key “%(name)s” was revoked. It no longer works.") % {"name": token.name}
        )
        return redirect("intake:tokens")
    return render(request, "intake/token_revoke.html", {"token": token, "portal_section": "tokens"})
