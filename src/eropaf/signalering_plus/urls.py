from django.urls import URLPattern, path

from eropaf.signalering_plus import views

app_name = "signalering_plus"

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("overleggen/", views.consultation_create, name="consultation-create"),
    path("overleggen/<int:consultation_id>/", views.consultation, name="consultation"),
    path(
        "overleggen/<int:consultation_id>/agenda-aanvullen/",
        views.consultation_refresh,
        name="consultation-refresh",
    ),
    path("agendapunten/<int:item_id>/besluit/", views.decide, name="decide"),
    path("huishoudens/<int:admission_id>/", views.admission, name="admission"),
    path("huishoudens/<int:admission_id>/acties/", views.action_create, name="action-create"),
    path("acties/", views.actions, name="actions"),
    path("acties/<int:action_id>/gedaan/", views.action_done, name="action-done"),
]
