from django.urls import URLPattern, path

from eropaf.ddas import views

app_name = "ddas"

urlpatterns: list[URLPattern] = [
    path("token", views.token, name="token"),
    path("gegevens", views.data, name="gegevens"),
]
