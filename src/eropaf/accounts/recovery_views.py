"""Recovery codes in the login: logging in with one instead of the app's code, and making new ones."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from eropaf.accounts import recovery_codes, services, two_factor
from eropaf.accounts.forms import RecoveryCodeForm
from eropaf.accounts.views import before_verifying, locked_out, next_url_of, second_factor_confirmed
from eropaf.core.errors import ApplicationError


@require_http_methods(["GET", "POST"])
def two_factor_recovery(request: HttpRequest) -> HttpResponse:
    """The second step with a recovery code instead of the app's code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = next_url_of(request)
    elsewhere = before_verifying(request, next_url)
    if elsewhere is not None:
        return elsewhere
    form = RecoveryCodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        result = recovery_codes.confirm_recovery_code(user=request.user, code=form.cleaned_data["code"])
        if result.outcome is services.SecondFactorOutcome.CONFIRMED and result.device is not None:
            second_factor_confirmed(request, result.device)
            left = recovery_codes.codes_left(request.user)
            messages.warning(
                request,
                ngettext(
                    "You logged in with a recovery code. You have %(count)d left: make new ones if you "
                    "are running out.",
                    "You logged in with a recovery code. You have %(count)d left: make new ones if you "
                    "are running out.",
                    left,
                )
                % {"count": left},
            )
            return redirect(next_url)
        if result.outcome is services.SecondFactorOutcome.LOCKED:
            return locked_out(request)
        form.add_error("code", _("This recovery code is not right, or it was used before."))
    return render(request, "accounts/two_factor_recovery.html", {"form": form, "next": next_url})


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
        # The new codes, this once.
        context = {"codes": codes, "next": next_url_of(request)}
        return render(request, "accounts/recovery_codes_made.html", context)
    return render(request, "accounts/recovery_codes.html", {"left": recovery_codes.codes_left(request.user)})
