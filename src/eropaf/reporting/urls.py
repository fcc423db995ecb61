from django.urls import URLPattern, URLResolver, include, path

from eropaf.reporting import delivery_views, views, workload_views

app_name = "reporting"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
    path("werkvoorraad/", workload_views.workload, name="workload"),
    path("leveringen/", delivery_views.deliveries, name="deliveries"),
    path("leveringen/<int:partner_id>/", delivery_views.partner_quality, name="partner-quality"),
    path("dashboard/", include("eropaf.reporting.dashboard_urls")),
]
