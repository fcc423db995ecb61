"""The API at /api/v1/: the OpenAPI document and the endpoints of each app."""

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView

from eropaf.accounts.api import CurrentUserView

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("me", CurrentUserView.as_view(), name="me"),
]
