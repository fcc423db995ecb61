"""``/rapportage/dashboard/``: the dashboard, the national indicators, "what works" and their files.

Included into ``reporting.urls`` without a namespace of its own, so the names are ``reporting:…``.
"""

from django.urls import URLPattern, URLResolver, path, re_path

from eropaf.reporting import dashboard_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", dashboard_views.dashboard_page, name="dashboard"),
    path("cijfers-bijwerken/", dashboard_views.refresh_figures, name="refresh-figures"),
    path("cijfers-stand/", dashboard_views.figures_status, name="figures-status"),
    path("indicatoren/", dashboard_views.indicators_page, name="indicators"),
    path("wat-werkt/", dashboard_views.what_works_page, name="what-works"),
    re_path(
        r"^tabel/(?P<key>[a-z0-9-]+)\.(?P<sheet_format>csv|xlsx)$",
        dashboard_views.table_download,
        name="dashboard-table",
    ),
    re_path(
        r"^zaken\.(?P<sheet_format>csv|xlsx)$", dashboard_views.case_queue_download, name="case-queue-export"
    ),
]
