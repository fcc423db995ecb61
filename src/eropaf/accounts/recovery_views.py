"""Recovery codes in the login: logging in with one instead of the app's code, and making new ones."""

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from eropaf.accounts import recovery_codes, two_factor
from eropaf.accounts.forms import RecoveryCodeForm
from eropaf.accounts.views import next_url_of, second_step, show_new_recovery_codes
from eropaf.core.errors import ApplicationError


def _codes_left_message(request: HttpRequest) -> None:
    if not isinstance(request.user, AbstractBaseUser):
        return
    left = recovery_codes.codes_left(request.user)
    messages.warning(
        request,
        _(
            "You logged in with a recovery code. Recovery codes left: %(count)d. Make new ones if you "
            "are running out."
        )
        % {"count": left},
    )


@require_http_methods(["GET", "POST"])
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """The second step with a recovery code instead of the app's code."""
    return second_step(
        request,
        form_class=RecoveryCodeForm,
        confirm=recovery_codes.confirm_recovery_code,
        template="accounts/two_factor_recovery.html",
        wrong=_("This recovery code is not right, or it was used before."),
        confirmed=_codes_left_message,
    )


@require_http_methods(["GET", "POST"])
def recovery_codes_page(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left, and new ones on request (the old ones then stop working)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if two_factor.confirmed_device_of(request.user) is None:
        messages.info(request, _("Recovery codes come with an authenticator app. Set one up first."))
        return redirect("accounts:two_factor_setup")
    if request.method == "POST":
        try:
            codes = recovery_codes.make_recovery_codes(user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("accounts:recovery_codes")
        return show_new_recovery_codes(request, codes, next_url=next_url_of(request))
    return render(request, "accounts/recovery_codes.html", {"left": recovery_codes.codes_left(request.user)})
