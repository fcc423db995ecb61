"""``/api/v1/court-steps``: a landlord's or bailiff's system reports court steps and lists its own.

A landlord names the household by the reference of a signal it delivered; a bailiff (partner type
``bailiff``) by municipality code and address. Partner key only; a partner sees only its own steps.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from eropaf.accounts.authentication import partner_of
from eropaf.core.errors import ApplicationError
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation import services
from eropaf.escalation.court import CourtStepKind
from eropaf.escalation.models import CourtStep
from eropaf.intake.api.views import AUTH_PROBLEMS, PROBLEM, PartnerAPIView, _problem
from eropaf.intake.normalise import address_key, normalise_postcode

TAGS = ["partner"]


class CourtStepInputSerializer(serializers.Serializer[dict[str, Any]]):
    step = serializers.ChoiceField(choices=CourtStepKind.values, help_text="The step in the procedure.")
    date = serializers.DateField(
        help_text="The day of the step; for a hearing or an eviction date: the day it takes place."
    )
    reference = serializers.CharField(
        max_length=64, required=False, help_text="Landlords: the reference of a signal you delivered."
    )
    municipality_code = serializers.CharField(
        max_length=4, required=False, help_text="Bailiffs: the CBS code of the municipality."
    )
    postcode = serializers.CharField(max_length=7, required=False, help_text="Bailiffs: the postcode.")
    house_number = serializers.IntegerField(min_value=1, required=False, help_text="Bailiffs.")
    house_letter = serializers.CharField(max_length=1, required=False, allow_blank=True)
    house_number_addition = serializers.CharField(max_length=4, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind = CourtStepKind(attrs["step"])
        happened = kind not in (CourtStepKind.HEARING, CourtStepKind.EVICTION_DATE)
        if happened and attrs["date"] > timezone.localdate():
            raise serializers.ValidationError(
                {"date": _("This step has happened already: its date cannot lie in the future.")}
            )
        if attrs.get("postcode"):
            try:
                attrs["postcode"] = normalise_postcode(attrs["postcode"])
            except ValueError as error:
                raise serializers.ValidationError({"postcode": str(error)}) from error
        return attrs


class CourtStepOutputSerializer(serializers.Serializer[CourtStep]):
    id = serializers.IntegerField()
    step = serializers.CharField(source="kind")
    step_label = serializers.CharField(source="get_kind_display", help_text="The step in Dutch.")
    date = serializers.DateField(source="on")
    stage_after = serializers.CharField(help_text="Where the procedure stands after this step.")
    recorded_at = serializers.DateTimeField()


class CourtStepPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000


def _household(partner: Any, data: dict[str, Any]) -> tuple[Any, str]:
    if partner.partner_type == PartnerType.BAILIFF:
        missing = [name for name in ("municipality_code", "postcode", "house_number") if not data.get(name)]
        if missing:
            raise exceptions.ValidationError({name: [_("This field is required.")] for name in missing})
        key = address_key(
            postcode=data["postcode"],
            house_number=data["house_number"],
            house_letter=data.get("house_letter", ""),
            addition=data.get("house_number_addition", ""),
        )
        return services.household_at_address(
            partner=partner, municipality_code=data["municipality_code"], address_key=key
        )
    if not data.get("reference"):
        raise exceptions.ValidationError({"reference": [_("This field is required.")]})
    return services.household_of_partner_reference(partner=partner, reference=data["reference"])


class CourtStepView(PartnerAPIView, GenericAPIView[Any]):
    parser_classes = [JSONParser]
    pagination_class = CourtStepPagination

    @extend_schema(
        operation_id="court_steps_list",
        summary="Court steps you reported",
        tags=TAGS,
        responses={200: CourtStepOutputSerializer(many=True), **AUTH_PROBLEMS},
    )
    def get(self, request: Request) -> Response:
        steps = CourtStep.objects.filter(partner=partner_of(request)).order_by("recorded_at", "id")
        page = self.paginate_queryset(steps) or []
        body = serializers.ListSerializer(page, child=CourtStepOutputSerializer()).data
        return self.get_paginated_response(body)

    @extend_schema(
        operation_id="court_steps_create",
        summary="Report a court step",
        description=(
            "Report a step of an eviction procedure: summons, hearing, judgment, eviction notice, "
            "eviction date, suspended, cancelled or executed. A step that does not fit the procedure's "
            "stage (a judgment before any summons, say) is refused with 409 and a Dutch explanation."
        ),
        tags=TAGS,
        request=CourtStepInputSerializer,
        responses={
            201: CourtStepOutputSerializer,
            (400, PROBLEM): _problem("A field is missing or wrong."),
            **AUTH_PROBLEMS,
            (404, PROBLEM): _problem("No household of yours with this reference or address."),
            (409, PROBLEM): _problem("The step does not fit the procedure's stage."),
        },
        examples=[
            OpenApiExample(
                "Summons by a landlord",
                value={"step": "summons", "date": "2026-11-02", "reference": "HUUR-2026-00123"},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        form = CourtStepInputSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        partner = partner_of(request)
        try:
            municipality, key = _household(partner, data)
        except ApplicationError as error:
            raise exceptions.NotFound(error.message) from error
        try:
            step = services.report_court_step(
                partner=partner,
                municipality=municipality,
                address_key=key,
                kind=CourtStepKind(data["step"]),
                on=data["date"],
                actor_label=request.user.get_username(),
                note=data.get("note", ""),
            )
        except ApplicationError as error:
            raise Conflict(error.message) from error
        return Response(CourtStepOutputSerializer(step).data, status=status.HTTP_201_CREATED)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
