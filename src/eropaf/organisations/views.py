"""The functional administrator's home: the set-up of their municipality."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from eropaf.organisations.selectors import get_administration_overview


@require_GET
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request, "organisations/overview.html", {"overview": get_administration_overview(user=request.user)}
    )
