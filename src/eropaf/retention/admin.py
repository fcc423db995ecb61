from django.contrib import admin
from django.http import HttpRequest

from eropaf.retention.models import PurgeRun, RetentionTerms


@admin.register(RetentionTerms)
class RetentionTermsAdmin(admin.ModelAdmin[RetentionTerms]):
    list_display = [
        "municipality",
        "unmatched_months",
        "not_picked_up_months",
        "picked_up_months",
        "closed_months",
    ]


@admin.register(PurgeRun)
class PurgeRunAdmin(admin.ModelAdmin[PurgeRun]):
    """Read-only: the log of what each purge deleted, in counts."""

    list_display = ["started_at", "municipality", "today", "dry_run", "started_by", "seconds"]
    list_filter = ["dry_run", "municipality"]
    readonly_fields = [
        "municipality",
        "today",
        "dry_run",
        "started_at",
        "seconds",
        "started_by",
        "terms",
        "counts",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: PurgeRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PurgeRun | None = None) -> bool:
        return False
