"""Logging in (password or OIDC, then the second factor), logging out, and the start page that sends
every user to the home of their role."""

from base64 import b32encode
from binascii import unhexlify
from collections.abc import Callable
from typing import Any, Protocol

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from eropaf.accounts import oidc, recovery_codes, selectors, services, two_factor
from eropaf.accounts.forms import CodeForm, LoginForm
from eropaf.accounts.models import User
from eropaf.accounts.navigation import home_url_name
from eropaf.accounts.qr import qr_svg
from eropaf.accounts.roles import DEVICE_RESET_ROLES
from eropaf.accounts.selectors import roles_of
from eropaf.core.errors import ApplicationError, NotPermitted

_ENROLMENT_KEY = "eropaf_totp_enrolment_key"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc.oidc_enabled()
        context["oidc_provider_name"] = settings.OIDC_PROVIDER_NAME
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_login(user=form.get_user(), method="password")
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        services.record_failed_login(username=str(form.data.get("username", "")))
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """POST only; the page header holds the form with the button."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            services.record_logout(user=request.user)
        at_provider = oidc.provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        # Logged in through the organisation's provider: its session ends too, then back to login.
        return HttpResponseRedirect(at_provider) if at_provider else response


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    url_name = home_url_name(roles_of(request.user))
    if url_name is None:
        return render(request, "accounts/no_role.html", status=403)
    return redirect(url_name)


# ----------------------------------------------------------------------------------------------
# The second factor
# ----------------------------------------------------------------------------------------------


def next_url_of(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("accounts:home")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def second_factor_confirmed(request: HttpRequest, device: Device) -> None:
    # A new session key for the stronger login, as Django does at the first one.
    request.session.cycle_key()
    django_otp.login(request, device)
    two_factor.forget_pending(request)


def locked_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return render(
        request,
        "accounts/two_factor_locked.html",
        {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
        status=403,
    )


def before_verifying(request: HttpRequest, next_url: str) -> HttpResponse | None:
    """Where to go instead of the code form: nothing left to confirm, no app yet, or locked."""
    if not two_factor.second_factor_pending(request):
        return redirect(next_url)
    device = two_factor.confirmed_device_of(request.user)
    if device is None:
        return redirect(_with_next("accounts:two_factor_setup", next_url))
    # A code sent while locked goes on to the service, which records the attempt.
    if request.method == "GET" and two_factor.locked_until(device, now=timezone.now()) is not None:
        return locked_out(request)
    return None


class Confirm(Protocol):
    def __call__(self, *, user: AbstractBaseUser, code: str) -> services.SecondFactorResult: ...


def second_step(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    confirm: Confirm,
    template: str,
    wrong: str,
    confirmed: Callable[[HttpRequest], None] | None = None,
) -> HttpResponse:
    """The second step of a login with a form whose ``code`` ``confirm`` checks: on to the page asked
    for when right (after ``confirmed``), the lock when locked, ``wrong`` on the field otherwise."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = next_url_of(request)
    elsewhere = before_verifying(request, next_url)
    if elsewhere is not None:
        return elsewhere
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_valid():
        result = confirm(user=request.user, code=form.cleaned_data["code"])
        if result.outcome is services.SecondFactorOutcome.CONFIRMED and result.device is not None:
            second_factor_confirmed(request, result.device)
            if confirmed is not None:
                confirmed(request)
            return redirect(next_url)
        if result.outcome is services.SecondFactorOutcome.LOCKED:
            return locked_out(request)
        form.add_error("code", wrong)
    return render(request, template, {"form": form, "next": next_url})


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    return second_step(
        request,
        form_class=CodeForm,
        confirm=services.confirm_second_factor,
        template="accounts/two_factor_verify.html",
        wrong=_("This code is not right. Check the code in your app and try again."),
    )


