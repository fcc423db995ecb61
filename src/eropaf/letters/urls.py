from django.urls import URLPattern, URLResolver, path

from eropaf.letters import batch_views, views

app_name = "letters"
urlpatterns: list[URLPattern | URLResolver] = [
    path("zaak/<int:case_id>/maken/", views.make_letter, name="make"),
    path("<int:letter_id>.pdf", views.letter_pdf, name="pdf"),
    path("rondes/", batch_views.batches, name="batches"),
    path("rondes/voortgang/", batch_views.batch_progress, name="batch-progress"),
]
