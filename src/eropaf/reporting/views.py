"""The reporting overview for team leads and policy officers: figures only, no personal data."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import REPORTING_ROLES
from eropaf.accounts.selectors import require_role
from eropaf.reporting.charts import Category, Series, StackedBarChart, stacked_bar_chart
from eropaf.reporting.figures import ensure_figures
from eropaf.reporting.routes import route_figures
from eropaf.reporting.selectors import MunicipalityReport, get_report_for_user


def _categories(report: MunicipalityReport) -> list[Category]:
    return [
        Category(
            label=date_format(month.period, "M"),
            sublabel=str(month.period.year) if index == 0 or month.period.month == 1 else "",
        )
        for index, month in enumerate(report.months)
    ]


def _signals_chart(report: MunicipalityReport) -> StackedBarChart:
    return stacked_bar_chart(
        categories=_categories(report),
        series=[
            Series(
                key=partner_type.value,
                label=str(partner_type.label),
                values=[month.signals_by_type[index] for month in report.months],
            )
            for index, partner_type in enumerate(report.partner_types)
        ],
    )


def _cases_chart(report: MunicipalityReport) -> StackedBarChart:
    return stacked_bar_chart(
        categories=_categories(report),
        series=[
            Series(key="single", label=_("Single"), values=[m.cases - m.multiple for m in report.months]),
            Series(key="multiple", label=_("Multiple"), values=[m.multiple for m in report.months]),
        ],
    )


@require_GET
@require_role(REPORTING_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    report = get_report_for_user(user=request.user)
    ensure_figures(municipality=report.municipality, now=timezone.now())
    routes = route_figures(
        municipality_id=report.municipality.pk, start=report.first_period, end=timezone.localdate()
    )
    return render(
        request,
        "reporting/overview.html",
        {
            "report": report,
            "signals_chart": _signals_chart(report),
            "cases_chart": _cases_chart(report),
            "routes": routes,
        },
    )
