from django.urls import URLPattern, URLResolver, path

from eropaf.letters import views

app_name = "letters"
urlpatterns: list[URLPattern | URLResolver] = [
    path("zaak/<int:case_id>/maken/", views.make_letter, name="make"),
    path("<int:letter_id>.pdf", views.letter_pdf, name="pdf"),
]
