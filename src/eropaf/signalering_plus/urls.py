from django.urls import URLPattern

app_name = "signalering_plus"

urlpatterns: list[URLPattern] = []
