from django.urls import URLPattern, path

from eropaf.care_desk import referral_views, views

app_name = "care_desk"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("verwijzingen/", views.inbox, name="inbox"),
    path("verwijzingen/<int:referral_id>/", views.detail, name="detail"),
    path("verwijzingen/<int:referral_id>/oppakken/", views.take_up, name="take-up"),
    path("verwijzingen/<int:referral_id>/afsluiten/", views.close, name="close"),
    path("voorstellen/", referral_views.proposals, name="proposals"),
    path("zaak/<int:case_id>/", referral_views.propose_for_case, name="propose-for-case"),
    path("zaak/<int:case_id>/voorstel-afwijzen/", referral_views.dismiss, name="dismiss"),
    path("zaak/<int:case_id>/doorverwijzen/", referral_views.refer_case, name="refer-case"),
    path("huurder-doorverwijzen/", referral_views.refer_tenant, name="refer-tenant"),
    path("verstuurd/", referral_views.sent, name="sent"),
]
