from django.urls import URLPattern

app_name = "ddas"

urlpatterns: list[URLPattern] = []
