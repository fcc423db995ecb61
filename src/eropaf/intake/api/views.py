"""Partner endpoints: /api/v1/deliveries and /api/v1/withdrawals."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from eropaf.accounts.authentication import IsPartnerClient, PartnerTokenAuthentication, partner_of
from eropaf.core.errors import ApplicationError
from eropaf.core.periods import parse_period
from eropaf.core.problems import ProblemDetailsSerializer
from eropaf.core.uploads import announced_length
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.api import examples
from eropaf.intake.api.serializers import (
    DeliveryFileInputSerializer,
    DeliveryJsonInputSerializer,
    DeliveryReportOutputSerializer,
    DeliverySummaryOutputSerializer,
    WithdrawalInputSerializer,
    WithdrawalOutputSerializer,
)
from eropaf.intake.api.throttling import PartnerDeliveryThrottle, PartnerTokenThrottle
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.reading import DeliveryRefused
from eropaf.intake.reports import DeliveryReport
from eropaf.intake.selectors import deliveries_of_partner
from eropaf.intake.services import view_delivery_report_of_partner, withdraw_signals

TAGS = ["partner"]
PROBLEM = "application/problem+json"


def _problem(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ProblemDetailsSerializer, description=description)


AUTH_PROBLEMS: dict[Any, Any] = {
    (401, PROBLEM): _problem("No API key, or a wrong, revoked or expired one."),
    (429, PROBLEM): _problem("Too many requests with this key; Retry-After says when to try again."),
}


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class PartnerAPIView(APIView):
    """Partner systems only: a partner API key, never a session; rate-limited per key."""

    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [IsPartnerClient]
    throttle_classes = [PartnerTokenThrottle]


class DeliveryPagination(LimitOffsetPagination):
    default_limit = 25
    max_limit = 100


def _too_large(limit: int) -> RequestTooLarge:
    return RequestTooLarge(
        _("A delivery may be at most %(megabytes)s MB; split it into smaller deliveries.")
        % {"megabytes": limit // (1024 * 1024)}
    )


def _media_type(request: Request) -> str:
    return (request.content_type or "").split(";", 1)[0].strip().lower()


def _request_data(request: Request) -> Any:
    try:
        return request.data
    except exceptions.ParseError as error:
        raise exceptions.ParseError(
            _("The request body could not be read: it is not valid JSON or multipart/form-data.")
        ) from error


def _period_of_form(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return parse_period(text)
    except ValueError as error:
        # Worded as the JSON channel's refusal of a bad "periode", so both channels say the same.
        raise ApplicationError(
            _('"periode" "%(value)s" is not a month in the form YYYY-MM') % {"value": text[:20]}
        ) from error


def _file_source(request: Request) -> tuple[DeliverySource, dt.date | None]:
    form = DeliveryFileInputSerializer(data=_request_data(request))
    form.is_valid(raise_exception=True)
    upload: UploadedFile[bytes] = form.validated_data["file"]
    if (upload.size or 0) > settings.DELIVERY_FILE_MAX_BYTES:
        raise _too_large(settings.DELIVERY_FILE_MAX_BYTES)
    period = _period_of_form(form.validated_data.get("periode"))
    return DeliverySource.from_file(upload.read(), upload.name or ""), period


def _json_source(request: Request) -> DeliverySource:
    # A JSON body is parsed in memory as a whole, so it has the smaller limit of such bodies.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and announced_length(request.META) > limit:
        raise _too_large(limit)
    payload = _request_data(request)
    if not isinstance(payload, dict):
        raise exceptions.ParseError(_('The JSON body must be an object: {"signalen": [...]}.'))
    return DeliverySource.from_json(payload)


def _report_response(request: Request, report: DeliveryReport, *, created: bool = False) -> Response:
    body = DeliveryReportOutputSerializer(report, context={"request": request}).data
    if created:
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": body["url"]})
    return Response(body)


class DeliveryCollectionView(PartnerAPIView, GenericAPIView[Any]):
    parser_classes = [JSONParser, MultiPartParser]
    pagination_class = DeliveryPagination
    throttle_classes = [PartnerTokenThrottle, PartnerDeliveryThrottle]

    @extend_schema(
        operation_id="deliveries_list",
        summary="List the own deliveries",
        description="The deliveries of the key's partner, from every channel, newest first.",
        tags=TAGS,
        responses={200: DeliverySummaryOutputSerializer(many=True), **AUTH_PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        deliveries = deliveries_of_partner(partner=partner_of(request))
        page = self.paginate_queryset(deliveries) or []
        body = serializers.ListSerializer(
            page, child=DeliverySummaryOutputSerializer(), context={"request": request}
        ).data
        return self.get_paginated_response(body)

    @extend_schema(
        operation_id="deliveries_create",
        summary="Hand in a delivery",
        description=(
            "Hand in signals as a file (multipart/form-data, field `file`: CSV or XLSX) or as JSON "
            '(`{"signalen": [...], "periode": "YYYY-MM"}`), in the signal delivery format, version 1. '
            "Every row gets one verdict (accepted, rejected with a message, or duplicate); the answer "
            "is the delivery's report. Handing in the same content again stores nothing and answers "
            "200 with the earlier report (`already_delivered`). A delivery that cannot be read at all "
            "is refused as a whole (422) and nothing is stored."
        ),
        tags=TAGS,
        request={
            "application/json": DeliveryJsonInputSerializer,
            "multipart/form-data": DeliveryFileInputSerializer,
        },
        responses={
            201: OpenApiResponse(DeliveryReportOutputSerializer, description="The delivery was processed."),
            200: OpenApiResponse(
                DeliveryReportOutputSerializer,
                description="This content was delivered before; the earlier delivery's report.",
            ),
            (400, PROBLEM): _problem("The body is no JSON object, or the form lacks the file."),
            **AUTH_PROBLEMS,
            (413, PROBLEM): _problem("The body is larger than the delivery limit."),
            (415, PROBLEM): _problem("Neither application/json nor multipart/form-data."),
            (422, PROBLEM): _problem(
                "The delivery was refused as a whole (unreadable, no header, a required field "
                "missing altogether, a period that may not be named); nothing was stored."
            ),
        },
        examples=[
            examples.JSON_DELIVERY,
            examples.REPORT,
            examples.REFUSED,
        ],
    )
    def post(self, request: Request) -> Response:
        # Before a byte of the body is read: the announced size decides.
        if announced_length(request.META) > settings.DELIVERY_FILE_MAX_BYTES:
            raise _too_large(settings.DELIVERY_FILE_MAX_BYTES)
        partner = partner_of(request)
        media_type = _media_type(request)
        if media_type == "multipart/form-data":
            source, period = _file_source(request)
        elif media_type == "application/json":
            source, period = _json_source(request), None
        else:
            raise exceptions.UnsupportedMediaType(media_type or "-")
        try:
            report = import_delivery(
                partner=partner, source=source, channel=DeliveryChannel.API, period=period
            )
        except DeliveryRefused as refusal:
            raise ApplicationError(refusal.message) from refusal
        return _report_response(request, report, created=not report.already_delivered)


class DeliveryDetailView(PartnerAPIView):
    @extend_schema(
        operation_id="deliveries_retrieve",
        summary="Read a delivery's report",
        description="The report of one of the key's partner's deliveries, from any channel.",
        tags=TAGS,
        parameters=[OpenApiParameter("delivery_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={
            200: DeliveryReportOutputSerializer,
            **AUTH_PROBLEMS,
            (404, PROBLEM): _problem("No such delivery of the key's partner."),
        },
        examples=[examples.REPORT],
    )
    def get(self, request: Request, delivery_id: str) -> Response:
        report = view_delivery_report_of_partner(
            partner=partner_of(request), key_label=request.user.get_username(), delivery_id=delivery_id
        )
        return _report_response(request, report)


class WithdrawalView(PartnerAPIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="withdrawals_create",
        summary="Withdraw signals",
        description=(
            "The arrear with this reference was paid or settled: its open signals leave outreach. "
            "They are kept, with their history."
        ),
        tags=TAGS,
        request=WithdrawalInputSerializer,
        responses={
            200: WithdrawalOutputSerializer,
            (400, PROBLEM): _problem("A field is missing or too long."),
            **AUTH_PROBLEMS,
            (404, PROBLEM): _problem("No open signal with this reference (unknown or withdrawn before)."),
        },
        examples=examples.WITHDRAWAL,
    )
    def post(self, request: Request) -> Response:
        form = WithdrawalInputSerializer(data=_request_data(request))
        form.is_valid(raise_exception=True)
        reference: str = form.validated_data["referentie"]
        withdrawn = withdraw_signals(
            partner=partner_of(request),
            reference=reference,
            reason=form.validated_data["reden"],
            withdrawn_by=None,
        )
        if not withdrawn:
            raise exceptions.NotFound(
                _(
                    'There is no open signal with reference "%(reference)s": the reference is unknown '
                    "or its signals were withdrawn before."
                )
                % {"reference": reference[:64]}
            )
        return Response(WithdrawalOutputSerializer({"referentie": reference, "withdrawn": withdrawn}).data)
