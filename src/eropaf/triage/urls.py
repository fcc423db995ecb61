from django.urls import URLPattern, URLResolver, path

from eropaf.triage import simulation_views, views

app_name = "triage"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.versions, name="versions"),
    path("nieuw/", views.new_draft, name="new"),
    path("proberen/", views.try_policy, name="try"),
    path("<int:version_id>/", views.version_detail, name="version"),
    path("<int:version_id>/yaml", views.export, name="export"),
    path("<int:version_id>/activeren", views.activate, name="activate"),
    path("<int:version_id>/simulatie", simulation_views.simulate, name="simulate"),
]
