"""The partner user's pages: the own organisation's deliveries and the report of one delivery."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role
from eropaf.core.errors import NotPermitted
from eropaf.intake import selectors


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("pagina", "")
    return int(text) if text.isdigit() and int(text) > 0 else 1


@require_GET
@require_role(Role.PARTNER_USER)
def delivery_list(request: HttpRequest) -> HttpResponse:
    deliveries = selectors.list_deliveries_for_user(user=request.user, page=_page_number(request))
    return render(request, "intake/list.html", {"deliveries": deliveries})


@require_GET
@require_role(Role.PARTNER_USER)
def delivery_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    try:
        report = selectors.get_delivery_for_user(user=request.user, delivery_id=delivery_id)
    except NotPermitted as error:
        raise Http404(error.message) from error
    return render(request, "intake/detail.html", {"report": report, "delivery": report.delivery})
