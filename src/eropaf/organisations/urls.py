from django.urls import URLPattern, URLResolver, path

from eropaf.organisations import views

app_name = "organisations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.overview, name="overview"),
]
