from django.contrib import admin
from django.http import HttpRequest

from eropaf.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the trail is only ever added to."""

    list_display = ["at", "actor_username", "action", "subject_type", "subject_id", "municipality_code"]
    list_filter = ["action", "subject_type", "municipality_code"]
    search_fields = ["actor_username", "subject_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
