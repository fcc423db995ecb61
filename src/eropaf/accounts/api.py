"""Internal API: who am I and what may I do."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from eropaf.accounts.models import RoleAssignment


class RoleAssignmentOutputSerializer(serializers.Serializer[RoleAssignment]):
    role = serializers.CharField()
    role_label = serializers.CharField(source="get_role_display")
    municipality_code = serializers.CharField(source="municipality.code", allow_null=True, default=None)
    team = serializers.CharField(source="team.name", allow_null=True, default=None)
    partner_code = serializers.CharField(source="partner.code", allow_null=True, default=None)


class CurrentUserOutputSerializer(serializers.Serializer[object]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    roles = RoleAssignmentOutputSerializer(many=True)


class CurrentUserView(APIView):
    @extend_schema(operation_id="me_retrieve", responses=CurrentUserOutputSerializer, tags=["accounts"])
    def get(self, request: Request) -> Response:
        assignments = RoleAssignment.objects.filter(
            user__username=request.user.get_username()
        ).select_related("municipality", "team", "partner")
        payload = {
            "username": request.user.get_username(),
            "full_name": getattr(request.user, "get_full_name", lambda: "")(),
            "roles": assignments,
        }
        return Response(CurrentUserOutputSerializer(payload).data)
