from django.urls import URLPattern, URLResolver, path

from eropaf.matching import views

app_name = "matching"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.runs, name="runs"),
    path("opnieuw-afwegen/", views.retriage, name="retriage"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/voortgang/", views.run_progress, name="run-progress"),
    path("controle/", views.review_queue, name="reviews"),
    path("controle/<int:review_id>/", views.review_detail, name="review"),
    path("controle/<int:review_id>/bevestigen/", views.review_confirm, name="review-confirm"),
    path("controle/<int:review_id>/afwijzen/", views.review_reject, name="review-reject"),
    path("doorsturen/", views.forwarding, name="forwarding"),
    path("instellingen/", views.windows, name="windows"),
]
