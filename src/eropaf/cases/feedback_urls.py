from django.urls import URLPattern, URLResolver, path

from eropaf.cases import feedback_views

app_name = "feedback"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", feedback_views.feedback_list, name="list"),
]
