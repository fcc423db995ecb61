from django.urls import URLPattern

app_name = "care_desk"

urlpatterns: list[URLPattern] = []
