"""The API at /api/v1/: the OpenAPI document and the endpoints of each app.

Two routers: partner endpoints (a partner API key, never a session) and internal endpoints (the
logged-in session). Each view sets which authentication it accepts; the lists only keep them apart.
"""

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView

from eropaf.accounts.api import CurrentUserView
from eropaf.cases.api import CaseClassesView
from eropaf.cases.feedback_api import FeedbackView
from eropaf.escalation.api import CourtStepView
from eropaf.intake.api.views import DeliveryCollectionView, DeliveryDetailView, WithdrawalView

partner_patterns: list[URLPattern | URLResolver] = [
    path("deliveries", DeliveryCollectionView.as_view(), name="delivery-list"),
    # Any text, not <int:>, so that a malformed id gets the same 404 problem as a missing one.
    path("deliveries/<str:delivery_id>", DeliveryDetailView.as_view(), name="delivery-detail"),
    path("withdrawals", WithdrawalView.as_view(), name="withdrawal-create"),
    path("feedback", FeedbackView.as_view(), name="feedback-list"),
    path("court-steps", CourtStepView.as_view(), name="court-steps"),
]

internal_patterns: list[URLPattern | URLResolver] = [
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("me", CurrentUserView.as_view(), name="me"),
    path("cases/<str:case_id>/classes", CaseClassesView.as_view(), name="case-classes"),
]

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [*partner_patterns, *internal_patterns]
