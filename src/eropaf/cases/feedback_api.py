"""``GET /api/v1/feedback``: the permitted feedback on the partner's own signals (partner key only)."""

import datetime as dt
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request
from rest_framework.response import Response

from eropaf.accounts.authentication import partner_of
from eropaf.cases.feedback import Feedback
from eropaf.cases.feedback_selectors import FeedbackRow, feedback_rows, feedback_values
from eropaf.intake.api.views import AUTH_PROBLEMS, PartnerAPIView


class FeedbackPagination(LimitOffsetPagination):
    default_limit = 500
    max_limit = 5000


class FeedbackOutputSerializer(serializers.Serializer[FeedbackRow]):
    signal_id = serializers.IntegerField(help_text="Our id of the signal (as in the delivery report).")
    reference = serializers.CharField(help_text="The partner's own reference of the signal.")
    period = serializers.SerializerMethodField(help_text="The month the signal was delivered for (YYYY-MM).")
    status = serializers.ChoiceField(choices=[feedback.value for feedback in Feedback], source="feedback")
    status_label = serializers.SerializerMethodField(help_text="The status in Dutch.")
    pause_collection_from = serializers.DateField(
        allow_null=True,
        help_text="Only with help accepted: please pause collection from this day.",
    )
    changed_at = serializers.DateTimeField(help_text="When the feedback last changed (or may have).")

    def get_period(self, row: FeedbackRow) -> str:
        return row.period.strftime("%Y-%m")

    def get_status_label(self, row: FeedbackRow) -> str:
        return row.feedback.label


def _since(request: Request) -> dt.datetime | None:
    text = request.query_params.get("since")
    if not text:
        return None
    try:
        moment = parse_datetime(text)
        # In UTC: PostgreSQL refuses offsets beyond ±15:59, which Python accepts.
        utc = None if moment is None or moment.tzinfo is None else moment.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        utc = None
    if utc is None:
        raise exceptions.ValidationError(
            {"since": _("Give a moment with a time zone, e.g. 2026-11-01T00:00:00+01:00.")}
        )
    return utc


class FeedbackView(PartnerAPIView, GenericAPIView[Any]):
    pagination_class = FeedbackPagination

    @extend_schema(
        operation_id="feedback_list",
        summary="Feedback on the own signals",
        description=(
            "Per signal of the key's partner that the municipality took into a case: the permitted "
            "feedback (BRIEF §4) — in handling, help accepted (with the day from which to pause "
            "collection), no help wanted, not reached, not picked up (repeat, unjustified or other "
            "reason), deceased, not a resident, known to debt services, or withdrawn. Nothing else about "
            "the resident. Oldest change first; pass the last `changed_at` as `since` to fetch what "
            "changed after it."
        ),
        tags=["partner"],
        parameters=[
            OpenApiParameter(
                "since", OpenApiTypes.DATETIME, description="Only what changed from this moment on."
            ),
        ],
        responses={200: FeedbackOutputSerializer(many=True), **AUTH_PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        values = feedback_values(partner=partner_of(request), since=_since(request))
        page = self.paginate_queryset(values) or []
        body = serializers.ListSerializer(feedback_rows(page), child=FeedbackOutputSerializer()).data
        return self.get_paginated_response(body)
