from django.urls import URLPattern, URLResolver, path

from eropaf.reporting import views

app_name = "reporting"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
]
