"""The deliveries page (history, running uploads, the upload form) and one delivery's report."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import partners_of, require_role
from eropaf.core.errors import NotPermitted
from eropaf.intake import selectors, services
from eropaf.intake.forms import DeliveryUploadForm, too_large_message
from eropaf.intake.views.common import page_number


def upload_form(request: HttpRequest, *, bound: bool = False) -> DeliveryUploadForm:
    """The upload form for this user: the own partners and the periods they may name."""
    return DeliveryUploadForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        partners=partners_of(request.user),
        periods=selectors.upload_periods_for_user(user=request.user),
        max_bytes=settings.DELIVERY_FILE_MAX_BYTES,
    )


def render_delivery_list(
    request: HttpRequest, *, form: DeliveryUploadForm | None = None, upload_error: str = "", status: int = 200
) -> HttpResponse:
    deliveries = selectors.list_deliveries_for_user(user=request.user, page=page_number(request))
    return render(
        request,
        "intake/list.html",
        {
            "deliveries": deliveries,
            "form": form or upload_form(request),
            "upload_error": upload_error,
            "max_bytes": settings.DELIVERY_FILE_MAX_BYTES,
            "too_large": too_large_message(settings.DELIVERY_FILE_MAX_BYTES),
            # Where the partners' copy of the delivery format is published, when it is.
            "format_url": getattr(settings, "DELIVERY_FORMAT_URL", ""),
            "portal_section": "deliveries",
        },
        status=status,
    )


@require_GET
@require_role(Role.PARTNER_USER)
def delivery_list(request: HttpRequest) -> HttpResponse:
    return render_delivery_list(request)


@require_GET
@require_role(Role.PARTNER_USER)
def delivery_detail(request: HttpRequest, delivery_id: int) -> HttpResponse:
    try:
        report = services.view_delivery_report(
            user=request.user, delivery_id=delivery_id, rejected_page=page_number(request)
        )
    except NotPermitted as error:
        raise Http404(error.message) from error
    return render(
        request,
        "intake/detail.html",
        {"report": report, "delivery": report.delivery, "portal_section": "deliveries"},
    )
