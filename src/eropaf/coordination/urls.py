from django.urls import URLPattern, path

from eropaf.coordination import portal_views, views

app_name = "coordination"

urlpatterns: list[URLPattern] = [
    path("", views.overview, name="overview"),
    path("overleggen/nieuw/", views.create_meeting, name="meeting-create"),
    path("overleggen/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("overleggen/<int:meeting_id>/agenda/", views.agenda, name="agenda"),
    path("overleggen/<int:meeting_id>/agenda/toevoegen/", views.add_to_agenda, name="agenda-add"),
    path("agendapunten/<int:item_id>/besluit/", views.decide, name="decide"),
    path("casussen/<int:form_id>/", views.case_form_detail, name="case-form"),
    path("zaken/<int:case_id>/casusformulier/", portal_views.file_for_case, name="file-for-case"),
    path("verhuurder/", portal_views.landlord_list, name="landlord-list"),
    path("verhuurder/nieuw/", portal_views.landlord_file, name="landlord-file"),
    path("verhuurder/<int:form_id>/", portal_views.landlord_form, name="landlord-form"),
]
