"""Logging in and out, and the start page that sends every user to the home of their role."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from eropaf.accounts import services
from eropaf.accounts.forms import LoginForm
from eropaf.accounts.navigation import home_url_name
from eropaf.accounts.selectors import roles_of


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_login(user=form.get_user())
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        services.record_failed_login(username=str(form.data.get("username", "")))
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    """POST only; the page header holds the form with the button."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            services.record_logout(user=request.user)
        return super().post(request, *args, **kwargs)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    url_name = home_url_name(roles_of(request.user))
    if url_name is None:
        return render(request, "accounts/no_role.html", status=403)
    return redirect(url_name)
