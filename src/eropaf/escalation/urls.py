from django.urls import URLPattern, path

from eropaf.escalation import actions, partner_views, views

app_name = "escalation"

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("huishoudens/<int:track_id>/", views.track_detail, name="track"),
    path("huishoudens/<int:track_id>/stap/", actions.record_step, name="record-step"),
    path("huishoudens/<int:track_id>/bescherming/", actions.record_protection, name="protection"),
    path("huishoudens/<int:track_id>/woonoplossing/", actions.record_housing, name="housing"),
    path("huishoudens/<int:track_id>/moratorium/", actions.request_moratorium, name="moratorium"),
    path(
        "huishoudens/<int:track_id>/moratorium/<int:moratorium_id>/besluit/",
        actions.decide_moratorium,
        name="moratorium-decision",
    ),
    path("huishoudens/<int:track_id>/taken/", actions.add_task, name="task-add"),
    path("huishoudens/<int:track_id>/taken/standaard/", actions.add_standard_tasks, name="tasks-standard"),
    path("huishoudens/<int:track_id>/taken/<int:task_id>/klaar/", actions.complete_task, name="task-done"),
    path("zaken/<int:case_id>/volgen/", actions.follow_case, name="follow-case"),
    path("melden/", partner_views.report, name="report"),
]
