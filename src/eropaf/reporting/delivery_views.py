"""The partners' deliveries for team leads and policy officers: calendar and data quality, counts only."""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import REPORTING_ROLES
from eropaf.accounts.selectors import require_role
from eropaf.core.errors import NotPermitted
from eropaf.core.periods import format_period
from eropaf.intake.calendar import PeriodRange
from eropaf.intake.quality import PartnerQuality, period_range_from
from eropaf.organisations.models import Municipality
from eropaf.reporting.charts import Category, Series, StackedBarChart, stacked_bar_chart
from eropaf.reporting.deliveries import get_municipality_deliveries_for_user, get_partner_deliveries_for_user


def _query(municipality: Municipality, period_range: PeriodRange) -> str:
    """The choices of this page, carried to the next one."""
    return urlencode(
        {
            "gemeente": municipality.code,
            "van": format_period(period_range.first),
            "tot": format_period(period_range.last),
        }
    )


def _range_context(period_range: PeriodRange, error: str | None) -> dict[str, object]:
    return {
        "period_range": period_range,
        "range_error": error,
        "first_value": format_period(period_range.first),
        "last_value": format_period(period_range.last),
    }


def _categories(quality: PartnerQuality) -> list[Category]:
    return [
        Category(
            label=date_format(month.period, "M"),
            sublabel=str(month.period.year) if index == 0 or month.period.month == 1 else "",
        )
        for index, month in enumerate(quality.months)
        if month.period is not None
    ]


def rows_chart(quality: PartnerQuality) -> StackedBarChart:
    """Rows received per month, split by verdict."""
    months = quality.months
    return stacked_bar_chart(
        categories=_categories(quality),
        series=[
            Series("accepted", _("Accepted"), [month.delivery.accepted for month in months]),
            Series("rejected", _("Rejected"), [month.delivery.rejected for month in months]),
            Series("duplicate", _("Duplicate"), [month.delivery.duplicate for month in months]),
        ],
        height=240,
    )


def contact_chart(quality: PartnerQuality) -> StackedBarChart:
    """Signals per month by the contact details they hold."""
    signals = [month.signal for month in quality.months]
    return stacked_bar_chart(
        categories=_categories(quality),
        series=[
            Series(
                "contact-both",
                _("Phone and e-mail"),
                [s.signals - s.without_phone - s.without_email + s.without_contact for s in signals],
            ),
            Series("contact-phone", _("Phone only"), [s.without_email - s.without_contact for s in signals]),
            Series("contact-email", _("E-mail only"), [s.without_phone - s.without_contact for s in signals]),
            Series("contact-none", _("Neither"), [s.without_contact for s in signals]),
        ],
        height=240,
    )


@require_GET
@require_role(REPORTING_ROLES)
def deliveries(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period_range, range_error = period_range_from(
        first=request.GET.get("van"), last=request.GET.get("tot"), today=today
    )
    try:
        report = get_municipality_deliveries_for_user(
            user=request.user,
            municipality_code=request.GET.get("gemeente"),
            period_range=period_range,
            today=today,
        )
    except NotPermitted as error:
        raise Http404(error.message) from error
    return render(
        request,
        "reporting/deliveries.html",
        {
            "report": report,
            "query": _query(report.municipality, period_range),
            **_range_context(period_range, range_error),
        },
    )


@require_GET
@require_role(REPORTING_ROLES)
def partner_quality(request: HttpRequest, partner_id: int) -> HttpResponse:
    today = timezone.localdate()
    period_range, range_error = period_range_from(
        first=request.GET.get("van"), last=request.GET.get("tot"), today=today
    )
    try:
        report = get_partner_deliveries_for_user(
            user=request.user,
            partner_id=partner_id,
            municipality_code=request.GET.get("gemeente"),
            period_range=period_range,
            today=today,
        )
    except NotPermitted as error:
        raise Http404(error.message) from error
    return render(
        request,
        "reporting/partner_quality.html",
        {
            "report": report,
            "query": _query(report.municipality, period_range),
            "rows_chart": rows_chart(report.quality),
            "contact_chart": contact_chart(report.quality),
            **_range_context(period_range, range_error),
        },
    )
