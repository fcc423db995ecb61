from django.urls import URLPattern

app_name = "escalation"

urlpatterns: list[URLPattern] = []
