"""The partner user's page on its own deliveries: timeliness per municipality and data quality."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role
from eropaf.core.periods import format_period
from eropaf.intake.quality import get_own_deliveries_for_user, period_range_from


@require_GET
@require_role(Role.PARTNER_USER)
def quality(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period_range, range_error = period_range_from(
        first=request.GET.get("van"), last=request.GET.get("tot"), today=today
    )
    reports = get_own_deliveries_for_user(user=request.user, period_range=period_range, today=today)
    return render(
        request,
        "intake_quality/quality.html",
        {
            "reports": reports,
            "period_range": period_range,
            "range_error": range_error,
            "first_value": format_period(period_range.first),
            "last_value": format_period(period_range.last),
        },
    )
