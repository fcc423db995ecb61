"""Root URL configuration: Dutch paths for the UI, /api/v1/ for the API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("eropaf.accounts.urls")),
    path("zaken/", include("eropaf.cases.urls")),
    path("brieven/", include("eropaf.letters.urls")),
    path("terugkoppeling/", include("eropaf.cases.feedback_urls")),
    path("leveringen/", include("eropaf.intake.urls")),
    path("matching/", include("eropaf.matching.urls")),
    path("afwegingskader/", include("eropaf.triage.urls")),
    path("ontruimingspreventie/", include("eropaf.escalation.urls")),
    path("signalering-plus/", include("eropaf.signalering_plus.urls")),
    path("meldpunt/", include("eropaf.care_desk.urls")),
    path("regieteam/", include("eropaf.coordination.urls")),
    path("rapportage/", include("eropaf.reporting.urls")),
    path("ddas/v1/", include("eropaf.ddas.urls")),
    path("beheer/", include("eropaf.organisations.urls")),
    path("api/v1/", include("eropaf.config.api_urls")),
    path("django-admin/", admin.site.urls),
    path("gezondheid", include("eropaf.core.urls")),
]
