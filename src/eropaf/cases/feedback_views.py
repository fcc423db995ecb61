"""The partner portal's feedback page: the permitted feedback on the partner's own signals."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import partners_of, require_role
from eropaf.cases.feedback_selectors import feedback_rows, feedback_values
from eropaf.intake.views.common import page_number

ROWS_PER_PAGE = 50


@require_GET
@require_role(Role.PARTNER_USER)
def feedback_list(request: HttpRequest) -> HttpResponse:
    partners = list(partners_of(request.user).order_by("name"))
    chosen = next(
        (p for p in partners if str(p.pk) == request.GET.get("partner")), partners[0] if partners else None
    )
    page = None
    rows = []
    if chosen is not None:
        # Newest changes first on the page; the API gives oldest first for paging on.
        values = feedback_values(partner=chosen).reverse()
        page = Paginator(values, ROWS_PER_PAGE).get_page(page_number(request))
        rows = feedback_rows(page.object_list)
    return render(
        request,
        "cases/feedback.html",
        {
            "partners": partners,
            "partner": chosen,
            "page": page,
            "rows": rows,
            "query": f"partner={chosen.pk}" if chosen is not None and len(partners) > 1 else "",
            "portal_section": "feedback",
        },
    )