def show_new_recovery_codes(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    """New recovery codes, shown this once (after setting up the app, or on request)."""
    return render(request, "accounts/recovery_codes_made.html", {"codes": codes, "next": next_url})


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a first code."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = next_url_of(request)
    if two_factor.confirmed_device_of(request.user) is not None:
        # Never a second app this way: the existing one must confirm the login, or be reset.
        if two_factor.second_factor_pending(request):
            return redirect(_with_next("accounts:two_factor_verify", next_url))
        messages.info(request, _("You already use an authenticator app."))
        return redirect(next_url)
    key = str(request.session.get(_ENROLMENT_KEY) or random_hex(20))
    request.session[_ENROLMENT_KEY] = key
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            device = services.enrol_totp_device(user=request.user, key=key, code=form.cleaned_data["code"])
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(next_url)
        if device is not None:
            del request.session[_ENROLMENT_KEY]
            second_factor_confirmed(request, device)
            messages.success(request, _("Your authenticator app is set up. Use it at every login."))
            codes = recovery_codes.make_recovery_codes(user=request.user)
            return show_new_recovery_codes(request, codes, next_url=next_url)
        form.add_error("code", _("This code is not right. Check the code in your app and try again."))
    unsaved = TOTPDevice(user_id=request.user.pk, key=key, name=services.DEVICE_NAME)
    unsaved.user = request.user  # config_url reads the username
    secret = b32encode(unhexlify(key)).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": qr_svg(unsaved.config_url, label=_("QR code for your authenticator app")),
            "secret_groups": [secret[start : start + 4] for start in range(0, len(secret), 4)],
            "required": two_factor.second_factor_pending(request),
        },
    )


@require_GET
@selectors.require_role(DEVICE_RESET_ROLES)
def two_factor_users(request: HttpRequest) -> HttpResponse:
    """The people whose authenticator app this team lead or administrator may reset."""
    users = list(selectors.users_for_device_reset(user=request.user))
    with_app = two_factor.ids_with_an_app([user.pk for user in users])
    rows = [(user, user.pk in with_app) for user in users]
    return render(request, "accounts/two_factor_users.html", {"rows": rows})


@require_POST
@selectors.require_role(DEVICE_RESET_ROLES)
def two_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    try:
        target = selectors.get_user_for_device_reset(user=request.user, user_id=user_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    if not isinstance(request.user, User):
        raise Http404
    services.reset_second_factor(user=target, by=request.user)
    messages.success(
        request,
        _("The authenticator app of %(name)s is reset. At the next login they set up a new one.")
        % {"name": target.get_full_name() or target.get_username()},
    )
    return redirect("accounts:two_factor_users")


# ----------------------------------------------------------------------------------------------
# OpenID Connect
# ----------------------------------------------------------------------------------------------


class OIDCLoginView(OIDCAuthenticationRequestView):  # type: ignore[misc]  # the library is untyped
    """The login button: off to the provider, with state, nonce and a PKCE challenge in the session."""

    def __init__(self, **kwargs: Any) -> None:
        View.__init__(self, **kwargs)  # the library's __init__ reads endpoints from settings

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.oidc_enabled():
            raise Http404
        try:
            provider = oidc.provider_configuration()
        except oidc.ProviderUnavailable:
            messages.error(
                request, _("The login service of your organisation cannot be reached. Try again later.")
            )
            return redirect("accounts:login")
        self.OIDC_OP_AUTH_ENDPOINT = provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


class OIDCCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]  # the library is untyped
    """Where the provider sends the browser back; the backend (``oidc.StaffOIDCBackend``) checks it."""

    @property
    def failure_url(self) -> str:
        return reverse("accounts:login")

    def get(self, request: HttpRequest) -> HttpResponse:
        if not oidc.oidc_enabled():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation:  # a state this browser never sent
            return self.login_failure()
        return response

    def login_failure(self) -> HttpResponse:
        failure = oidc.failure_of(self.request)
        if failure is not None and failure.unknown_identity:
            messages.error(
                self.request,
                _(
                    "Your organisation's account is not linked to an account in Eropaf. "
                    "Ask your functional administrator to give you access."
                ),
            )
            services.record_failed_login(username=failure.identity, reason="OIDC: unknown identity")
        else:
            messages.error(
                self.request, _("Logging in through your organisation did not succeed. Try again.")
            )
            services.record_failed_login(username="", reason="OIDC: login refused")
        return redirect(self.failure_url)

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        strong = oidc.was_strong(self.request)
        if strong:
            self.request.session[two_factor.STRONG_LOGIN_SESSION_KEY] = "oidc"
        services.record_login(user=self.user, method="OIDC, multi-factor" if strong else "OIDC")
        return response
