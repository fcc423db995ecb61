from django.urls import URLPattern, URLResolver, path

from eropaf.cases import casework_views, message_views, views

app_name = "cases"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.case_list, name="list"),
    path("toewijzen/", casework_views.assign, name="assign"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/contactpoging/", casework_views.record_attempt, name="record-attempt"),
    path("<int:case_id>/afsluiten/", casework_views.close_case, name="close"),
    path("<int:case_id>/bericht/", message_views.send, name="send-message"),
    path("<int:case_id>/geen-berichten/", message_views.opt_out, name="opt-out"),
]
