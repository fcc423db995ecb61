"""The API at /api/v1/: the OpenAPI document, its browsable documentation and the routers."""

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
]
