"""Internal API for case workers: a case's classes and why, and its household facts.

Session authentication; the same fetch-and-authorise service as the case page, so reading a case
here is recorded in the audit trail too. Names and BSNs are not part of this answer.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from eropaf.accounts.roles import CASE_ROLES
from eropaf.accounts.selectors import roles_of
from eropaf.cases.selectors import CaseDetail, SignalDetail
from eropaf.cases.services import view_case
from eropaf.core.errors import NotPermitted


class HasCaseRole(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:  # noqa: ARG002 — DRF signature
        return bool(roles_of(request.user) & CASE_ROLES)


class CaseSignalOutputSerializer(serializers.Serializer[SignalDetail]):
    id = serializers.IntegerField(source="signal.pk")
    partner = serializers.CharField(source="partner_name")
    signal_type = serializers.CharField(source="signal.signal_type")
    amount_cents = serializers.IntegerField(source="signal.amount_cents")
    status = serializers.CharField(source="signal.status")
    classes = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())


class CaseClassesOutputSerializer(serializers.Serializer[CaseDetail]):
    id = serializers.IntegerField(source="case.pk")
    period = serializers.DateField(source="case.period")
    state = serializers.CharField(source="case.state")
    matching_decision = serializers.CharField(source="case.matching_decision")
    total_amount_cents = serializers.IntegerField(source="case.total_amount_cents")
    is_multiple = serializers.BooleanField(source="case.is_multiple")
    is_consecutive = serializers.BooleanField(source="case.is_consecutive")
    is_persistent = serializers.BooleanField(source="case.is_persistent")
    is_rising = serializers.BooleanField(source="case.is_rising")
    is_repeat = serializers.BooleanField(source="case.is_repeat")
    is_end_of_supply_first = serializers.BooleanField(source="case.is_end_of_supply_first")
    is_crisis = serializers.BooleanField(source="case.is_crisis")
    is_withdrawn = serializers.BooleanField(source="case.is_withdrawn")
    classes = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why, in Dutch.")
    classification_reasons = serializers.JSONField(
        source="case.classification_reasons", help_text="The same reasons as data."
    )
    person_age = serializers.IntegerField(source="case.person_age", allow_null=True)
    adult_count = serializers.IntegerField(source="case.adult_count", allow_null=True)
    has_minors = serializers.BooleanField(source="case.has_minors")
    known_to_debt_services = serializers.BooleanField(source="case.known_to_debt_services")
    signals = CaseSignalOutputSerializer(many=True)


class CaseClassesView(APIView):
    permission_classes = [IsAuthenticated, HasCaseRole]

    @extend_schema(
        operation_id="cases_classes_retrieve",
        summary="A case's classes and why",
        description="The classes matching gave the case and each of its signals, with the reasons.",
        tags=["cases"],
        parameters=[OpenApiParameter("case_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: CaseClassesOutputSerializer},
    )
    def get(self, request: Request, case_id: str) -> Response:
        try:
            detail = view_case(user=request.user, case_id=int(case_id) if case_id.isdigit() else 0)
        except NotPermitted as error:
            raise exceptions.NotFound(error.message) from error
        return Response(CaseClassesOutputSerializer(detail).data)
