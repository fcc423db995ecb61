from django.urls import URLPattern, URLResolver, path

from eropaf.intake import views

app_name = "intake"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.delivery_list, name="list"),
    path("<int:delivery_id>/", views.delivery_detail, name="detail"),
]
